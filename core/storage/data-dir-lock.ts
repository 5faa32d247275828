/**
 * Exclusive lock on a data folder. PGlite silently loses data when two processes open the same
 * folder, so whoever opens it (the server, or a CLI command) holds this lock first. The lock file
 * names its holder; a lock left by a dead process on this host (after `kill -9`) is taken over.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EquipageError } from '../errors.js';

/** Who holds a data folder. */
export interface LockHolder {
  pid: number;
  hostname: string;
  purpose: string;
  startedAt: string;
}

/** A held lock; `release()` is idempotent. */
export interface DataDirLock {
  readonly file: string;
  readonly holder: LockHolder;
  release(): void;
}

export const LOCK_FILE_NAME = 'equipage.lock';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(file: string): LockHolder | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockHolder>;
    if (typeof parsed.pid === 'number' && typeof parsed.hostname === 'string') return parsed as LockHolder;
  } catch {
    // Unreadable or half-written: treated below as held by an unknown process.
  }
  return undefined;
}

/** Human description of a holder, used in the error message. */
export function describeHolder(holder: LockHolder | undefined, file: string): string {
  if (!holder) return `un processus inconnu (fichier de verrou ${file})`;
  return `« ${holder.purpose} » (pid ${holder.pid} sur ${holder.hostname}, depuis ${holder.startedAt}; verrou ${file})`;
}

/**
 * Takes the lock on `dir` for `purpose` (e.g. "serveur Équipage", "equipage seed").
 * Throws `EQP_ERR_DATA_DIR_LOCKED` naming the folder and the holder when another live process has it.
 */
export function acquireDataDirLock(dir: string, purpose: string): DataDirLock {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, LOCK_FILE_NAME);
  const holder: LockHolder = { pid: process.pid, hostname: os.hostname(), purpose, startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o644);
      try {
        writeSync(fd, JSON.stringify(holder));
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      let released = false;
      return {
        file,
        holder,
        release() {
          if (released) return;
          released = true;
          const current = readHolder(file);
          // Only remove our own lock: never one a later process took over.
          if (current && current.pid === holder.pid && current.startedAt === holder.startedAt) {
            try {
              unlinkSync(file);
            } catch {
              // Already gone: nothing to release.
            }
          }
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const current = readHolder(file);
      const stale = current !== undefined && current.hostname === os.hostname() && current.pid !== process.pid && !isAlive(current.pid);
      if (!stale) {
        throw new EquipageError('EQP_ERR_DATA_DIR_LOCKED', { dir, holder: describeHolder(current, file) }, { details: { dir, holder: current } });
      }
      // Move the stale file aside atomically so two takers cannot both delete a fresh lock.
      try {
        const aside = `${file}.stale-${process.pid}-${Date.now()}`;
        renameSync(file, aside);
        unlinkSync(aside);
      } catch {
        // Someone else took it over first: loop and look again.
      }
    }
  }
  throw new EquipageError('EQP_ERR_DATA_DIR_LOCKED', { dir, holder: describeHolder(readHolder(file), file) });
}
