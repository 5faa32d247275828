/**
 * 0012 — `people` announces its changes: a statement-level trigger sends a notification on the
 * `equipage_people` channel after any insert, update, delete or truncate, delivered at commit
 * (only if the transaction commits). Instances keep the people they authenticate in memory and
 * forget them on this signal (core/auth/person-cache.ts), whoever made the change: the tab, the
 * directory sync, another instance, someone in `psql`.
 * Released: never edit, add a new migration instead.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function people_announce_change() returns trigger language plpgsql as $$
    begin
      perform pg_notify('equipage_people', '');
      return null;
    end
    $$`.execute(db);
  await sql`create trigger people_changed after insert or update or delete on people for each statement execute function people_announce_change()`.execute(db);
  await sql`create trigger people_truncated after truncate on people for each statement execute function people_announce_change()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger if exists people_truncated on people`.execute(db);
  await sql`drop trigger if exists people_changed on people`.execute(db);
  await sql`drop function if exists people_announce_change()`.execute(db);
}
