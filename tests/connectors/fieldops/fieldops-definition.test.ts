/**
 * The field-ops connector's package: the committed OpenAPI definition and icon are what the code
 * generates (no drift), the definition is valid Swagger 2.0 (swagger-parser) and follows Power
 * Platform's certification rules, and the server serves it with an explorer.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { PNG } from 'pngjs';
import { PROJECT_ROOT } from '../../../core/util/project-root.js';
import { DEFINITION_FILE, generateFieldOpsDefinition, renderFieldOpsDefinition } from '../../../connectors/fieldops/generate-definition.js';
import { BRAND_COLOR, ICON_FILE, renderIcon } from '../../../connectors/fieldops/generate-icon.js';
import { createTestContext, type TestContext } from '../../helpers/test-context.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const DIR = path.join(PROJECT_ROOT, 'connectors/fieldops');
const definition = generateFieldOpsDefinition() as Json;
const operations: Array<{ path: string; method: string; op: Json }> = Object.entries(definition.paths as Json).flatMap(([p, methods]) =>
  Object.entries(methods as Json).map(([method, op]) => ({ path: p, method, op: op as Json })),
);

/** Power Platform's official connector categories. */
const OFFICIAL_CATEGORIES = [
  'AI', 'Business Management', 'Business Intelligence', 'Collaboration', 'Commerce', 'Communication', 'Content and Files', 'Finance', 'Data',
  'Human Resources', 'IT Operations', 'Lifestyle and Entertainment', 'Marketing', 'Productivity', 'Sales and CRM', 'Security', 'Social Media', 'Website',
];
const VERBS = ['List', 'Get', 'Search', 'Create', 'Update', 'Delete', 'Send', 'Add', 'Remove', 'Set'];
const SMALL_WORDS = new Set(['a', 'an', 'the', 'of', 'at', 'in', 'on', 'to', 'for', 'and', 'or', 'by', 'per']);

const isTitleCase = (s: string) => s.split(/\s+/).every((w, i) => (i > 0 && SMALL_WORDS.has(w)) || /^[A-Z0-9]/.test(w));
const isSentenceCase = (s: string) => /^[A-Z]/.test(s) && s.split(/\s+/).slice(1).every((w) => !/^[A-Z][a-z]/.test(w) || ['Idempotency', 'Entra', 'ID'].includes(w));
const fullSentences = (s: string) => /^[A-Z].*[.!?]$/.test(s) && s.split(/\s+/).length >= 5;

/** Every property schema under `schema`, with its path. */
function* properties(schema: Json, at: string): Generator<[string, Json]> {
  for (const [name, child] of Object.entries((schema.properties ?? {}) as Json)) {
    yield [`${at}.${name}`, child as Json];
    yield* properties(child as Json, `${at}.${name}`);
    if ((child as Json).items) yield* properties((child as Json).items, `${at}.${name}[]`);
  }
  if (schema.items) yield* properties(schema.items, `${at}[]`);
}

describe('field-ops connector definition', () => {
  it('is exactly what the code generates (run `npm run connectors:generate` after changing a route)', () => {
    expect(readFileSync(DEFINITION_FILE, 'utf8')).toBe(renderFieldOpsDefinition());
  });

  it('has an icon that the committed script generates, on the brand colour', () => {
    const committed = readFileSync(ICON_FILE);
    expect(committed.equals(renderIcon())).toBe(true);
    const png = PNG.sync.read(committed);
    expect([png.width, png.height]).toEqual([230, 230]);
    const corner = [png.data[0], png.data[1], png.data[2]].map((v) => v!.toString(16).padStart(2, '0')).join('');
    expect(`#${corner}`).toBe(BRAND_COLOR);
    expect(committed.length).toBeLessThan(1024 * 1024);
  });

  it('is valid OpenAPI 2.0 for swagger-parser', async () => {
    const doc = JSON.parse(readFileSync(DEFINITION_FILE, 'utf8'));
    await expect(SwaggerParser.validate(doc)).resolves.toMatchObject({ swagger: '2.0' });
  });

  it('lists the operations of the connector', () => {
    expect(operations.map((o) => o.op.operationId).sort()).toEqual(
      [
        'AddReportPhoto',
        'CreateFieldReport',
        'CreateReportSubscription',
        'DeleteReportSubscription',
        'GetFieldReport',
        'GetReportCategory',
        'ListFieldReports',
        'ListReportCategories',
        'SearchAssets',
        'UpdateFieldReportStatus',
      ].sort(),
    );
  });

  describe('Power Platform certification rules', () => {
    it('title: at most 30 characters, no "API", "Connector" nor product name', () => {
      const title = definition.info.title as string;
      expect(title.length).toBeLessThanOrEqual(30);
      expect(title).not.toMatch(/\bAPI\b|connector|power ?(apps|automate|platform|bi)|copilot|logic apps/i);
    });

    it('description: 30 to 500 characters', () => {
      const d = definition.info.description as string;
      expect(d.length).toBeGreaterThanOrEqual(30);
      expect(d.length).toBeLessThanOrEqual(500);
    });

    it('connector metadata: website, privacy policy, at most two official categories', () => {
      const meta = Object.fromEntries((definition['x-ms-connector-metadata'] as Array<{ propertyName: string; propertyValue: string }>).map((m) => [m.propertyName, m.propertyValue]));
      expect(meta.Website).toMatch(/^https:\/\//);
      expect(meta['Privacy policy']).toMatch(/^https:\/\//);
      const categories = meta.Categories!.split(';');
      expect(categories.length).toBeGreaterThanOrEqual(1);
      expect(categories.length).toBeLessThanOrEqual(2);
      for (const c of categories) expect(OFFICIAL_CATEGORIES).toContain(c);
    });

    it.each(operations.map((o) => [o.op.operationId, o] as const))('%s: operationId, summary and description', (_id, { op }) => {
      expect(op.operationId).toMatch(new RegExp(`^(${VERBS.join('|')})([A-Z][a-z0-9]+)+$`));
      const summary = op.summary as string;
      expect(summary.length).toBeLessThanOrEqual(80);
      expect(summary).not.toMatch(/[.!?:;,]$/);
      expect(isSentenceCase(summary)).toBe(true);
      expect(fullSentences(op.description)).toBe(true);
      expect(op.description).not.toBe(summary);
    });

    it.each(operations.map((o) => [o.op.operationId, o] as const))('%s: every parameter has a Title Case x-ms-summary, a description and a visibility', (_id, { op }) => {
      for (const p of op.parameters as Json[]) {
        expect(isTitleCase(p['x-ms-summary'] ?? '')).toBe(true);
        expect(fullSentences(p.description ?? '')).toBe(true);
        if (p.in === 'body') continue;
        expect(['important', 'advanced', 'internal']).toContain(p['x-ms-visibility']);
        // An internal parameter is never shown: if it is required, it must have a default.
        if (p['x-ms-visibility'] === 'internal' && p.required) expect(p.default).toBeDefined();
      }
    });

    it.each(operations.map((o) => [o.op.operationId, o] as const))('%s: a required internal body property has a default or is the notification URL', (_id, { op }) => {
      for (const p of op.parameters as Json[]) {
        if (p.in !== 'body') continue;
        const walk = (schema: Json, at: string): void => {
          for (const [name, child] of Object.entries((schema.properties ?? {}) as Json)) {
            const c = child as Json;
            if (c['x-ms-visibility'] !== undefined) expect({ at: `${at}.${name}`, v: ['important', 'advanced', 'internal'].includes(c['x-ms-visibility']) }).toEqual({ at: `${at}.${name}`, v: true });
            const required = ((schema.required ?? []) as string[]).includes(name);
            // Power Automate fills the notification URL itself; any other hidden required value needs a default.
            if (c['x-ms-visibility'] === 'internal' && required && c['x-ms-notification-url'] !== true) {
              expect({ at: `${at}.${name}`, hasDefault: c.default !== undefined }).toEqual({ at: `${at}.${name}`, hasDefault: true });
            }
            walk(c, `${at}.${name}`);
          }
        };
        walk(p.schema, 'body');
      }
    });

    it.each(operations.map((o) => [o.op.operationId, o] as const))('%s: every body and response property has a Title Case x-ms-summary and a description', (_id, { op }) => {
      const schemas: Array<[string, Json]> = [];
      for (const p of op.parameters as Json[]) if (p.in === 'body') schemas.push(['body', p.schema]);
      for (const [status, r] of Object.entries(op.responses as Json)) if ((r as Json).schema) schemas.push([`response ${status}`, (r as Json).schema]);
      let checked = 0;
      for (const [where, schema] of schemas) {
        for (const [at, prop] of properties(schema, where)) {
          checked++;
          expect({ at, summary: prop['x-ms-summary'], ok: isTitleCase(prop['x-ms-summary'] ?? '') }).toEqual(expect.objectContaining({ ok: true }));
          expect({ at, description: typeof prop.description === 'string' && prop.description.length > 0 }).toEqual({ at, description: true });
        }
      }
      // Only a DELETE answering 204 has neither a body nor a response body.
      if (schemas.length === 0) expect(Object.keys(op.responses as Json)).toContain('204');
      else expect(checked).toBeGreaterThan(0);
    });

    it.each(operations.map((o) => [o.op.operationId, o] as const))('%s: exact schema on 2xx responses, none on default', (_id, { op }) => {
      const responses = op.responses as Json;
      const ok = Object.keys(responses).filter((s) => /^2\d\d$/.test(s));
      expect(ok.length).toBe(1);
      // 204 No Content has no body, hence no schema.
      if (ok[0] === '204') expect(responses['204'].schema).toBeUndefined();
      for (const s of ok.filter((status) => status !== '204')) {
        expect(responses[s].schema).toEqual(expect.objectContaining({ type: 'object', properties: expect.any(Object) }));
        expect(responses[s].schema.additionalProperties).toBe(false);
      }
      expect(responses.default).toBeDefined();
      expect(responses.default.schema).toBeUndefined();
    });

    describe('webhook trigger', () => {
      const triggers = operations.filter((o) => o.op['x-ms-trigger'] !== undefined);

      it('has a trigger, single, with a hint', () => {
        expect(triggers.map((t) => t.op.operationId)).toEqual(['CreateReportSubscription']);
        expect(triggers[0]!.op['x-ms-trigger']).toBe('single');
        expect(triggers[0]!.method).toBe('post');
        expect(typeof triggers[0]!.op['x-ms-trigger-hint']).toBe('string');
      });

      it.each(triggers.map((o) => [o.op.operationId, o] as const))('%s: subscribing answers 201 with a Location header and the notification schema', (_id, { op }) => {
        const created = (op.responses as Json)['201'];
        expect(created).toBeDefined();
        expect(created.headers.Location).toMatchObject({ type: 'string' });
        expect(created.schema.properties.report.properties.id).toBeDefined();
        expect(created.schema.properties.event.enum).toEqual(['created', 'updated']);
      });

      it.each(triggers.map((o) => [o.op.operationId, o] as const))('%s: a DELETE exists on the path of the Location, internal, answering 2xx', (_id, { path: subscribePath }) => {
        // The Location is the subscription's address: the subscribe path plus one path parameter.
        const deletes = operations.filter((o) => o.method === 'delete' && new RegExp(`^${subscribePath}/\\{\\w+\\}$`).test(o.path));
        expect(deletes).toHaveLength(1);
        const del = deletes[0]!.op;
        expect(del['x-ms-visibility']).toBe('internal');
        const param = (del.parameters as Json[]).find((p) => p.in === 'path')!;
        expect(deletes[0]!.path).toContain(`{${param.name}}`);
        expect(param.required).toBe(true);
        expect(Object.keys(del.responses as Json).some((s) => /^2\d\d$/.test(s))).toBe(true);
      });

      it.each(triggers.map((o) => [o.op.operationId, o] as const))('%s: the callback URL has x-ms-notification-url, is internal and required', (_id, { op }) => {
        const body = (op.parameters as Json[]).find((p) => p.in === 'body')!.schema as Json;
        const urls = Object.entries(body.properties as Json).filter(([, s]) => (s as Json)['x-ms-notification-url'] === true);
        expect(urls).toHaveLength(1);
        const [name, schema] = urls[0]! as [string, Json];
        expect(schema['x-ms-visibility']).toBe('internal');
        expect(schema.type).toBe('string');
        expect(body.required).toContain(name);
      });
    });

    it('dropdowns and dynamic fields keep a static, usable schema', () => {
      const create = operations.find((o) => o.op.operationId === 'CreateFieldReport')!.op;
      const body = (create.parameters as Json[]).find((p) => p.in === 'body')!.schema;
      expect(body.properties.category['x-ms-dynamic-values']).toMatchObject({ operationId: 'ListReportCategories', 'value-path': 'code' });
      expect(body.properties.category.type).toBe('string');
      expect(body.properties.fields['x-ms-dynamic-schema']).toMatchObject({ operationId: 'GetReportCategory', 'value-path': 'schema' });
      expect(body.properties.fields.type).toBe('object');
      const list = operations.find((o) => o.op.operationId === 'ListFieldReports')!.op;
      expect(list['x-ms-pageable']).toEqual({ nextLinkName: 'nextLink' });
      expect(list.responses['200'].schema.properties.nextLink).toBeDefined();
    });
  });

  it('has apiProperties with the aad identity provider, resourceUri, brand colour and capabilities', () => {
    const props = JSON.parse(readFileSync(path.join(DIR, 'apiProperties.json'), 'utf8')).properties;
    const oauth = props.connectionParameters.token.oAuthSettings;
    expect(oauth.identityProvider).toBe('aad');
    expect(oauth.customParameters.resourceUri.value).toMatch(/^api:\/\//);
    expect(props.iconBrandColor).toBe(BRAND_COLOR);
    expect(Array.isArray(props.capabilities)).toBe(true);
    const settings = JSON.parse(readFileSync(path.join(DIR, 'settings.json'), 'utf8'));
    expect(settings).toMatchObject({ apiDefinition: 'apiDefinition.swagger.json', apiProperties: 'apiProperties.json', icon: 'icon.png' });
  });

  it('has a README with the standard sections', () => {
    const readme = readFileSync(path.join(DIR, 'README.md'), 'utf8');
    for (const section of ['Publisher', 'Prerequisites', 'Supported Operations', 'Obtaining Credentials', 'Known Issues', 'Deployment Instructions']) {
      expect(readme).toMatch(new RegExp(`^## ${section}`, 'm'));
    }
    for (const { op } of operations) expect(readme).toContain(op.operationId);
  });
});

describe('field-ops definition and explorer served by the server', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext({ seed: false });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('serves the definition with this server as host', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/connectors/fieldops/apiDefinition.swagger.json', headers: { host: 'localhost:3978' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    const served = res.json();
    expect(served.host).toBe('localhost:3978');
    expect(served.schemes).toEqual(['http']);
    expect({ ...served, host: definition.host, schemes: definition.schemes }).toEqual(definition);
  });

  it('serves the interactive explorer, fed with the same definition', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/connectors/fieldops/explorer/' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/swagger-ui/i);
    const bundle = await t.app.inject({ method: 'GET', url: '/connectors/fieldops/explorer/static/swagger-ui-bundle.js' });
    expect(bundle.statusCode).toBe(200);
    const spec = await t.app.inject({ method: 'GET', url: '/connectors/fieldops/explorer/json', headers: { host: '127.0.0.1:4000' } });
    expect(spec.statusCode).toBe(200);
    const json = spec.json();
    expect(json.host).toBe('127.0.0.1:4000');
    expect(json.paths).toEqual(definition.paths);
    // Local mode: the explorer offers the local-user header to authenticate.
    expect(json.securityDefinitions.local_user).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-Equipage-Local-User' });
  });
});
