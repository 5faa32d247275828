/**
 * Who is calling. Surfaces authorize on a {@link Caller}, never on raw headers or tokens.
 */

/** Claims of a verified Microsoft Entra ID token that the suite relies on. */
export interface VerifiedIdentity {
  /** Entra object id (`oid`). */
  objectId: string;
  /** Tenant id (`tid`). */
  tenantId: string;
  /** `preferred_username` / `upn`, lowercased, when present. */
  upn: string | null;
  name: string | null;
}

/** Verifies a bearer token: signature (JWKS), issuer, audience, expiry and tenant allow-list. */
export interface TokenVerifier {
  verify(token: string): Promise<VerifiedIdentity>;
}

/** The authenticated caller of an API request. */
export interface Caller {
  /** Row of `people`, or null when the identity is valid but unknown to the directory. */
  personId: string | null;
  entraObjectId: string | null;
  tenantId: string | null;
  upn: string | null;
  displayName: string;
  hrMember: boolean;
  /** How the caller was authenticated: a verified Entra token, or the local-mode picker. */
  via: 'entra' | 'local';
}
