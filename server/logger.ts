/**
 * The process logger (pino, as fastify uses). Secrets are redacted by path; values of secret
 * config keys are never logged because the config is only ever logged through `describeConfig`.
 * JSON lines for log collectors (App Service, containers); readable lines on a terminal.
 */
import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { Config } from '../core/config/config.js';
import { LOG_REDACT_PATHS } from './app.js';

/** Creates the logger for a process. */
export function createLogger(
  level: Config['logLevel'],
  destination?: NodeJS.WritableStream,
  format: Config['logFormat'] = 'json',
): Logger {
  const out = destination ?? process.stdout;
  const readable = format === 'pretty' || (format === 'auto' && (out as NodeJS.WriteStream).isTTY === true);
  const options = { level, redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' } };
  if (!readable) return pino(options, out);
  // Synchronous pretty stream: no worker thread, nothing lost on exit.
  return pino(options, pretty({ destination: out, sync: true, colorize: (out as NodeJS.WriteStream).isTTY === true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' }));
}
