/**
 * 0004 — agents' documents (payslips, certificates), single-use download links, certificate
 * verification codes, and the Teams conversation of each person (filled by the bot, read by the
 * notifications). Released: never edit, add a new migration instead.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('documents')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('payslip', 'certificate')`))
    .addColumn('certificate_kind', 'text')
    .addColumn('period', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('blob_key', 'text', (c) => c.notNull().unique())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('source_name', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active').check(sql`status in ('active', 'replaced', 'archived')`))
    .addColumn('published_by', 'text', (c) => c.notNull())
    .addColumn('replaced_by', 'uuid', (c) => c.references('documents.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('archived_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('documents_person_idx').on('documents').columns(['person_id', 'status', 'created_at']).execute();
  await db.schema.createIndex('documents_period_idx').on('documents').columns(['kind', 'period']).execute();
  // One active payslip per person and period; replaced versions stay beside it.
  await db.schema
    .createIndex('documents_active_payslip_uq')
    .on('documents')
    .columns(['person_id', 'period'])
    .unique()
    .where(sql.ref('kind'), '=', 'payslip')
    .where(sql.ref('status'), '=', 'active')
    .execute();
  await db.schema
    .createIndex('documents_payslip_version_uq')
    .on('documents')
    .columns(['person_id', 'kind', 'period', 'version'])
    .unique()
    .execute();

  await db.schema
    .createTable('document_links')
    .addColumn('nonce', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('document_id', 'uuid', (c) => c.notNull().references('documents.id').onDelete('cascade'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('document_links_expiry_idx').on('document_links').column('expires_at').execute();

  await db.schema
    .createTable('certificates')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('document_id', 'uuid', (c) => c.notNull().unique().references('documents.id').onDelete('cascade'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('attestation_employeur', 'certificat_travail')`))
    .addColumn('issued_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('issued_via', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('bot_conversations')
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('scope', 'text', (c) => c.notNull().defaultTo('personal'))
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('service_url', 'text', (c) => c.notNull())
    .addColumn('tenant_id', 'text')
    .addColumn('bot_id', 'text')
    .addColumn('user_id', 'text')
    .addColumn('channel_id', 'text')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('bot_conversations_pk', ['person_id', 'scope'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['bot_conversations', 'certificates', 'document_links', 'documents']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
