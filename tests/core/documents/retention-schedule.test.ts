/**
 * The server's retention worker: started, it applies the retention policy shortly after start
 * (archiving a leaver's payslips past LEAVER_ACCESS_DAYS and deleting expired staged uploads);
 * stopped, it runs no more. Real PGlite and local blob store.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createRetentionSchedule } from '../../../core/documents/retention-schedule.js';
import { demoIds } from '../../../core/seed/seed.js';
import { createTestContext, type TestContext } from '../../helpers/test-context.js';
import { publishRun } from './published-run.js';

const NOW = new Date('2027-01-15T10:00:00Z');

describe('retention schedule', () => {
  let t: TestContext;
  const leaver = demoIds.person('alexandre.lucas');
  const stayer = demoIds.person('kevin.martin');

  beforeAll(async () => {
    t = await createTestContext({ today: '2026-10-20' });
    await publishRun(t.ctx.storage.db, t.ctx.blobs, '2026-10', [leaver, stayer]);
    await t.ctx.storage.db.updateTable('people').set({ status: 'left', left_at: '2026-09-30' }).where('id', '=', leaver).execute();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('runs once shortly after start, then stops cleanly', async () => {
    const db = t.ctx.storage.db;
    // A staged upload left behind with no manifest, older than 24 h at NOW.
    await t.ctx.blobs.put('staging/payroll/0b5c3c1e-1111-4222-8333-444455556666/files/00000.bin', Buffer.from('%PDF-1.4'), { contentType: 'application/octet-stream' });
    let ran!: () => void;
    const firstRun = new Promise<void>((resolve) => (ran = resolve));
    const logged: object[] = [];
    const schedule = createRetentionSchedule({
      db,
      blobs: t.ctx.blobs,
      policy: t.config.documents,
      firstRunDelayMs: 0,
      now: () => NOW,
      logger: {
        info: (obj) => (logged.push(obj), ran()),
        error: (obj) => (logged.push(obj), ran()),
      },
    });
    schedule.start();
    await firstRun;
    await schedule.stop();
    expect(schedule.runs).toBe(1);
    expect(logged).toEqual([{ retention: { archivedByAge: 0, archivedLeavers: 1, linksPurged: 0, stagedUploadsPurged: 1 } }]);
    const rows = await db.selectFrom('documents').select(['person_id', 'status']).execute();
    expect(Object.fromEntries(rows.map((r) => [r.person_id, r.status]))).toEqual({ [leaver]: 'archived', [stayer]: 'active' });
    const left: string[] = [];
    for await (const info of t.ctx.blobs.list('staging/')) left.push(info.key);
    expect(left).toEqual([]);
    // Stopped: starting again is refused, and a manual run is still possible (idempotent).
    schedule.start();
    expect(await schedule.runOnce()).toEqual({ archivedByAge: 0, archivedLeavers: 0, linksPurged: 0, stagedUploadsPurged: 0 });
    await schedule.stop();
  });
});
