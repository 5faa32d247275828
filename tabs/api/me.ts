/** `GET /api/tab/me`: who the caller is and which views apply (agent, manager, HR). */
import type { FastifyInstance } from 'fastify';
import { rolesOf } from '../../core/onboarding/onboarding-service.js';
import type { MeResponse } from '../../core/onboarding/types.js';
import { requireCaller } from '../../server/auth/authenticate.js';
import type { AppContext } from '../../server/context.js';
import { PRIVATE_NO_STORE } from './deps.js';

/** Registers the route. */
export function registerMeRoute(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/tab/me', { preHandler: app.authenticate }, async (request, reply): Promise<MeResponse> => {
    const caller = requireCaller(request);
    const { roles, onboardingId } = await rolesOf(ctx.storage.db, caller);
    void reply.header('cache-control', PRIVATE_NO_STORE);
    return { personId: caller.personId, displayName: caller.displayName, upn: caller.upn, via: caller.via, roles, onboardingId, localMode: ctx.config.localMode };
  });
}
