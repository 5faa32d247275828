/**
 * The webhook outbox. Report events (written by triggers in the report's own transaction) are
 * fanned out into one delivery per matching subscription; the unique (event, subscription) pair
 * and the event's `fanned_out` flag, set in the same transaction, make the fan-out idempotent.
 * Deliveries are claimed with a lease (`sending`, `claimed_at`): a row left `sending` by a
 * crashed process is handed out again once the lease has expired.
 */
import { sql, type Kysely } from 'kysely';
import type { Database, FieldReportEventKind, WebhookDeliveryState } from '../../storage/schema.js';

/** A claimed delivery with what is needed to send it. */
export interface ClaimedDelivery {
  id: string;
  attempts: number;
  createdAt: Date;
  subscriptionId: string;
  callbackUrl: string;
  secret: string;
  subscriptionDisabled: boolean;
  eventId: string;
  kind: FieldReportEventKind;
  occurredAt: Date;
  reportId: string;
}

/**
 * Fans out up to `limit` events not yet fanned out. A subscription receives the events that
 * happened after it was created, of its kind and category. Returns how many events were handled.
 */
export async function fanOutEvents(db: Kysely<Database>, limit: number): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const events = await trx
      .selectFrom('field_report_events')
      .select('id')
      .where('fanned_out', '=', false)
      .orderBy('id')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (events.length === 0) return 0;
    const ids = events.map((e) => String(e.id));
    await sql`
      insert into webhook_deliveries (event_id, subscription_id)
      select e.id, s.id
      from field_report_events e
      join field_reports r on r.id = e.report_id
      join report_categories c on c.id = r.category_id
      join webhook_subscriptions s
        on s.disabled_at is null
       and s.created_at <= e.at
       and (s.category_code is null or s.category_code = c.code)
       and (s.event_filter = 'all' or s.event_filter = e.kind)
      where e.id in (${sql.join(ids.map((id) => sql`${id}::bigint`))})
      order by e.id
      on conflict (event_id, subscription_id) do nothing`.execute(trx);
    await trx
      .updateTable('field_report_events')
      .set({ fanned_out: true })
      .where('id', 'in', ids)
      .execute();
    return events.length;
  });
}

/**
 * Claims up to `limit` deliveries due (`pending` → `sending`, attempts + 1). Skip-locked, so two
 * dispatchers (two server instances) never claim the same row.
 */
export async function claimDueDeliveries(db: Kysely<Database>, limit: number, now: Date): Promise<ClaimedDelivery[]> {
  const claimed = await db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom('webhook_deliveries')
      .select('id')
      .where('state', '=', 'pending')
      .where('next_attempt_at', '<=', now)
      .orderBy('next_attempt_at')
      .orderBy('created_at')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (due.length === 0) return [];
    return trx
      .updateTable('webhook_deliveries')
      .set({ state: 'sending', claimed_at: now, attempts: sql`attempts + 1` })
      .where('id', 'in', due.map((d) => d.id))
      .where('state', '=', 'pending')
      .returning(['id'])
      .execute();
  });
  if (claimed.length === 0) return [];
  const rows = await db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_subscriptions as s', 's.id', 'd.subscription_id')
    .innerJoin('field_report_events as e', 'e.id', 'd.event_id')
    .select([
      'd.id',
      'd.attempts',
      'd.created_at',
      'd.subscription_id',
      's.callback_url',
      's.secret',
      's.disabled_at',
      'e.id as event_id',
      'e.kind',
      'e.at',
      'e.report_id',
    ])
    .where('d.id', 'in', claimed.map((c) => c.id))
    .orderBy('d.created_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    attempts: r.attempts,
    createdAt: new Date(r.created_at),
    subscriptionId: r.subscription_id,
    callbackUrl: r.callback_url,
    secret: r.secret,
    subscriptionDisabled: r.disabled_at !== null,
    eventId: String(r.event_id),
    kind: r.kind,
    occurredAt: new Date(r.at),
    reportId: r.report_id,
  }));
}

/**
 * Hands out again deliveries left `sending` longer than the lease (their process died or hung):
 * the receiver may or may not have got them, so they are sent again (at least once).
 */
export async function recoverExpiredLeases(db: Kysely<Database>, claimedBefore: Date): Promise<number> {
  const result = await db
    .updateTable('webhook_deliveries')
    .set({ state: 'pending', claimed_at: null, next_attempt_at: new Date() })
    .where('state', '=', 'sending')
    .where('claimed_at', '<', claimedBefore)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Gives back claimed deliveries that were not attempted (shutdown): the attempt is not counted. */
export async function releaseUnattempted(db: Kysely<Database>, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('webhook_deliveries')
    .set((eb) => ({ state: 'pending', claimed_at: null, attempts: eb('attempts', '-', 1) }))
    .where('id', 'in', ids)
    .where('state', '=', 'sending')
    .execute();
}

/** Records the end of an attempt, if the row is still this attempt's (not cancelled meanwhile). */
export async function recordAttempt(
  db: Kysely<Database>,
  id: string,
  set: { state: WebhookDeliveryState; last_status: number | null; last_error: string | null; next_attempt_at?: Date; attempts?: number; delivered_at?: Date },
): Promise<void> {
  await db
    .updateTable('webhook_deliveries')
    .set({ ...set, claimed_at: null })
    .where('id', '=', id)
    .where('state', '=', 'sending')
    .execute();
}

/** Disables a subscription (its receiver is gone) and cancels its other deliveries. */
export async function disableSubscription(db: Kysely<Database>, subscriptionId: string, reason: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('webhook_subscriptions')
      .set({ disabled_at: new Date(), disabled_reason: reason })
      .where('id', '=', subscriptionId)
      .where('disabled_at', 'is', null)
      .execute();
    await trx
      .updateTable('webhook_deliveries')
      .set({ state: 'cancelled', last_error: reason, claimed_at: null })
      .where('subscription_id', '=', subscriptionId)
      .where('state', '=', 'pending')
      .execute();
  });
}

/**
 * Deletes events older than `before` whose deliveries are all finished (their deliveries go with
 * them), so the change feed does not grow forever. Dead deliveries stay visible until then.
 */
export async function pruneEvents(db: Kysely<Database>, before: Date): Promise<number> {
  const result = await db
    .deleteFrom('field_report_events')
    .where('at', '<', before)
    .where('fanned_out', '=', true)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('webhook_deliveries as d')
            .select('d.id')
            .whereRef('d.event_id', '=', 'field_report_events.id')
            .where('d.state', 'in', ['pending', 'sending']),
        ),
      ),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
