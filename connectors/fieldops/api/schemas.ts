/**
 * Response and body schemas shared by several operations. Every property carries its
 * `x-ms-summary` (Title Case label) and a description, as Power Platform certification requires.
 */
import { ASSET_KINDS } from '../../../core/seed/demo-assets.js';
import { FIELD_REPORT_STATUSES } from '../../../core/field-reports/types.js';
import { prop, type ParameterDef, type Schema } from './operation.js';

export const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
export const CATEGORY_CODE_PATTERN = '^[a-z0-9][a-z0-9-]{0,63}$';

export const statusSchema: Schema = { type: 'string', enum: [...FIELD_REPORT_STATUSES] };
export const assetKindSchema: Schema = { type: 'string', enum: [...ASSET_KINDS] };

export const categorySummarySchema: Schema = {
  type: 'object',
  required: ['code', 'label', 'labelEn', 'description'],
  additionalProperties: false,
  properties: {
    code: prop('Category Code', 'Stable code of the category, to pass as the category of a new report.', { type: 'string' }),
    label: prop('Label', 'Name of the category, in French.', { type: 'string' }),
    labelEn: prop('English Label', 'Name of the category, in English.', { type: 'string' }),
    description: prop('Description', 'What kind of problem belongs to this category, in French.', { type: 'string' }),
  },
};

const categoryFieldSchema: Schema = {
  type: 'object',
  required: ['key', 'label', 'labelEn', 'type', 'required'],
  additionalProperties: false,
  properties: {
    key: prop('Field Key', 'Name of the field inside the fields object of a report.', { type: 'string' }),
    label: prop('Field Label', 'Label of the field, in French.', { type: 'string' }),
    labelEn: prop('Field English Label', 'Label of the field, in English.', { type: 'string' }),
    type: prop('Field Type', 'Kind of value the field takes.', { type: 'string', enum: ['text', 'number', 'integer', 'boolean', 'choice'] }),
    required: prop('Required', 'Whether a report of this category must fill this field.', { type: 'boolean' }),
    options: prop('Options', 'Allowed values, for a choice field.', { type: 'array', items: { type: 'string' } }),
    minimum: prop('Minimum', 'Smallest allowed value, for a number field.', { type: 'number' }),
    maximum: prop('Maximum', 'Largest allowed value, for a number field.', { type: 'number' }),
    maxLength: prop('Maximum Length', 'Longest allowed text, in characters, for a text field.', { type: 'integer' }),
    description: prop('Field Description', 'Help text of the field.', { type: 'string' }),
  },
};

export const categorySchema: Schema = {
  type: 'object',
  required: ['code', 'label', 'labelEn', 'description', 'fields', 'schema'],
  additionalProperties: false,
  properties: {
    ...(categorySummarySchema.properties as Record<string, Schema>),
    fields: prop('Fields', 'The fields specific to this category.', { type: 'array', items: categoryFieldSchema }),
    schema: prop('Fields Schema', 'JSON schema of the category-specific fields, used to show them as inputs.', {
      type: 'object',
      additionalProperties: true,
    }),
  },
};

export const assetSchema: Schema = {
  type: 'object',
  required: ['id', 'code', 'kind', 'name', 'latitude', 'longitude'],
  additionalProperties: false,
  properties: {
    id: prop('Asset ID', 'Identifier of the asset, to attach it to a report.', { type: 'string', format: 'uuid' }),
    code: prop('Asset Code', 'Inventory code of the asset, as painted or tagged on it.', { type: 'string' }),
    kind: prop('Asset Kind', 'Kind of asset: tree, street light, bench, building, hydrant, playground, litter bin or fountain.', assetKindSchema),
    name: prop('Asset Name', 'Name of the asset, in French.', { type: 'string' }),
    address: prop('Address', 'Street address nearest to the asset.', { type: 'string' }),
    latitude: prop('Latitude', 'Latitude of the asset, in decimal degrees (WGS 84).', { type: 'number' }),
    longitude: prop('Longitude', 'Longitude of the asset, in decimal degrees (WGS 84).', { type: 'number' }),
    distance: prop('Distance', 'Distance from the searched position, in metres.', { type: 'integer' }),
  },
};

const photoSchema: Schema = {
  type: 'object',
  required: ['id', 'position', 'contentType', 'size', 'sha256'],
  additionalProperties: false,
  properties: {
    id: prop('Photo ID', 'Identifier of the photo.', { type: 'string', format: 'uuid' }),
    position: prop('Position', 'Order of the photo in the report, starting at 0.', { type: 'integer' }),
    contentType: prop('Content Type', 'Media type of the photo.', { type: 'string' }),
    size: prop('Size', 'Size of the photo, in bytes.', { type: 'integer' }),
    sha256: prop('SHA-256', 'SHA-256 hash of the photo, in hexadecimal.', { type: 'string' }),
  },
};

const open311Schema: Schema = {
  type: 'object',
  required: ['status', 'updatedAt'],
  additionalProperties: false,
  properties: {
    status: prop('Forwarding Status', 'Where the forwarding stands: pending, accepted, forwarded, failed or not applicable (no service code).', {
      type: 'string',
      enum: ['pending', 'accepted', 'forwarded', 'failed', 'not_applicable'],
    }),
    serviceRequestId: prop('Service Request ID', 'Identifier of the service request in the Open311 system, once it is known.', { type: 'string' }),
    remoteStatus: prop('Remote Status', 'Status of the service request in the Open311 system: open or closed.', { type: 'string' }),
    lastError: prop('Last Error', 'Why the last attempt to forward the report failed, when it did.', { type: 'string' }),
    updatedAt: prop('Forwarding Updated At', 'When the forwarding state last changed (ISO 8601).', { type: 'string', format: 'date-time' }),
  },
};

const statusChangeSchema: Schema = {
  type: 'object',
  required: ['status', 'changedAt', 'changedBy'],
  additionalProperties: false,
  properties: {
    status: prop('New Status', 'The status the report went to.', statusSchema),
    changedAt: prop('Changed At', 'When the status changed (ISO 8601).', { type: 'string', format: 'date-time' }),
    changedBy: prop('Changed By', 'Display name of who changed the status (the reporter for the first one).', { type: 'string' }),
    comment: prop('Comment', 'Why the status changed, as written by the supervisor.', { type: 'string' }),
  },
};

export const reportSchema: Schema = {
  type: 'object',
  required: ['id', 'number', 'category', 'description', 'location', 'observedAt', 'fields', 'status', 'reporter', 'photos', 'createdAt', 'updatedAt'],
  additionalProperties: false,
  properties: {
    id: prop('Report ID', 'Identifier of the report.', { type: 'string', format: 'uuid' }),
    number: prop('Report Number', 'Number of the report shown to people, such as SIG-000042.', { type: 'string' }),
    category: prop('Category', 'Category of the report.', {
      type: 'object',
      required: ['code', 'label'],
      additionalProperties: false,
      properties: {
        code: prop('Category Code', 'Code of the category.', { type: 'string' }),
        label: prop('Category Label', 'Name of the category, in French.', { type: 'string' }),
      },
    }),
    description: prop('Description', 'What the agent saw, in their words.', { type: 'string' }),
    location: prop('Location', 'Where the problem is.', {
      type: 'object',
      required: ['latitude', 'longitude', 'accuracy'],
      additionalProperties: false,
      properties: {
        latitude: prop('Latitude', 'Latitude, in decimal degrees (WGS 84).', { type: 'number' }),
        longitude: prop('Longitude', 'Longitude, in decimal degrees (WGS 84).', { type: 'number' }),
        accuracy: prop('Accuracy', 'Accuracy of the position, in metres.', { type: 'number' }),
        address: prop('Address', 'Street address given by the agent.', { type: 'string' }),
      },
    }),
    asset: prop('Asset', 'The asset concerned, when one was chosen.', {
      type: 'object',
      required: ['id', 'code', 'name', 'kind'],
      additionalProperties: false,
      properties: {
        id: prop('Asset ID', 'Identifier of the asset.', { type: 'string', format: 'uuid' }),
        code: prop('Asset Code', 'Inventory code of the asset.', { type: 'string' }),
        name: prop('Asset Name', 'Name of the asset, in French.', { type: 'string' }),
        kind: prop('Asset Kind', 'Kind of asset.', { type: 'string' }),
      },
    }),
    observedAt: prop('Observed At', 'When the agent saw the problem (ISO 8601).', { type: 'string', format: 'date-time' }),
    fields: prop('Category Fields', 'Values of the fields specific to the category.', { type: 'object', additionalProperties: true }),
    status: prop('Status', 'Where the report stands: new, acknowledged, in progress, resolved or rejected.', statusSchema),
    reporter: prop('Reporter', 'Who made the report.', {
      type: 'object',
      required: ['displayName'],
      additionalProperties: false,
      properties: { displayName: prop('Reporter Name', 'Display name of the agent who made the report.', { type: 'string' }) },
    }),
    photos: prop('Photos', 'Photos attached to the report.', { type: 'array', items: photoSchema }),
    createdAt: prop('Created At', 'When the report was received (ISO 8601).', { type: 'string', format: 'date-time' }),
    updatedAt: prop('Updated At', 'When the report last changed (ISO 8601).', { type: 'string', format: 'date-time' }),
    open311: prop('Open311 Forwarding', 'Forwarding of the report to the Open311 system of the commune, when it is turned on.', open311Schema),
    statusHistory: prop('Status History', 'Every status the report went through, oldest first.', { type: 'array', items: statusChangeSchema }),
  },
};

/** A `{ value: [...] }` collection. */
export function collectionSchema(summary: string, description: string, items: Schema, extra: Record<string, Schema> = {}): Schema {
  return {
    type: 'object',
    required: ['value'],
    additionalProperties: false,
    properties: { value: prop(summary, description, { type: 'array', items }), ...extra },
  };
}

/** The `reportId` path parameter of the operations on one report. */
export const reportIdParameter: ParameterDef = {
  name: 'reportId',
  in: 'path',
  required: true,
  summary: 'Report ID',
  description: 'Identifier of the report, as returned when it was created or listed.',
  visibility: 'important',
  schema: { type: 'string', pattern: UUID_PATTERN },
};

/** The optional `Idempotency-Key` header of an operation that changes something. */
export function idempotencyKeyParameter(description: string): ParameterDef {
  return {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    summary: 'Idempotency Key',
    description,
    visibility: 'advanced',
    schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7E]+$' },
  };
}

/** The error response (no schema, as certification requires on `default`). */
export const defaultResponse = { description: 'Error: the body is { error: { code, message, messageEn, details } }.' };
