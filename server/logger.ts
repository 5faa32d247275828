/**
 * The process logger (pino, as fastify uses). Secrets are redacted by path; values of secret
 * config keys are never logged because the config is only ever logged through `describeConfig`.
 */
import { pino, type Logger } from 'pino';
import type { Config } from '../core/config/config.js';
import { LOG_REDACT_PATHS } from './app.js';

/** Creates the logger for a process. */
export function createLogger(level: Config['logLevel'], destination?: NodeJS.WritableStream): Logger {
  return pino({ level, redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' } }, destination ?? process.stdout);
}
