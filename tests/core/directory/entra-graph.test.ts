/**
 * Tokens and the Graph client against the local Entra + Graph double: client credentials, the
 * on-behalf-of flow, the bearer token that reaches Graph, and the relationship endpoints.
 */
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../../core/config/config.js';
import { createEntraApp } from '../../../core/directory/entra-app.js';
import { createAppGraphClient, createGraphClient, createUserGraphClient, graphResource } from '../../../core/directory/graph-client.js';
import { getManager, getPhotoBytes, listDirectReports, listUsers } from '../../../core/directory/graph-directory.js';
import { isEquipageError } from '../../../core/errors.js';
import { startGraphServer, type GraphServer } from '../../doubles/graph-server.js';
import { OID, photoBytes, populateTenant, TENANT_DOMAIN } from './directory-fixture.js';

let server: GraphServer;

beforeAll(async () => {
  server = await startGraphServer({ maxPageSize: 2 });
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  populateTenant(server);
  server.requests.length = 0;
  server.issued.length = 0;
  server.tokenRequests.length = 0;
  server.entraPaths.length = 0;
  server.consentRequired = false;
  server.clearThrottles();
});

const entra = (overrides: Partial<{ clientSecret: string; tenantId: string }> = {}) => ({
  clientId: server.clientId,
  clientSecret: overrides.clientSecret ?? server.clientSecret,
  tenantId: overrides.tenantId ?? server.tenantId,
  authorityHost: server.authorityHost,
});

describe('app-only token (client credentials)', () => {
  it('sends Graph exactly the bearer token the token endpoint issued, requested once and cached', async () => {
    const app = createEntraApp(entra());
    const graph = createAppGraphClient(app, server.graphBaseUrl);
    const users = await listUsers(graph);
    expect(users).toHaveLength(10);

    expect(server.issued).toHaveLength(1);
    const [issued] = server.issued;
    expect(issued).toMatchObject({ grantType: 'client_credentials', scope: `${server.graphResource}/.default` });
    expect(issued!.claims).toMatchObject({ aud: server.graphResource, tid: server.tenantId, appid: server.clientId, idtyp: 'app' });
    const graphRequests = server.requests.filter((r) => r.path === '/users');
    expect(graphRequests.length).toBeGreaterThan(2);
    for (const request of graphRequests) expect(request.authorization).toBe(`Bearer ${issued!.accessToken}`);

    // The token request carried the app's credentials for the configured tenant.
    expect(server.tokenRequests[0]).toMatchObject({ grant_type: 'client_credentials', client_id: server.clientId, client_secret: server.clientSecret });
    // MSAL read the tenant's metadata from the configured authority, and nothing else.
    expect(server.entraPaths).toEqual([`/${server.tenantId}/v2.0/.well-known/openid-configuration`, `/${server.tenantId}/oauth2/v2.0/token`]);
  });

  it('refuses a wrong client secret with a coded error carrying the AADSTS reason; Graph is never called', async () => {
    const app = createEntraApp(entra({ clientSecret: 'not-the-secret' }));
    const error = await listUsers(createAppGraphClient(app, server.graphBaseUrl)).catch((e: unknown) => e);
    expect(isEquipageError(error, 'EQP_ERR_ENTRA_TOKEN_FAILED')).toBe(true);
    expect((error as Error).message).toContain('AADSTS7000215');
    expect(server.requests).toHaveLength(0);
  });

  it('rejects Graph requests without a token the authority issued (the double checks)', async () => {
    const graph = createGraphClient({ baseUrl: server.graphBaseUrl, getAccessToken: async () => 'not-a-token' });
    const error = await listUsers(graph).catch((e: unknown) => e);
    expect(isEquipageError(error, 'EQP_ERR_GRAPH_UNAVAILABLE')).toBe(true);
    expect((error as Error).message).toContain('401 InvalidAuthenticationToken');
  });

  it('needs a client secret', () => {
    expect(() => createEntraApp({ ...entra(), clientSecret: undefined } as never)).toThrow(expect.objectContaining({ code: 'EQP_ERR_DIRECTORY_NOT_CONFIGURED' }));
  });
});

describe('on-behalf-of', () => {
  it('exchanges the user SSO token for a delegated Graph token, and Graph receives that token', async () => {
    const app = createEntraApp(entra());
    const assertion = await server.mintUserAssertion({ oid: OID.agent1, preferred_username: `kevin.voirie@${TENANT_DOMAIN}`, name: 'Kévin Martin' });
    const token = await app.acquireTokenOnBehalfOf(assertion, [`${server.graphResource}/User.Read`]);

    const request = server.tokenRequests.at(-1)!;
    expect(request).toMatchObject({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      requested_token_use: 'on_behalf_of',
      assertion,
      client_id: server.clientId,
    });
    const claims = await server.verify(token.token);
    expect(claims).toMatchObject({ aud: server.graphResource, oid: OID.agent1, scp: 'User.Read', upn: `kevin.voirie@${TENANT_DOMAIN}` });
    expect(server.issued.at(-1)).toMatchObject({ grantType: 'on_behalf_of', accessToken: token.token });

    const graph = createUserGraphClient(app, server.graphBaseUrl, assertion, ['User.Read']);
    expect(await getManager(graph, OID.agent1)).toEqual({ id: OID.chefVoirie, displayName: 'Jean Durand' });
    expect(server.requests.at(-1)!.authorization).toBe(`Bearer ${token.token}`);
  });

  it('asks for consent when Entra answers consent_required (AADSTS65001)', async () => {
    server.consentRequired = true;
    const app = createEntraApp(entra());
    const assertion = await server.mintUserAssertion({ oid: OID.agent2 });
    const error = await app.acquireTokenOnBehalfOf(assertion, [`${server.graphResource}/User.Read`]).catch((e: unknown) => e);
    expect(isEquipageError(error, 'EQP_ERR_GRAPH_CONSENT_REQUIRED')).toBe(true);
    expect((error as { status: number }).status).toBe(403);
  });

  it('refuses a user token meant for another app', async () => {
    const app = createEntraApp(entra());
    const assertion = await server.mintUserAssertion({ oid: OID.agent2 }, { audience: `api://localhost/${randomUUID()}` });
    const error = await app.acquireTokenOnBehalfOf(assertion, [`${server.graphResource}/User.Read`]).catch((e: unknown) => e);
    expect(isEquipageError(error, 'EQP_ERR_ENTRA_TOKEN_FAILED')).toBe(true);
    expect((error as Error).message).toContain('AADSTS50013');
  });
});

describe('relationships and photos', () => {
  it('reads a manager (null without one), paged direct reports and photo bytes (null without one)', async () => {
    const graph = createAppGraphClient(createEntraApp(entra()), server.graphBaseUrl);
    expect(await getManager(graph, OID.agent1)).toEqual({ id: OID.chefVoirie, displayName: 'Jean Durand' });
    expect(await getManager(graph, OID.dgs)).toBeNull();
    const reports = await listDirectReports(graph, OID.chefVoirie);
    expect(reports.map((r) => r.id).sort()).toEqual([OID.agent1, OID.agent2, OID.agent3].sort());
    expect(server.requests.filter((r) => r.path.endsWith('/directReports'))).toHaveLength(2); // 3 reports, 2 per page
    expect(await getPhotoBytes(graph, OID.agent1)).toEqual(photoBytes('kevin-1'));
    expect(await getPhotoBytes(graph, OID.agent2)).toBeNull();
  });

  it('refuses to follow a nextLink to another host (the token must not leave Graph)', async () => {
    const { nextLinkPath } = await import('../../../core/directory/graph-directory.js');
    const graph = createAppGraphClient(createEntraApp(entra()), server.graphBaseUrl);
    expect(nextLinkPath(graph, `${server.graphBaseUrl}/users?$skiptoken=abc`)).toBe('users?$skiptoken=abc');
    expect(() => nextLinkPath(graph, 'https://evil.example/v1.0/users?$skiptoken=abc')).toThrow(expect.objectContaining({ code: 'EQP_ERR_GRAPH_UNAVAILABLE' }));
  });
});

describe('configuration', () => {
  it('defaults to Microsoft Graph v1.0, sync off, no HR group; refuses a non-https Graph URL or a bad group id', () => {
    const config = loadConfig({ env: {}, readEnvFiles: false });
    expect(config.directory).toEqual({ graphBaseUrl: 'https://graph.microsoft.com/v1.0', hrGroupId: undefined, syncIntervalMinutes: 0 });
    expect(graphResource(config.directory.graphBaseUrl)).toBe('https://graph.microsoft.com');
    const set = loadConfig({ env: { GRAPH_BASE_URL: 'https://graph.microsoft.us/v1.0/', HR_GROUP_ID: OID.dgs, DIRECTORY_SYNC_INTERVAL_MINUTES: '60' }, readEnvFiles: false });
    expect(set.directory).toEqual({ graphBaseUrl: 'https://graph.microsoft.us/v1.0', hrGroupId: OID.dgs, syncIntervalMinutes: 60 });
    expect(() => loadConfig({ env: { GRAPH_BASE_URL: 'http://graph.example/v1.0' }, readEnvFiles: false })).toThrow(expect.objectContaining({ code: 'EQP_ERR_CONFIG_INVALID' }));
    expect(() => loadConfig({ env: { HR_GROUP_ID: 'rh' }, readEnvFiles: false })).toThrow(/HR_GROUP_ID/);
    expect(() => loadConfig({ env: { DIRECTORY_SYNC_INTERVAL_MINUTES: '-1' }, readEnvFiles: false })).toThrow(/DIRECTORY_SYNC_INTERVAL_MINUTES/);
  });
});
