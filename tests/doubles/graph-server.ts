/**
 * A local stand-in for Microsoft Graph (v1.0) and its Microsoft Entra ID authority, on one https
 * loopback port, speaking their documented JSON:
 *
 * Graph (`{graphBaseUrl}` = `https://127.0.0.1:PORT/v1.0`), every request needing a bearer token
 * this server issued for the Graph resource:
 * - `GET /users` — `$select` applied, `$expand=manager($select=…)`, `$top` capped by a server page
 *   size, `@odata.nextLink` with an opaque `$skiptoken`;
 * - `GET /users/{id|upn}/manager` (404 `Request_ResourceNotFound` without one),
 *   `GET /users/{id}/directReports` (paged);
 * - `GET /users/{id}/photo` (metadata with `@odata.mediaEtag`) and `/photo/$value` (image bytes;
 *   404 `ImageNotFound` without a photo);
 * - `GET /groups/{id}/transitiveMembers/microsoft.graph.user` (nested groups flattened, paged;
 *   `$count` requires `ConsistencyLevel: eventual` as on Graph);
 * - throttling on demand: 429 (or 503/504) with `Retry-After`.
 *
 * Entra (`{authorityHost}/{tenant}/…`): OpenID configuration, JWKS, instance discovery, and the v2
 * token endpoint for `client_credentials` and on-behalf-of (`jwt-bearer`), issuing RS256 JWTs
 * signed with a key generated here.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, jwtVerify, SignJWT, type JWK, type JWTPayload } from 'jose';
import { trustedTestTls } from './test-tls.js';

/** A user of the fake tenant. Properties are Graph's; `managerId` and `photo` feed the relationships. */
export interface FakeUser {
  id: string;
  userPrincipalName: string;
  displayName?: string | null;
  givenName?: string | null;
  surname?: string | null;
  mail?: string | null;
  jobTitle?: string | null;
  department?: string | null;
  officeLocation?: string | null;
  mobilePhone?: string | null;
  employeeId?: string | null;
  employeeHireDate?: string | null;
  accountEnabled?: boolean;
  preferredLanguage?: string | null;
  userType?: 'Member' | 'Guest';
  managerId?: string | null;
  photo?: { bytes: Buffer; etag: string; contentType?: string } | null;
}

/** One Graph request as the server saw it. */
export interface GraphRequestRecord {
  method: string;
  /** Path below the version, e.g. `/users/abc/photo`. */
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  authorization: string | undefined;
  status: number;
  /** `Date.now()` when the request arrived. */
  at: number;
}

/** One token issued by the token endpoint. */
export interface IssuedToken {
  grantType: 'client_credentials' | 'on_behalf_of';
  accessToken: string;
  scope: string;
  claims: JWTPayload & Record<string, unknown>;
}

export interface ThrottleRule {
  /** Requests to throttle (the next N matching ones). */
  count: number;
  status?: 429 | 503 | 504;
  /** `Retry-After` value (seconds); omitted when null. Default `'1'`. */
  retryAfter?: string | null;
  /** Only requests whose path matches (default: every Graph request). */
  match?: RegExp;
}

export interface GraphServerOptions {
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  /** Largest page the server returns, whatever `$top` asks (Graph's is 999 for users). Default 999. */
  maxPageSize?: number;
}

export interface GraphServer {
  /** What `GRAPH_BASE_URL` must be set to. */
  graphBaseUrl: string;
  /** What `AAD_APP_OAUTH_AUTHORITY_HOST` must be set to. */
  authorityHost: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** Users by id; change it between runs to simulate the tenant changing. */
  users: Map<string, FakeUser>;
  /** Groups by id: member ids (users or other groups). */
  groups: Map<string, string[]>;
  maxPageSize: number;
  /** Graph requests served, in order. */
  requests: GraphRequestRecord[];
  /** Tokens issued, in order. */
  issued: IssuedToken[];
  /** Requests to the token endpoint (including refused ones). */
  tokenRequests: Array<Record<string, string>>;
  /** Every Entra request path (discovery, keys, token). */
  entraPaths: string[];
  /** When true, on-behalf-of answers `invalid_grant` / `consent_required` (AADSTS65001). */
  consentRequired: boolean;
  /** Throttles the next matching Graph requests. */
  throttle(rule: ThrottleRule): void;
  /** Forgets the throttling rules not used up yet. */
  clearThrottles(): void;
  /** Mints the user's SSO token for the app (what teams-js `getAuthToken()` returns to the tab). */
  mintUserAssertion(claims?: Record<string, unknown>, options?: { expiresInSeconds?: number; audience?: string }): Promise<string>;
  /** Verifies a token this server issued; throws otherwise. */
  verify(token: string): Promise<JWTPayload & Record<string, unknown>>;
  /** The Graph resource (audience of app tokens), e.g. `https://127.0.0.1:PORT`. */
  graphResource: string;
  close(): Promise<void>;
}

const USER_PROPERTIES = [
  'id',
  'displayName',
  'givenName',
  'surname',
  'userPrincipalName',
  'mail',
  'jobTitle',
  'department',
  'officeLocation',
  'mobilePhone',
  'employeeId',
  'employeeHireDate',
  'accountEnabled',
  'preferredLanguage',
  'userType',
] as const;
/** What Graph returns for a user without `$select` (its documented default set). */
const DEFAULT_USER_SELECT = ['id', 'displayName', 'givenName', 'surname', 'userPrincipalName', 'mail', 'jobTitle', 'officeLocation', 'mobilePhone', 'preferredLanguage', 'businessPhones'];

/** Starts the double on 127.0.0.1 and a free port. */
export async function startGraphServer(options: GraphServerOptions = {}): Promise<GraphServer> {
  const tlsPems = await trustedTestTls();
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = `graph-double-${randomBytes(4).toString('hex')}`;
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const tenantId = options.tenantId ?? randomUUID();
  const clientId = options.clientId ?? randomUUID();
  const clientSecret = options.clientSecret ?? `secret-${randomBytes(12).toString('hex')}`;
  const appObjectId = randomUUID();

  let origin = '';
  const state = {
    users: new Map<string, FakeUser>(),
    groups: new Map<string, string[]>(),
    maxPageSize: options.maxPageSize ?? 999,
    requests: [] as GraphRequestRecord[],
    issued: [] as IssuedToken[],
    tokenRequests: [] as Array<Record<string, string>>,
    entraPaths: [] as string[],
    consentRequired: false,
  };
  const throttles: Array<Required<Omit<ThrottleRule, 'match'>> & { match: RegExp | undefined }> = [];

  const sign = (claims: Record<string, unknown>, lifetime = 3600) => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ iat: now, nbf: now, exp: now + lifetime, ...claims }).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid }).sign(privateKey);
  };
  const verify = async (token: string) => (await jwtVerify(token, publicKey, { algorithms: ['RS256'] })).payload as JWTPayload & Record<string, unknown>;

  const server = https.createServer({ key: tlsPems.key, cert: tlsPems.cert }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) json(res, 500, { error: { code: 'InternalServerError', message: String(error) } });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname.startsWith('/v1.0/')) return graph(req, res, url);
    return entra(req, res, url);
  }

  // ---- Entra ---------------------------------------------------------------------------------

  async function entra(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    state.entraPaths.push(url.pathname);
    const segments = url.pathname.split('/').filter(Boolean);
    const tenant = segments[0] ?? '';
    const rest = segments.slice(1).join('/');
    if (req.method === 'GET' && rest === 'v2.0/.well-known/openid-configuration') {
      return json(res, 200, {
        token_endpoint: `${origin}/${tenant}/oauth2/v2.0/token`,
        token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
        jwks_uri: `${origin}/${tenant}/discovery/v2.0/keys`,
        response_modes_supported: ['query', 'fragment', 'form_post'],
        subject_types_supported: ['pairwise'],
        id_token_signing_alg_values_supported: ['RS256'],
        response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
        scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
        issuer: `${origin}/${tenant}/v2.0`,
        request_uri_parameter_supported: false,
        userinfo_endpoint: `${origin}/oidc/userinfo`,
        authorization_endpoint: `${origin}/${tenant}/oauth2/v2.0/authorize`,
        device_authorization_endpoint: `${origin}/${tenant}/oauth2/v2.0/devicecode`,
        http_logout_supported: true,
        frontchannel_logout_supported: true,
        end_session_endpoint: `${origin}/${tenant}/oauth2/v2.0/logout`,
        claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'acr', 'nonce', 'preferred_username', 'name', 'tid', 'ver', 'at_hash', 'c_hash', 'email'],
        tenant_region_scope: 'EU',
        cloud_instance_name: new URL(origin).host,
        cloud_graph_host_name: new URL(origin).host,
        msgraph_host: new URL(origin).host,
      });
    }
    if (req.method === 'GET' && rest === 'discovery/v2.0/keys') return json(res, 200, { keys: [publicJwk] });
    if (req.method === 'GET' && rest === 'discovery/instance') {
      const host = new URL(origin).host;
      return json(res, 200, {
        tenant_discovery_endpoint: `${origin}/${tenant}/v2.0/.well-known/openid-configuration`,
        'api-version': '1.1',
        metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
      });
    }
    if (req.method === 'POST' && rest === 'oauth2/v2.0/token') return token(req, res, tenant);
    return json(res, 404, { error: 'not_found', error_description: `No route ${req.method} ${url.pathname}` });
  }

  function aadError(res: ServerResponse, status: number, error: string, code: number, description: string, extra: Record<string, unknown> = {}) {
    return json(res, status, {
      error,
      error_description: `AADSTS${code}: ${description} Trace ID: ${randomUUID()} Correlation ID: ${randomUUID()} Timestamp: ${new Date().toISOString()}`,
      error_codes: [code],
      timestamp: new Date().toISOString(),
      trace_id: randomUUID(),
      correlation_id: randomUUID(),
      ...extra,
    });
  }

  async function token(req: IncomingMessage, res: ServerResponse, tenant: string): Promise<void> {
    const form = Object.fromEntries(new URLSearchParams(await readBody(req)));
    state.tokenRequests.push(form);
    if (tenant.toLowerCase() !== tenantId.toLowerCase()) return aadError(res, 400, 'invalid_request', 90002, `Tenant '${tenant}' not found.`);
    if (form.client_id !== clientId) return aadError(res, 400, 'unauthorized_client', 700016, `Application with identifier '${form.client_id}' was not found in the directory.`);
    if (form.client_secret !== clientSecret) return aadError(res, 401, 'invalid_client', 7000215, 'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.');
    const scopes = (form.scope ?? '').split(' ').filter(Boolean);
    const resourceScopes = scopes.filter((s) => !['openid', 'profile', 'offline_access', 'email'].includes(s));
    const resource = resourceScopes[0]?.replace(/\/[^/]*$/, '');
    if (!resource) return aadError(res, 400, 'invalid_scope', 70011, 'The provided request must include a resource scope.');
    const now = Math.floor(Date.now() / 1000);

    if (form.grant_type === 'client_credentials') {
      if (resourceScopes.length !== 1 || !resourceScopes[0]!.endsWith('/.default')) {
        return aadError(res, 400, 'invalid_scope', 1002012, `The provided value for scope ${form.scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.`);
      }
      const claims = {
        aud: resource,
        iss: `https://sts.windows.net/${tenantId}/`,
        tid: tenantId,
        appid: clientId,
        azp: clientId,
        idtyp: 'app',
        oid: appObjectId,
        sub: appObjectId,
        roles: ['User.Read.All', 'GroupMember.Read.All'],
        ver: '1.0',
        uti: randomBytes(8).toString('base64url'),
      };
      const accessToken = await sign(claims);
      state.issued.push({ grantType: 'client_credentials', accessToken, scope: form.scope!, claims: { ...claims, iat: now } });
      return json(res, 200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: accessToken });
    }

    if (form.grant_type === 'urn:ietf:params:oauth:grant-type:jwt-bearer' && form.requested_token_use === 'on_behalf_of') {
      let user: JWTPayload & Record<string, unknown>;
      try {
        user = await verify(form.assertion ?? '');
      } catch (error) {
        return aadError(res, 400, 'invalid_grant', 50013, `Assertion failed signature validation or is expired. [${(error as Error).message}]`);
      }
      const audiences = [clientId, `api://${clientId}`];
      const aud = typeof user.aud === 'string' ? user.aud : '';
      if (!audiences.includes(aud) && !aud.endsWith(`/${clientId}`)) {
        return aadError(res, 400, 'invalid_grant', 50013, `Assertion audience does not match the Client app presenting the assertion. The audience in the assertion was '${aud}' and the expected audience is '${clientId}'.`);
      }
      if (user.tid !== tenantId) return aadError(res, 400, 'invalid_grant', 50013, 'Assertion is not for this tenant.');
      if (state.consentRequired) {
        return aadError(res, 400, 'invalid_grant', 65001, `The user or administrator has not consented to use the application with ID '${clientId}'. Send an interactive authorization request for this user and resource.`, { suberror: 'consent_required' });
      }
      const scp = resourceScopes.map((s) => s.slice(resource.length + 1)).join(' ');
      const claims = {
        aud: resource,
        iss: `https://sts.windows.net/${tenantId}/`,
        tid: tenantId,
        appid: clientId,
        oid: String(user.oid),
        sub: String(user.sub ?? user.oid),
        upn: user.preferred_username ?? user.upn,
        name: user.name,
        scp,
        ver: '1.0',
        uti: randomBytes(8).toString('base64url'),
      };
      const accessToken = await sign(claims);
      state.issued.push({ grantType: 'on_behalf_of', accessToken, scope: form.scope!, claims: { ...claims, iat: now } });
      const idToken = await sign({
        aud: clientId,
        iss: `${origin}/${tenantId}/v2.0`,
        tid: tenantId,
        oid: String(user.oid),
        sub: String(user.sub ?? user.oid),
        preferred_username: user.preferred_username,
        name: user.name,
        ver: '2.0',
      });
      const clientInfo = Buffer.from(JSON.stringify({ uid: user.oid, utid: tenantId })).toString('base64url');
      return json(res, 200, {
        token_type: 'Bearer',
        scope: resourceScopes.join(' '),
        expires_in: 3599,
        ext_expires_in: 3599,
        access_token: accessToken,
        refresh_token: randomBytes(32).toString('base64url'),
        id_token: idToken,
        client_info: clientInfo,
      });
    }
    return aadError(res, 400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${form.grant_type}'.`);
  }

  // ---- Graph ---------------------------------------------------------------------------------

  async function graph(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname.slice('/v1.0'.length);
    const record: GraphRequestRecord = {
      method: req.method ?? 'GET',
      path,
      query: url.searchParams,
      headers: req.headers,
      authorization: req.headers.authorization,
      status: 0,
      at: Date.now(),
    };
    state.requests.push(record);
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      if (Buffer.isBuffer(body)) {
        res.writeHead(status, { 'content-length': String(body.length), ...headers });
        res.end(body);
      } else json(res, status, body, headers);
    };
    const fail = (status: number, code: string, message: string, headers: Record<string, string> = {}) =>
      reply(status, { error: { code, message, innerError: { date: new Date().toISOString(), 'request-id': randomUUID(), 'client-request-id': String(req.headers['client-request-id'] ?? randomUUID()) } } }, headers);

    // Authentication: a bearer token this server issued for the Graph resource.
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!bearer) return fail(401, 'InvalidAuthenticationToken', 'Access token is empty.');
    try {
      const claims = await verify(bearer);
      if (claims.aud !== origin) return fail(401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid audience.');
    } catch {
      return fail(401, 'InvalidAuthenticationToken', 'Access token validation failure.');
    }

    const rule = throttles.find((t) => t.count > 0 && (!t.match || t.match.test(path)));
    if (rule) {
      rule.count--;
      const headers: Record<string, string> = rule.retryAfter === null ? {} : { 'Retry-After': rule.retryAfter };
      const code = rule.status === 429 ? 'TooManyRequests' : rule.status === 503 ? 'ServiceUnavailable' : 'GatewayTimeout';
      return fail(rule.status, code, 'Application is over its request quota. Retry after the time in Retry-After.', headers);
    }
    if (req.method !== 'GET') return fail(405, 'Request_BadRequest', `Method ${req.method} not supported by this double.`);
    if (url.searchParams.has('$count') && String(req.headers.consistencylevel ?? '').toLowerCase() !== 'eventual') {
      return fail(400, 'Request_BadRequest', 'Count is not currently supported.');
    }

    const segments = path.split('/').filter(Boolean).map(decodeURIComponent);
    const select = url.searchParams.get('$select')?.split(',').map((s) => s.trim()).filter(Boolean);
    const findUser = (key: string) => state.users.get(key) ?? [...state.users.values()].find((u) => u.userPrincipalName.toLowerCase() === key.toLowerCase());

    if (segments[0] === 'users' && segments.length === 1) {
      const expandManager = parseExpandManager(url.searchParams.get('$expand'));
      const all = [...state.users.values()].map((u) => {
        const out = project(u, select ?? DEFAULT_USER_SELECT);
        if (expandManager) {
          const manager = u.managerId ? state.users.get(u.managerId) : undefined;
          if (manager) out.manager = { '@odata.type': '#microsoft.graph.user', ...project(manager, expandManager) };
        }
        return out;
      });
      return reply(200, page(url, all, `users(${(select ?? []).join(',')})`));
    }
    if (segments[0] === 'users' && segments.length >= 3) {
      const user = findUser(segments[1]!);
      if (!user) return fail(404, 'Request_ResourceNotFound', `Resource '${segments[1]}' does not exist or one of its queried reference-property objects are not present.`);
      const rel = segments.slice(2).join('/');
      if (rel === 'manager') {
        const manager = user.managerId ? state.users.get(user.managerId) : undefined;
        if (!manager) return fail(404, 'Request_ResourceNotFound', "Resource 'manager' does not exist or one of its queried reference-property objects are not present.");
        return reply(200, { '@odata.context': `${origin}/v1.0/$metadata#directoryObjects/$entity`, '@odata.type': '#microsoft.graph.user', ...project(manager, select ?? DEFAULT_USER_SELECT) });
      }
      if (rel === 'directReports') {
        const reports = [...state.users.values()].filter((u) => u.managerId === user.id).map((u) => ({ '@odata.type': '#microsoft.graph.user', ...project(u, select ?? DEFAULT_USER_SELECT) }));
        return reply(200, page(url, reports, 'directoryObjects'));
      }
      if (rel === 'photo' || rel === 'photo/$value') {
        if (!user.photo) return fail(404, 'ImageNotFound', "Exception of type 'Microsoft.Fast.Profile.Core.Exception.ImageNotFoundException' was thrown.");
        const contentType = user.photo.contentType ?? 'image/jpeg';
        if (rel === 'photo/$value') return reply(200, user.photo.bytes, { 'content-type': contentType, ETag: user.photo.etag });
        return reply(200, {
          '@odata.context': `${origin}/v1.0/$metadata#users('${user.id}')/photo/$entity`,
          '@odata.mediaContentType': contentType,
          '@odata.mediaEtag': user.photo.etag,
          id: 'default',
          height: 96,
          width: 96,
        });
      }
    }
    if (segments[0] === 'groups' && segments.length === 4 && segments[2] === 'transitiveMembers' && segments[3] === 'microsoft.graph.user') {
      if (!state.groups.has(segments[1]!)) return fail(404, 'Request_ResourceNotFound', `Resource '${segments[1]}' does not exist or one of its queried reference-property objects are not present.`);
      const ids = transitiveUsers(segments[1]!);
      const members = ids.flatMap((id) => {
        const u = state.users.get(id);
        return u ? [{ '@odata.type': '#microsoft.graph.user', ...project(u, select ?? DEFAULT_USER_SELECT) }] : [];
      });
      const body = page(url, members, 'users');
      if (url.searchParams.get('$count') === 'true') body['@odata.count'] = members.length;
      return reply(200, body);
    }
    return fail(400, 'BadRequest', `Resource not found for the segment '${segments.at(-1) ?? ''}'.`);
  }

  function transitiveUsers(groupId: string, seen = new Set<string>()): string[] {
    if (seen.has(groupId)) return [];
    seen.add(groupId);
    const out = new Set<string>();
    for (const member of state.groups.get(groupId) ?? []) {
      if (state.groups.has(member)) for (const id of transitiveUsers(member, seen)) out.add(id);
      else out.add(member);
    }
    return [...out];
  }

  /** A page of `items` for this request; the next page's link keeps the query and adds `$skiptoken`. */
  function page(url: URL, items: unknown[], context: string): Record<string, unknown> {
    const top = Number(url.searchParams.get('$top') ?? 100);
    const size = Math.max(1, Math.min(Number.isFinite(top) && top > 0 ? top : 100, state.maxPageSize));
    const token = url.searchParams.get('$skiptoken');
    const offset = token ? (JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o: number }).o : 0;
    const body: Record<string, unknown> = { '@odata.context': `${origin}/v1.0/$metadata#${context}`, value: items.slice(offset, offset + size) };
    if (offset + size < items.length) {
      const kept = (url.search.slice(1) || '').split('&').filter((p) => p && !p.startsWith('$skiptoken=') && !p.startsWith('%24skiptoken='));
      const next = Buffer.from(JSON.stringify({ o: offset + size, r: randomBytes(6).toString('hex') })).toString('base64url');
      body['@odata.nextLink'] = `${origin}/v1.0${url.pathname.slice('/v1.0'.length)}?${[...kept, `$skiptoken=${next}`].join('&')}`;
    }
    return body;
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    graphBaseUrl: `${origin}/v1.0`,
    authorityHost: origin,
    graphResource: origin,
    tenantId,
    clientId,
    clientSecret,
    get users() {
      return state.users;
    },
    get groups() {
      return state.groups;
    },
    get maxPageSize() {
      return state.maxPageSize;
    },
    set maxPageSize(value: number) {
      state.maxPageSize = value;
    },
    get requests() {
      return state.requests;
    },
    get issued() {
      return state.issued;
    },
    get tokenRequests() {
      return state.tokenRequests;
    },
    get entraPaths() {
      return state.entraPaths;
    },
    get consentRequired() {
      return state.consentRequired;
    },
    set consentRequired(value: boolean) {
      state.consentRequired = value;
    },
    throttle(rule) {
      throttles.push({ count: rule.count, status: rule.status ?? 429, retryAfter: rule.retryAfter === undefined ? '1' : rule.retryAfter, match: rule.match });
    },
    clearThrottles() {
      throttles.length = 0;
    },
    async mintUserAssertion(claims = {}, opts = {}) {
      const oid = (claims.oid as string | undefined) ?? randomUUID();
      return sign(
        {
          aud: opts.audience ?? `api://localhost/${clientId}`,
          iss: `${origin}/${tenantId}/v2.0`,
          tid: tenantId,
          oid,
          sub: oid,
          preferred_username: 'agent@example.org',
          name: 'Agent',
          scp: 'access_as_user',
          ver: '2.0',
          ...claims,
        },
        opts.expiresInSeconds ?? 3600,
      );
    },
    verify,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** `manager($select=id,displayName)` → `['id', 'displayName']`; `manager` → the default set; else undefined. */
function parseExpandManager(expand: string | null): string[] | undefined {
  if (!expand) return undefined;
  const match = /(?:^|,)\s*manager(?:\(\$select=([^)]*)\))?/.exec(expand);
  if (!match) return undefined;
  return match[1] ? match[1].split(',').map((s) => s.trim()) : DEFAULT_USER_SELECT;
}

/** The user's properties named in `select` (plus `id`, always), as Graph returns them (null when unset). */
function project(user: FakeUser, select: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = { id: user.id };
  for (const name of select) {
    if (name === 'id') continue;
    if ((USER_PROPERTIES as readonly string[]).includes(name)) {
      const value = (user as unknown as Record<string, unknown>)[name];
      out[name] = value === undefined ? (name === 'accountEnabled' ? true : name === 'userType' ? 'Member' : null) : value;
    } else if (name === 'businessPhones') out[name] = [];
  }
  return out;
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; odata.metadata=minimal; charset=utf-8', 'content-length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

