/**
 * The process logger (pino, as fastify uses). Secrets are redacted by path; values of secret
 * config keys are never logged because the config is only ever logged through `describeConfig`.
 * JSON lines for log collectors (App Service, containers); readable lines on a terminal.
 */
import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { Config } from '../core/config/config.js';
import { LOG_REDACT_PATHS } from './app.js';

/** Query parameters that carry a credential (signed photo links, OAuth codes): never logged. */
const SECRET_QUERY_PARAMS = /([?&](?:sig|signature|token|code|api_key|key)=)[^&#]*/gi;

/** A URL as it may be logged: credentials in its query replaced by `[redacted]`. */
export function redactUrl(url: string | undefined): string | undefined {
  return url?.replace(SECRET_QUERY_PARAMS, '$1[redacted]');
}

interface LoggedRequest {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
  headers?: Record<string, unknown>;
  socket?: { remotePort?: number };
}

/** Fastify's request serializer, with the URL's credentials redacted (a signed link stays valid for days). */
function requestSerializer(req: LoggedRequest): Record<string, unknown> {
  return {
    method: req.method,
    url: redactUrl(req.url),
    version: req.headers?.['accept-version'],
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}

/** Creates the logger for a process. */
export function createLogger(
  level: Config['logLevel'],
  destination?: NodeJS.WritableStream,
  format: Config['logFormat'] = 'json',
): Logger {
  const out = destination ?? process.stdout;
  const readable = format === 'pretty' || (format === 'auto' && (out as NodeJS.WriteStream).isTTY === true);
  const options = { level, redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' }, serializers: { req: requestSerializer } };
  if (!readable) return pino(options, out);
  // Synchronous pretty stream: no worker thread, nothing lost on exit.
  return pino(options, pretty({ destination: out, sync: true, colorize: (out as NodeJS.WriteStream).isTTY === true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' }));
}
