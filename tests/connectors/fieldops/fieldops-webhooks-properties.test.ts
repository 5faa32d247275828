/**
 * Property-based tests (fast-check) of the webhook trigger's operations, through `app.inject` on
 * a real PGlite database seeded with the demo commune: whatever the body, caller and path, the
 * API never answers 5xx; a subscription is created only for an acceptable callback URL (checked
 * against a model of the address ranges written here, not the guard's code), and only its owner
 * deletes it.
 */
import ajvModule from 'ajv';
import formatsModule from 'ajv-formats';
import fc from 'fast-check';
import { ERRORS } from '../../../core/errors.js';
import { createTestContext, type TestContext } from '../../helpers/test-context.js';

const BASE = '/api/connectors/fieldops/v1';
const KEVIN = 'kevin.martin@beaulieu-sur-aune.fr';
const MEHDI = 'mehdi.haddad@beaulieu-sur-aune.fr';
const JEAN_MARC = 'jean-marc.dupuis@beaulieu-sur-aune.fr';
const CALLERS = [KEVIN, MEHDI, JEAN_MARC];
const RUNS = 60;

const ajv = new ajvModule.default({ strict: false, allErrors: true });
formatsModule.default(ajv);
const subscriptionView = ajv.compile({
  type: 'object',
  required: ['id', 'event', 'createdAt'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', format: 'uuid' },
    event: { enum: ['all', 'created', 'updated'] },
    category: { type: 'string', minLength: 1 },
    createdAt: { type: 'string', format: 'date-time' },
    signingSecret: { type: 'string', minLength: 32 },
  },
});
const errorShape = ajv.compile({
  type: 'object',
  required: ['error'],
  properties: { error: { type: 'object', required: ['code', 'message', 'messageEn'], properties: { code: { type: 'string', pattern: '^EQP_ERR_[A-Z_]+$' } } } },
});

interface Answer {
  statusCode: number;
  body: string;
}

/** Never 5xx; 4xx only with the coded shape and the catalogue's status. Returns the parsed body (or undefined for 204). */
function checkAnswer(res: Answer): any {
  const context = `${res.statusCode} ${res.body.slice(0, 300)}`;
  if (res.statusCode >= 500) throw new Error(`server error: ${context}`);
  if (res.statusCode === 204) {
    if (res.body !== '') throw new Error(`204 with a body: ${context}`);
    return undefined;
  }
  const body = JSON.parse(res.body) as any;
  if (res.statusCode < 400) return body;
  if (!errorShape(body)) throw new Error(`not the coded error shape: ${context}`);
  const code = body.error.code as keyof typeof ERRORS;
  if (!(code in ERRORS) || ERRORS[code].status !== res.statusCode) throw new Error(`code and status disagree with the catalogue: ${context}`);
  return body;
}

/** An IPv4 address outside every special-purpose range (IANA registry), by its first octets. */
function isPublicIpv4(ip: string): boolean {
  const [a, b, c] = ip.split('.').map(Number) as [number, number, number];
  if (a === 0 || a === 10 || a === 127 || a >= 224) return false;
  if (a === 100 && b >= 64 && b <= 127) return false;
  if (a === 169 && b === 254) return false;
  if (a === 172 && b >= 16 && b <= 31) return false;
  if (a === 192 && b === 168) return false;
  if (a === 192 && b === 0 && (c === 0 || c === 2)) return false;
  if (a === 192 && b === 88 && c === 99) return false;
  if (a === 198 && (b === 18 || b === 19)) return false;
  if (a === 198 && b === 51 && c === 100) return false;
  if (a === 203 && b === 0 && c === 113) return false;
  return true;
}

const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 60 }), fc.string({ unit: 'grapheme', maxLength: 60 }), fc.constantFrom('\u0000', 'a\ud800b', '%00', ' '));
/** IPv4 addresses, with the special ranges well represented. */
const ipv4 = fc.oneof(
  fc.ipV4(),
  fc.tuple(fc.constantFrom(0, 10, 100, 127, 169, 172, 192, 198, 203, 224, 255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join('.')),
);

describe('webhook trigger properties', () => {
  let t: TestContext;
  const owners = new Map<string, string>();

  beforeAll(async () => {
    t = await createTestContext({ env: { FIELDOPS_RATE_LIMIT_PER_MINUTE: '1000000', FIELDOPS_WEBHOOK_ALLOW_LOCAL: 'off' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  async function subscribe(headers: Record<string, string>, payload: string, contentType = 'application/json') {
    const res = await t.app.inject({ method: 'POST', url: `${BASE}/subscriptions`, headers: { ...headers, 'content-type': contentType }, payload });
    const body = checkAnswer(res);
    if (res.statusCode === 201) {
      if (!subscriptionView(body)) throw new Error(`201 body does not match the subscription: ${ajv.errorsText(subscriptionView.errors)} ${res.body}`);
      if (!new URL(String(res.headers.location)).pathname.endsWith(`/subscriptions/${body.id}`)) throw new Error(`Location ${res.headers.location} is not the subscription`);
      owners.set(body.id, headers['x-equipage-local-user']!);
    } else if (res.statusCode !== 400 && res.statusCode !== 401 && res.statusCode !== 415 && !(res.statusCode === 409 && body.error?.code === 'EQP_ERR_WEBHOOK_LIMIT')) {
      throw new Error(`unexpected answer to a subscription: ${res.statusCode} ${res.body}`);
    }
    return { status: res.statusCode, body };
  }

  it('CreateReportSubscription: any body and caller → a subscription or a coded 4xx', async () => {
    const body = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null'),
      fc
        .record(
          {
            callbackUrl: fc.oneof(anyText, fc.ipV4().map((ip) => `https://${ip}/hook`), fc.ipV6().map((ip) => `https://[${ip}]/x?sig=1`)),
            event: fc.oneof(fc.constantFrom('all', 'created', 'updated'), anyText),
            category: fc.oneof(fc.constantFrom('chaussee-degradee', 'eclairage-public', 'inconnue'), anyText),
            secret: fc.oneof(fc.string({ minLength: 16, maxLength: 40 }), anyText),
            extra: fc.jsonValue({ maxDepth: 1 }),
          },
          { requiredKeys: [] },
        )
        .map((v) => JSON.stringify(v)),
      anyText,
    );
    const caller = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...CALLERS) }, { weight: 1, arbitrary: fc.string({ maxLength: 20 }) });
    await fc.assert(
      fc.asyncProperty(caller, body, fc.constantFrom('application/json', 'text/plain'), async (user, payload, contentType) => {
        await subscribe({ 'x-equipage-local-user': user }, payload, contentType);
      }),
      { numRuns: RUNS },
    );
  });

  it('CreateReportSubscription: an https URL to a literal IPv4 address is accepted exactly when the address is public', async () => {
    const outcomes = new Set<number>();
    // Spread over the callers: each stays under the cap of 50 active subscriptions per owner.
    await fc.assert(
      fc.asyncProperty(ipv4, fc.constantFrom(...CALLERS), async (ip, user) => {
        const { status, body } = await subscribe({ 'x-equipage-local-user': user }, JSON.stringify({ callbackUrl: `https://${ip}:8443/hook` }));
        outcomes.add(status);
        if (isPublicIpv4(ip)) expect({ ip, status }).toEqual({ ip, status: 201 });
        else expect({ ip, status, code: body.error.code }).toEqual({ ip, status: 400, code: 'EQP_ERR_WEBHOOK_URL_REJECTED' });
      }),
      // 60 runs over three callers: far from 50 subscriptions for any one of them.
      { numRuns: RUNS },
    );
    expect([...outcomes].sort()).toEqual([201, 400]);
  });

  it('DeleteReportSubscription: any id and caller → 204 only for the owner of a real subscription, else a coded 4xx', async () => {
    expect(owners.size).toBeGreaterThan(0);
    const ids = () => [...owners.keys()];
    const segment = fc.oneof(
      { weight: 3, arbitrary: fc.nat().map((i) => ids()[i % ids().length]!) },
      { weight: 1, arbitrary: fc.nat().map((i) => ids()[i % ids().length]!.toUpperCase()) },
      { weight: 1, arbitrary: fc.uuid() },
      { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 30 }).map(encodeURIComponent) },
    );
    const caller = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...CALLERS) }, { weight: 1, arbitrary: fc.constant(null) });
    let deleted = 0;
    await fc.assert(
      fc.asyncProperty(segment, caller, async (id, user) => {
        const res = await t.app.inject({ method: 'DELETE', url: `${BASE}/subscriptions/${id}`, headers: user ? { 'x-equipage-local-user': user } : {} });
        checkAnswer(res);
        const owner = owners.get(id.toLowerCase());
        if (user === null) expect(res.statusCode).toBe(401);
        else if (owner === user) {
          expect(res.statusCode).toBe(204);
          deleted++;
        } else if (owner) expect(res.statusCode).toBe(403);
        else expect([400, 404]).toContain(res.statusCode);
      }),
      { numRuns: RUNS * 2 },
    );
    expect(deleted).toBeGreaterThan(0);
  });
});
