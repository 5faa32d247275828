/**
 * `GET /api/tab/local-users`: the demo people offered by the "Se connecter en tant que…" picker.
 * Exists in local mode only (no Entra configuration); answers 404 otherwise, so a deployed tab
 * never lists the directory to anonymous visitors.
 */
import type { FastifyInstance } from 'fastify';
import { EquipageError } from '../../core/errors.js';
import { listPeopleByService } from '../../core/onboarding/people-directory.js';
import type { LocalUsersResponse } from '../../core/onboarding/types.js';
import type { AppContext } from '../../server/context.js';

/** Registers the route. */
export function registerLocalUsersRoute(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/tab/local-users', async (request, reply): Promise<LocalUsersResponse> => {
    if (!ctx.config.localMode) throw new EquipageError('EQP_ERR_NOT_FOUND', { what: `${request.method} ${request.url.split('?')[0]}` });
    void reply.header('cache-control', 'no-store');
    return listPeopleByService(ctx.storage.db);
  });
}
