/**
 * The field-ops connector's API: every operation, in the order the definition lists them, and
 * their registration under {@link FIELDOPS_BASE_PATH}. Every route requires an authenticated caller.
 */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../server/context.js';
import { createFieldReportRoute } from './create-field-report.js';
import { getFieldReportRoute } from './get-field-report.js';
import { getReportCategory } from './get-report-category.js';
import { listFieldReportsRoute } from './list-field-reports.js';
import { listReportCategories } from './list-report-categories.js';
import { fastifyPath, toFastifySchema, type FieldOpsRoute } from './operation.js';
import { searchAssetsRoute } from './search-assets.js';

/** The operations of the connector: the one source of both the routes and the OpenAPI definition. */
export const FIELDOPS_ROUTES: readonly FieldOpsRoute[] = [
  listReportCategories,
  getReportCategory,
  searchAssetsRoute,
  createFieldReportRoute,
  getFieldReportRoute,
  listFieldReportsRoute,
];

/** Registers the API routes. */
export function registerFieldOpsApi(app: FastifyInstance, ctx: AppContext): void {
  for (const route of FIELDOPS_ROUTES) {
    app.route({
      method: route.def.method,
      url: fastifyPath(route.def),
      schema: toFastifySchema(route.def),
      ...(route.def.bodyLimit ? { bodyLimit: route.def.bodyLimit } : {}),
      preHandler: app.authenticate,
      handler: route.handler(ctx),
    });
  }
}
