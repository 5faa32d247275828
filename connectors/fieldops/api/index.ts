/**
 * The field-ops connector's API: every operation, in the order the definition lists them, and
 * their registration under {@link FIELDOPS_BASE_PATH}. Every route requires an authenticated caller.
 */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../server/context.js';
import { addReportPhotoRoute } from './add-report-photo.js';
import { notifyReportChanged } from '../../../core/field-reports/webhooks/wake.js';
import { createFieldReportRoute } from './create-field-report.js';
import { createReportSubscriptionRoute } from './create-report-subscription.js';
import { deleteReportSubscriptionRoute } from './delete-report-subscription.js';
import { getFieldReportRoute } from './get-field-report.js';
import { getReportCategory } from './get-report-category.js';
import { listFieldReportsRoute } from './list-field-reports.js';
import { listReportCategories } from './list-report-categories.js';
import { fastifyPath, toFastifySchema, type FieldOpsRoute } from './operation.js';
import { fieldOpsRateLimitOptions, rateLimit } from './rate-limit.js';
import { searchAssetsRoute } from './search-assets.js';
import { rejectUnstorableText } from './text-guard.js';
import { updateFieldReportStatusRoute } from './update-field-report-status.js';

/** The operations of the connector: the one source of both the routes and the OpenAPI definition. */
export const FIELDOPS_ROUTES: readonly FieldOpsRoute[] = [
  listReportCategories,
  getReportCategory,
  searchAssetsRoute,
  createFieldReportRoute,
  getFieldReportRoute,
  listFieldReportsRoute,
  addReportPhotoRoute,
  updateFieldReportStatusRoute,
  createReportSubscriptionRoute,
  deleteReportSubscriptionRoute,
];

/**
 * Registers the API routes, in their own scope so that the per-caller rate limit applies to them
 * only. The caller is authenticated first, from the headers alone: an unauthenticated request's
 * body (up to 35 MB of photos) is never read nor decoded, and it learns nothing about the schema;
 * invalid requests of an authenticated caller count towards the limit.
 */
export function registerFieldOpsApi(app: FastifyInstance, ctx: AppContext): void {
  void app.register(async (scope) => {
    await scope.register(rateLimit, fieldOpsRateLimitOptions(ctx.config));
    scope.addHook('preHandler', rejectUnstorableText);
    // A successful write may have changed a report: its webhook notifications can leave now.
    scope.addHook('onResponse', async (request, reply) => {
      if (request.method !== 'GET' && reply.statusCode < 300) notifyReportChanged(ctx.storage.db);
    });
    for (const route of FIELDOPS_ROUTES) {
      scope.route({
        method: route.def.method,
        url: fastifyPath(route.def),
        schema: toFastifySchema(route.def),
        ...(route.def.bodyLimit ? { bodyLimit: route.def.bodyLimit } : {}),
        onRequest: scope.authenticate,
        handler: route.handler(ctx),
      });
    }
  });
}
