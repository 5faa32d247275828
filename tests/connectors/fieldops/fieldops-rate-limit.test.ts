/**
 * The per-caller rate limit of the field-ops connector (Power Platform: 500 requests per minute per
 * connection). The window is moved by the rate limiter's own clock (`Date.now`), never waited for.
 */
import { jest } from '@jest/globals';
import { createTestContext, type TestContext } from '../../helpers/test-context.js';

const BASE = '/api/connectors/fieldops/v1';
const KEVIN = 'kevin.martin@beaulieu-sur-aune.fr';
const MEHDI = 'mehdi.haddad@beaulieu-sur-aune.fr';
const as = (upn: string) => ({ 'x-equipage-local-user': upn });

describe('field-ops connector rate limit', () => {
  let t: TestContext;
  let now = Date.now();

  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await t?.close();
  });

  it('lets a caller make 500 requests a minute, answers the 501st with 429 and Retry-After, other callers unaffected, then resets', async () => {
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    for (let i = 0; i < 500; i++) {
      // Valid and invalid requests count alike.
      const url = i % 2 === 0 ? `${BASE}/categories` : `${BASE}/assets?top=0`;
      const res = await t.app.inject({ method: 'GET', url, headers: as(KEVIN) });
      expect(res.statusCode).toBe(i % 2 === 0 ? 200 : 400);
    }
    const limited = await t.app.inject({ method: 'GET', url: `${BASE}/categories`, headers: as(KEVIN) });
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('EQP_ERR_RATE_LIMITED');
    expect(limited.json().error.messageEn).toMatch(/retry in \d+ seconds/);
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.json().error.message).toContain(String(retryAfter));

    const other = await t.app.inject({ method: 'GET', url: `${BASE}/categories`, headers: as(MEHDI) });
    expect(other.statusCode).toBe(200);
    // Routes outside the connector's API are not limited.
    expect((await t.app.inject({ method: 'GET', url: '/healthz', headers: as(KEVIN) })).statusCode).toBe(200);

    now += 30_000;
    expect((await t.app.inject({ method: 'GET', url: `${BASE}/categories`, headers: as(KEVIN) })).statusCode).toBe(429);
    now += 30_001;
    const after = await t.app.inject({ method: 'GET', url: `${BASE}/categories`, headers: as(KEVIN) });
    expect(after.statusCode).toBe(200);
  }, 60_000);
});

describe('field-ops connector rate limit, configured', () => {
  let t: TestContext;

  beforeAll(async () => {
    t = await createTestContext({ env: { FIELDOPS_RATE_LIMIT_PER_MINUTE: '3' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('follows FIELDOPS_RATE_LIMIT_PER_MINUTE', async () => {
    expect(t.config.fieldOpsRateLimit).toEqual({ max: 3, windowMs: 60_000 });
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) codes.push((await t.app.inject({ method: 'GET', url: `${BASE}/categories`, headers: as(KEVIN) })).statusCode);
    expect(codes).toEqual([200, 200, 200, 429]);
    // Unauthenticated requests are refused before they are counted, and do not use a caller's quota.
    expect((await t.app.inject({ method: 'GET', url: `${BASE}/categories` })).statusCode).toBe(401);
  });
});
