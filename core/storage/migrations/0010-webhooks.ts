/**
 * 0010 — webhooks of field reports (the connector's trigger "When a field report is created or
 * updated"): the subscriptions, a change feed of report events, and one delivery row per event
 * and subscription.
 *
 * The change feed is written by triggers on `field_reports`, in the same transaction as the
 * change itself: every path that creates or updates a report (API, status sync from Open311,
 * photo additions) emits its event without knowing about webhooks, and an event cannot exist
 * without its committed change, nor a committed change without its event.
 * Released: never edit, add a new migration instead.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('webhook_subscriptions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('owner_key', 'text', (c) => c.notNull())
    .addColumn('callback_url', 'text', (c) => c.notNull())
    .addColumn('event_filter', 'text', (c) => c.notNull().defaultTo('all').check(sql`event_filter in ('all', 'created', 'updated')`))
    .addColumn('category_code', 'text')
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('disabled_at', 'timestamptz')
    .addColumn('disabled_reason', 'text')
    .execute();
  await db.schema.createIndex('webhook_subscriptions_owner_idx').on('webhook_subscriptions').column('owner_key').execute();

  await db.schema
    .createTable('field_report_events')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('report_id', 'uuid', (c) => c.notNull().references('field_reports.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('created', 'updated')`))
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // Set once the event's deliveries were written (in one transaction with them).
    .addColumn('fanned_out', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  await sql`create index field_report_events_pending_idx on field_report_events (id) where not fanned_out`.execute(db);
  await db.schema.createIndex('field_report_events_at_idx').on('field_report_events').column('at').execute();

  await sql`
    create function field_report_emit_event() returns trigger language plpgsql as $$
    begin
      insert into field_report_events (report_id, kind) values (new.id, case when tg_op = 'INSERT' then 'created' else 'updated' end);
      return null;
    end
    $$`.execute(db);
  await sql`create trigger field_reports_created_event after insert on field_reports for each row execute function field_report_emit_event()`.execute(db);
  // An UPDATE that changes nothing is not an event. Compared as jsonb so that any column type
  // a later migration adds (even one without an equality operator) keeps working.
  await sql`
    create trigger field_reports_updated_event after update on field_reports
    for each row when (to_jsonb(old) is distinct from to_jsonb(new)) execute function field_report_emit_event()`.execute(db);

  await db.schema
    .createTable('webhook_deliveries')
    // Sent as X-Equipage-Delivery: the same id on every attempt, so receivers can deduplicate.
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('event_id', 'bigint', (c) => c.notNull().references('field_report_events.id').onDelete('cascade'))
    .addColumn('subscription_id', 'uuid', (c) => c.notNull().references('webhook_subscriptions.id').onDelete('cascade'))
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('pending').check(sql`state in ('pending', 'sending', 'delivered', 'dead', 'cancelled')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('claimed_at', 'timestamptz')
    .addColumn('last_status', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('delivered_at', 'timestamptz')
    .addUniqueConstraint('webhook_deliveries_event_subscription_key', ['event_id', 'subscription_id'])
    .execute();
  await db.schema.createIndex('webhook_deliveries_due_idx').on('webhook_deliveries').columns(['state', 'next_attempt_at']).execute();
  await db.schema.createIndex('webhook_deliveries_subscription_idx').on('webhook_deliveries').columns(['subscription_id', 'state']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('webhook_deliveries').ifExists().execute();
  await sql`drop trigger if exists field_reports_updated_event on field_reports`.execute(db);
  await sql`drop trigger if exists field_reports_created_event on field_reports`.execute(db);
  await sql`drop function if exists field_report_emit_event()`.execute(db);
  await db.schema.dropTable('field_report_events').ifExists().execute();
  await db.schema.dropTable('webhook_subscriptions').ifExists().execute();
}
