/**
 * How a field-ops operation is described: ONE definition per operation holds its route, its
 * parameters and schemas (Swagger 2.0 subset, with the Power Platform `x-ms-*` annotations) and
 * its texts. From it, `toFastifySchema` derives the validation and serialization schemas of the
 * route, and `generate-definition.ts` derives the connector's OpenAPI 2.0 definition.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../server/context.js';

/** Base path of the connector's API. */
export const FIELDOPS_BASE_PATH = '/api/connectors/fieldops/v1';

/** A JSON schema in the subset both Swagger 2.0 and Ajv understand, with `x-ms-*` annotations. */
export type Schema = Record<string, unknown>;

/** Power Platform `x-ms-visibility`. */
export type Visibility = 'important' | 'advanced' | 'internal';

/** A path, query or header parameter (scalar). */
export interface ParameterDef {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  /** `x-ms-summary`: the label shown in Power Apps / Power Automate (Title Case). */
  summary: string;
  description: string;
  visibility: Visibility;
  /** Scalar schema: type, format, enum, minimum, maximum, pattern, default, `x-ms-dynamic-values`... */
  schema: Schema;
}

/** A response. `schema` is required on 2xx (exact), absent on `default`. */
export interface ResponseDef {
  description: string;
  schema?: Schema;
  /** Response headers the definition declares (e.g. the `Location` of a webhook subscription). */
  headers?: Record<string, { type: 'string'; description: string }>;
  /**
   * The schema describes the notifications of a webhook trigger (`x-ms-trigger`), not this
   * response's body: it goes into the definition only, not into the route's serialization.
   */
  notification?: boolean;
}

/** One operation of the connector. */
export interface OperationDef {
  operationId: string;
  method: 'GET' | 'POST' | 'DELETE';
  /** Path under {@link FIELDOPS_BASE_PATH}, Swagger style (`/reports/{reportId}`). */
  path: string;
  summary: string;
  description: string;
  visibility?: Visibility;
  parameters: ParameterDef[];
  body?: { name: string; summary: string; description: string; schema: Schema };
  responses: Record<string, ResponseDef>;
  /** Extra vendor extensions on the operation (e.g. `x-ms-pageable`). */
  extensions?: Record<string, unknown>;
  /** Largest accepted body, in bytes. */
  bodyLimit?: number;
}

/** A route: its definition and its handler. */
export interface FieldOpsRoute {
  def: OperationDef;
  handler: (ctx: AppContext) => (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
}

/** Builds a property schema with its Power Platform label and description. */
export function prop(summary: string, description: string, schema: Schema): Schema {
  return { ...schema, 'x-ms-summary': summary, description };
}

/** Keywords that are annotations for Swagger only; Ajv (strict) and the serializer must not see them. */
function isSwaggerOnly(key: string): boolean {
  return key.startsWith('x-') || key === 'example';
}

/** Deep copy without Swagger-only annotations. */
export function stripAnnotations(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(stripAnnotations);
  if (schema && typeof schema === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(schema)) {
      if (isSwaggerOnly(key)) continue;
      // Inside `properties`, keys are property names, not keywords: keep them all.
      out[key] =
        key === 'properties' && value && typeof value === 'object'
          ? Object.fromEntries(Object.entries(value).map(([name, s]) => [name, stripAnnotations(s)]))
          : stripAnnotations(value);
    }
    return out;
  }
  return schema;
}

/** The fastify route path (`:param` style) of an operation. */
export function fastifyPath(def: OperationDef): string {
  return FIELDOPS_BASE_PATH + def.path.replace(/\{(\w+)\}/g, ':$1');
}

/** The fastify schema (validation and response serialization) derived from the definition. */
export function toFastifySchema(def: OperationDef): Record<string, unknown> {
  const group = (where: ParameterDef['in']) => {
    const params = def.parameters.filter((p) => p.in === where);
    if (params.length === 0) return undefined;
    // HTTP header names are case-insensitive; fastify presents them lowercased.
    const name = (p: ParameterDef) => (where === 'header' ? p.name.toLowerCase() : p.name);
    return {
      type: 'object',
      properties: Object.fromEntries(params.map((p) => [name(p), stripAnnotations({ ...p.schema, description: p.description })])),
      required: params.filter((p) => p.required).map(name),
    };
  };
  const response: Record<string, unknown> = {};
  for (const [status, r] of Object.entries(def.responses)) {
    if (r.schema && !r.notification) response[status] = stripAnnotations(r.schema);
  }
  return {
    ...(group('path') ? { params: group('path') } : {}),
    ...(group('query') ? { querystring: group('query') } : {}),
    ...(group('header') ? { headers: group('header') } : {}),
    ...(def.body ? { body: stripAnnotations(def.body.schema) } : {}),
    response,
  };
}
