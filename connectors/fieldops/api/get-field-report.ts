/** `GetFieldReport`: one report with its status and photos. */
import { getFieldReport } from '../../../core/field-reports/reports.js';
import { fieldReportDeps, PRIVATE_NO_STORE } from './deps.js';
import type { FieldOpsRoute } from './operation.js';
import { defaultResponse, reportSchema, UUID_PATTERN } from './schemas.js';

export const getFieldReportRoute: FieldOpsRoute = {
  def: {
    operationId: 'GetFieldReport',
    method: 'GET',
    path: '/reports/{reportId}',
    summary: 'Get a field report',
    description: 'Gets one field report with its status, its category-specific fields and the list of its photos.',
    parameters: [
      {
        name: 'reportId',
        in: 'path',
        required: true,
        summary: 'Report ID',
        description: 'Identifier of the report, as returned when it was created or listed.',
        visibility: 'important',
        schema: { type: 'string', pattern: UUID_PATTERN },
      },
    ],
    responses: {
      '200': { description: 'The report.', schema: reportSchema },
      default: defaultResponse,
    },
  },
  handler: (ctx) => async (request, reply) => {
    const { reportId } = request.params as { reportId: string };
    const deps = fieldReportDeps(ctx, request);
    void reply.header('cache-control', PRIVATE_NO_STORE);
    return getFieldReport(deps, reportId.toLowerCase());
  },
};
