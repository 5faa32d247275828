/**
 * Report categories: the list shown in dropdowns, one category with its specific fields, the
 * JSON schema of those fields (so Power Apps and Power Automate show them as real inputs), and
 * the validation of submitted values against them.
 */
import { sql, type Kysely } from 'kysely';
import { EquipageError } from '../errors.js';
import type { Database, ReportCategoryField } from '../storage/schema.js';
import { problem } from './problems.js';
import type { CategoryFieldsSchema, CategorySummaryView, CategoryView, FieldProblem } from './types.js';

type CategoryRow = Awaited<ReturnType<typeof findCategory>>;

/** Active categories in display order. */
export async function listCategories(db: Kysely<Database>): Promise<CategorySummaryView[]> {
  const rows = await db.selectFrom('report_categories').selectAll().where('active', '=', true).orderBy('position').orderBy('code').execute();
  return rows.map((r) => ({ code: r.code, label: r.label_fr, labelEn: r.label_en, description: r.description }));
}

/** The active category with this code, or undefined. */
export async function findCategory(db: Kysely<Database>, code: string) {
  return db.selectFrom('report_categories').selectAll().where('code', '=', code).where('active', '=', true).executeTakeFirst();
}

/** An active category as read, and the version of its row (`xmin`, changed by every update). */
export interface CategorySnapshot {
  row: NonNullable<CategoryRow>;
  version: string;
}

const snapshots = new WeakMap<Kysely<Database>, Map<string, CategorySnapshot>>();

/**
 * The active category with this code, from a per-database memory of earlier reads unless `fresh`
 * (then read, and remembered). Nothing tells this process when a category changes (an admin's
 * SQL, another instance), so a remembered snapshot is only a guess: whoever acts on it must check
 * in the same statement that the row still has `version` (see {@link categoryIdIfUnchanged}),
 * and call again with `fresh` when it has not. Unknown codes are not remembered.
 */
export async function findCategorySnapshot(db: Kysely<Database>, code: string, fresh = false): Promise<CategorySnapshot | undefined> {
  let known = snapshots.get(db);
  if (!known) {
    known = new Map();
    snapshots.set(db, known);
  }
  const remembered = fresh ? undefined : known.get(code);
  if (remembered) return remembered;
  const row = await db
    .selectFrom('report_categories')
    .selectAll()
    .select(sql<string>`xmin::text`.as('version'))
    .where('code', '=', code)
    .where('active', '=', true)
    .executeTakeFirst();
  if (!row) {
    known.delete(code);
    return undefined;
  }
  const { version, ...category } = row;
  const snapshot = { row: category, version };
  known.set(code, snapshot);
  return snapshot;
}

/**
 * SQL for the category's id if its row is still active at `snapshot.version`, else NULL: used as
 * the value of a NOT NULL column, it makes the statement fail (`23502`) rather than act on a
 * stale category. See {@link isStaleCategoryError}.
 */
export function categoryIdIfUnchanged(snapshot: CategorySnapshot) {
  return sql<string>`(select id from report_categories where id = ${snapshot.row.id} and active and xmin = ${snapshot.version}::xid)`;
}

/** Whether `error` is the failure {@link categoryIdIfUnchanged} provokes in `column`. */
export function isStaleCategoryError(error: unknown, column: string): boolean {
  const e = error as { code?: unknown; column?: unknown } | null;
  return typeof e === 'object' && e !== null && e.code === '23502' && e.column === column;
}

/** One category with its fields; `EQP_ERR_NOT_FOUND` when unknown or inactive. */
export async function getCategory(db: Kysely<Database>, code: string): Promise<CategoryView> {
  const row = await findCategory(db, code);
  if (!row) throw new EquipageError('EQP_ERR_NOT_FOUND', { what: `catégorie « ${code} » / category “${code}”` });
  return toCategoryView(row!);
}

function toCategoryView(row: NonNullable<CategoryRow>): CategoryView {
  return {
    code: row.code,
    label: row.label_fr,
    labelEn: row.label_en,
    description: row.description,
    fields: row.fields,
    schema: categoryFieldsSchema(row.fields),
  };
}

/** The Swagger-2.0-compatible JSON schema of a category's fields (`x-ms-dynamic-schema` target). */
export function categoryFieldsSchema(fields: readonly ReportCategoryField[]): CategoryFieldsSchema {
  const properties: CategoryFieldsSchema['properties'] = {};
  for (const f of fields) {
    const base: Record<string, unknown> = { 'x-ms-summary': f.label, description: f.description ?? `${f.label} (${f.labelEn}).` };
    switch (f.type) {
      case 'choice':
        properties[f.key] = { ...base, type: 'string', enum: f.options ?? [] };
        break;
      case 'text':
        properties[f.key] = { ...base, type: 'string', ...(f.maxLength ? { maxLength: f.maxLength } : {}) };
        break;
      case 'number':
      case 'integer':
        properties[f.key] = {
          ...base,
          type: f.type,
          ...(f.minimum !== undefined ? { minimum: f.minimum } : {}),
          ...(f.maximum !== undefined ? { maximum: f.maximum } : {}),
        };
        break;
      case 'boolean':
        properties[f.key] = { ...base, type: 'boolean' };
        break;
    }
  }
  const required = fields.filter((f) => f.required).map((f) => f.key);
  return { type: 'object', ...(required.length ? { required } : {}), properties };
}

/**
 * Checks submitted category-specific values. Unknown keys, missing required ones, wrong types,
 * values outside a choice list or a range are reported with their path under `pathPrefix`.
 * Returns the values normalised (numbers given as strings, as Power Automate sometimes sends them, become numbers).
 */
export function validateCategoryFields(
  fields: readonly ReportCategoryField[],
  values: Record<string, unknown>,
  pathPrefix: string,
): { values: Record<string, string | number | boolean>; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const out: Record<string, string | number | boolean> = {};
  const known = new Map(fields.map((f) => [f.key, f]));
  for (const key of Object.keys(values)) {
    if (!known.has(key)) problems.push(problem(`${pathPrefix}.${key}`, 'champ inconnu pour cette catégorie', 'unknown field for this category'));
  }
  for (const f of fields) {
    const path = `${pathPrefix}.${f.key}`;
    // Own properties only: a field named like an Object.prototype member must not read it.
    const raw = Object.hasOwn(values, f.key) ? values[f.key] : undefined;
    if (raw === undefined || raw === null || raw === '') {
      if (f.required) problems.push(problem(path, `champ obligatoire : ${f.label}`, `required field: ${f.labelEn}`));
      continue;
    }
    switch (f.type) {
      case 'choice':
        if (typeof raw !== 'string' || !(f.options ?? []).includes(raw)) {
          problems.push(problem(path, `valeur attendue parmi : ${(f.options ?? []).join(', ')}`, `expected one of: ${(f.options ?? []).join(', ')}`));
        } else out[f.key] = raw;
        break;
      case 'text':
        if (typeof raw !== 'string') problems.push(problem(path, 'texte attendu', 'text expected'));
        else if (f.maxLength !== undefined && raw.length > f.maxLength) problems.push(problem(path, `${f.maxLength} caractères au plus`, `at most ${f.maxLength} characters`));
        else out[f.key] = raw.trim();
        break;
      case 'boolean':
        if (typeof raw === 'boolean') out[f.key] = raw;
        else if (raw === 'true' || raw === 'false') out[f.key] = raw === 'true';
        else problems.push(problem(path, 'oui/non attendu (true ou false)', 'true or false expected'));
        break;
      case 'number':
      case 'integer': {
        const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
        if (!Number.isFinite(n) || (f.type === 'integer' && !Number.isInteger(n))) {
          problems.push(problem(path, f.type === 'integer' ? 'nombre entier attendu' : 'nombre attendu', f.type === 'integer' ? 'integer expected' : 'number expected'));
        } else if ((f.minimum !== undefined && n < f.minimum) || (f.maximum !== undefined && n > f.maximum)) {
          problems.push(problem(path, `valeur entre ${f.minimum ?? '-∞'} et ${f.maximum ?? '+∞'} attendue`, `value between ${f.minimum ?? '-∞'} and ${f.maximum ?? '+∞'} expected`));
        } else out[f.key] = n;
        break;
      }
    }
  }
  return { values: out, problems };
}
