/** `GET /api/tab/onboardings/:id`: one plan, for its agent, their manager or HR (403 otherwise, 404 if unknown). */
import type { FastifyInstance } from 'fastify';
import { readPlan } from '../../core/onboarding/onboarding-service.js';
import type { PlanView } from '../../core/onboarding/types.js';
import type { AppContext } from '../../server/context.js';
import { onboardingDeps, PRIVATE_NO_STORE, uuidParam } from './deps.js';

/** Registers the route. */
export function registerOnboardingByIdRoute(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Params: { id: string } }>(
    '/api/tab/onboardings/:id',
    {
      preHandler: app.authenticate,
      schema: { params: { type: 'object', properties: { id: uuidParam }, required: ['id'] } },
    },
    async (request, reply): Promise<{ plan: PlanView }> => {
      const plan = await readPlan(onboardingDeps(ctx, request), request.params.id.toLowerCase());
      void reply.header('cache-control', PRIVATE_NO_STORE);
      return { plan };
    },
  );
}
