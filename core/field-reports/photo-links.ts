/**
 * Public, expiring links to a report's photo: the `media_url` handed to the commune's Open311
 * system, which fetches it without signing in. The link carries the photo id and an expiry
 * (epoch seconds) and an HMAC-SHA256 of both (truncated to 128 bits, RFC 2104 §5) keyed with
 * `FIELDOPS_MEDIA_SECRET`; in local mode a random key is generated once in the data folder, as
 * for document links.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/config.js';
import { EquipageError } from '../errors.js';

export const LOCAL_MEDIA_SECRET_FILE = 'fieldops-media.secret';

/** The path of the public photo route (registered outside the connector's authenticated operations). */
export const PHOTO_CONTENT_PATH = '/api/connectors/fieldops/v1/photos/:photoId/content';

const SIGNATURE_BYTES = 16;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The key of photo links: `FIELDOPS_MEDIA_SECRET`, else (local mode only) a key generated once in
 * DATA_DIR (mode 0600). Undefined outside local mode without a key: links are then neither made
 * nor accepted (config.ts requires the key when Open311 forwarding is on).
 */
export function resolveMediaSecret(config: Pick<Config, 'localMode' | 'dataDir' | 'fieldOpsMedia'>): Buffer | undefined {
  if (config.fieldOpsMedia.secret) return Buffer.from(config.fieldOpsMedia.secret, 'utf8');
  if (!config.localMode) return undefined;
  const file = path.join(config.dataDir, LOCAL_MEDIA_SECRET_FILE);
  mkdirSync(config.dataDir, { recursive: true });
  try {
    // `wx`: two processes starting together cannot both create it; the loser reads the winner's.
    writeFileSync(file, randomBytes(32).toString('hex'), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const secret = readFileSync(file, 'utf8').trim();
  if (secret.length < 32) throw new EquipageError('EQP_ERR_CONFIG_INVALID', { details: `${file} is damaged: delete it to generate a new key` });
  return Buffer.from(secret, 'utf8');
}

function sign(secret: Buffer, photoId: string, exp: number): Buffer {
  return createHmac('sha256', secret).update(`fieldops-photo:v1:${photoId}:${exp}`).digest().subarray(0, SIGNATURE_BYTES);
}

/** Builds the public URL of a photo, valid until `expiresAt`. */
export function photoLink(secret: Buffer, baseUrl: string, photoId: string, expiresAt: Date): string {
  const exp = Math.floor(expiresAt.getTime() / 1000);
  const sig = sign(secret, photoId, exp).toString('base64url');
  return `${baseUrl.replace(/\/+$/, '')}${PHOTO_CONTENT_PATH.replace(':photoId', photoId)}?exp=${exp}&sig=${sig}`;
}

/**
 * Checks a link's parameters. Throws `EQP_ERR_PHOTO_LINK_INVALID` (403) when malformed or not
 * signed with `secret`, `EQP_ERR_PHOTO_LINK_EXPIRED` (410) when valid but past its expiry: the
 * signature is checked first so that an expiry cannot be probed with forged links.
 */
export function verifyPhotoLink(secret: Buffer | undefined, photoId: string, exp: unknown, sig: unknown, now = new Date()): void {
  const invalid = () => new EquipageError('EQP_ERR_PHOTO_LINK_INVALID');
  if (!secret || !UUID.test(photoId) || typeof exp !== 'string' || typeof sig !== 'string') throw invalid();
  if (!/^\d{1,12}$/.test(exp) || !/^[A-Za-z0-9_-]{22}$/.test(sig)) throw invalid();
  const given = Buffer.from(sig, 'base64url');
  // Canonical encoding only: a signature re-encoded differently is not the one we issued.
  if (given.length !== SIGNATURE_BYTES || given.toString('base64url') !== sig) throw invalid();
  if (!timingSafeEqual(given, sign(secret, photoId, Number(exp)))) throw invalid();
  if (Number(exp) * 1000 <= now.getTime()) throw new EquipageError('EQP_ERR_PHOTO_LINK_EXPIRED');
}
