/**
 * The Open311 forwarding outbox (table `field_report_open311`, one row per report). The row is
 * written in the report's own transaction, so an acknowledged report is never lost on its way to
 * Open311; the forwarder claims due rows and records each outcome.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, FieldReportOpen311Table, Open311State } from '../../storage/schema.js';

export type Open311Row = Selectable<FieldReportOpen311Table>;

/** Adds the report's row: `pending` when its category has a service code, else `not_applicable`. Call inside the report's transaction. */
export async function enqueueForwarding(trx: Kysely<Database>, reportId: string, serviceCode: string | null): Promise<Open311State> {
  const state: Open311State = serviceCode ? 'pending' : 'not_applicable';
  await trx.insertInto('field_report_open311').values({ report_id: reportId, service_code: serviceCode, state }).onConflict((oc) => oc.column('report_id').doNothing()).execute();
  return state;
}

/**
 * Claims up to `limit` rows due for a post (`pending` → `sending`, attempts + 1). Skip-locked, so
 * two forwarders (two server instances) never claim the same row.
 */
export async function claimDueForPost(db: Kysely<Database>, limit: number, now: Date): Promise<Open311Row[]> {
  return db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom('field_report_open311')
      .select('report_id')
      .where('state', '=', 'pending')
      .where('next_attempt_at', '<=', now)
      .orderBy('next_attempt_at')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (due.length === 0) return [];
    return trx
      .updateTable('field_report_open311')
      .set({ state: 'sending', claimed_at: now, attempts: sql`attempts + 1`, updated_at: now })
      .where('report_id', 'in', due.map((d) => d.report_id))
      .where('state', '=', 'pending')
      .returningAll()
      .execute();
  });
}

/** Claims `accepted` rows whose token is due for a look-up, leasing them for `leaseMs`. */
export async function claimDueTokens(db: Kysely<Database>, limit: number, now: Date, leaseMs: number): Promise<Open311Row[]> {
  return db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom('field_report_open311')
      .select('report_id')
      .where('state', '=', 'accepted')
      .where('next_attempt_at', '<=', now)
      .orderBy('next_attempt_at')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (due.length === 0) return [];
    return trx
      .updateTable('field_report_open311')
      .set({ next_attempt_at: new Date(now.getTime() + leaseMs) })
      .where('report_id', 'in', due.map((d) => d.report_id))
      .returningAll()
      .execute();
  });
}

/**
 * Returns rows left in `sending` by a crashed process to `pending`, marked uncertain: the crash
 * may have happened after Open311 created the request, so the next attempt looks it up first.
 */
export async function recoverInterrupted(db: Kysely<Database>, olderThan: Date): Promise<number> {
  const result = await db
    .updateTable('field_report_open311')
    .set((eb) => ({ state: 'pending', uncertain_since: eb.fn.coalesce('uncertain_since', 'claimed_at'), claimed_at: null, next_attempt_at: new Date() }))
    .where('state', '=', 'sending')
    .where('claimed_at', '<', olderThan)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Gives back rows claimed but not attempted (shutdown): no attempt, no uncertainty. */
export async function releaseUnattempted(db: Kysely<Database>, reportIds: string[]): Promise<void> {
  if (reportIds.length === 0) return;
  await db
    .updateTable('field_report_open311')
    .set((eb) => ({ state: 'pending', claimed_at: null, attempts: eb('attempts', '-', 1) }))
    .where('report_id', 'in', reportIds)
    .where('state', '=', 'sending')
    .execute();
}

/** The forwarding state of reports, as the report view shows it. */
export interface Open311View {
  status: Open311State;
  serviceRequestId?: string;
  remoteStatus?: string;
  lastError?: string;
  updatedAt: string;
}

/** Views of the rows of these reports (reports without a row are absent: forwarding was off). */
export async function open311Views(db: Kysely<Database>, reportIds: string[]): Promise<Map<string, Open311View>> {
  const views = new Map<string, Open311View>();
  if (reportIds.length === 0) return views;
  const rows = await db.selectFrom('field_report_open311').selectAll().where('report_id', 'in', reportIds).execute();
  for (const row of rows) {
    views.set(row.report_id, {
      // A row being sent is still "pending" for people; the distinction is internal.
      status: row.state === 'sending' ? 'pending' : row.state,
      ...(row.service_request_id ? { serviceRequestId: row.service_request_id } : {}),
      ...(row.remote_status ? { remoteStatus: row.remote_status } : {}),
      ...(row.last_error && row.state !== 'forwarded' ? { lastError: row.last_error } : {}),
      updatedAt: new Date(row.updated_at).toISOString(),
    });
  }
  return views;
}
