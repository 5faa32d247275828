/**
 * The commune's own report categories, loaded by the IT department from a JSON file
 * (`equipage fieldops categories import`), and written back out (`… export`) as a starting point.
 *
 * File: `{ "categories": [ { "code", "labelFr", "labelEn", "description", "serviceCode", "fields": [...],
 * "open311Attributes": { "<field key>": "<attribute code>" | { "code", "values": { "<option>": "<key>" } } } } ] }`
 * (a bare array is accepted too). The file is the whole list: categories it names are created or
 * updated (in its order, which is the dropdown's), categories it no longer names are deactivated —
 * never deleted, since reports keep pointing at them. All or nothing: one invalid category or field
 * refuses the file with every problem listed by its path.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { EquipageError } from '../errors.js';
import type { Database, Open311AttributeMap, ReportCategoryField } from '../storage/schema.js';
import { stableId } from '../util/stable-id.js';

const FIELD_TYPES = ['text', 'number', 'integer', 'boolean', 'choice'] as const;

const fieldSchema = z
  .object({
    // A property name in Power Fx and in the connector's dynamic schema: letters, digits, underscore.
    key: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/, 'lettres, chiffres ou _ ; commence par une lettre ; 40 caractères au plus')
      // `constructor`, `toString`...: every JavaScript object answers to those names.
      .refine((key) => !(key in Object.prototype), 'nom réservé / reserved name'),
    label: z.string().trim().min(1).max(80),
    labelEn: z.string().trim().min(1).max(80),
    type: z.enum(FIELD_TYPES),
    required: z.boolean().default(false),
    options: z.array(z.string().trim().min(1).max(80)).min(1).max(50).optional(),
    minimum: z.number().finite().optional(),
    maximum: z.number().finite().optional(),
    maxLength: z.number().int().min(1).max(2000).optional(),
    description: z.string().trim().max(300).optional(),
  })
  .strict()
  .superRefine((f, ctx) => {
    if (f.type === 'choice' && !f.options) ctx.addIssue({ code: 'custom', path: ['options'], message: 'obligatoire pour un champ « choice » / required for a choice field' });
    if (f.type !== 'choice' && f.options) ctx.addIssue({ code: 'custom', path: ['options'], message: 'seulement pour un champ « choice » / only for a choice field' });
    if (f.options && new Set(f.options).size !== f.options.length) ctx.addIssue({ code: 'custom', path: ['options'], message: 'valeurs en double / duplicate values' });
    const numeric = f.type === 'number' || f.type === 'integer';
    for (const bound of ['minimum', 'maximum'] as const) {
      if (f[bound] !== undefined && !numeric) ctx.addIssue({ code: 'custom', path: [bound], message: 'seulement pour un nombre / only for a number field' });
    }
    if (f.minimum !== undefined && f.maximum !== undefined && f.minimum > f.maximum) ctx.addIssue({ code: 'custom', path: ['maximum'], message: 'inférieur au minimum / below the minimum' });
    if (f.maxLength !== undefined && f.type !== 'text') ctx.addIssue({ code: 'custom', path: ['maxLength'], message: 'seulement pour un texte / only for a text field' });
  });

/** An Open311 attribute code (GeoReport v2 leaves its form to the jurisdiction). */
const attributeCode = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'code d’attribut Open311 : lettres, chiffres, _ . : - / Open311 attribute code');

const categorySchema = z
  .object({
    code: z.string().regex(/^[a-z0-9][a-z0-9-]{1,47}$/, 'minuscules, chiffres et tirets, 2 à 48 caractères (ex. « eclairage-public »)'),
    labelFr: z.string().trim().min(1).max(80),
    labelEn: z.string().trim().min(1).max(80),
    description: z.string().trim().max(300).default(''),
    // Open311 service code; null or absent: reports of this category are not forwarded.
    serviceCode: z.string().trim().min(1).max(64).nullable().default(null),
    fields: z.array(fieldSchema).max(20).default([]),
    // Field key → Open311 attribute code, or { code, values: { our option → their value key } }.
    open311Attributes: z.record(z.string(), z.union([attributeCode, z.object({ code: attributeCode, values: z.record(z.string(), z.string().trim().min(1).max(64)).optional() }).strict()])).default({}),
  })
  .strict()
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.fields.forEach((f, i) => {
      if (seen.has(f.key)) ctx.addIssue({ code: 'custom', path: ['fields', i, 'key'], message: `clé « ${f.key} » en double / duplicate key` });
      seen.add(f.key);
    });
    const codes = new Map<string, string>();
    for (const [key, mapping] of Object.entries(c.open311Attributes)) {
      const field = c.fields.find((f) => f.key === key);
      if (!field) {
        ctx.addIssue({ code: 'custom', path: ['open311Attributes', key], message: `aucun champ « ${key} » dans cette catégorie / no such field` });
        continue;
      }
      const code = typeof mapping === 'string' ? mapping : mapping.code;
      const other = codes.get(code);
      if (other) ctx.addIssue({ code: 'custom', path: ['open311Attributes', key], message: `l'attribut ${code} est déjà celui du champ « ${other} » / attribute already mapped` });
      codes.set(code, key);
      const values = typeof mapping === 'string' ? undefined : mapping.values;
      if (!values) continue;
      if (field.type !== 'choice') {
        ctx.addIssue({ code: 'custom', path: ['open311Attributes', key, 'values'], message: 'seulement pour un champ « choice » / only for a choice field' });
        continue;
      }
      for (const option of Object.keys(values)) {
        if (!field.options?.includes(option)) ctx.addIssue({ code: 'custom', path: ['open311Attributes', key, 'values', option], message: `« ${option} » n'est pas une option du champ / not an option of the field` });
      }
      // An option left out would be sent as our own label, which a value list refuses.
      for (const option of field.options ?? []) {
        if (!Object.hasOwn(values, option)) ctx.addIssue({ code: 'custom', path: ['open311Attributes', key, 'values'], message: `option « ${option} » sans valeur Open311 / option without an Open311 value` });
      }
    }
  });

const fileSchema = z.object({ categories: z.array(categorySchema).min(1).max(200) }).strict();

/** One category of the file, validated. */
export type CategoryDefinition = z.output<typeof categorySchema>;

/** A problem of a categories file: where (JSON path) and what. */
export interface CategoryFileProblem {
  path: string;
  message: string;
}

function invalid(file: string, problems: CategoryFileProblem[]): EquipageError {
  return new EquipageError('EQP_ERR_FIELDOPS_IMPORT_INVALID', { file, count: problems.length }, { details: problems.slice(0, 200) });
}

/** Parses and validates a categories file; throws `EQP_ERR_FIELDOPS_IMPORT_INVALID` listing every problem. */
export function parseCategoriesFile(text: string, file = 'categories.json'): CategoryDefinition[] {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw invalid(file, [{ path: '(fichier)', message: `JSON invalide / invalid JSON: ${(error as Error).message}` }]);
  }
  // A bare array is the list itself (one schema, so every problem is reported by its own path).
  const parsed = fileSchema.safeParse(Array.isArray(json) ? { categories: json } : json);
  if (!parsed.success) {
    throw invalid(
      file,
      parsed.error.issues.map((issue) => ({ path: issue.path.length ? issue.path.join('.') : '(fichier)', message: issue.message })),
    );
  }
  const problems: CategoryFileProblem[] = [];
  const codes = new Set<string>();
  parsed.data.categories.forEach((c, i) => {
    if (codes.has(c.code)) problems.push({ path: `categories.${i}.code`, message: `code « ${c.code} » en double / duplicate code` });
    codes.add(c.code);
  });
  if (problems.length > 0) throw invalid(file, problems);
  return parsed.data.categories;
}

/** What an import did (or would do, with `dryRun`). */
export interface CategoryImportResult {
  created: string[];
  updated: string[];
  unchanged: string[];
  deactivated: string[];
  dryRun: boolean;
}

const toField = (f: CategoryDefinition['fields'][number]): ReportCategoryField => {
  const field: ReportCategoryField = { key: f.key, label: f.label, labelEn: f.labelEn, type: f.type, required: f.required };
  if (f.options) field.options = f.options;
  if (f.minimum !== undefined) field.minimum = f.minimum;
  if (f.maximum !== undefined) field.maximum = f.maximum;
  if (f.maxLength !== undefined) field.maxLength = f.maxLength;
  if (f.description) field.description = f.description;
  return field;
};

/** The attribute mappings as stored: always `{ code, values? }`. */
const toAttributeMap = (mappings: CategoryDefinition['open311Attributes']): Open311AttributeMap =>
  Object.fromEntries(Object.entries(mappings).map(([key, m]) => [key, typeof m === 'string' ? { code: m } : m.values ? { code: m.code, values: m.values } : { code: m.code }]));

const parseJson = <T>(value: unknown): T => (typeof value === 'string' ? (JSON.parse(value) as T) : (value as T));

/**
 * Makes the database's categories those of the file, in one transaction. Category ids derive
 * from their codes (the demo's are the same), so an import on another instance gives the same ids.
 */
export async function importCategories(
  db: Kysely<Database>,
  categories: readonly CategoryDefinition[],
  options: { actor: string; dryRun?: boolean },
): Promise<CategoryImportResult> {
  const result: CategoryImportResult = { created: [], updated: [], unchanged: [], deactivated: [], dryRun: options.dryRun === true };
  await db.transaction().execute(async (trx) => {
    // NO KEY UPDATE: reports being created (their foreign key takes KEY SHARE) are not held up.
    // A dry run writes nothing and locks nothing.
    const rows = result.dryRun ? trx.selectFrom('report_categories').selectAll() : trx.selectFrom('report_categories').selectAll().forNoKeyUpdate();
    const existing = new Map((await rows.execute()).map((r) => [r.code, r]));
    for (const [position, c] of categories.entries()) {
      const values = {
        label_fr: c.labelFr,
        label_en: c.labelEn,
        description: c.description,
        service_code: c.serviceCode,
        fields: JSON.stringify(c.fields.map(toField)),
        open311_attributes: JSON.stringify(toAttributeMap(c.open311Attributes)),
        position,
        active: true,
      };
      const row = existing.get(c.code);
      if (!row) {
        result.created.push(c.code);
        if (!result.dryRun) await trx.insertInto('report_categories').values({ id: stableId('report-category', c.code), code: c.code, ...values }).execute();
        continue;
      }
      const same =
        row.label_fr === values.label_fr &&
        row.label_en === values.label_en &&
        row.description === values.description &&
        row.service_code === values.service_code &&
        // Compared as values: jsonb stores object keys in its own order.
        isDeepStrictEqual(parseJson(row.fields), c.fields.map(toField)) &&
        isDeepStrictEqual(parseJson(row.open311_attributes), toAttributeMap(c.open311Attributes)) &&
        row.position === position &&
        row.active;
      if (same) {
        result.unchanged.push(c.code);
        continue;
      }
      result.updated.push(c.code);
      // The update changes the row's xmin: a process acting on a remembered copy redoes its read.
      if (!result.dryRun) await trx.updateTable('report_categories').set(values).where('id', '=', row.id).execute();
    }
    const named = new Set(categories.map((c) => c.code));
    for (const row of existing.values()) {
      if (named.has(row.code) || !row.active) continue;
      result.deactivated.push(row.code);
      if (!result.dryRun) await trx.updateTable('report_categories').set({ active: false }).where('id', '=', row.id).execute();
    }
    if (!result.dryRun) {
      await trx
        .insertInto('audit_log')
        .values({
          actor: options.actor,
          action: 'fieldops.categories.import',
          subject_type: 'report_categories',
          subject_id: null,
          channel: 'cli',
          outcome: 'success',
          details: JSON.stringify({ created: result.created, updated: result.updated, deactivated: result.deactivated }),
        })
        .execute();
    }
  });
  return result;
}

/** The active categories in the import format, in display order. */
export async function exportCategories(db: Kysely<Database>): Promise<{ categories: CategoryDefinition[] }> {
  const rows = await db.selectFrom('report_categories').selectAll().where('active', '=', true).orderBy('position').orderBy('code').execute();
  return {
    categories: rows.map((r) => ({
      code: r.code,
      labelFr: r.label_fr,
      labelEn: r.label_en,
      description: r.description,
      serviceCode: r.service_code,
      fields: parseJson<ReportCategoryField[]>(r.fields).map((f) => ({ ...f, required: f.required === true })),
      open311Attributes: parseJson<Open311AttributeMap>(r.open311_attributes),
    })),
  };
}
