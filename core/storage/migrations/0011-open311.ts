/**
 * 0011 — the Open311 forwarding outbox: one row per field report to hand to the commune's
 * Open311 GeoReport v2 system, written in the report's own transaction, with its delivery state,
 * the remote identifiers (token, service request id) and the remote status polled back.
 * Released: never edit, add a new migration instead.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('field_report_open311')
    .addColumn('report_id', 'uuid', (c) => c.primaryKey().references('field_reports.id').onDelete('cascade'))
    .addColumn('service_code', 'text')
    .addColumn('state', 'text', (c) =>
      c.notNull().defaultTo('pending').check(sql`state in ('pending', 'sending', 'accepted', 'forwarded', 'failed', 'not_applicable')`),
    )
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('claimed_at', 'timestamptz')
    // Set when an attempt's outcome is unknown (timeout, crash while sending): look before posting again.
    .addColumn('uncertain_since', 'timestamptz')
    .addColumn('last_error', 'text')
    .addColumn('token', 'text')
    .addColumn('service_request_id', 'text')
    .addColumn('remote_status', 'text')
    .addColumn('remote_status_notes', 'text')
    .addColumn('polled_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('field_report_open311_due_idx').on('field_report_open311').columns(['state', 'next_attempt_at']).execute();
  await db.schema.createIndex('field_report_open311_poll_idx').on('field_report_open311').columns(['state', 'polled_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('field_report_open311').ifExists().execute();
}
