/**
 * `GET /api/tab/hr/arrivals?service=&status=` (HR): every arrival, filtered; `.csv` exports the
 * same list. `GET /api/tab/services`: the services (filters and the channel tab's configuration).
 */
import type { FastifyInstance } from 'fastify';
import { EquipageError } from '../../core/errors.js';
import { arrivalsToCsv, hrArrivalsFilterSchema, listAllArrivals, listServices } from '../../core/onboarding/hr-arrivals.js';
import type { HrArrival, ServiceSummary } from '../../core/onboarding/types.js';
import type { AppContext } from '../../server/context.js';
import { onboardingDeps, PRIVATE_NO_STORE } from './deps.js';

function filterOf(query: unknown) {
  const parsed = hrArrivalsFilterSchema.safeParse(query);
  if (!parsed.success) throw new EquipageError('EQP_ERR_VALIDATION', { details: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
  return { ...parsed.data, ...(parsed.data.service ? { service: parsed.data.service.toLowerCase() } : {}) };
}

/** Registers the routes. */
export function registerHrArrivalsRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/tab/services', { preHandler: app.authenticate }, async (_request, reply): Promise<{ services: ServiceSummary[] }> => {
    void reply.header('cache-control', PRIVATE_NO_STORE);
    return { services: await listServices(ctx.storage.db) };
  });
  app.get('/api/tab/hr/arrivals', { preHandler: app.authenticate }, async (request, reply): Promise<{ arrivals: HrArrival[] }> => {
    const arrivals = await listAllArrivals(onboardingDeps(ctx, request), filterOf(request.query));
    void reply.header('cache-control', PRIVATE_NO_STORE);
    return { arrivals };
  });
  app.get('/api/tab/hr/arrivals.csv', { preHandler: app.authenticate }, async (request, reply) => {
    const deps = onboardingDeps(ctx, request);
    const arrivals = await listAllArrivals(deps, filterOf(request.query));
    return reply
      .header('cache-control', PRIVATE_NO_STORE)
      .header('content-disposition', `attachment; filename="arrivees-${deps.today}.csv"`)
      .type('text/csv; charset=utf-8')
      .send(arrivalsToCsv(arrivals));
  });
}
