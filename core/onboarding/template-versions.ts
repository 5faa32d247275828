/**
 * Frozen template versions: a plan reads the version it was started (or re-applied) with, so a
 * template edit never rewrites plans already started.
 */
import type { Kysely } from 'kysely';
import type { Database, TemplateContent } from '../storage/schema.js';

const parse = (content: unknown): TemplateContent => (typeof content === 'string' ? JSON.parse(content) : content) as TemplateContent;

/** Map key of a template version. */
export const versionKey = (templateId: string, version: number) => `${templateId}:${version}`;

/**
 * Name and content of template versions, keyed by {@link versionKey}. A pair without a frozen
 * version (data written before migration 0008 by other tools) falls back to the template's current row.
 */
export async function loadTemplateVersions(
  db: Kysely<Database>,
  pairs: ReadonlyArray<{ templateId: string; version: number }>,
): Promise<Map<string, { name: string; content: TemplateContent }>> {
  const result = new Map<string, { name: string; content: TemplateContent }>();
  if (pairs.length === 0) return result;
  const ids = [...new Set(pairs.map((p) => p.templateId))];
  const rows = await db.selectFrom('onboarding_template_versions').select(['template_id', 'version', 'name', 'content']).where('template_id', 'in', ids).execute();
  for (const r of rows) result.set(versionKey(r.template_id, r.version), { name: r.name, content: parse(r.content) });
  const missing = pairs.filter((p) => !result.has(versionKey(p.templateId, p.version)));
  if (missing.length > 0) {
    const current = await db.selectFrom('onboarding_templates').select(['id', 'name', 'content']).where('id', 'in', [...new Set(missing.map((m) => m.templateId))]).execute();
    for (const m of missing) {
      const row = current.find((c) => c.id === m.templateId);
      if (row) result.set(versionKey(m.templateId, m.version), { name: row.name, content: parse(row.content) });
    }
  }
  return result;
}

/** Parses a stored content column (JSON on PGlite and PostgreSQL alike). */
export const parseTemplateContent = parse;
