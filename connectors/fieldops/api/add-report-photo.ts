/**
 * `AddReportPhoto`: adds one photo to an existing report (its reporter or a supervisor). Idempotent
 * with the `Idempotency-Key` header, like `CreateFieldReport`.
 */
import { MAX_PHOTO_BYTES } from '../../../core/field-reports/photos.js';
import { addReportPhoto, type AddReportPhotoInput } from '../../../core/field-reports/report-photos.js';
import { fieldReportDeps, PRIVATE_NO_STORE } from './deps.js';
import type { FieldOpsRoute } from './operation.js';
import { prop } from './operation.js';
import { defaultResponse, idempotencyKeyParameter, reportIdParameter, reportSchema } from './schemas.js';

/** Largest body: one photo of 5 MB in base64 (4/3 larger) plus some room. */
export const ADD_PHOTO_BODY_LIMIT = Math.ceil((MAX_PHOTO_BYTES * 4) / 3) + 64 * 1024;

export const addReportPhotoRoute: FieldOpsRoute = {
  def: {
    operationId: 'AddReportPhoto',
    method: 'POST',
    path: '/reports/{reportId}/photos',
    summary: 'Add a photo to a field report',
    description:
      'Adds one photo to an existing field report, up to five photos per report. Only the agent who made the report and supervisors can add photos. ' +
      'Send an Idempotency-Key header so that a retried request never adds the photo twice.',
    bodyLimit: ADD_PHOTO_BODY_LIMIT,
    parameters: [
      reportIdParameter,
      idempotencyKeyParameter('A unique value per photo, such as the flow run ID. Sending the same request again with the same key returns the first answer.'),
    ],
    body: {
      name: 'body',
      summary: 'Photo',
      description: 'The photo to add to the report.',
      schema: {
        type: 'object',
        required: ['photo'],
        additionalProperties: false,
        properties: {
          photo: prop('Photo', 'The photo as a base64 data URI (JPEG, PNG or WebP), 5 MB at most, such as data:image/jpeg;base64,...', { type: 'string' }),
        },
      },
    },
    responses: {
      '201': { description: 'The photo was added; the body is the updated report.', schema: reportSchema },
      default: defaultResponse,
    },
  },
  handler: (ctx) => async (request, reply) => {
    const { reportId } = request.params as { reportId: string };
    const rawKey = request.headers['idempotency-key'];
    const key = Array.isArray(rawKey) ? rawKey[0] : rawKey;
    const result = await addReportPhoto(fieldReportDeps(ctx, request), reportId.toLowerCase(), request.body as AddReportPhotoInput, key);
    void reply.header('cache-control', PRIVATE_NO_STORE);
    return reply.status(result.status).send(result.body);
  },
};
