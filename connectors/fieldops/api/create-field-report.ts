/**
 * `CreateFieldReport`: an agent reports a problem seen in the street. Idempotent with the
 * `Idempotency-Key` header: the same key with the same body answers the original response; the
 * same key with another body answers 422.
 */
import { MAX_PHOTO_BYTES, MAX_PHOTOS } from '../../../core/field-reports/photos.js';
import { createFieldReport, type CreateFieldReportInput } from '../../../core/field-reports/reports.js';
import { fieldReportDeps, PRIVATE_NO_STORE } from './deps.js';
import type { FieldOpsRoute } from './operation.js';
import { prop } from './operation.js';
import { CATEGORY_CODE_PATTERN, defaultResponse, reportSchema, UUID_PATTERN } from './schemas.js';

/** Largest body: five photos of 5 MB in base64 (4/3 larger) plus the rest of the report. */
export const CREATE_BODY_LIMIT = Math.ceil((MAX_PHOTOS * MAX_PHOTO_BYTES * 4) / 3) + 1024 * 1024;

export const createFieldReportRoute: FieldOpsRoute = {
  def: {
    operationId: 'CreateFieldReport',
    method: 'POST',
    path: '/reports',
    summary: 'Create a field report',
    description:
      'Reports a problem seen in the street, such as a pothole, a broken street light or fly-tipping, with its position and up to five photos. ' +
      'Send an Idempotency-Key header so that a retried request never creates the report twice.',
    bodyLimit: CREATE_BODY_LIMIT,
    parameters: [
      {
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        summary: 'Idempotency Key',
        description: 'A unique value per report, such as the flow run ID. Sending the same request again with the same key returns the first answer.',
        visibility: 'advanced',
        schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7E]+$' },
      },
    ],
    body: {
      name: 'body',
      summary: 'Report',
      description: 'The report to create, with its position, fields and photos.',
      schema: {
        type: 'object',
        required: ['category', 'description', 'location'],
        additionalProperties: false,
        properties: {
          category: prop('Category', 'Code of the category of the problem, from the list of report categories.', {
            type: 'string',
            pattern: CATEGORY_CODE_PATTERN,
            'x-ms-dynamic-values': { operationId: 'ListReportCategories', 'value-collection': 'value', 'value-path': 'code', 'value-title': 'label' },
          }),
          description: prop('Description', 'What the agent saw, in their own words.', { type: 'string', minLength: 3, maxLength: 2000 }),
          location: prop('Location', 'Where the problem is.', {
            type: 'object',
            required: ['latitude', 'longitude', 'accuracy'],
            additionalProperties: false,
            properties: {
              latitude: prop('Latitude', 'Latitude of the problem, in decimal degrees (WGS 84).', { type: 'number', minimum: -90, maximum: 90 }),
              longitude: prop('Longitude', 'Longitude of the problem, in decimal degrees (WGS 84).', { type: 'number', minimum: -180, maximum: 180 }),
              accuracy: prop('Accuracy', 'Accuracy of the position given by the device, in metres.', { type: 'number', minimum: 0, maximum: 100000 }),
              address: prop('Address', 'Street address, when the agent knows it.', { type: 'string', maxLength: 300 }),
            },
          }),
          assetId: prop('Asset ID', 'Identifier of the asset concerned, as found by searching assets.', { type: 'string', pattern: UUID_PATTERN }),
          observedAt: prop('Observed At', 'When the agent saw the problem (ISO 8601). The time of the request when not given.', { type: 'string', format: 'date-time' }),
          fields: prop('Category Fields', 'Values of the fields specific to the chosen category.', {
            type: 'object',
            additionalProperties: true,
            'x-ms-dynamic-schema': {
              operationId: 'GetReportCategory',
              parameters: { categoryCode: { parameter: 'category' } },
              'value-path': 'schema',
            },
          }),
          photos: prop('Photos', 'Up to five photos as base64 data URIs (JPEG, PNG or WebP), 5 MB at most each.', {
            type: 'array',
            maxItems: MAX_PHOTOS,
            items: prop('Photo', 'One photo as a data URI, such as data:image/jpeg;base64,...', { type: 'string' }),
          }),
        },
      },
    },
    responses: {
      '201': { description: 'The report was recorded.', schema: reportSchema },
      default: defaultResponse,
    },
  },
  handler: (ctx) => async (request, reply) => {
    const rawKey = request.headers['idempotency-key'];
    const key = Array.isArray(rawKey) ? rawKey[0] : rawKey;
    const result = await createFieldReport(fieldReportDeps(ctx, request), request.body as CreateFieldReportInput, key);
    void reply.header('cache-control', PRIVATE_NO_STORE);
    return reply.status(result.status).send(result.body);
  },
};
