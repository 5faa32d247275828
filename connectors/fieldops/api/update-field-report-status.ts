/**
 * `UpdateFieldReportStatus`: a supervisor moves a report along its workflow (see
 * `STATUS_TRANSITIONS`). Idempotent with the `Idempotency-Key` header; 409 on a change the
 * workflow does not allow or when the status changed meanwhile.
 */
import { updateFieldReportStatus, type UpdateStatusInput } from '../../../core/field-reports/report-status.js';
import { fieldReportDeps, PRIVATE_NO_STORE } from './deps.js';
import type { FieldOpsRoute } from './operation.js';
import { prop } from './operation.js';
import { defaultResponse, idempotencyKeyParameter, reportIdParameter, reportSchema, statusSchema } from './schemas.js';

export const updateFieldReportStatusRoute: FieldOpsRoute = {
  def: {
    operationId: 'UpdateFieldReportStatus',
    method: 'POST',
    path: '/reports/{reportId}/status',
    summary: 'Update the status of a field report',
    description:
      'Moves a field report along its workflow, for example from new to acknowledged or from in progress to resolved, with an optional comment. ' +
      'Only supervisors (managers and HR) can do it. The change is refused when the workflow does not allow it or when the status changed meanwhile.',
    parameters: [
      reportIdParameter,
      idempotencyKeyParameter('A unique value per change, such as the flow run ID. Sending the same request again with the same key returns the first answer.'),
    ],
    body: {
      name: 'body',
      summary: 'Status Change',
      description: 'The new status, with an optional comment.',
      schema: {
        type: 'object',
        required: ['status'],
        additionalProperties: false,
        properties: {
          status: prop('New Status', 'The status to move the report to: acknowledged, in progress, resolved or rejected (in progress also reopens a report).', statusSchema),
          comment: prop('Comment', 'Why the status changes, kept in the status history of the report.', { type: 'string', maxLength: 2000 }),
          expectedStatus: prop(
            'Expected Status',
            'The status the report should have now. When given, the change is refused if the report is no longer in that status.',
            statusSchema,
          ),
        },
      },
    },
    responses: {
      '200': { description: 'The status changed; the body is the updated report.', schema: reportSchema },
      default: defaultResponse,
    },
  },
  handler: (ctx) => async (request, reply) => {
    const { reportId } = request.params as { reportId: string };
    const rawKey = request.headers['idempotency-key'];
    const key = Array.isArray(rawKey) ? rawKey[0] : rawKey;
    const result = await updateFieldReportStatus(fieldReportDeps(ctx, request), reportId.toLowerCase(), request.body as UpdateStatusInput, key);
    void reply.header('cache-control', PRIVATE_NO_STORE);
    return reply.status(result.status).send(result.body);
  },
};
