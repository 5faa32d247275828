/**
 * Builds the connector's OpenAPI 2.0 (Swagger) definition from the API's own route definitions
 * (connectors/fieldops/api), so the routes and the definition cannot disagree. The committed
 * `apiDefinition.swagger.json` is this function's output; a test fails when they differ.
 *
 * Run `npm run connectors:generate` to rewrite the committed file after changing a route.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROJECT_ROOT } from '../../core/util/project-root.js';
import { FIELDOPS_ROUTES } from './api/index.js';
import { FIELDOPS_BASE_PATH, type OperationDef, type Schema } from './api/operation.js';

/** Where the committed definition lives. */
export const DEFINITION_FILE = path.join(PROJECT_ROOT, 'connectors/fieldops/apiDefinition.swagger.json');

/** Placeholder host of the committed definition; replaced by the deployment's host (README). */
export const PLACEHOLDER_HOST = 'equipage.example.org';

export const CONNECTOR_TITLE = 'Equipage Field Operations';

/** Swagger 2.0 has no `nullable`; JSON Schema's keyword is kept out of the document. */
function toSwaggerSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toSwaggerSchema);
  if (schema && typeof schema === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(schema)) {
      if (key === 'nullable') {
        if (value === true) out['x-nullable'] = true;
        continue;
      }
      out[key] = key === 'properties' ? Object.fromEntries(Object.entries(value as object).map(([n, s]) => [n, toSwaggerSchema(s)])) : toSwaggerSchema(value);
    }
    return out;
  }
  return schema;
}

function operationObject(def: OperationDef): Record<string, unknown> {
  const parameters: Array<Record<string, unknown>> = def.parameters.map((p) => ({
    name: p.name,
    in: p.in,
    required: p.required,
    ...(toSwaggerSchema(p.schema) as Schema),
    'x-ms-summary': p.summary,
    description: p.description,
    'x-ms-visibility': p.visibility,
  }));
  if (def.body) {
    parameters.push({
      name: def.body.name,
      in: 'body',
      required: true,
      'x-ms-summary': def.body.summary,
      description: def.body.description,
      schema: toSwaggerSchema(def.body.schema),
    });
  }
  const responses: Record<string, unknown> = {};
  for (const [status, r] of Object.entries(def.responses)) {
    responses[status] = {
      description: r.description,
      ...(r.schema ? { schema: toSwaggerSchema(r.schema) } : {}),
      ...(r.headers ? { headers: r.headers } : {}),
    };
  }
  return {
    operationId: def.operationId,
    summary: def.summary,
    description: def.description,
    ...(def.visibility ? { 'x-ms-visibility': def.visibility } : {}),
    ...(def.body ? { consumes: ['application/json'] } : {}),
    produces: ['application/json'],
    parameters,
    responses,
    ...def.extensions,
  };
}

/** The definition, deterministic (no dates, no environment). */
export function generateFieldOpsDefinition(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { def } of FIELDOPS_ROUTES) {
    paths[def.path] ??= {};
    paths[def.path]![def.method.toLowerCase()] = operationObject(def);
  }
  return {
    swagger: '2.0',
    info: {
      title: CONNECTOR_TITLE,
      description:
        'Lets field agents of a French commune report problems seen in the street (potholes, broken street lights, fly-tipping, damaged trees) ' +
        'with their position and photos, find the commune’s assets nearby, and follow their reports.',
      version: '1.0',
      contact: { name: 'Service informatique communal', url: `https://${PLACEHOLDER_HOST}/` },
    },
    host: PLACEHOLDER_HOST,
    basePath: FIELDOPS_BASE_PATH,
    schemes: ['https'],
    consumes: ['application/json'],
    produces: ['application/json'],
    paths,
    definitions: {},
    parameters: {},
    responses: {},
    securityDefinitions: {
      oauth2_auth: {
        type: 'oauth2',
        flow: 'accessCode',
        authorizationUrl: 'https://login.microsoftonline.com/common/oauth2/authorize',
        tokenUrl: 'https://login.microsoftonline.com/common/oauth2/authorize',
        scopes: {},
      },
    },
    security: [{ oauth2_auth: [] }],
    tags: [],
    'x-ms-connector-metadata': [
      { propertyName: 'Website', propertyValue: `https://${PLACEHOLDER_HOST}/` },
      { propertyName: 'Privacy policy', propertyValue: `https://${PLACEHOLDER_HOST}/tab/privacy` },
      { propertyName: 'Categories', propertyValue: 'Productivity;Collaboration' },
    ],
  };
}

/** The definition as committed: two-space JSON with a final newline. */
export function renderFieldOpsDefinition(): string {
  return `${JSON.stringify(generateFieldOpsDefinition(), null, 2)}\n`;
}

// `npm run connectors:generate` runs this file (compiled) directly.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(DEFINITION_FILE, renderFieldOpsDefinition());
  console.log(`Définition écrite / definition written: ${path.relative(process.cwd(), DEFINITION_FILE)}`);
}
