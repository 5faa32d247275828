/** `GET /api/tab/onboardings/mine`: the caller's own plan (`plan: null` when they have none). */
import type { FastifyInstance } from 'fastify';
import { readMyPlan } from '../../core/onboarding/onboarding-service.js';
import type { PlanView } from '../../core/onboarding/types.js';
import type { AppContext } from '../../server/context.js';
import { onboardingDeps, PRIVATE_NO_STORE } from './deps.js';

/** Registers the route. */
export function registerMyOnboardingRoute(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/tab/onboardings/mine', { preHandler: app.authenticate }, async (request, reply): Promise<{ plan: PlanView | null }> => {
    const plan = await readMyPlan(onboardingDeps(ctx, request));
    void reply.header('cache-control', PRIVATE_NO_STORE);
    return { plan };
  });
}
