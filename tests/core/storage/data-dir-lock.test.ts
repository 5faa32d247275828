import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isEquipageError } from '../../../core/errors.js';
import { acquireDataDirLock, LOCK_FILE_NAME } from '../../../core/storage/data-dir-lock.js';

describe('data folder lock', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'equipage-lock-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a second holder, naming the folder and the holder', () => {
    const lock = acquireDataDirLock(dir, 'serveur Équipage');
    try {
      let caught: unknown;
      try {
        acquireDataDirLock(dir, 'equipage seed');
      } catch (error) {
        caught = error;
      }
      expect(isEquipageError(caught, 'EQP_ERR_DATA_DIR_LOCKED')).toBe(true);
      const message = (caught as Error).message;
      expect(message).toContain(dir);
      expect(message).toContain(`pid ${process.pid}`);
      expect(message).toContain('serveur Équipage');
    } finally {
      lock.release();
    }
    // Released: the next opener gets it.
    acquireDataDirLock(dir, 'next').release();
  });

  it('takes over a lock left by a dead process on this host', async () => {
    const child = spawn(process.execPath, ['-e', '0']);
    const deadPid = await new Promise<number>((resolve) => child.on('exit', () => resolve(child.pid!)));
    await writeFile(path.join(dir, LOCK_FILE_NAME), JSON.stringify({ pid: deadPid, hostname: os.hostname(), purpose: 'killed server', startedAt: '2026-01-01T00:00:00Z' }));
    const lock = acquireDataDirLock(dir, 'restarted server');
    expect(JSON.parse(await readFile(path.join(dir, LOCK_FILE_NAME), 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('never takes over a lock held on another host', async () => {
    await writeFile(path.join(dir, LOCK_FILE_NAME), JSON.stringify({ pid: 1, hostname: 'other-host', purpose: 'server', startedAt: '2026-01-01T00:00:00Z' }));
    expect(() => acquireDataDirLock(dir, 'x')).toThrow(/other-host/);
  });

  it('release never removes a lock that another process took over', async () => {
    const lock = acquireDataDirLock(dir, 'first');
    await writeFile(path.join(dir, LOCK_FILE_NAME), JSON.stringify({ pid: 424242, hostname: 'h', purpose: 'other', startedAt: 'x' }));
    lock.release();
    expect(JSON.parse(await readFile(path.join(dir, LOCK_FILE_NAME), 'utf8')).pid).toBe(424242);
  });
});
