import { createTestContext, type TestContext } from '../helpers/test-context.js';

describe('buildApp', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers /healthz with the facts an operator needs', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ status: 'ok', version: expect.any(String), storage: 'pglite', blobStore: 'local', localMode: true });
    expect(body.migrations).toContain('0001-initial');
    expect(typeof body.uptimeSeconds).toBe('number');
  });

  it('answers /readyz when the database answers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ready' });
  });

  it('serves the landing page in French with English, announcing local mode', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('<html lang="fr">');
    expect(res.body).toContain('Mode local — sans authentification');
    expect(res.body).toContain('Local mode — no authentication');
    expect(res.body).toContain('href="/tab/agent"');
    expect(res.body).toContain('href="/tab/manager"');
    expect(res.body).toContain('href="/connectors/fieldops/apiDefinition.swagger.json"');
  });

  it('answers unknown routes with the coded JSON error shape', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/nope?x=1' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      error: { code: 'EQP_ERR_NOT_FOUND', message: 'Ressource introuvable : GET /nope.', messageEn: 'Not found: GET /nope.' },
    });
  });
});

describe('buildApp outside local mode', () => {
  it('refuses to build without a token verifier when Entra ID is configured', async () => {
    await expect(
      createTestContext({
        env: { AAD_APP_CLIENT_ID: '11111111-2222-4333-8444-555555555555', AAD_APP_TENANT_ID: '99999999-8888-4777-8666-555555555555' },
      }),
    ).rejects.toThrow(/token verifier/);
  });
});
