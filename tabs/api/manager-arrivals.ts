/** `GET /api/tab/manager/arrivals`: the onboardings of the caller's reports, with progress. */
import type { FastifyInstance } from 'fastify';
import { listArrivals } from '../../core/onboarding/onboarding-service.js';
import type { ArrivalSummary } from '../../core/onboarding/types.js';
import type { AppContext } from '../../server/context.js';
import { onboardingDeps, PRIVATE_NO_STORE } from './deps.js';

/** Registers the route. */
export function registerManagerArrivalsRoute(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/tab/manager/arrivals', { preHandler: app.authenticate }, async (request, reply): Promise<{ arrivals: ArrivalSummary[] }> => {
    const arrivals = await listArrivals(onboardingDeps(ctx, request));
    void reply.header('cache-control', PRIVATE_NO_STORE);
    return { arrivals };
  });
}
