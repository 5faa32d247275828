/**
 * HR's onboarding templates: list, read, edit (each save is a new frozen version), duplicate,
 * archive, and apply the latest version to plans already started (only when HR asks: a template
 * change never rewrites a plan by itself). Every use case here is for HR members only.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { recordAudit } from '../audit/audit-log.js';
import { EquipageError } from '../errors.js';
import type { Database, OnboardingStep, TemplateContent } from '../storage/schema.js';
import { addDays } from '../util/dates.js';
import { DOCUMENT_KEY, DocumentStore } from './document-store.js';
import type { OnboardingDeps } from './onboarding-service.js';
import { PHASES, type TemplateDetail, type TemplateSummary, type TemplateUpdate } from './types.js';
import { parseTemplateContent } from './template-versions.js';

const text = (max: number) => z.string().trim().min(1).max(max);

/** Validation of a template's content. */
export const templateContentSchema = z
  .object({
    steps: z
      .array(
        z.object({
          key: z.string().regex(DOCUMENT_KEY, 'lowercase letters, digits and dashes').max(64),
          phase: z.enum(PHASES as [string, ...string[]]).transform((p) => p as (typeof PHASES)[number]),
          title: text(200),
          ownerRole: z.enum(['agent', 'manager', 'hr', 'it']),
          dueOffsetDays: z.number().int().min(-90).max(365),
          help: z.string().trim().max(2000).optional().transform((v) => (v ? v : undefined)),
          link: z.union([z.literal(''), z.url({ protocol: /^https$/ })]).optional().transform((v) => (v ? v : undefined)),
        }),
      )
      .min(1)
      .max(100),
    documents: z.array(z.object({ key: z.string().regex(DOCUMENT_KEY).max(64), title: text(200) })).max(30),
    practical: z.array(z.object({ title: text(120), text: text(2000) })).max(30),
  })
  .superRefine((c, ctx) => {
    const dup = (keys: string[]) => keys.find((k, i) => keys.indexOf(k) !== i);
    const step = dup(c.steps.map((s) => s.key));
    if (step) ctx.addIssue({ code: 'custom', path: ['steps'], message: `duplicate step key “${step}”` });
    const doc = dup(c.documents.map((d) => d.key));
    if (doc) ctx.addIssue({ code: 'custom', path: ['documents'], message: `duplicate document “${doc}”` });
  });

const updateSchema = z.object({ name: text(120), jobProfile: text(120), content: templateContentSchema, expectedVersion: z.number().int().min(1) });

const validation = (error: z.ZodError) =>
  new EquipageError('EQP_ERR_VALIDATION', { details: error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });

async function requireHr(deps: OnboardingDeps, action: string, subjectId: string | null): Promise<void> {
  if (deps.caller.hrMember) return;
  await recordAudit(deps.db, deps.caller, { action, subjectType: 'onboarding_template', subjectId, channel: deps.channel, outcome: 'denied' });
  throw new EquipageError('EQP_ERR_FORBIDDEN');
}

/** Plans not finished per template, with the version each follows. */
async function openPlans(db: Kysely<Database>, templateIds?: readonly string[]) {
  let q = db
    .selectFrom('onboardings')
    .innerJoin('people', 'people.id', 'onboardings.person_id')
    .select(['onboardings.id', 'onboardings.template_id', 'onboardings.template_version', 'onboardings.start_date', 'onboardings.status', 'people.display_name'])
    .where('onboardings.status', 'in', ['planned', 'in_progress']);
  if (templateIds) q = q.where('onboardings.template_id', 'in', templateIds.length > 0 ? [...templateIds] : ['00000000-0000-0000-0000-000000000000']);
  return q.orderBy('onboardings.start_date', 'desc').execute();
}

/** Summaries of templates (active only, unless `includeArchived`), by name. No authorization: pickers need them. */
export async function listTemplateSummaries(db: Kysely<Database>, includeArchived: boolean): Promise<TemplateSummary[]> {
  let q = db.selectFrom('onboarding_templates').selectAll().orderBy('name');
  if (!includeArchived) q = q.where('archived_at', 'is', null);
  const [rows, plans] = await Promise.all([q.execute(), openPlans(db)]);
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    jobProfile: r.job_profile,
    version: r.version,
    archived: r.archived_at !== null,
    steps: parseTemplateContent(r.content).steps.length,
    plansOnOlderVersions: plans.filter((p) => p.template_id === r.id && p.template_version < r.version).length,
  }));
}

/** HR: every template, archived ones included. */
export async function listTemplates(deps: OnboardingDeps): Promise<TemplateSummary[]> {
  await requireHr(deps, 'onboarding.template.list', null);
  return listTemplateSummaries(deps.db, true);
}

/** HR: one template with its content and the plans using it. */
export async function getTemplate(deps: OnboardingDeps, id: string): Promise<TemplateDetail> {
  await requireHr(deps, 'onboarding.template.read', id);
  const row = await deps.db.selectFrom('onboarding_templates').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new EquipageError('EQP_ERR_NOT_FOUND', { what: `template ${id}` });
  const [summary] = (await listTemplateSummaries(deps.db, true)).filter((s) => s.id === id);
  const [plans, available] = await Promise.all([openPlans(deps.db, [id]), new DocumentStore(deps.db, deps.blobs).list()]);
  const content = parseTemplateContent(row.content);
  return {
    ...summary!,
    content: { steps: content.steps, documents: content.documents.map((d) => ({ key: d.key, title: d.title })), practical: content.practical },
    availableDocuments: available.map((d) => ({ key: d.key, title: d.title })),
    plans: plans.map((p) => ({ onboardingId: p.id, agentName: p.display_name, startDate: p.start_date, status: p.status, version: p.template_version })),
  };
}

/** HR: saves a template as its next version. Plans already started keep their version. */
export async function updateTemplate(deps: OnboardingDeps, id: string, update: TemplateUpdate): Promise<TemplateDetail> {
  await requireHr(deps, 'onboarding.template.update', id);
  const parsed = updateSchema.safeParse(update);
  if (!parsed.success) throw validation(parsed.error);
  const body = parsed.data;
  const content: TemplateContent = body.content;
  await deps.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('onboarding_templates').select(['id', 'name', 'version']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!row) throw new EquipageError('EQP_ERR_NOT_FOUND', { what: `template ${id}` });
    if (row.version !== body.expectedVersion) throw new EquipageError('EQP_ERR_TEMPLATE_CHANGED', { name: row.name, version: row.version });
    const version = row.version + 1;
    await trx
      .updateTable('onboarding_templates')
      .set({ name: body.name, job_profile: body.jobProfile, content: JSON.stringify(content), version, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    await trx.insertInto('onboarding_template_versions').values({ template_id: id, version, name: body.name, content: JSON.stringify(content), created_by: deps.caller.personId }).execute();
  });
  await recordAudit(deps.db, deps.caller, { action: 'onboarding.template.update', subjectType: 'onboarding_template', subjectId: id, channel: deps.channel, outcome: 'success', details: { from: body.expectedVersion } });
  return getTemplate(deps, id);
}

/** HR: copies a template (content of its current version) under a new code and name. */
export async function duplicateTemplate(deps: OnboardingDeps, id: string): Promise<TemplateDetail> {
  await requireHr(deps, 'onboarding.template.duplicate', id);
  const row = await deps.db.selectFrom('onboarding_templates').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new EquipageError('EQP_ERR_NOT_FOUND', { what: `template ${id}` });
  const codes = new Set((await deps.db.selectFrom('onboarding_templates').select('code').execute()).map((r) => r.code));
  let n = 1;
  while (codes.has(`${row.code}-copie${n > 1 ? `-${n}` : ''}`)) n++;
  const newId = randomUUID();
  const name = `${row.name} (copie${n > 1 ? ` ${n}` : ''})`;
  const content = JSON.stringify(parseTemplateContent(row.content));
  await deps.db.transaction().execute(async (trx) => {
    await trx.insertInto('onboarding_templates').values({ id: newId, code: `${row.code}-copie${n > 1 ? `-${n}` : ''}`, name, job_profile: row.job_profile, content, version: 1 }).execute();
    await trx.insertInto('onboarding_template_versions').values({ template_id: newId, version: 1, name, content, created_by: deps.caller.personId }).execute();
  });
  await recordAudit(deps.db, deps.caller, { action: 'onboarding.template.duplicate', subjectType: 'onboarding_template', subjectId: newId, channel: deps.channel, outcome: 'success', details: { from: id } });
  return getTemplate(deps, newId);
}

/** HR: archives (no new onboarding may use it) or restores a template. */
export async function setTemplateArchived(deps: OnboardingDeps, id: string, archived: boolean): Promise<TemplateDetail> {
  await requireHr(deps, archived ? 'onboarding.template.archive' : 'onboarding.template.unarchive', id);
  const result = await deps.db.updateTable('onboarding_templates').set({ archived_at: archived ? new Date() : null, updated_at: new Date() }).where('id', '=', id).executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw new EquipageError('EQP_ERR_NOT_FOUND', { what: `template ${id}` });
  await recordAudit(deps.db, deps.caller, { action: archived ? 'onboarding.template.archive' : 'onboarding.template.unarchive', subjectType: 'onboarding_template', subjectId: id, channel: deps.channel, outcome: 'success' });
  return getTemplate(deps, id);
}

/**
 * HR: moves plans to the template's current version. Steps are matched by their template key:
 * matched steps take the new title, phase, owner, help, link and due date and keep their status;
 * new steps are added; steps gone from the template are removed unless already done (kept as a record).
 */
export async function applyTemplateToPlans(deps: OnboardingDeps, id: string, onboardingIds: readonly string[]): Promise<{ applied: string[] }> {
  await requireHr(deps, 'onboarding.template.apply', id);
  const template = await deps.db.selectFrom('onboarding_templates').selectAll().where('id', '=', id).executeTakeFirst();
  if (!template) throw new EquipageError('EQP_ERR_NOT_FOUND', { what: `template ${id}` });
  if (template.archived_at) throw new EquipageError('EQP_ERR_TEMPLATE_ARCHIVED', { name: template.name });
  const content = parseTemplateContent(template.content);
  const applied: string[] = [];
  await deps.db.transaction().execute(async (trx) => {
    const plans = onboardingIds.length === 0 ? [] : await trx.selectFrom('onboardings').selectAll().where('id', 'in', [...onboardingIds]).where('template_id', '=', id).where('status', 'in', ['planned', 'in_progress']).execute();
    for (const plan of plans) {
      const existing: OnboardingStep[] = await trx.selectFrom('onboarding_steps').selectAll().where('onboarding_id', '=', plan.id).execute();
      const byKey = new Map(existing.filter((s) => s.step_key).map((s) => [s.step_key!, s]));
      const keep = new Set<string>();
      // Positions are unique per plan: park the old ones out of the way first.
      await trx.updateTable('onboarding_steps').set((eb) => ({ position: eb('position', '+', 100_000) })).where('onboarding_id', '=', plan.id).execute();
      let position = 0;
      for (const s of content.steps) {
        const fields = { phase: s.phase, title: s.title, help: s.help ?? null, link: s.link ?? null, owner_role: s.ownerRole, due_date: addDays(plan.start_date, s.dueOffsetDays), position: position++ };
        const match = byKey.get(s.key);
        if (match) {
          keep.add(match.id);
          await trx.updateTable('onboarding_steps').set(fields).where('id', '=', match.id).execute();
        } else {
          await trx.insertInto('onboarding_steps').values({ id: randomUUID(), onboarding_id: plan.id, step_key: s.key, ...fields }).execute();
        }
      }
      for (const old of existing.filter((s) => !keep.has(s.id))) {
        if (old.status === 'done') await trx.updateTable('onboarding_steps').set({ position: position++ }).where('id', '=', old.id).execute();
        else await trx.deleteFrom('onboarding_steps').where('id', '=', old.id).execute();
      }
      await trx.updateTable('onboardings').set({ template_version: template.version, updated_at: new Date() }).where('id', '=', plan.id).execute();
      applied.push(plan.id);
    }
  });
  await recordAudit(deps.db, deps.caller, { action: 'onboarding.template.apply', subjectType: 'onboarding_template', subjectId: id, channel: deps.channel, outcome: 'success', details: { version: template.version, onboardings: applied } });
  return { applied };
}
