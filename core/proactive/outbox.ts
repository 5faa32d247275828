/**
 * The durable queue of proactive messages. `enqueue` writes a row (deduplicated by key, so a
 * retried enqueue is not sent twice); the dispatcher delivers rows and records the outcome.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../storage/schema.js';
import type { ConversationTarget, OutgoingMessage } from './types.js';

export interface EnqueueInput {
  /** Idempotency key: enqueueing the same key twice sends once (e.g. `payslip:2026-10:<personId>`). */
  dedupeKey: string;
  target: ConversationTarget;
  message: OutgoingMessage;
  /** Earliest time to send (quiet hours, scheduled digests). */
  notBefore?: Date;
}

/** Enqueues a message; returns its id and whether it was new. Use inside a caller's transaction when the message belongs to a write. */
export async function enqueueMessage(db: Kysely<Database>, input: EnqueueInput): Promise<{ id: number; created: boolean }> {
  const inserted = await db
    .insertInto('outbound_messages')
    .values({
      dedupe_key: input.dedupeKey,
      conversation_id: input.target.conversationId,
      conversation: JSON.stringify(input.target),
      message: JSON.stringify(input.message),
      ...(input.notBefore ? { next_attempt_at: input.notBefore } : {}),
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return { id: inserted.id, created: true };
  const existing = await db.selectFrom('outbound_messages').select('id').where('dedupe_key', '=', input.dedupeKey).executeTakeFirstOrThrow();
  return { id: existing.id, created: false };
}

/** Counts by status, for health and benchmarks. */
export async function outboxStats(db: Kysely<Database>): Promise<Record<'pending' | 'sending' | 'sent' | 'failed', number>> {
  const rows = await db.selectFrom('outbound_messages').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
  const stats = { pending: 0, sending: 0, sent: 0, failed: 0 };
  for (const row of rows) stats[row.status] = Number(row.n);
  return stats;
}

/**
 * Returns rows left in `sending` by a crashed process to `pending`. The crash may have happened
 * after the channel accepted the message: we prefer a rare duplicate to a lost message.
 */
export async function recoverInterrupted(db: Kysely<Database>, olderThan: Date): Promise<number> {
  const result = await db
    .updateTable('outbound_messages')
    .set({ status: 'pending', claimed_at: null })
    .where('status', '=', 'sending')
    .where('claimed_at', '<', olderThan)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Claims up to `limit` due rows (skip-locked, so several server instances can share the queue). */
export async function claimDue(db: Kysely<Database>, limit: number, now: Date) {
  return db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom('outbound_messages')
      .select('id')
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', now)
      .orderBy('next_attempt_at')
      .orderBy('id')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (due.length === 0) return [];
    return trx
      .updateTable('outbound_messages')
      .set({ status: 'sending', claimed_at: now, attempts: sql`attempts + 1` })
      .where('id', 'in', due.map((d) => d.id))
      .returningAll()
      .execute();
  });
}
