/**
 * Reads the status of forwarded requests back from Open311 (`GET requests.json` with a batch of
 * `service_request_id`s) and reflects it on the reports: `closed` → resolved, and a first `open`
 * moves a new report to acknowledged. Each change is in the status history, by `open311`, with
 * the jurisdiction's `status_notes` as the comment.
 */
import type { Kysely } from 'kysely';
import type { Database, FieldReportStatus } from '../../storage/schema.js';
import { getServiceRequests, type Open311Target } from './client.js';

/** The `changed_by` of status changes that come from Open311. */
export const OPEN311_ACTOR = 'open311';

/** Requests per `GET requests.json` (ids are comma-separated in the query string). */
const BATCH = 50;

/** What a remote status means for a report in `current` status, or undefined for no change. */
export function mapRemoteStatus(remote: string, current: FieldReportStatus): FieldReportStatus | undefined {
  if (remote === 'closed') return current === 'resolved' || current === 'rejected' ? undefined : 'resolved';
  if (remote === 'open') return current === 'new' ? 'acknowledged' : undefined;
  return undefined;
}

/** Polls the forwarded, not yet closed requests not polled since `staleBefore`. Returns how many were read. */
export async function syncStatuses(db: Kysely<Database>, target: Open311Target, staleBefore: Date, limit = 500): Promise<number> {
  const rows = await db
    .selectFrom('field_report_open311')
    .select(['report_id', 'service_request_id', 'remote_status'])
    .where('state', '=', 'forwarded')
    .where((eb) => eb.or([eb('remote_status', 'is', null), eb('remote_status', '!=', 'closed')]))
    .where((eb) => eb.or([eb('polled_at', 'is', null), eb('polled_at', '<', staleBefore)]))
    .orderBy('polled_at', (ob) => ob.nullsFirst())
    .limit(limit)
    .execute();
  let read = 0;
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH);
    const result = await getServiceRequests(target, batch.map((r) => r.service_request_id!));
    if (!result.ok) throw new Error(`Open311 status poll failed: ${result.error}`);
    const byId = new Map(result.value.map((r) => [r.service_request_id, r]));
    const now = new Date();
    for (const row of batch) {
      const remote = byId.get(row.service_request_id!);
      await db.transaction().execute(async (trx) => {
        if (!remote || remote.status === row.remote_status) {
          await trx.updateTable('field_report_open311').set({ polled_at: now }).where('report_id', '=', row.report_id).execute();
          return;
        }
        await trx
          .updateTable('field_report_open311')
          .set({ polled_at: now, remote_status: remote.status, remote_status_notes: remote.status_notes ?? null, updated_at: now })
          .where('report_id', '=', row.report_id)
          .execute();
        const report = await trx.selectFrom('field_reports').select('status').where('id', '=', row.report_id).forUpdate().executeTakeFirst();
        const next = report ? mapRemoteStatus(remote.status, report.status) : undefined;
        if (!next) return;
        await trx.updateTable('field_reports').set({ status: next, updated_at: now }).where('id', '=', row.report_id).execute();
        await trx
          .insertInto('field_report_status_history')
          .values({ report_id: row.report_id, status: next, changed_by: OPEN311_ACTOR, comment: remote.status_notes ?? null })
          .execute();
      });
      read += remote ? 1 : 0;
    }
  }
  return read;
}
