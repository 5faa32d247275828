/**
 * 0008 — onboarding, second slice: frozen template versions (a template change never rewrites
 * plans already started), a step's template key (to apply a new version to a plan), the
 * versioned documents to acknowledge and the acknowledgments, the welcome notifications of an
 * onboarding, and each service's Teams channel (for the team introduction).
 * Released: never edit, add a new migration instead.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('onboarding_template_versions')
    .addColumn('template_id', 'uuid', (c) => c.notNull().references('onboarding_templates.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('content', 'jsonb', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('onboarding_template_versions_pk', ['template_id', 'version'])
    .execute();
  // Plans started before this migration keep the content their template has today.
  await sql`insert into onboarding_template_versions (template_id, version, name, content)
            select id, version, name, content from onboarding_templates`.execute(db);

  await db.schema.alterTable('onboarding_steps').addColumn('step_key', 'text').execute();

  await db.schema
    .createTable('onboarding_document_versions')
    .addColumn('document_key', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('blob_key', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('onboarding_document_versions_pk', ['document_key', 'sha256'])
    .execute();
  await db.schema.createIndex('onboarding_document_versions_latest_idx').on('onboarding_document_versions').columns(['document_key', 'created_at']).execute();

  await db.schema
    .createTable('onboarding_acknowledgments')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('onboarding_id', 'uuid', (c) => c.notNull().references('onboardings.id').onDelete('cascade'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('document_key', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('acknowledged_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('onboarding_acknowledgments_uq', ['person_id', 'document_key', 'sha256'])
    .execute();
  await db.schema.createIndex('onboarding_acknowledgments_onboarding_idx').on('onboarding_acknowledgments').column('onboarding_id').execute();

  await db.schema
    .createTable('onboarding_notifications')
    .addColumn('onboarding_id', 'uuid', (c) => c.notNull().references('onboardings.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('welcome', 'team_intro')`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('queued', 'unreachable')`))
    .addColumn('outbound_message_id', 'bigint')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('onboarding_notifications_pk', ['onboarding_id', 'kind'])
    .execute();

  await db.schema
    .createTable('service_channels')
    .addColumn('service_id', 'uuid', (c) => c.primaryKey().references('services.id').onDelete('cascade'))
    .addColumn('team_id', 'text')
    .addColumn('channel_id', 'text')
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('service_url', 'text', (c) => c.notNull())
    .addColumn('tenant_id', 'text')
    .addColumn('bot_id', 'text')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['service_channels', 'onboarding_notifications', 'onboarding_acknowledgments', 'onboarding_document_versions', 'onboarding_template_versions']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
  await db.schema.alterTable('onboarding_steps').dropColumn('step_key').execute();
}
