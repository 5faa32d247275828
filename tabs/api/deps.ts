/**
 * What a tab route hands to the onboarding use cases: storage, the authenticated caller,
 * the `tab` audit channel and today's date in Paris.
 */
import type { FastifyRequest } from 'fastify';
import type { OnboardingDeps } from '../../core/onboarding/onboarding-service.js';
import { todayInParis } from '../../core/util/dates.js';
import { requireCaller } from '../../server/auth/authenticate.js';
import type { AppContext } from '../../server/context.js';

/** Builds the use-case dependencies for one request. */
export function onboardingDeps(ctx: AppContext, request: FastifyRequest): OnboardingDeps {
  const now = new Date();
  return {
    db: ctx.storage.db,
    caller: requireCaller(request),
    channel: 'tab',
    today: todayInParis(now),
    now,
    blobs: ctx.blobs,
    tabBaseUrl: ctx.config.server.publicBaseUrl ?? `${request.protocol}://${request.host}`,
    quietHours: ctx.config.onboarding.quietHours,
  };
}

/** JSON schema of a UUID path parameter. */
export const uuidParam = { type: 'string', pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' } as const;

/** Answers are per-person: never cache them in a shared cache. */
export const PRIVATE_NO_STORE = 'private, no-store';
