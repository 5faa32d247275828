/**
 * 0014 — `assets.search_text`: name, code, address and kind, lowercased and without French
 * diacritics, kept by a trigger whoever writes the row (the seed, `equipage fieldops assets import`,
 * `psql`). SearchAssets matches words against it: folding every row at each search cost about 40 µs
 * a row on PGlite (2 s for 50,000 assets), the stored text a twentieth of that.
 * Released: never edit, add a new migration instead.
 */
import { sql, type Kysely } from 'kysely';

/** Same folding as core/field-reports/assets.ts applies to the searched words (œ → oe, æ → ae first). */
const ACCENTED = 'àâäáãåçéèêëíìîïñóòôöõúùûüýÿ';
const PLAIN = 'aaaaaaceeeeiiiinooooouuuuyy';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('assets').addColumn('search_text', 'text', (c) => c.notNull().defaultTo('')).execute();
  await sql`
    create function assets_fold_search_text() returns trigger language plpgsql as $$
    begin
      new.search_text := translate(replace(replace(lower(coalesce(new.name, '') || ' ' || new.code || ' ' || coalesce(new.address, '') || ' ' || new.kind), 'œ', 'oe'), 'æ', 'ae'), ${sql.lit(ACCENTED)}, ${sql.lit(PLAIN)});
      return new;
    end
    $$`.execute(db);
  await sql`create trigger assets_search_text before insert or update of name, code, address, kind on assets for each row execute function assets_fold_search_text()`.execute(db);
  // Existing rows: the update fires the trigger.
  await sql`update assets set name = name`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger if exists assets_search_text on assets`.execute(db);
  await sql`drop function if exists assets_fold_search_text()`.execute(db);
  await db.schema.alterTable('assets').dropColumn('search_text').execute();
}
