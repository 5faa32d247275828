/** `POST /api/tab/steps/:stepId/complete`: ticks a step the caller owns (idempotent). */
import type { FastifyInstance } from 'fastify';
import { setStepStatus } from '../../core/onboarding/onboarding-service.js';
import type { StepChangeResponse } from '../../core/onboarding/types.js';
import type { AppContext } from '../../server/context.js';
import { onboardingDeps, PRIVATE_NO_STORE, uuidParam } from './deps.js';

/** Registers the route. */
export function registerStepCompleteRoute(app: FastifyInstance, ctx: AppContext): void {
  app.post<{ Params: { stepId: string } }>(
    '/api/tab/steps/:stepId/complete',
    { preHandler: app.authenticate, schema: { params: { type: 'object', properties: { stepId: uuidParam }, required: ['stepId'] } } },
    async (request, reply): Promise<StepChangeResponse> => {
      const result = await setStepStatus(onboardingDeps(ctx, request), request.params.stepId.toLowerCase(), 'done');
      void reply.header('cache-control', PRIVATE_NO_STORE);
      return result;
    },
  );
}
