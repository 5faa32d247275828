/**
 * 0001 — people, services, onboarding, audit. Released: never edit, add a new migration instead.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('services')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'uuid', (c) => c.references('services.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('people')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('entra_object_id', 'text', (c) => c.unique())
    .addColumn('upn', 'text', (c) => c.notNull().unique())
    .addColumn('matricule', 'text', (c) => c.unique())
    .addColumn('given_name', 'text', (c) => c.notNull())
    .addColumn('family_name', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('job_title', 'text')
    .addColumn('service_id', 'uuid', (c) => c.references('services.id').onDelete('set null'))
    .addColumn('manager_id', 'uuid', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('site', 'text')
    .addColumn('mobile_phone', 'text')
    .addColumn('preferred_language', 'text', (c) => c.notNull().defaultTo('fr'))
    .addColumn('hr_member', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('hire_date', 'date')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active').check(sql`status in ('active', 'left')`))
    .addColumn('left_at', 'date')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('people_manager_idx').on('people').column('manager_id').execute();
  await db.schema.createIndex('people_service_idx').on('people').column('service_id').execute();

  await db.schema
    .createTable('onboarding_templates')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('job_profile', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('content', 'jsonb', (c) => c.notNull())
    .addColumn('archived_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('onboardings')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('template_id', 'uuid', (c) => c.notNull().references('onboarding_templates.id'))
    .addColumn('template_version', 'integer', (c) => c.notNull())
    .addColumn('manager_id', 'uuid', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('buddy_id', 'uuid', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('hr_contact_id', 'uuid', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('start_date', 'date', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('planned').check(sql`status in ('planned', 'in_progress', 'completed', 'cancelled')`),
    )
    .addColumn('created_by', 'uuid', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('onboardings_person_idx').on('onboardings').column('person_id').execute();
  await db.schema.createIndex('onboardings_manager_idx').on('onboardings').column('manager_id').execute();

  await db.schema
    .createTable('onboarding_steps')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('onboarding_id', 'uuid', (c) => c.notNull().references('onboardings.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('phase', 'text', (c) => c.notNull().check(sql`phase in ('before', 'day1', 'week1', 'month1')`))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('help', 'text')
    .addColumn('link', 'text')
    .addColumn('owner_role', 'text', (c) => c.notNull().check(sql`owner_role in ('agent', 'manager', 'hr', 'it')`))
    .addColumn('due_date', 'date', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('todo').check(sql`status in ('todo', 'done')`))
    .addColumn('done_at', 'timestamptz')
    .addColumn('done_by', 'uuid', (c) => c.references('people.id').onDelete('set null'))
    .addUniqueConstraint('onboarding_steps_position_uq', ['onboarding_id', 'position'])
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject_type', 'text')
    .addColumn('subject_id', 'text')
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome in ('success', 'denied', 'error')`))
    .addColumn('details', 'jsonb')
    .execute();
  await db.schema.createIndex('audit_log_actor_idx').on('audit_log').columns(['actor', 'at']).execute();
  await db.schema.createIndex('audit_log_subject_idx').on('audit_log').columns(['subject_type', 'subject_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['audit_log', 'onboarding_steps', 'onboardings', 'onboarding_templates', 'people', 'services']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
