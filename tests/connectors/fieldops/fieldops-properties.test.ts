/**
 * Property-based tests (fast-check) of every operation of the field-ops connector, through
 * `app.inject` on a real PGlite database seeded with the demo commune. Whatever the path ids,
 * query strings, bodies and headers, the API never answers 5xx: either a success whose body matches
 * the response schema the definition declares, or a 4xx with the coded error shape and the
 * catalogue's status. Valid reports round-trip, idempotency keys replay, and status changes follow
 * the workflow exactly (checked against a model).
 */
import ajvModule, { type ValidateFunction } from 'ajv';
import formatsModule from 'ajv-formats';
import fc from 'fast-check';
import { PNG } from 'pngjs';
import { FIELDOPS_ROUTES } from '../../../connectors/fieldops/api/index.js';
import { stripAnnotations, type FieldOpsRoute } from '../../../connectors/fieldops/api/operation.js';
import { STATUS_TRANSITIONS } from '../../../core/field-reports/report-status.js';
import { encodeSkipToken } from '../../../core/field-reports/reports.js';
import { FIELD_REPORT_STATUSES } from '../../../core/field-reports/types.js';
import { ERRORS } from '../../../core/errors.js';
import { ASSET_KINDS, DEMO_CATEGORIES, DEMO_TOWN_CENTRE, type DemoCategory } from '../../../core/seed/demo-assets.js';
import type { FieldReportStatus } from '../../../core/storage/schema.js';
import { createTestContext, type TestContext } from '../../helpers/test-context.js';

const BASE = '/api/connectors/fieldops/v1';
const KEVIN = 'kevin.martin@beaulieu-sur-aune.fr';
const MEHDI = 'mehdi.haddad@beaulieu-sur-aune.fr';
const JEAN_MARC = 'jean-marc.dupuis@beaulieu-sur-aune.fr';
const CALLERS = [KEVIN, MEHDI, JEAN_MARC];
const RUNS = 60;

const ajv = new ajvModule.default({ strict: false, allErrors: true });
formatsModule.default(ajv);
const errorShape = ajv.compile({
  type: 'object',
  required: ['error'],
  additionalProperties: false,
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'messageEn'],
      additionalProperties: false,
      properties: {
        code: { type: 'string', pattern: '^EQP_ERR_[A-Z_]+$' },
        message: { type: 'string', minLength: 1 },
        messageEn: { type: 'string', minLength: 1 },
        details: {},
      },
    },
  },
});
const validationDetails = ajv.compile({
  type: 'array',
  items: {
    type: 'object',
    required: ['path', 'message', 'messageEn'],
    properties: { path: { type: 'string', minLength: 1 }, message: { type: 'string', minLength: 1 }, messageEn: { type: 'string', minLength: 1 } },
  },
});

const route = (operationId: string): FieldOpsRoute => FIELDOPS_ROUTES.find((r) => r.def.operationId === operationId)!;
const successValidators = new Map<string, Map<number, ValidateFunction>>(
  FIELDOPS_ROUTES.map((r) => [
    r.def.operationId,
    new Map(Object.entries(r.def.responses).filter(([status, res]) => /^2\d\d$/.test(status) && res.schema).map(([status, res]) => [Number(status), ajv.compile(stripAnnotations(res.schema) as object)])),
  ]),
);

interface Answer {
  statusCode: number;
  body: string;
  headers: Record<string, unknown>;
}

/** Statuses seen per operation: each property must also reach the operation's success path. */
const seen = new Map<string, number[]>();
const succeeded = (operationId: string) => (seen.get(operationId) ?? []).some((status) => status < 300);

/** The invariant of every answer; returns the parsed body. */
function checkAnswer(operationId: string, res: Answer): any {
  seen.set(operationId, [...(seen.get(operationId) ?? []), res.statusCode]);
  const context = `${operationId} → ${res.statusCode} ${res.body.slice(0, 300)}`;
  if (res.statusCode >= 500) throw new Error(`server error: ${context}`);
  const body = JSON.parse(res.body) as any;
  const validators = successValidators.get(operationId)!;
  if (res.statusCode < 300) {
    const validate = validators.get(res.statusCode);
    if (!validate) throw new Error(`undeclared success status: ${context}`);
    if (!validate(body)) throw new Error(`body does not match the declared schema: ${ajv.errorsText(validate.errors)} in ${context}`);
    return body;
  }
  if (res.statusCode < 400) throw new Error(`unexpected status: ${context}`);
  if (!errorShape(body)) throw new Error(`not the coded error shape: ${context}`);
  const code = body.error.code as keyof typeof ERRORS;
  if (!(code in ERRORS) || ERRORS[code].status !== res.statusCode) throw new Error(`code and status disagree with the catalogue: ${context}`);
  if (code === 'EQP_ERR_VALIDATION' && body.error.details !== undefined && !validationDetails(body.error.details)) {
    throw new Error(`validation details without path and bilingual messages: ${context}`);
  }
  if (code === 'EQP_ERR_RATE_LIMITED' && !res.headers['retry-after']) throw new Error(`429 without Retry-After: ${context}`);
  return body;
}

function pngDataUri(shade: number): string {
  const png = new PNG({ width: 2, height: 2 });
  png.data.fill(shade);
  return `data:image/png;base64,${PNG.sync.write(png).toString('base64')}`;
}

// --- Arbitraries -------------------------------------------------------------------------

const printableAscii = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 40 });
/** Text the database or the parsers may choke on. */
const hostileText = fc.constantFrom('\u0000', 'abc\u0000def', 'a\ud800b', '\udc00\ud800', '%00', "'; drop table field_reports; --", '\\', '%_', '\u202e\u0301', '𝕊𝕀𝔾', ' '.repeat(5), '\r\n');
/** Any text, including control characters, NUL, lone surrogates, emoji and combining marks. */
const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 60 }), fc.string({ unit: 'grapheme', maxLength: 60 }), printableAscii, hostileText);
const numberText = fc.oneof(
  fc.double().map(String),
  fc.integer().map(String),
  fc.constantFrom('', ' ', '-0', '1e309', 'NaN', 'Infinity', '0x10', '1,5', '46.2', '2.21', 'true'),
);
const queryValue = fc.oneof(anyText, numberText, fc.constantFrom(...FIELD_REPORT_STATUSES, ...ASSET_KINDS, 'chaussee-degradee', 'true', 'false', '2026-01-01T00:00:00Z'));
const jsonValue = fc.jsonValue({ maxDepth: 3 });

/** A path segment: real-looking ids, random text, or encoded junk. */
const idSegment = (real: () => string[]) =>
  fc.oneof(
    fc.uuid(),
    fc.uuid().map((u) => u.toUpperCase()),
    fc.nat().map((i) => real()[i % real().length]!),
    fc.nat().map((i) => real()[i % real().length]!),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 50 }),
    fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 30 }),
    fc.constantFrom('chaussee-degradee', 'eclairage-public', 'INCONNUE', '..', '%00', 'a'.repeat(70)),
  )
    .map((s) => percentEncode(s))
    .chain((segment) => fc.oneof({ weight: 4, arbitrary: fc.constant(segment) }, { weight: 1, arbitrary: fc.constantFrom('%ED%A0%80', '%FF', '%', '%2F..%2F', 'a%00b') }));

/** Percent-encodes the UTF-8 bytes of any string (lone surrogates included, which encodeURIComponent refuses). */
const percentEncode = (v: string) => [...Buffer.from(v, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
/** Query-string pieces that are not valid percent-encoding at all. */
const rawQueryJunk = fc.constantFrom('%', '%zz', 'top=%FF%FE', 'search=%ED%A0%80', 'a=b=c', '&&', '=', 'top=1&top=2', 'status[]=new', 'mine=1&mine=0');

/** A query string from the operation's own parameters plus strangers, repeated or not. */
const queryString = (names: string[]) =>
  fc
    .array(fc.tuple(fc.oneof(fc.constantFrom(...names), fc.constantFrom('$filter', 'x', '__proto__', 'constructor')), queryValue), { maxLength: 6 })
    .chain((pairs) => fc.tuple(fc.constant(pairs.map(([k, v]) => `${encodeURIComponent(k)}=${percentEncode(v)}`).join('&')), fc.option(rawQueryJunk)))
    .map(([query, junk]) => (junk === null ? query : `${query}&${junk}`));

/** Mostly a known caller (so requests get past authentication), sometimes a stranger or nobody. */
const headersArb = fc
  .tuple(
    fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...CALLERS) }, { weight: 1, arbitrary: printableAscii }, { weight: 1, arbitrary: fc.constant(null) }),
    fc.option(fc.oneof(printableAscii, fc.uuid())),
    fc.option(fc.constantFrom('fr-FR', 'en', '*')),
  )
  .map(([user, key, language]) => ({
    ...(user === null ? {} : { 'x-equipage-local-user': user }),
    ...(key === null ? {} : { 'idempotency-key': key }),
    ...(language === null ? {} : { 'accept-language': language }),
  }));

/** A body: raw bytes that may not be JSON at all, or a JSON value under any content type. */
const rawBody = (jsonish: fc.Arbitrary<unknown>) =>
  fc.oneof(
    jsonish.map((value) => ({ payload: JSON.stringify(value) ?? 'null', contentType: 'application/json' })),
    jsonish.map((value) => ({ payload: JSON.stringify(value) ?? 'null', contentType: 'application/json; charset=utf-8' })),
    fc.tuple(anyText, fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data')).map(([payload, contentType]) => ({
      payload,
      contentType,
    })),
  );

const observedAt = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2026-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());
const noNegativeZero = (n: number) => (Object.is(n, -0) ? 0 : n);
const trimmedText = (min: number, max: number) =>
  fc.string({ unit: 'grapheme', minLength: min, maxLength: max }).filter((s) => s.trim() === s && s.length >= min && !s.includes('\u0000'));

/** Values that the category's own fields accept. */
function categoryFields(category: DemoCategory): fc.Arbitrary<Record<string, string | number | boolean>> {
  const entries: Record<string, fc.Arbitrary<string | number | boolean>> = {};
  for (const f of category.fields) {
    switch (f.type) {
      case 'choice':
        entries[f.key] = fc.constantFrom(...(f.options ?? []));
        break;
      case 'boolean':
        entries[f.key] = fc.boolean();
        break;
      case 'integer':
        entries[f.key] = fc.integer({ min: f.minimum ?? -1000, max: f.maximum ?? 1000 });
        break;
      case 'number':
        entries[f.key] = fc.double({ min: f.minimum ?? -1000, max: f.maximum ?? 1000, noNaN: true }).map(noNegativeZero);
        break;
      case 'text':
        entries[f.key] = trimmedText(1, Math.min(f.maxLength ?? 100, 100));
        break;
    }
  }
  return fc.record(entries, { requiredKeys: category.fields.filter((f) => f.required).map((f) => f.key) });
}

/** A report every rule accepts. */
const validReport = fc.constantFrom(...DEMO_CATEGORIES).chain((category) =>
  fc.record(
    {
      category: fc.constant(category.code),
      description: trimmedText(3, 300),
      location: fc.record(
        {
          latitude: fc.double({ min: -90, max: 90, noNaN: true }).map(noNegativeZero),
          longitude: fc.double({ min: -180, max: 180, noNaN: true }).map(noNegativeZero),
          accuracy: fc.double({ min: 0, max: 100000, noNaN: true }).map(noNegativeZero),
          address: trimmedText(1, 300),
        },
        { requiredKeys: ['latitude', 'longitude', 'accuracy'] },
      ),
      observedAt,
      fields: categoryFields(category),
    },
    { requiredKeys: ['category', 'description', 'location', 'fields'] },
  ),
);

/** A valid report with one part replaced by anything. */
const mutatedReport = fc
  .tuple(validReport, fc.constantFrom('category', 'description', 'location', 'observedAt', 'fields', 'photos', 'assetId', 'extra'), fc.oneof(jsonValue, anyText, fc.array(anyText, { maxLength: 7 })))
  .map(([report, key, value]) => ({ ...report, [key]: value }));

// --- Tests -------------------------------------------------------------------------------

describe('field-ops connector properties', () => {
  let t: TestContext;
  const reportIds: string[] = [];
  const known = () => (reportIds.length ? reportIds : ['00000000-0000-4000-8000-000000000000']);

  async function send(operationId: string, options: { method?: 'GET' | 'POST'; url: string; headers?: Record<string, string>; payload?: string; contentType?: string }) {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.contentType) headers['content-type'] = options.contentType;
    const res = await t.app.inject({ method: options.method ?? route(operationId).def.method, url: options.url, headers, ...(options.payload !== undefined ? { payload: options.payload } : {}) });
    return checkAnswer(operationId, { statusCode: res.statusCode, body: res.body, headers: res.headers });
  }

  beforeAll(async () => {
    // Far above what these runs send: the rate limit has its own test.
    t = await createTestContext({ env: { FIELDOPS_RATE_LIMIT_PER_MINUTE: '1000000' } });
    for (let i = 0; i < 3; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: `${BASE}/reports`,
        headers: { 'x-equipage-local-user': KEVIN },
        payload: { category: 'chaussee-degradee', description: `Signalement de départ ${i}`, location: { ...DEMO_TOWN_CENTRE, accuracy: 5 }, fields: { size: 'plus de 1 m' } },
      });
      reportIds.push(res.json().id);
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  it('ListReportCategories: any query and headers → a valid list or a coded 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(queryString(['top', 'search']), headersArb, async (query, headers) => {
        await send('ListReportCategories', { url: `${BASE}/categories?${query}`, headers });
      }),
      { numRuns: RUNS },
    );
    expect(succeeded('ListReportCategories')).toBe(true);
  });

  it('GetReportCategory: any category code → the category or a coded 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(idSegment(() => DEMO_CATEGORIES.map((c) => c.code)), headersArb, async (code, headers) => {
        await send('GetReportCategory', { url: `${BASE}/categories/${code}`, headers });
      }),
      { numRuns: RUNS },
    );
    expect(succeeded('GetReportCategory')).toBe(true);
  });

  it('SearchAssets: any query → assets matching the schema (nearest first, within the radius) or a coded 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(queryString(['search', 'latitude', 'longitude', 'radius', 'kind', 'top']), headersArb, async (query, headers) => {
        const body = await send('SearchAssets', { url: `${BASE}/assets?${query}`, headers });
        if (body.value) {
          const distances = (body.value as Array<{ distance?: number }>).map((a) => a.distance).filter((d): d is number => d !== undefined);
          expect(distances).toEqual([...distances].sort((a, b) => a - b));
        }
      }),
      { numRuns: RUNS },
    );
    expect(succeeded('SearchAssets')).toBe(true);
  });

  it('SearchAssets: any position near the town centre → nearest first, all within the radius', async () => {
    await fc.assert(
      fc.asyncProperty(fc.double({ min: -0.01, max: 0.01, noNaN: true }), fc.double({ min: -0.01, max: 0.01, noNaN: true }), fc.integer({ min: 1, max: 5000 }), async (dLat, dLon, radius) => {
        const url = `${BASE}/assets?latitude=${DEMO_TOWN_CENTRE.latitude + dLat}&longitude=${DEMO_TOWN_CENTRE.longitude + dLon}&radius=${radius}&top=100`;
        const body = await send('SearchAssets', { url, headers: { 'x-equipage-local-user': KEVIN } });
        const distances = (body.value as Array<{ distance: number }>).map((a) => a.distance);
        expect(distances).toEqual([...distances].sort((a, b) => a - b));
        for (const d of distances) expect(d).toBeLessThanOrEqual(radius + 1);
      }),
      { numRuns: 30 },
    );
  });

  it('CreateFieldReport: any body, content type and headers → a report matching the schema or a coded 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(rawBody(fc.oneof(mutatedReport, jsonValue, validReport)), headersArb, async ({ payload, contentType }, headers) => {
        const body = await send('CreateFieldReport', { url: `${BASE}/reports`, headers, payload, contentType });
        if (body.id) reportIds.push(body.id);
      }),
      { numRuns: RUNS * 2 },
    );
    expect(succeeded('CreateFieldReport')).toBe(true);
  });

  it('GetFieldReport: any report id → the report or a coded 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(idSegment(known), headersArb, async (id, headers) => {
        await send('GetFieldReport', { url: `${BASE}/reports/${id}`, headers });
      }),
      { numRuns: RUNS },
    );
    expect(succeeded('GetFieldReport')).toBe(true);
  });

  it('ListFieldReports: any filters and page tokens → a page matching the schema or a coded 4xx', async () => {
    const token = fc.oneof(fc.integer({ min: -5, max: 2 ** 53 }).map((n) => (n > 0 ? encodeSkipToken(n) : Buffer.from(JSON.stringify({ n })).toString('base64url'))), anyText);
    await fc.assert(
      fc.asyncProperty(queryString(['mine', 'status', 'category', 'from', 'to', 'top']), fc.option(token), headersArb, async (query, skipToken, headers) => {
        const url = `${BASE}/reports?${query}${skipToken === null ? '' : `&skipToken=${percentEncode(skipToken)}`}`;
        const body = await send('ListFieldReports', { url, headers });
        if (body.value) {
          const numbers = (body.value as Array<{ number: string }>).map((r) => r.number);
          expect(numbers).toEqual([...numbers].sort().reverse());
        }
      }),
      { numRuns: RUNS },
    );
    expect(succeeded('ListFieldReports')).toBe(true);
  });

  it('AddReportPhoto: any report id, body and caller → the updated report or a coded 4xx', async () => {
    const photo = fc.oneof(
      fc.integer({ min: 0, max: 255 }).map(pngDataUri),
      anyText,
      fc.tuple(fc.constantFrom('image/png', 'image/jpeg', 'image/webp', 'image/gif', 'text/plain', 'IMAGE/PNG'), fc.uint8Array({ maxLength: 64 })).map(
        ([type, bytes]) => `data:${type};base64,${Buffer.from(bytes).toString('base64')}`,
      ),
      fc.constantFrom('data:image/png;base64,', 'data:image/png;base64,====', 'data:,', 'data:image/png,abc', 'data:image/jpeg;base64,/9j/'),
    );
    const body = fc.oneof(photo.map((p) => ({ photo: p })), jsonValue, fc.record({ photo: jsonValue, extra: jsonValue }, { requiredKeys: [] }));
    await fc.assert(
      fc.asyncProperty(idSegment(known), rawBody(body), headersArb, async (id, { payload, contentType }, headers) => {
        await send('AddReportPhoto', { url: `${BASE}/reports/${id}/photos`, headers, payload, contentType });
      }),
      { numRuns: RUNS },
    );
  });

  it('UpdateFieldReportStatus: any report id, body and caller → the updated report or a coded 4xx', async () => {
    const status = fc.oneof(fc.constantFrom(...FIELD_REPORT_STATUSES), anyText, jsonValue);
    const body = fc.oneof(
      fc.record({ status, comment: fc.oneof(anyText, jsonValue), expectedStatus: status, extra: jsonValue }, { requiredKeys: ['status'] }),
      fc.record({ status: fc.constantFrom(...FIELD_REPORT_STATUSES), comment: anyText }, { requiredKeys: ['status'] }),
      jsonValue,
    );
    await fc.assert(
      fc.asyncProperty(idSegment(known), rawBody(body), headersArb, async (id, { payload, contentType }, headers) => {
        await send('UpdateFieldReportStatus', { url: `${BASE}/reports/${id}/status`, headers, payload, contentType });
      }),
      { numRuns: RUNS },
    );
  });

  it('valid reports round-trip: what GetFieldReport returns is what was created', async () => {
    await fc.assert(
      fc.asyncProperty(validReport, async (report) => {
        const created = await send('CreateFieldReport', { method: 'POST', url: `${BASE}/reports`, headers: { 'x-equipage-local-user': KEVIN }, payload: JSON.stringify(report), contentType: 'application/json' });
        expect(created.id).toEqual(expect.any(String));
        const got = await send('GetFieldReport', { url: `${BASE}/reports/${created.id}`, headers: { 'x-equipage-local-user': MEHDI } });
        expect(got).toEqual(created);
        expect(got.category.code).toBe(report.category);
        expect(got.description).toBe(report.description);
        expect(got.location).toEqual(report.location);
        expect(got.fields).toEqual(report.fields);
        if (report.observedAt) expect(got.observedAt).toBe(report.observedAt);
        expect(got.status).toBe('new');
        expect(got.statusHistory).toEqual([expect.objectContaining({ status: 'new', changedBy: 'Kévin Martin' })]);
      }),
      { numRuns: 40 },
    );
  });

  it('the same Idempotency-Key and body twice give the same report; another body gives 422', async () => {
    await fc.assert(
      fc.asyncProperty(validReport, validReport, fc.uuid(), async (report, other, key) => {
        const headers = { 'x-equipage-local-user': KEVIN, 'idempotency-key': key };
        const first = await send('CreateFieldReport', { method: 'POST', url: `${BASE}/reports`, headers, payload: JSON.stringify(report), contentType: 'application/json' });
        const again = await send('CreateFieldReport', { method: 'POST', url: `${BASE}/reports`, headers, payload: JSON.stringify(report), contentType: 'application/json' });
        expect(again.id).toBe(first.id);
        expect(again).toEqual(first);
        if (JSON.stringify(other) !== JSON.stringify(report)) {
          const res = await t.app.inject({ method: 'POST', url: `${BASE}/reports`, headers, payload: other });
          expect(res.statusCode).toBe(422);
        }
        // Another caller with the same key makes their own report.
        const mehdi = await send('CreateFieldReport', { method: 'POST', url: `${BASE}/reports`, headers: { ...headers, 'x-equipage-local-user': MEHDI }, payload: JSON.stringify(report), contentType: 'application/json' });
        expect(mehdi.id).not.toBe(first.id);
      }),
      { numRuns: 25 },
    );
  });

  it('status changes follow the workflow exactly (model-based), with one history row per accepted change', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...FIELD_REPORT_STATUSES), { minLength: 1, maxLength: 8 }), async (changes) => {
        const created = await send('CreateFieldReport', {
          method: 'POST',
          url: `${BASE}/reports`,
          headers: { 'x-equipage-local-user': KEVIN },
          payload: JSON.stringify({ category: 'chaussee-degradee', description: 'Trottoir soulevé', location: { ...DEMO_TOWN_CENTRE, accuracy: 3 }, fields: { size: 'plus de 1 m' } }),
          contentType: 'application/json',
        });
        let model: FieldReportStatus = 'new';
        let accepted = 0;
        for (const to of changes) {
          const res = await t.app.inject({ method: 'POST', url: `${BASE}/reports/${created.id}/status`, headers: { 'x-equipage-local-user': JEAN_MARC }, payload: { status: to } });
          const body = checkAnswer('UpdateFieldReportStatus', { statusCode: res.statusCode, body: res.body, headers: res.headers });
          if (STATUS_TRANSITIONS[model].includes(to)) {
            expect(res.statusCode).toBe(200);
            expect(body.status).toBe(to);
            model = to;
            accepted++;
          } else {
            expect([res.statusCode, body.error.code]).toEqual([409, 'EQP_ERR_REPORT_STATUS_TRANSITION']);
          }
        }
        const got = await send('GetFieldReport', { url: `${BASE}/reports/${created.id}`, headers: { 'x-equipage-local-user': KEVIN } });
        expect(got.status).toBe(model);
        expect(got.statusHistory).toHaveLength(accepted + 1);
        expect(got.statusHistory.at(-1).status).toBe(model);
      }),
      { numRuns: 25 },
    );
  });
});
