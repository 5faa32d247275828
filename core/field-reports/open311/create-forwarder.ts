/** Builds the Open311 forwarder from the configuration (undefined when OPEN311_ENDPOINT is unset). */
import type { Kysely } from 'kysely';
import type { Config } from '../../config/config.js';
import type { Database } from '../../storage/schema.js';
import { resolveMediaSecret } from '../photo-links.js';
import { Open311Forwarder, type ForwarderLogger, type ForwarderOptions } from './forwarder.js';

/**
 * The forwarder of this process, or undefined when forwarding is off. `listeningUrl` stands in
 * for PUBLIC_BASE_URL in photo links when the latter is unset (local mode).
 */
export function createOpen311Forwarder(
  config: Pick<Config, 'open311' | 'fieldOpsMedia' | 'localMode' | 'dataDir' | 'server'>,
  db: Kysely<Database>,
  options: { listeningUrl?: string; logger?: ForwarderLogger; overrides?: Partial<ForwarderOptions> } = {},
): Open311Forwarder | undefined {
  if (!config.open311) return undefined;
  const { endpoint, apiKey, jurisdictionId, timeoutMs, pollIntervalMs, sendMedia } = config.open311;
  return new Open311Forwarder({
    db,
    target: { endpoint, apiKey, jurisdictionId, timeoutMs },
    // OPEN311_MEDIA=off: no link is made, so no photo is ever reachable from the Open311 system.
    media: sendMedia
      ? { secret: resolveMediaSecret(config), publicBaseUrl: config.server.publicBaseUrl ?? options.listeningUrl, ttlMs: config.fieldOpsMedia.linkTtlMs }
      : { secret: undefined, publicBaseUrl: undefined, ttlMs: config.fieldOpsMedia.linkTtlMs },
    pollIntervalMs,
    ...(options.logger ? { logger: options.logger } : {}),
    ...options.overrides,
  });
}
