/**
 * Signed download links: `<payload>.<signature>` (base64url), where the payload binds, in 51 bytes,
 * a format version, the person, the document, the expiry and a random nonce, and the signature is
 * HMAC-SHA256 with `DOCUMENT_LINK_SECRET`, truncated to 128 bits (RFC 2104 §5 allows truncation;
 * 128 bits is far beyond guessing). Compact on purpose: the token is one URL path segment. The
 * signature proves we issued the link; the nonce row in `document_links` makes it single-use (see
 * document-service.ts).
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

const VERSION = 1;
const PAYLOAD_BYTES = 1 + 16 + 16 + 6 + 12;
const SIGNATURE_BYTES = 16;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function sign(secret: Buffer, payload: Buffer): Buffer {
  return createHmac('sha256', secret).update(payload).digest().subarray(0, SIGNATURE_BYTES);
}

/** A fresh random nonce (96 bits, base64url). */
export function newNonce(): string {
  return randomBytes(12).toString('base64url');
}

const uuidBytes = (id: string) => Buffer.from(id.replaceAll('-', ''), 'hex');
const uuidString = (b: Buffer) => {
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

/** The binary payload of `claims` (exported for tests that tamper with tokens). */
export function encodeLinkPayload(claims: LinkClaims): Buffer {
  if (!UUID.test(claims.personId) || !UUID.test(claims.documentId)) throw new Error('link claims need UUIDs');
  const nonce = Buffer.from(claims.nonce, 'base64url');
  if (nonce.length !== 12) throw new Error('link nonce must be 12 bytes');
  const out = Buffer.alloc(PAYLOAD_BYTES);
  out.writeUInt8(VERSION, 0);
  uuidBytes(claims.personId).copy(out, 1);
  uuidBytes(claims.documentId).copy(out, 17);
  out.writeUIntBE(claims.expiresAt, 33, 6);
  nonce.copy(out, 39);
  return out;
}

/** Builds the token of a link. */
export function signLink(secret: Buffer, claims: LinkClaims): string {
  const payload = encodeLinkPayload(claims);
  return `${payload.toString('base64url')}.${sign(secret, payload).toString('base64url')}`;
}

/**
 * The claims of a token whose signature is valid, else `undefined` (malformed, tampered, signed
 * with another key). Expiry is NOT checked here: the caller does, to tell "expired" apart.
 */
export function readSignedLink(secret: Buffer, token: string): LinkClaims | undefined {
  if (typeof token !== 'string' || token.length > 200) return undefined;
  const parts = token.split('.');
  if (parts.length !== 2 || !parts.every((p) => /^[A-Za-z0-9_-]+$/.test(p))) return undefined;
  const payload = Buffer.from(parts[0]!, 'base64url');
  const given = Buffer.from(parts[1]!, 'base64url');
  if (payload.length !== PAYLOAD_BYTES || given.length !== SIGNATURE_BYTES) return undefined;
  // Canonical encoding only: a token re-encoded differently is not the one we issued.
  if (payload.toString('base64url') !== parts[0] || given.toString('base64url') !== parts[1]) return undefined;
  if (!timingSafeEqual(given, sign(secret, payload))) return undefined;
  if (payload.readUInt8(0) !== VERSION) return undefined;
  return {
    personId: uuidString(payload.subarray(1, 17)),
    documentId: uuidString(payload.subarray(17, 33)),
    expiresAt: payload.readUIntBE(33, 6),
    nonce: payload.subarray(39, 51).toString('base64url'),
  };
}
