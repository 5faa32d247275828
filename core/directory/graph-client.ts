/**
 * The Microsoft Graph client factory (`@microsoft/microsoft-graph-client`), with an explicit
 * middleware chain: authentication → bounded retry (429/503/504, honoring `Retry-After`) →
 * redirect → telemetry → fetch.
 */
import {
  AuthenticationHandler,
  Client,
  GraphClientError,
  HTTPMessageHandler,
  RedirectHandler,
  RetryHandler,
  RetryHandlerOptions,
  TelemetryHandler,
  type AuthenticationProvider,
} from '@microsoft/microsoft-graph-client';
import type { EntraApp } from './entra-app.js';

/** Hosts of Microsoft Graph's national clouds, which the client library authenticates without being told. */
const GRAPH_HOSTS = new Set(['graph.microsoft.com', 'graph.microsoft.us', 'dod-graph.microsoft.us', 'graph.microsoft.de', 'microsoftgraph.chinacloudapi.cn', 'canary.graph.microsoft.com']);

/** How throttled requests are retried. Graph asks clients to wait `Retry-After` seconds. */
export interface GraphRetryOptions {
  /** Retries of one request after a 429/503/504 (the library allows at most 10). Default 5. */
  maxRetries?: number;
  /** Seconds to wait when the answer has no `Retry-After` (doubled per attempt from the second). Default 3. */
  delaySeconds?: number;
  /** Called before each retry, e.g. to report throttling; `retryAfter` is the header's value, if any. */
  onRetry?: (info: { status: number; attempt: number; retryAfter: string | null; url: string }) => void;
}

export interface CreateGraphClientOptions {
  /** Graph root with its version, e.g. `https://graph.microsoft.com/v1.0` (config.directory.graphBaseUrl). */
  baseUrl: string;
  /** Gives the bearer token of each request (called per request; cache tokens behind it). */
  getAccessToken: () => Promise<string>;
  retry?: GraphRetryOptions;
}

/** A Graph client and where it points. */
export interface GraphClient {
  readonly client: Client;
  /** `https://host[:port]/v1.0`, without a trailing slash. */
  readonly baseUrl: string;
}

/** The Graph resource of a base URL, whose `/.default` scope app-only tokens are requested for. */
export function graphResource(baseUrl: string): string {
  return new URL(baseUrl).origin;
}

/** Creates a Graph client with the bounded retry middleware in its chain. */
export function createGraphClient(options: CreateGraphClientOptions): GraphClient {
  const base = new URL(options.baseUrl.replace(/\/+$/, ''));
  if (base.protocol !== 'https:') throw new TypeError(`Graph base URL must be https: ${options.baseUrl}`);
  const segments = base.pathname.split('/').filter(Boolean);
  const version = segments.pop() ?? 'v1.0';
  const host = `${base.origin}${segments.length ? `/${segments.join('/')}` : ''}`;

  const authProvider: AuthenticationProvider = {
    async getAccessToken() {
      try {
        return await options.getAccessToken();
      } catch (error) {
        // The library rethrows a GraphClientError as is; anything else would lose its code.
        const wrapped = new GraphClientError(`access token: ${(error as Error)?.message ?? String(error)}`);
        wrapped.customError = error;
        throw wrapped;
      }
    },
  };
  const retry = options.retry ?? {};
  const maxRetries = Math.min(Math.max(retry.maxRetries ?? 5, 0), 10);
  const retryOptions = new RetryHandlerOptions(retry.delaySeconds ?? 3, maxRetries, (_delay, attempt, request, _fetchOptions, response) => {
    retry.onRetry?.({
      status: response.status,
      attempt: attempt + 1,
      retryAfter: response.headers.get('Retry-After'),
      url: typeof request === 'string' ? request : request.url,
    });
    return true;
  });
  const chain = [new AuthenticationHandler(authProvider), new RetryHandler(retryOptions), new RedirectHandler(), new TelemetryHandler(), new HTTPMessageHandler()];
  const client = Client.initWithMiddleware({
    baseUrl: host,
    defaultVersion: version,
    middleware: chain,
    // The library sends the token only to Graph's own hosts; any other configured host (a private
    // endpoint, the tests' local server) is declared here by name.
    ...(GRAPH_HOSTS.has(base.hostname) ? {} : { customHosts: new Set([base.hostname]) }),
  });
  return { client, baseUrl: `${host}/${version}` };
}

/** A Graph client authenticated as the application itself (client credentials). */
export function createAppGraphClient(app: EntraApp, baseUrl: string, retry?: GraphRetryOptions): GraphClient {
  const scope = `${graphResource(baseUrl)}/.default`;
  return createGraphClient({ baseUrl, getAccessToken: async () => (await app.acquireAppToken(scope)).token, ...(retry ? { retry } : {}) });
}

/**
 * A Graph client acting on the user's behalf: `userAssertion` is the user's SSO token for this app
 * (from teams-js `authentication.getAuthToken()`), exchanged through the on-behalf-of flow.
 * `scopes` are Graph's delegated permissions, e.g. `['User.Read']`.
 */
export function createUserGraphClient(app: EntraApp, baseUrl: string, userAssertion: string, scopes: readonly string[] = ['User.Read'], retry?: GraphRetryOptions): GraphClient {
  const resource = graphResource(baseUrl);
  const qualified = scopes.map((s) => (s.includes('://') ? s : `${resource}/${s}`));
  return createGraphClient({
    baseUrl,
    getAccessToken: async () => (await app.acquireTokenOnBehalfOf(userAssertion, qualified)).token,
    ...(retry ? { retry } : {}),
  });
}
