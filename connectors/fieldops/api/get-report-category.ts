/** `GetReportCategory`: one category with its specific fields and their JSON schema. */
import { getCategory } from '../../../core/field-reports/categories.js';
import { PRIVATE_NO_STORE } from './deps.js';
import type { FieldOpsRoute } from './operation.js';
import { CATEGORY_CODE_PATTERN, categorySchema, defaultResponse } from './schemas.js';

export const getReportCategory: FieldOpsRoute = {
  def: {
    operationId: 'GetReportCategory',
    method: 'GET',
    path: '/categories/{categoryCode}',
    summary: 'Get a report category',
    description: 'Gets one report category with the fields specific to it. Apps use it to show the right inputs for the chosen category.',
    parameters: [
      {
        name: 'categoryCode',
        in: 'path',
        required: true,
        summary: 'Category Code',
        description: 'Code of the category, as listed by the list of report categories.',
        visibility: 'important',
        schema: {
          type: 'string',
          pattern: CATEGORY_CODE_PATTERN,
          'x-ms-dynamic-values': { operationId: 'ListReportCategories', 'value-collection': 'value', 'value-path': 'code', 'value-title': 'label' },
        },
      },
    ],
    responses: {
      '200': { description: 'The category.', schema: categorySchema },
      default: defaultResponse,
    },
  },
  handler: (ctx) => async (request, reply) => {
    const { categoryCode } = request.params as { categoryCode: string };
    void reply.header('cache-control', PRIVATE_NO_STORE);
    return getCategory(ctx.storage.db, categoryCode);
  },
};
