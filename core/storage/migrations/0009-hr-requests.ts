/**
 * 0009 — HR requests ("Poser la question au service RH"): an agent's question handed over to HR,
 * numbered, with its context, and its life (open → taken → answered, or closed); and the HR
 * team's channel where the bot posts them (one designated channel, its conversation reference).
 * Released: never edit, add a new migration instead.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('hr_requests')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    // The number people say ("demande n° 12"); ids stay unguessable.
    .addColumn('number', 'serial', (c) => c.notNull().unique())
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('question', 'text', (c) => c.notNull())
    .addColumn('lang', 'text', (c) => c.notNull())
    // The logged question it comes from: one request per question, whatever the clicks.
    .addColumn('question_id', 'bigint', (c) => c.unique().references('kb_questions.id').onDelete('set null'))
    .addColumn('context', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open').check(sql`status in ('open', 'taken', 'answered', 'closed')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('taken_by', 'uuid', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('taken_at', 'timestamptz')
    .addColumn('answer', 'text')
    .addColumn('answered_by', 'uuid', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('answered_at', 'timestamptz')
    .addColumn('closed_by', 'uuid', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('closed_at', 'timestamptz')
    .addColumn('draft_id', 'integer', (c) => c.references('kb_drafts.id').onDelete('set null'))
    // The HR channel message showing the request (updated in place as the request moves on).
    .addColumn('channel_activity_id', 'text')
    .execute();
  await db.schema.createIndex('hr_requests_person_idx').on('hr_requests').columns(['person_id', 'created_at']).execute();
  await db.schema.createIndex('hr_requests_status_idx').on('hr_requests').columns(['status', 'created_at']).execute();

  await db.schema
    .createTable('hr_channel')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('service_url', 'text', (c) => c.notNull())
    .addColumn('tenant_id', 'text')
    .addColumn('bot_id', 'text')
    .addColumn('team_id', 'text')
    .addColumn('channel_id', 'text')
    .addColumn('designated_by', 'uuid', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('designated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['hr_channel', 'hr_requests']) await db.schema.dropTable(table).ifExists().execute();
}
