/**
 * Working days (French public holidays), quiet hours in Europe/Paris, and the reminder worker on
 * a seeded PGlite database: one digest per step owner per working day, never twice, a weekly
 * summary for managers, nothing on week-ends, holidays or during quiet hours.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createReminderScheduler } from '../../../core/onboarding/reminder-scheduler.js';
import {
  easterSunday,
  frenchPublicHolidays,
  inQuietHours,
  isFirstWorkingDayOfWeek,
  isWorkingDay,
  isoWeek,
  nextAllowedInstant,
  parisInstant,
} from '../../../core/onboarding/working-days.js';
import { demoIds } from '../../../core/seed/seed.js';
import { createTestContext, type TestContext } from '../../helpers/test-context.js';

describe('working days', () => {
  it('computes Easter and the movable holidays', () => {
    expect(easterSunday(2024)).toBe('2024-03-31');
    expect(easterSunday(2026)).toBe('2026-04-05');
    expect(easterSunday(2027)).toBe('2027-03-28');
    const h2026 = frenchPublicHolidays(2026);
    expect(h2026.get('2026-04-06')).toBe('Lundi de Pâques');
    expect(h2026.get('2026-05-14')).toBe('Ascension');
    expect(h2026.get('2026-05-25')).toBe('Lundi de Pentecôte');
    expect(h2026.size).toBe(11);
  });

  it('knows working days and the first working day of a week', () => {
    expect(isWorkingDay('2026-04-06')).toBe(false); // Easter Monday
    expect(isWorkingDay('2026-04-07')).toBe(true);
    expect(isWorkingDay('2026-07-14')).toBe(false);
    expect(isWorkingDay('2026-03-14')).toBe(false); // Saturday
    expect(isFirstWorkingDayOfWeek('2026-04-07')).toBe(true);
    expect(isFirstWorkingDayOfWeek('2026-03-09')).toBe(true);
    expect(isFirstWorkingDayOfWeek('2026-03-10')).toBe(false);
    expect(isoWeek('2026-01-01')).toBe('2026-W01');
    expect(isoWeek('2027-01-01')).toBe('2026-W53');
  });

  it('applies quiet hours in Paris time, across midnight and summer time', () => {
    const quiet = { start: '19:00', end: '08:00' };
    expect(inQuietHours(7 * 60 + 59, quiet)).toBe(true);
    expect(inQuietHours(8 * 60, quiet)).toBe(false);
    expect(inQuietHours(19 * 60, quiet)).toBe(true);
    expect(parisInstant('2026-01-15', '08:00').toISOString()).toBe('2026-01-15T07:00:00.000Z');
    expect(parisInstant('2026-07-15', '08:00').toISOString()).toBe('2026-07-15T06:00:00.000Z');
    // 21:30 in Paris in winter: the next allowed instant is 08:00 the next morning.
    expect(nextAllowedInstant(new Date('2026-01-15T20:30:00Z'), quiet).toISOString()).toBe('2026-01-16T07:00:00.000Z');
    const noon = new Date('2026-01-15T11:00:00Z');
    expect(nextAllowedInstant(noon, quiet)).toBe(noon);
  });
});

describe('reminder worker', () => {
  // The seed runs "today" = Monday 9 March 2026 so the arrivals' steps fall on known days.
  const TODAY = '2026-03-09';
  let t: TestContext;
  const db = () => t.ctx.storage.db;
  const quietHours = { start: '19:00', end: '08:00' };
  const reachable = ['ines.boucher', 'jean-marc.dupuis', 'karim.benali', 'isabelle.girard'];

  beforeAll(async () => {
    t = await createTestContext({ today: TODAY });
    for (const key of reachable) {
      await db().insertInto('bot_conversations').values({ person_id: demoIds.person(key), conversation_id: `a:${key}`, service_url: 'https://smba.example/fr/' }).execute();
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  it('does nothing during quiet hours, on week-ends and on holidays', async () => {
    const worker = createReminderScheduler({ db: db(), quietHours, tabBaseUrl: 'https://tab.example' });
    expect((await worker.runOnce(new Date('2026-03-09T06:30:00Z'))).skipped).toBe('quiet-hours');
    expect((await worker.runOnce(new Date('2026-03-14T10:00:00Z'))).skipped).toBe('not-a-working-day');
    expect((await worker.runOnce(new Date('2026-04-06T10:00:00Z'))).skipped).toBe('not-a-working-day');
    expect(await db().selectFrom('outbound_messages').select('id').execute()).toEqual([]);
  });

  it('sends one digest per owner per day, and managers a weekly summary, never twice', async () => {
    const worker = createReminderScheduler({ db: db(), quietHours, tabBaseUrl: 'https://tab.example' });
    const first = await worker.runOnce(new Date('2026-03-09T08:15:00Z'));
    expect(first.skipped).toBeUndefined();
    expect(first.digests.queued).toBeGreaterThanOrEqual(2);
    expect(first.digests.unreachable).toBeGreaterThan(0);
    expect(first.weekly.queued).toBeGreaterThanOrEqual(2);
    const rows = await db().selectFrom('outbound_messages').selectAll().execute();
    // Inès arrived on Friday: her "notifications" step is due today, in her own digest, linking to her view.
    const ines = rows.find((r) => r.dedupe_key === `onboarding-digest:${demoIds.person('ines.boucher')}:2026-03-09`);
    const inesMessage = (typeof ines!.message === 'string' ? JSON.parse(ines!.message) : ines!.message) as { text: string; cards: Array<{ actions: Array<{ url: string }> }> };
    expect(inesMessage.text).toContain('Activer les notifications Teams');
    expect(inesMessage.cards[0]!.actions[0]!.url).toBe('https://tab.example/tab/agent');
    const jm = rows.find((r) => r.dedupe_key === `onboarding-digest:${demoIds.person('jean-marc.dupuis')}:2026-03-09`);
    const message = (typeof jm!.message === 'string' ? JSON.parse(jm!.message) : jm!.message) as { text: string; cards: Array<{ actions: Array<{ url: string }> }> };
    // The seed leaves Lucas's safety training overdue: it is in his manager's digest.
    expect(message.text).toContain('Formation sécurité');
    expect(message.text).toContain('Lucas Fontaine');
    expect(message.cards[0]!.actions[0]!.url).toBe('https://tab.example/tab/manager');
    expect(rows.some((r) => r.dedupe_key === `onboarding-weekly:${demoIds.person('jean-marc.dupuis')}:2026-W11`)).toBe(true);

    // A restart later the same day queues nothing new.
    const second = await createReminderScheduler({ db: db(), quietHours, tabBaseUrl: 'https://tab.example' }).runOnce(new Date('2026-03-09T15:00:00Z'));
    expect(second.digests.queued).toBe(0);
    expect(second.digests.alreadyQueued).toBe(first.digests.queued);
    expect(second.weekly.queued).toBe(0);
    expect((await db().selectFrom('outbound_messages').select('id').execute()).length).toBe(rows.length);

    // Tuesday: new digests, no weekly summary.
    const tuesday = await worker.runOnce(new Date('2026-03-10T09:00:00Z'));
    expect(tuesday.digests.queued).toBeGreaterThan(0);
    expect(tuesday.weekly.queued + tuesday.weekly.alreadyQueued).toBe(0);
  });

  it('starts and stops cleanly', async () => {
    const worker = createReminderScheduler({ db: db(), quietHours, tabBaseUrl: 'https://tab.example', intervalMs: 60_000 });
    worker.start();
    await worker.stop();
  });
});
