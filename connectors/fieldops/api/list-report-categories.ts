/** `ListReportCategories`: the report categories, for dropdowns. */
import { listCategories } from '../../../core/field-reports/categories.js';
import { PRIVATE_NO_STORE } from './deps.js';
import type { FieldOpsRoute } from './operation.js';
import { categorySummarySchema, collectionSchema, defaultResponse } from './schemas.js';

export const listReportCategories: FieldOpsRoute = {
  def: {
    operationId: 'ListReportCategories',
    method: 'GET',
    path: '/categories',
    summary: 'List report categories',
    description: 'Lists the categories an agent can choose when reporting a problem in the street, in display order.',
    parameters: [],
    responses: {
      '200': { description: 'The categories.', schema: collectionSchema('Categories', 'The report categories.', categorySummarySchema) },
      default: defaultResponse,
    },
  },
  handler: (ctx) => async (_request, reply) => {
    void reply.header('cache-control', PRIVATE_NO_STORE);
    return { value: await listCategories(ctx.storage.db) };
  },
};
