/** `GET /api/tab/teams/:serviceId/arrivals`: the team's channel tab (members of the service and HR). */
import type { FastifyInstance } from 'fastify';
import { listTeamArrivals } from '../../core/onboarding/team-arrivals.js';
import type { TeamArrival } from '../../core/onboarding/types.js';
import type { AppContext } from '../../server/context.js';
import { onboardingDeps, PRIVATE_NO_STORE, uuidParam } from './deps.js';

/** Registers the route. */
export function registerTeamArrivalsRoute(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Params: { serviceId: string } }>(
    '/api/tab/teams/:serviceId/arrivals',
    { preHandler: app.authenticate, schema: { params: { type: 'object', properties: { serviceId: uuidParam }, required: ['serviceId'] } } },
    async (request, reply): Promise<{ serviceName: string; arrivals: TeamArrival[] }> => {
      void reply.header('cache-control', PRIVATE_NO_STORE);
      return listTeamArrivals(onboardingDeps(ctx, request), request.params.serviceId.toLowerCase());
    },
  );
}
