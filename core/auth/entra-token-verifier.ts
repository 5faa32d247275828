/**
 * Verification of Microsoft Entra ID access tokens presented to the tab and connector APIs.
 *
 * What is checked, in this order (a token failing any check is rejected, with a reason kept for
 * the log only):
 * 1. The header names RS256 (Entra signs with RS256; `alg: none` and HMAC algorithms are refused
 *    before anything else, so a forged "unsigned" token never reaches key lookup).
 * 2. The `tid` claim is a tenant in the allow-list (default: the configured tenant only). Checked on
 *    the still-unverified claims so that a token from another tenant never triggers a metadata fetch.
 * 3. The signature, against the tenant's JWKS. The `jwks_uri` comes from the tenant's OpenID
 *    configuration (`{authorityHost}/{tid}/v2.0/.well-known/openid-configuration`); the key set is
 *    cached per tenant by jose's `createRemoteJWKSet` (which refetches on an unknown `kid`, so key
 *    rollover works). A failed discovery is not cached: the next request retries.
 * 4. The issuer: `{authorityHost}/{tid}/v2.0` (v2 tokens) or `https://sts.windows.net/{tid}/`
 *    (v1 tokens), for the token's own `tid`.
 * 5. The audience. Accepted forms (exact string match, any of):
 *    - the application (client) id itself: what v2 access tokens carry;
 *    - `api://{clientId}`: the default Application ID URI, used by the Power Platform connector's
 *      `resourceUri` and by v1 tokens;
 *    - `api://{host}/{clientId}`: the Teams SSO form, where `host` is the public host of the
 *      deployment (from `PUBLIC_BASE_URL`, passed as `options.publicBaseUrl`);
 *    - any extra value listed in `options.extraAudiences`.
 *    Prefix or wildcard matching is deliberately not offered: an audience is an exact identifier.
 * 6. Expiry (`exp` required) and not-before, with a small clock tolerance (default 60 s).
 * 7. `oid` present (the person's object id: the only stable key we map to a person).
 */
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import type { Config } from '../config/config.js';
import type { TokenVerifier, VerifiedIdentity } from './identity.js';

/** Options of {@link createEntraTokenVerifier}. */
export interface EntraTokenVerifierOptions {
  /** Public base URL of the deployment; enables the `api://{host}/{clientId}` audience. */
  publicBaseUrl?: string | undefined;
  /** Additional exact audience values to accept. */
  extraAudiences?: readonly string[];
  /** Allowed clock skew for `exp`/`nbf`, in seconds (default 60). */
  clockToleranceSeconds?: number;
  /** Timeout of the metadata and JWKS requests, in milliseconds (default 5000). */
  httpTimeoutMs?: number;
  /** How long a fetched key set is considered fresh, in milliseconds (default 10 minutes). */
  jwksCacheMaxAgeMs?: number;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Error with a log-only reason; the HTTP layer always answers a plain 401. */
export class TokenRejectedError extends Error {
  constructor(reason: string, options?: { cause?: unknown }) {
    super(reason, options);
    this.name = 'TokenRejectedError';
  }
}

/** The audiences accepted for `clientId` (see the module comment for why these forms). */
export function acceptedAudiences(clientId: string, options: Pick<EntraTokenVerifierOptions, 'publicBaseUrl' | 'extraAudiences'> = {}): string[] {
  const audiences = [clientId, `api://${clientId}`];
  if (options.publicBaseUrl) {
    const host = new URL(options.publicBaseUrl).host;
    audiences.push(`api://${host}/${clientId}`);
  }
  audiences.push(...(options.extraAudiences ?? []));
  return [...new Set(audiences)];
}

/**
 * Creates the verifier for the configured Entra ID application. `allowedTenantIds` empty means
 * "the configured tenant only".
 */
export function createEntraTokenVerifier(
  entra: NonNullable<Config['entra']>,
  allowedTenantIds: readonly string[],
  options: EntraTokenVerifierOptions = {},
): TokenVerifier {
  const authorityHost = entra.authorityHost.replace(/\/+$/, '');
  const tenants = new Set((allowedTenantIds.length > 0 ? allowedTenantIds : [entra.tenantId]).map((t) => t.toLowerCase()));
  const audience = acceptedAudiences(entra.clientId, options);
  const clockTolerance = options.clockToleranceSeconds ?? 60;
  const timeoutDuration = options.httpTimeoutMs ?? 5000;
  const cacheMaxAge = options.jwksCacheMaxAgeMs ?? 10 * 60 * 1000;
  const keySets = new Map<string, Promise<ReturnType<typeof createRemoteJWKSet>>>();

  async function discover(tenantId: string): Promise<ReturnType<typeof createRemoteJWKSet>> {
    const url = `${authorityHost}/${tenantId}/v2.0/.well-known/openid-configuration`;
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutDuration), headers: { accept: 'application/json' } });
    if (!response.ok) throw new TokenRejectedError(`OpenID configuration of tenant ${tenantId} answered HTTP ${response.status}`);
    const metadata = (await response.json()) as { jwks_uri?: unknown };
    if (typeof metadata.jwks_uri !== 'string') throw new TokenRejectedError(`OpenID configuration of tenant ${tenantId} has no jwks_uri`);
    return createRemoteJWKSet(new URL(metadata.jwks_uri), { timeoutDuration, cacheMaxAge, cooldownDuration: 30_000 });
  }

  function keySetFor(tenantId: string): Promise<ReturnType<typeof createRemoteJWKSet>> {
    let pending = keySets.get(tenantId);
    if (!pending) {
      pending = discover(tenantId);
      keySets.set(tenantId, pending);
      // A failed discovery must not poison the cache: forget it so the next token retries.
      pending.catch(() => keySets.delete(tenantId));
    }
    return pending;
  }

  return {
    async verify(token: string): Promise<VerifiedIdentity> {
      let header: ReturnType<typeof decodeProtectedHeader>;
      let unverified: JWTPayload;
      try {
        header = decodeProtectedHeader(token);
        unverified = decodeJwt(token);
      } catch (error) {
        throw new TokenRejectedError('malformed token', { cause: error });
      }
      if (header.alg !== 'RS256') throw new TokenRejectedError(`algorithm ${String(header.alg)} not accepted`);
      const tid = typeof unverified.tid === 'string' ? unverified.tid.toLowerCase() : '';
      if (!GUID.test(tid)) throw new TokenRejectedError('tid claim missing or not a GUID');
      if (!tenants.has(tid)) throw new TokenRejectedError(`tenant ${tid} is not allowed`);

      const keySet = await keySetFor(tid);
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, keySet, {
          algorithms: ['RS256'],
          issuer: [`${authorityHost}/${tid}/v2.0`, `https://sts.windows.net/${tid}/`],
          audience,
          clockTolerance,
          requiredClaims: ['exp', 'tid', 'oid'],
        }));
      } catch (error) {
        const reason = error instanceof joseErrors.JOSEError ? `${error.code}: ${error.message}` : (error as Error).message;
        throw new TokenRejectedError(reason, { cause: error });
      }
      // The issuer was matched for the unverified tid; make sure the signed one is the same.
      if (typeof payload.tid !== 'string' || payload.tid.toLowerCase() !== tid) throw new TokenRejectedError('tid changed');
      if (typeof payload.oid !== 'string' || payload.oid.trim() === '') throw new TokenRejectedError('oid claim missing');
      const upn = [payload.preferred_username, payload.upn, payload.unique_name].find((v): v is string => typeof v === 'string' && v.includes('@'));
      return {
        objectId: payload.oid.toLowerCase(),
        tenantId: tid,
        upn: upn ? upn.toLowerCase() : null,
        name: typeof payload.name === 'string' ? payload.name : null,
      };
    },
  };
}
