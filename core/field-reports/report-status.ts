/**
 * The status workflow of a field report, changed by supervisors. A change is a conditional update
 * on the current status (so two supervisors racing cannot both win), written with its status
 * history row and its idempotency key in one transaction, and bumps `updated_at`.
 *
 * Supervisors are read from the directory, with no extra setting: HR members, and people who
 * manage at least one active agent (`people.manager_id`), as for service channels.
 */
import type { Kysely } from 'kysely';
import { actorOf } from '../audit/audit-log.js';
import type { Caller } from '../auth/identity.js';
import { EquipageError } from '../errors.js';
import type { Database, FieldReportStatus } from '../storage/schema.js';
import { findIdempotentResponse, requestHash, storeIdempotentResponse, type StoredResponse } from './idempotency.js';
import { formatReportNumber, getFieldReport, type FieldReportDeps } from './reports.js';

/**
 * Allowed changes. A resolved or rejected report can be reopened (back to in progress), e.g. when
 * the problem comes back or a rejection was a mistake; nothing goes back to `new`.
 */
export const STATUS_TRANSITIONS: Readonly<Record<FieldReportStatus, readonly FieldReportStatus[]>> = {
  new: ['acknowledged', 'in_progress', 'rejected'],
  acknowledged: ['in_progress', 'resolved', 'rejected'],
  in_progress: ['resolved', 'rejected'],
  resolved: ['in_progress'],
  rejected: ['in_progress'],
};

/** The body of UpdateFieldReportStatus (already checked against the route's JSON schema). */
export interface UpdateStatusInput {
  status: FieldReportStatus;
  comment?: string;
  /** The status the supervisor saw: the change is refused (409) when the report is no longer in it. */
  expectedStatus?: FieldReportStatus;
}

export const UPDATE_STATUS_OPERATION = 'UpdateFieldReportStatus';

/** Whether the caller may change report statuses: an HR member or a manager of active agents. */
export async function isSupervisor(db: Kysely<Database>, caller: Caller): Promise<boolean> {
  if (!caller.personId) return false;
  const person = await db.selectFrom('people').select(['hr_member', 'status']).where('id', '=', caller.personId).executeTakeFirst();
  if (!person || person.status !== 'active') return false;
  if (person.hr_member) return true;
  const report = await db.selectFrom('people').select('id').where('manager_id', '=', caller.personId).where('status', '=', 'active').limit(1).executeTakeFirst();
  return report !== undefined;
}

/** Throws `EQP_ERR_FORBIDDEN` unless the caller is a supervisor. */
export async function requireSupervisor(db: Kysely<Database>, caller: Caller): Promise<void> {
  if (!(await isSupervisor(db, caller))) throw new EquipageError('EQP_ERR_FORBIDDEN');
}

/**
 * Changes a report's status (supervisors only). Returns 200 and the updated report, or the
 * stored response of a previous identical request with the same idempotency key.
 */
export async function updateFieldReportStatus(
  deps: Pick<FieldReportDeps, 'db' | 'caller'>,
  reportId: string,
  input: UpdateStatusInput,
  idempotencyKey?: string,
): Promise<StoredResponse> {
  const callerKey = actorOf(deps.caller);
  // The report id is part of the request: the same key on another report is another request.
  const hash = requestHash(UPDATE_STATUS_OPERATION, { reportId, ...input });
  if (idempotencyKey) {
    const previous = await findIdempotentResponse(deps.db, callerKey, idempotencyKey, UPDATE_STATUS_OPERATION, hash);
    if (previous) return previous;
  }
  await requireSupervisor(deps.db, deps.caller);
  const current = await deps.db.selectFrom('field_reports').select(['status', 'number']).where('id', '=', reportId).executeTakeFirst();
  if (!current) throw new EquipageError('EQP_ERR_NOT_FOUND', { what: `signalement ${reportId} / report ${reportId}` });
  const number = formatReportNumber(Number(current.number));
  if (input.expectedStatus && input.expectedStatus !== current.status) {
    throw new EquipageError('EQP_ERR_REPORT_STATUS_CHANGED', { number, current: current.status });
  }
  if (!STATUS_TRANSITIONS[current.status].includes(input.status)) {
    throw new EquipageError('EQP_ERR_REPORT_STATUS_TRANSITION', {
      number,
      from: current.status,
      to: input.status,
      allowed: STATUS_TRANSITIONS[current.status].join(', '),
    });
  }
  const comment = input.comment?.trim() || null;

  try {
    return await deps.db.transaction().execute(async (trx) => {
      // Conditional on the status read above: a concurrent change makes this update match nothing.
      const updated = await trx
        .updateTable('field_reports')
        .set({ status: input.status, updated_at: new Date() })
        .where('id', '=', reportId)
        .where('status', '=', current.status)
        .returning('id')
        .executeTakeFirst();
      if (!updated) {
        const now = await trx.selectFrom('field_reports').select('status').where('id', '=', reportId).executeTakeFirst();
        throw new EquipageError('EQP_ERR_REPORT_STATUS_CHANGED', { number, current: now?.status ?? '?' });
      }
      await trx.insertInto('field_report_status_history').values({ report_id: reportId, status: input.status, changed_by: callerKey, comment }).execute();
      const response: StoredResponse = { status: 200, body: await getFieldReport({ db: trx }, reportId) };
      if (idempotencyKey) {
        const first = await storeIdempotentResponse(trx, { callerKey, key: idempotencyKey, operation: UPDATE_STATUS_OPERATION, hash, response });
        if (!first) throw new ConcurrentIdempotentRequest();
      }
      return response;
    });
  } catch (error) {
    // A concurrent request with the same key may have won the race: answer as it did.
    if (idempotencyKey && (error instanceof ConcurrentIdempotentRequest || (error instanceof EquipageError && error.code === 'EQP_ERR_REPORT_STATUS_CHANGED'))) {
      const previous = await findIdempotentResponse(deps.db, callerKey, idempotencyKey, UPDATE_STATUS_OPERATION, hash);
      if (previous) return previous;
    }
    throw error;
  }
}

/** Another request with the same idempotency key committed while this one ran. */
class ConcurrentIdempotentRequest extends Error {}
