/**
 * 0002 — field reports (the field-ops custom connector): report categories, the commune's assets,
 * reports with their photos (blob keys) and status history, and idempotency keys.
 * Released: never edit, add a new migration instead.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('report_categories')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('label_fr', 'text', (c) => c.notNull())
    .addColumn('label_en', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('service_code', 'text')
    // Category-specific fields: [{ key, label, labelEn, type, required, options?, ... }].
    .addColumn('fields', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('assets')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('address', 'text')
    .addColumn('latitude', 'double precision', (c) => c.notNull().check(sql`latitude between -90 and 90`))
    .addColumn('longitude', 'double precision', (c) => c.notNull().check(sql`longitude between -180 and 180`))
    .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('assets_kind_idx').on('assets').column('kind').execute();
  await db.schema.createIndex('assets_position_idx').on('assets').columns(['latitude', 'longitude']).execute();

  await db.schema
    .createTable('field_reports')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    // Human-facing sequential number ("SIG-000042"); the uuid stays the API identifier.
    .addColumn('number', 'bigserial', (c) => c.notNull().unique())
    .addColumn('category_id', 'uuid', (c) => c.notNull().references('report_categories.id'))
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('latitude', 'double precision', (c) => c.notNull().check(sql`latitude between -90 and 90`))
    .addColumn('longitude', 'double precision', (c) => c.notNull().check(sql`longitude between -180 and 180`))
    .addColumn('accuracy_m', 'double precision', (c) => c.notNull())
    .addColumn('address', 'text')
    .addColumn('asset_id', 'uuid', (c) => c.references('assets.id').onDelete('set null'))
    .addColumn('observed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('fields', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('new').check(sql`status in ('new', 'acknowledged', 'in_progress', 'resolved', 'rejected')`),
    )
    // Stable reference of the reporter (see core/audit `actorOf`), plus what we knew of them.
    .addColumn('reporter_key', 'text', (c) => c.notNull())
    .addColumn('reporter_person_id', 'uuid', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('reporter_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('field_reports_created_idx').on('field_reports').columns(['created_at', 'id']).execute();
  await db.schema.createIndex('field_reports_reporter_idx').on('field_reports').columns(['reporter_key', 'created_at']).execute();
  await db.schema.createIndex('field_reports_category_idx').on('field_reports').column('category_id').execute();

  await db.schema
    .createTable('field_report_photos')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('report_id', 'uuid', (c) => c.notNull().references('field_reports.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('blob_key', 'text', (c) => c.notNull().unique())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('field_report_photos_position_uq', ['report_id', 'position'])
    .execute();

  await db.schema
    .createTable('field_report_status_history')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('report_id', 'uuid', (c) => c.notNull().references('field_reports.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('changed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('changed_by', 'text', (c) => c.notNull())
    .addColumn('comment', 'text')
    .execute();
  await db.schema.createIndex('field_report_status_history_report_idx').on('field_report_status_history').columns(['report_id', 'changed_at']).execute();

  // One row per (caller, Idempotency-Key): written in the same transaction as what it protects,
  // so a retry after a crash finds either both or neither.
  await db.schema
    .createTable('idempotency_keys')
    .addColumn('caller_key', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('operation', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('response_status', 'integer', (c) => c.notNull())
    .addColumn('response_body', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['caller_key', 'idempotency_key'])
    .execute();
  await db.schema.createIndex('idempotency_keys_expires_idx').on('idempotency_keys').column('expires_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['idempotency_keys', 'field_report_status_history', 'field_report_photos', 'field_reports', 'assets', 'report_categories']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
