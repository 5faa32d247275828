/**
 * 0013 — a report category says how its specific fields become Open311 attributes
 * (`attribute[CODE]=value` of GeoReport v2): `{ "<field key>": { "code": "<attribute code>",
 * "values": { "<our option>": "<their value key>" } } }`. Empty: the fields travel in the
 * description text only, as before.
 * Released: never edit, add a new migration instead.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('report_categories')
    .addColumn('open311_attributes', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('report_categories').dropColumn('open311_attributes').execute();
}
