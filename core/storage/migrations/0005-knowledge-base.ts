/**
 * 0005 — HR's knowledge base: versioned FAQ imports, the active version, the question log with
 * feedback, and draft entries for the next version. Released: never edit, add a new migration.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('kb_versions')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('source_name', 'text', (c) => c.notNull())
    .addColumn('source_sha256', 'text', (c) => c.notNull())
    .addColumn('entry_count', 'integer', (c) => c.notNull())
    .addColumn('vocabulary', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('note', 'text')
    .execute();

  await db.schema
    .createTable('kb_entries')
    .addColumn('version_id', 'integer', (c) => c.notNull().references('kb_versions.id').onDelete('cascade'))
    .addColumn('entry_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('question', 'text', (c) => c.notNull())
    .addColumn('alternates', 'jsonb', (c) => c.notNull())
    .addColumn('answer', 'text', (c) => c.notNull())
    .addColumn('category', 'text')
    .addColumn('link', 'text')
    .addPrimaryKeyConstraint('kb_entries_pk', ['version_id', 'entry_id'])
    .execute();

  // One row: which version answers. Switching is one UPDATE, so readers see old or new, never a mix.
  await db.schema
    .createTable('kb_state')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('active_version_id', 'integer', (c) => c.references('kb_versions.id'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_by', 'text')
    .execute();
  await sql`insert into kb_state (id, active_version_id) values (1, null)`.execute(db);

  await db.schema
    .createTable('kb_questions')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('asked_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('person_id', 'uuid', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('question', 'text', (c) => c.notNull())
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome in ('answer', 'suggestions', 'none', 'smalltalk')`))
    .addColumn('entry_id', 'text')
    .addColumn('suggestions', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('score', 'real', (c) => c.notNull())
    .addColumn('version_id', 'integer', (c) => c.references('kb_versions.id').onDelete('set null'))
    .addColumn('feedback', 'text', (c) => c.check(sql`feedback in ('helpful', 'not_helpful')`))
    .addColumn('feedback_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('kb_questions_outcome_idx').on('kb_questions').columns(['outcome', 'asked_at']).execute();
  await db.schema.createIndex('kb_questions_entry_idx').on('kb_questions').columns(['entry_id']).execute();

  await db.schema
    .createTable('kb_drafts')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('question', 'text', (c) => c.notNull())
    .addColumn('answer', 'text', (c) => c.notNull())
    .addColumn('source_request_id', 'text', (c) => c.unique())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending').check(sql`status in ('pending', 'used', 'discarded')`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['kb_drafts', 'kb_questions', 'kb_state', 'kb_entries', 'kb_versions']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
