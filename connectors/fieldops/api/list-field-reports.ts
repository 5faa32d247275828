/** `ListFieldReports`: reports newest first, filtered, paged with `nextLink` (`x-ms-pageable`). */
import { listFieldReports } from '../../../core/field-reports/reports.js';
import type { FieldReportStatus } from '../../../core/storage/schema.js';
import { externalBaseUrl, fieldReportDeps, PRIVATE_NO_STORE } from './deps.js';
import { FIELDOPS_BASE_PATH, prop, type FieldOpsRoute } from './operation.js';
import { CATEGORY_CODE_PATTERN, collectionSchema, defaultResponse, reportSchema, statusSchema } from './schemas.js';

interface Query {
  mine?: boolean;
  status?: FieldReportStatus;
  category?: string;
  from?: string;
  to?: string;
  top: number;
  skipToken?: string;
}

export const listFieldReportsRoute: FieldOpsRoute = {
  def: {
    operationId: 'ListFieldReports',
    method: 'GET',
    path: '/reports',
    summary: 'List field reports',
    description: 'Lists field reports, newest first, optionally only mine or only those with a given status, category or creation period.',
    extensions: { 'x-ms-pageable': { nextLinkName: 'nextLink' } },
    parameters: [
      {
        name: 'mine',
        in: 'query',
        required: false,
        summary: 'Only Mine',
        description: 'Only the reports made by the signed-in agent.',
        visibility: 'important',
        schema: { type: 'boolean', default: false },
      },
      {
        name: 'status',
        in: 'query',
        required: false,
        summary: 'Status',
        description: 'Only the reports with this status.',
        visibility: 'important',
        schema: statusSchema,
      },
      {
        name: 'category',
        in: 'query',
        required: false,
        summary: 'Category',
        description: 'Only the reports of this category.',
        visibility: 'advanced',
        schema: {
          type: 'string',
          pattern: CATEGORY_CODE_PATTERN,
          'x-ms-dynamic-values': { operationId: 'ListReportCategories', 'value-collection': 'value', 'value-path': 'code', 'value-title': 'label' },
        },
      },
      {
        name: 'from',
        in: 'query',
        required: false,
        summary: 'Created From',
        description: 'Only the reports received at or after this time (ISO 8601).',
        visibility: 'advanced',
        schema: { type: 'string', format: 'date-time' },
      },
      {
        name: 'to',
        in: 'query',
        required: false,
        summary: 'Created Before',
        description: 'Only the reports received before this time (ISO 8601).',
        visibility: 'advanced',
        schema: { type: 'string', format: 'date-time' },
      },
      {
        name: 'top',
        in: 'query',
        required: false,
        summary: 'Page Size',
        description: 'The largest number of reports per page.',
        visibility: 'advanced',
        schema: { type: 'integer', minimum: 1, maximum: 100, default: 25 },
      },
      {
        name: 'skipToken',
        in: 'query',
        required: false,
        summary: 'Page Token',
        description: 'Where the next page starts, taken from the next link of the previous page.',
        visibility: 'internal',
        schema: { type: 'string', maxLength: 200 },
      },
    ],
    responses: {
      '200': {
        description: 'A page of reports.',
        schema: collectionSchema('Reports', 'The reports of this page.', reportSchema, {
          nextLink: prop('Next Link', 'Address of the next page, when there is one.', { type: 'string' }),
        }),
      },
      default: defaultResponse,
    },
  },
  handler: (ctx) => async (request, reply) => {
    const q = request.query as Query;
    const page = await listFieldReports(fieldReportDeps(ctx, request), q);
    void reply.header('cache-control', PRIVATE_NO_STORE);
    if (!page.nextSkipToken) return { value: page.value };
    // Keep the caller's filters; only the page token changes.
    const next = new URL(`${externalBaseUrl(ctx, request)}${FIELDOPS_BASE_PATH}/reports`);
    for (const [name, value] of Object.entries(q)) {
      if (name !== 'skipToken' && value !== undefined) next.searchParams.set(name, String(value));
    }
    next.searchParams.set('skipToken', page.nextSkipToken);
    return { value: page.value, nextLink: next.toString() };
  },
};
