/**
 * Entra ID token verification through a real route (`app.inject` with `Authorization: Bearer`),
 * against a local OpenID configuration + JWKS server with keys generated here.
 */
import { SignJWT } from 'jose';
import { createEntraTokenVerifier } from '../../../core/auth/entra-token-verifier.js';
import { loadConfig } from '../../../core/config/config.js';
import { demoIds } from '../../../core/seed/seed.js';
import { startEntraServer, type EntraServer } from '../../doubles/entra-server.js';
import { createTestContext, type TestContext } from '../../helpers/test-context.js';

const CLIENT_ID = '6b1c0f3e-2a4d-4e5f-8a9b-0c1d2e3f4a5b';
const TENANT = '9d2c5a4e-7b1f-4c3a-9e8d-5f6a7b8c9d0e';
const PARTNER_TENANT = '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const OTHER_TENANT = 'ffffffff-1111-4222-8333-444444444444';
const ROUTE = '/api/connectors/fieldops/v1/reports?mine=true';
const KEVIN_OID = demoIds.entraObjectId('kevin.martin');

describe('Entra ID token verification', () => {
  let entra: EntraServer;
  let t: TestContext;
  let verifier: ReturnType<typeof createEntraTokenVerifier>;

  beforeAll(async () => {
    entra = await startEntraServer();
    const env = {
      AAD_APP_CLIENT_ID: CLIENT_ID,
      AAD_APP_TENANT_ID: TENANT,
      AAD_APP_OAUTH_AUTHORITY_HOST: entra.authorityHost,
      ALLOWED_TENANT_IDS: `${TENANT},${PARTNER_TENANT}`,
      PUBLIC_BASE_URL: 'https://equipage.beaulieu-sur-aune.fr',
    };
    const config = loadConfig({ env: { DATA_DIR: '/tmp/unused', ...env }, readEnvFiles: false });
    expect(config.localMode).toBe(false);
    verifier = createEntraTokenVerifier(config.entra!, config.allowedTenantIds, { publicBaseUrl: config.server.publicBaseUrl });
    t = await createTestContext({ env, tokenVerifier: verifier });
  });
  afterAll(async () => {
    await t?.close();
    await entra?.close();
  });

  const call = (token: string | undefined, extra: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url: ROUTE, headers: { ...(token === undefined ? {} : { authorization: `Bearer ${token}` }), ...extra } });
  /** 401 through the route; with `reason`, the verifier itself must reject for that reason (not another). */
  const expect401 = async (token: string | undefined, reason?: RegExp, extra: Record<string, string> = {}) => {
    const res = await call(token, extra);
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('EQP_ERR_UNAUTHENTICATED');
    if (reason && token !== undefined) await expect(verifier.verify(token)).rejects.toThrow(reason);
  };

  it('accepts a valid v2 token and maps its oid to the demo person', async () => {
    const token = await entra.mint(TENANT, CLIENT_ID, { claims: { oid: KEVIN_OID } });
    const res = await call(token);
    expect(res.statusCode).toBe(200);
    // The caller is Kévin: a report created with the same token is his.
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/connectors/fieldops/v1/reports',
      headers: { authorization: `Bearer ${token}` },
      payload: { category: 'tag-graffiti', description: 'Tag sur la médiathèque', location: { latitude: 46.2, longitude: 2.21, accuracy: 5 } },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().reporter.displayName).toBe('Kévin Martin');
  });

  it('accepts the v1 issuer and the api:// audience forms', async () => {
    const v1 = await entra.mint(TENANT, `api://${CLIENT_ID}`, { claims: { iss: `https://sts.windows.net/${TENANT}/`, ver: '1.0', oid: KEVIN_OID } });
    expect((await call(v1)).statusCode).toBe(200);
    const teamsSso = await entra.mint(TENANT, `api://equipage.beaulieu-sur-aune.fr/${CLIENT_ID}`, { claims: { oid: KEVIN_OID } });
    expect((await call(teamsSso)).statusCode).toBe(200);
  });

  it('accepts another tenant of the allow-list, with an identity unknown to the directory', async () => {
    const token = await entra.mint(PARTNER_TENANT, CLIENT_ID, { claims: { oid: '12345678-1234-4234-8234-123456789abc' } });
    const res = await call(token);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ value: [] });
  });

  it('rejects a missing token, and the local-user header outside local mode', async () => {
    await expect401(undefined);
    await expect401(undefined, undefined, { 'x-equipage-local-user': 'kevin.martin@beaulieu-sur-aune.fr' });
    await expect401('not-a-jwt', /malformed/);
  });

  it('rejects a token whose signature was tampered with', async () => {
    const token = await entra.mint(TENANT, CLIENT_ID, { claims: { oid: KEVIN_OID } });
    const [h, p, s] = token.split('.');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString()) as Record<string, unknown>;
    payload.oid = demoIds.entraObjectId('claire.morel');
    await expect401(`${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`, /signature verification failed/);
    const flipped = `${s!.slice(0, 10)}${s![10] === 'A' ? 'B' : 'A'}${s!.slice(11)}`;
    await expect401(`${h}.${p}.${flipped}`, /signature verification failed/);
  });

  it('rejects a token signed with a key that is not published (same or other kid)', async () => {
    const other = await entra.unpublishedKey();
    await expect401(await entra.mint(TENANT, CLIENT_ID, { key: other, claims: { oid: KEVIN_OID } }), /no applicable key|JWKSNoMatchingKey/);
    await expect401(await entra.mint(TENANT, CLIENT_ID, { key: other, kid: entra.key.kid, claims: { oid: KEVIN_OID } }), /signature verification failed/);
  });

  it('rejects a wrong issuer', async () => {
    await expect401(await entra.mint(TENANT, CLIENT_ID, { claims: { oid: KEVIN_OID, iss: `https://login.example.com/${TENANT}/v2.0` } }), /"iss" claim/);
    // The issuer of another (even allowed) tenant than the token's tid.
    await expect401(await entra.mint(TENANT, CLIENT_ID, { claims: { oid: KEVIN_OID, iss: `${entra.authorityHost}/${PARTNER_TENANT}/v2.0` } }), /"iss" claim/);
  });

  it('rejects a wrong audience', async () => {
    await expect401(await entra.mint(TENANT, '00000003-0000-0000-c000-000000000000', { claims: { oid: KEVIN_OID } }), /"aud" claim/);
    await expect401(await entra.mint(TENANT, `api://evil.example.com/${CLIENT_ID}`, { claims: { oid: KEVIN_OID } }), /"aud" claim/);
  });

  it('rejects an expired token beyond the clock tolerance, and one without exp', async () => {
    await expect401(await entra.mint(TENANT, CLIENT_ID, { expiresInSeconds: -300, claims: { oid: KEVIN_OID } }), /ERR_JWT_EXPIRED|"exp" claim/);
    await expect401(await entra.mint(TENANT, CLIENT_ID, { omit: ['exp'], claims: { oid: KEVIN_OID } }), /missing required "exp" claim/);
    // Within the 60 s tolerance: still accepted.
    expect((await call(await entra.mint(TENANT, CLIENT_ID, { expiresInSeconds: -10, claims: { oid: KEVIN_OID } }))).statusCode).toBe(200);
  });

  it('rejects a tenant outside the allow-list without fetching its metadata', async () => {
    const token = await entra.mint(OTHER_TENANT, CLIENT_ID, { claims: { oid: KEVIN_OID } });
    await expect401(token, /not allowed/);
    expect(entra.hits.get(`/${OTHER_TENANT}/v2.0/.well-known/openid-configuration`)).toBeUndefined();
    await expect401(await entra.mint(TENANT, CLIENT_ID, { omit: ['tid'], claims: { oid: KEVIN_OID } }), /tid claim missing/);
  });

  it('rejects a token without oid', async () => {
    await expect401(await entra.mint(TENANT, CLIENT_ID, { omit: ['oid'] }), /missing required "oid" claim/);
  });

  it('rejects alg none and HMAC tokens', async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = { iss: `${entra.authorityHost}/${TENANT}/v2.0`, aud: CLIENT_ID, tid: TENANT, oid: KEVIN_OID, iat: now, exp: now + 600 };
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    await expect401(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`, /algorithm none not accepted/);
    await expect401(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.AAAA`, /algorithm none not accepted/);
    const hs = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', kid: entra.key.kid }).sign(new TextEncoder().encode(JSON.stringify(entra.key.publicJwk)));
    await expect401(hs, /algorithm HS256 not accepted/);
  });

  it('fetched the configured tenant metadata once and cached the key set', async () => {
    expect(entra.hits.get(`/${TENANT}/v2.0/.well-known/openid-configuration`)).toBe(1);
    expect(entra.hits.get(`/${TENANT}/discovery/v2.0/keys`)).toBeGreaterThanOrEqual(1);
  });
});

describe('createEntraTokenVerifier defaults', () => {
  it('allows only the configured tenant when the allow-list is empty', async () => {
    const entra = await startEntraServer();
    try {
      const verifier = createEntraTokenVerifier({ clientId: CLIENT_ID, clientSecret: undefined, tenantId: TENANT, authorityHost: entra.authorityHost }, []);
      await expect(verifier.verify(await entra.mint(TENANT, CLIENT_ID))).resolves.toEqual({
        objectId: '00000000-0000-4000-8000-000000000001',
        tenantId: TENANT,
        upn: 'someone@example.org',
        name: 'Someone',
      });
      await expect(verifier.verify(await entra.mint(PARTNER_TENANT, CLIENT_ID))).rejects.toThrow(/not allowed/);
    } finally {
      await entra.close();
    }
  });

  it('does not cache a failed discovery: the next token retries', async () => {
    const entra = await startEntraServer();
    try {
      const verifier = createEntraTokenVerifier({ clientId: CLIENT_ID, clientSecret: undefined, tenantId: TENANT, authorityHost: entra.authorityHost }, []);
      const token = await entra.mint(TENANT, CLIENT_ID);
      entra.setAvailable(false);
      await expect(verifier.verify(token)).rejects.toThrow(/HTTP 503/);
      entra.setAvailable(true);
      await expect(verifier.verify(token)).resolves.toMatchObject({ tenantId: TENANT });
    } finally {
      await entra.close();
    }
  });
});
