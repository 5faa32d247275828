/**
 * Onboarding reminders. Each working day (Monday–Friday except French public holidays, in
 * Europe/Paris), once quiet hours are over, each step owner gets ONE digest of their steps due or
 * overdue, with a button to the tab; on the first working day of each week, each manager gets a
 * summary of their arrivals. Messages go through the durable outbox with a dedupe key per person
 * and day (per week for the summary), so a restart or a second server instance never sends twice.
 *
 * The worker wakes every few minutes (`intervalMs`) and does what is due; `runOnce(now)` is the
 * same work for one instant, for tests and the CLI.
 */
import type { Kysely } from 'kysely';
import type { Database, OwnerRole } from '../storage/schema.js';
import { enqueueMessage } from '../proactive/outbox.js';
import type { OutgoingMessage } from '../proactive/types.js';
import { personalTarget } from './notifications.js';
import { computeProgress } from './progress.js';
import { inQuietHours, isFirstWorkingDayOfWeek, isWorkingDay, isoWeek, parisDateTime, type QuietHours } from './working-days.js';

export interface ReminderSchedulerOptions {
  db: Kysely<Database>;
  quietHours: QuietHours;
  /** Public base URL of the tab (the buttons' target). */
  tabBaseUrl: string;
  /** Time between two wake-ups (default 5 minutes). */
  intervalMs?: number;
  logger?: { info(obj: object, msg: string): void; error(obj: object, msg: string): void };
  now?: () => Date;
}

/** What one run did. */
export interface ReminderRunResult {
  date: string;
  /** Why nothing was done, when nothing was. */
  skipped?: 'not-a-working-day' | 'quiet-hours';
  digests: { queued: number; alreadyQueued: number; unreachable: number };
  weekly: { queued: number; alreadyQueued: number; unreachable: number };
}

export interface ReminderScheduler {
  start(): void;
  /** Stops waking up and waits for a run in progress. */
  stop(): Promise<void>;
  runOnce(now?: Date): Promise<ReminderRunResult>;
}

interface DueStep {
  title: string;
  dueDate: string;
  overdue: boolean;
  agentName: string;
  ownerRole: OwnerRole;
}

const fmt = (isoDate: string, lang: string) =>
  new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'fr-FR', { day: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(`${isoDate}T00:00:00Z`));

const card = (body: unknown[], actions: unknown[]) => ({ type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: '1.5', body, actions });

/** The daily digest of one owner's steps, in their language. */
export function digestMessage(steps: readonly DueStep[], lang: string, tabUrl: string): OutgoingMessage {
  const en = lang === 'en';
  const title = en ? `Onboarding: ${steps.length} step${steps.length > 1 ? 's' : ''} for you today` : `Arrivées : ${steps.length} étape${steps.length > 1 ? 's' : ''} pour toi aujourd'hui`;
  const line = (s: DueStep) => {
    const who = s.ownerRole === 'agent' ? '' : ` — ${s.agentName}`;
    const when = s.overdue ? (en ? `overdue since ${fmt(s.dueDate, lang)}` : `en retard depuis le ${fmt(s.dueDate, lang)}`) : en ? 'due today' : "pour aujourd'hui";
    return `- ${s.title}${who} (${when})`;
  };
  const list = steps.map(line).join('\n');
  return {
    text: `${title}\n${list}`,
    cards: [card([{ type: 'TextBlock', weight: 'Bolder', size: 'Medium', wrap: true, text: title }, { type: 'TextBlock', wrap: true, text: list }], [{ type: 'Action.OpenUrl', title: en ? 'Open the tab' : "Ouvrir l'onglet", url: tabUrl }])],
  };
}

/** The weekly summary of a manager's arrivals. */
export function weeklyMessage(arrivals: ReadonlyArray<{ name: string; percent: number; overdue: number; startDate: string }>, lang: string, tabUrl: string): OutgoingMessage {
  const en = lang === 'en';
  const title = en ? 'Your arrivals this week' : 'Tes arrivées cette semaine';
  const list = arrivals
    .map((a) => `- ${a.name}: ${a.percent} %${a.overdue > 0 ? (en ? `, ${a.overdue} overdue` : `, ${a.overdue} en retard`) : ''} (${en ? 'started' : 'arrivée le'} ${fmt(a.startDate, lang)})`)
    .join('\n');
  return {
    text: `${title}\n${list}`,
    cards: [card([{ type: 'TextBlock', weight: 'Bolder', size: 'Medium', wrap: true, text: title }, { type: 'TextBlock', wrap: true, text: list }], [{ type: 'Action.OpenUrl', title: en ? 'See my arrivals' : 'Voir mes arrivées', url: tabUrl }])],
  };
}

/** Creates the worker. */
export function createReminderScheduler(options: ReminderSchedulerOptions): ReminderScheduler {
  const { db } = options;
  const clock = options.now ?? (() => new Date());
  const intervalMs = options.intervalMs ?? 5 * 60_000;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let stopped = true;

  async function send(ownerId: string, dedupeKey: string, message: (lang: string) => OutgoingMessage, tally: ReminderRunResult['digests'], langs: Map<string, string>) {
    const target = await personalTarget(db, ownerId);
    if (!target) {
      tally.unreachable++;
      return;
    }
    const { created } = await enqueueMessage(db, { dedupeKey, target, message: message(langs.get(ownerId) ?? 'fr') });
    if (created) tally.queued++;
    else tally.alreadyQueued++;
  }

  async function runOnce(now: Date = clock()): Promise<ReminderRunResult> {
    const { date, minutes } = parisDateTime(now);
    const result: ReminderRunResult = { date, digests: { queued: 0, alreadyQueued: 0, unreachable: 0 }, weekly: { queued: 0, alreadyQueued: 0, unreachable: 0 } };
    if (!isWorkingDay(date)) return { ...result, skipped: 'not-a-working-day' };
    if (inQuietHours(minutes, options.quietHours)) return { ...result, skipped: 'quiet-hours' };

    const onboardings = await db
      .selectFrom('onboardings')
      .innerJoin('people', 'people.id', 'onboardings.person_id')
      .select(['onboardings.id', 'onboardings.person_id', 'onboardings.manager_id', 'onboardings.hr_contact_id', 'onboardings.start_date', 'people.display_name'])
      .where('onboardings.status', 'in', ['planned', 'in_progress'])
      .execute();
    if (onboardings.length === 0) return result;
    const steps = await db.selectFrom('onboarding_steps').selectAll().where('onboarding_id', 'in', onboardings.map((o) => o.id)).orderBy('due_date').orderBy('position').execute();
    const people = new Set(onboardings.flatMap((o) => [o.person_id, o.manager_id, o.hr_contact_id]).filter((id): id is string => id !== null));
    const langs = new Map((await db.selectFrom('people').select(['id', 'preferred_language']).where('id', 'in', [...people]).execute()).map((p) => [p.id, p.preferred_language]));

    // Daily digest: steps not done, due today or before, by the person who owns them.
    const byOwner = new Map<string, DueStep[]>();
    const hrOwners = new Set<string>();
    for (const s of steps) {
      if (s.status === 'done' || s.due_date > date) continue;
      const o = onboardings.find((x) => x.id === s.onboarding_id)!;
      const owner = s.owner_role === 'agent' ? o.person_id : s.owner_role === 'manager' ? o.manager_id : s.owner_role === 'hr' ? o.hr_contact_id : null;
      if (!owner) continue;
      if (s.owner_role === 'hr') hrOwners.add(owner);
      const list = byOwner.get(owner) ?? [];
      list.push({ title: s.title, dueDate: s.due_date, overdue: s.due_date < date, agentName: o.display_name, ownerRole: s.owner_role });
      byOwner.set(owner, list);
    }
    for (const [owner, list] of byOwner) {
      const page = list.every((s) => s.ownerRole === 'agent') ? 'agent' : hrOwners.has(owner) && list.every((s) => s.ownerRole === 'hr') ? 'hr' : 'manager';
      await send(owner, `onboarding-digest:${owner}:${date}`, (lang) => digestMessage(list, lang, `${options.tabBaseUrl}/tab/${page}`), result.digests, langs);
    }

    // Weekly summary for managers, on the first working day of the week.
    if (isFirstWorkingDayOfWeek(date)) {
      const week = isoWeek(date);
      const byManager = new Map<string, typeof onboardings>();
      for (const o of onboardings) if (o.manager_id) byManager.set(o.manager_id, [...(byManager.get(o.manager_id) ?? []), o]);
      for (const [manager, list] of byManager) {
        const lines = list.map((o) => {
          const own = steps.filter((s) => s.onboarding_id === o.id);
          const p = computeProgress(own.map((s) => ({ id: s.id, title: s.title, position: s.position, ownerRole: s.owner_role, dueDate: s.due_date, status: s.status })), date);
          return { name: o.display_name, percent: p.percent, overdue: p.overdue, startDate: o.start_date };
        });
        await send(manager, `onboarding-weekly:${manager}:${week}`, (lang) => weeklyMessage(lines, lang, `${options.tabBaseUrl}/tab/manager`), result.weekly, langs);
      }
    }
    return result;
  }

  const tick = () => {
    if (stopped) return;
    running = runOnce()
      .then((r) => {
        if (r.digests.queued + r.weekly.queued > 0) options.logger?.info({ reminders: r }, 'onboarding reminders queued');
      })
      .catch((error: unknown) => options.logger?.error({ err: error }, 'onboarding reminders failed'))
      .finally(() => {
        running = undefined;
        if (!stopped) {
          timer = setTimeout(tick, intervalMs);
          timer.unref();
        }
      });
  };

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      timer = setTimeout(tick, 0);
      timer.unref();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
    runOnce,
  };
}
