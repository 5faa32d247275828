/**
 * The HMAC key of download links: `DOCUMENT_LINK_SECRET` when set. It is required outside local
 * mode; in local mode a random key is generated once and kept in the data folder (file mode 0600),
 * so links survive a restart without any setup.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/config.js';
import { EquipageError } from '../errors.js';

export const LOCAL_SECRET_FILE = 'document-link.secret';

/** Resolves the key; throws `EQP_ERR_CONFIG_INVALID` naming `DOCUMENT_LINK_SECRET` when it is missing outside local mode. */
export function resolveLinkSecret(config: Pick<Config, 'localMode' | 'dataDir' | 'documents'>): Buffer {
  if (config.documents.linkSecret) return Buffer.from(config.documents.linkSecret, 'utf8');
  if (!config.localMode) {
    const message = 'is required outside local mode (64 random hex digits, e.g. `openssl rand -hex 32`)';
    throw new EquipageError('EQP_ERR_CONFIG_INVALID', { details: `DOCUMENT_LINK_SECRET ${message}` }, { details: [{ key: 'DOCUMENT_LINK_SECRET', message }] });
  }
  const file = path.join(config.dataDir, LOCAL_SECRET_FILE);
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
