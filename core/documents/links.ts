/**
 * Signed download links: `v1.<payload>.<signature>`, where the payload (base64url JSON) binds the
 * person, the document, the expiry and a random nonce, and the signature is HMAC-SHA256 with
 * `DOCUMENT_LINK_SECRET`. The signature proves we issued the link; the nonce row in
 * `document_links` makes it single-use (see document-service.ts).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Links are valid 10 minutes. */
export const LINK_TTL_MS = 10 * 60 * 1000;

/** What a link carries. */
export interface LinkClaims {
  personId: string;
  documentId: string;
  /** Expiry, epoch milliseconds. */
  expiresAt: number;
  nonce: string;
}

const VERSION = 'v1';

function sign(secret: Buffer, payload: string): string {
  return createHmac('sha256', secret).update(`${VERSION}.${payload}`).digest('base64url');
}

/** A fresh random nonce (128 bits). */
export function newNonce(): string {
  return randomBytes(16).toString('base64url');
}

/** Builds the token of a link. */
export function signLink(secret: Buffer, claims: LinkClaims): string {
  const payload = Buffer.from(JSON.stringify({ p: claims.personId, d: claims.documentId, e: claims.expiresAt, n: claims.nonce })).toString('base64url');
  return `${VERSION}.${payload}.${sign(secret, payload)}`;
}

/**
 * The claims of a token whose signature is valid, else `undefined` (malformed, tampered, signed
 * with another key). Expiry is NOT checked here: the caller does, to tell "expired" apart.
 */
export function readSignedLink(secret: Buffer, token: string): LinkClaims | undefined {
  if (typeof token !== 'string' || token.length > 1024) return undefined;
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== VERSION) return undefined;
  const [, payload, signature] = parts as [string, string, string];
  if (!/^[A-Za-z0-9_-]+$/.test(payload) || !/^[A-Za-z0-9_-]{43}$/.test(signature)) return undefined;
  const expected = Buffer.from(sign(secret, payload), 'base64url');
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const raw = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (typeof raw.p !== 'string' || typeof raw.d !== 'string' || typeof raw.e !== 'number' || typeof raw.n !== 'string') return undefined;
    return { personId: raw.p, documentId: raw.d, expiresAt: raw.e, nonce: raw.n };
  } catch {
    return undefined;
  }
}
