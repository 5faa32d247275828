/**
 * Requests per caller on the connector's API, as Power Platform limits each connection (500 per
 * minute by default, `FIELDOPS_RATE_LIMIT_PER_MINUTE`). One connection is one signed-in caller, so
 * the counter is keyed by the authenticated caller, after authentication; beyond the limit the
 * answer is 429 `EQP_ERR_RATE_LIMITED` with `Retry-After`. Counters live in this process (a fixed
 * window per caller); behind several instances each one counts its own requests.
 */
import rateLimit, { type RateLimitPluginOptions } from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import { actorOf } from '../../../core/audit/audit-log.js';
import type { Config } from '../../../core/config/config.js';
import { EquipageError } from '../../../core/errors.js';

export { rateLimit };

/**
 * Options of `@fastify/rate-limit` for the connector's scope. The hook runs in `preValidation`,
 * after `authenticate` (registered first on the same hook), so the caller is known and invalid
 * requests count too.
 */
export function fieldOpsRateLimitOptions(config: Pick<Config, 'fieldOpsRateLimit'>): RateLimitPluginOptions {
  return {
    global: true,
    hook: 'preValidation',
    max: config.fieldOpsRateLimit.max,
    timeWindow: config.fieldOpsRateLimit.windowMs,
    keyGenerator: (request: FastifyRequest) => (request.caller ? `caller:${actorOf(request.caller)}` : `ip:${request.ip}`),
    errorResponseBuilder: (_request, context) => new EquipageError('EQP_ERR_RATE_LIMITED', { retryAfter: Math.max(1, Math.ceil(context.ttl / 1000)) }),
  };
}
