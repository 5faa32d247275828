/** What the commands that open the database or read a file share. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../core/config/config.js';
import { EquipageError } from '../core/errors.js';
import { openStorage, type Storage } from '../core/storage/database.js';
import type { CliIo } from './io.js';

/** Opens the database (taking the data-folder lock) for one command, and closes it. */
export async function withStorage<T>(io: CliIo, purpose: string, run: (storage: Storage) => Promise<T>): Promise<T> {
  const config = loadConfig({ env: io.env, cwd: io.cwd });
  const storage = await openStorage(config.database, { purpose, dataDir: config.dataDir });
  try {
    return await run(storage);
  } finally {
    await storage.close();
  }
}

/** Reads a file named on the command line (relative to the working directory); a coded usage error when it cannot. */
export async function readInputFile(io: CliIo, file: string): Promise<Buffer> {
  const full = path.resolve(io.cwd ?? process.cwd(), file);
  try {
    return await readFile(full);
  } catch (error) {
    throw new EquipageError('EQP_ERR_CLI_USAGE', { details: `fichier illisible / cannot read ${full}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
  }
}
