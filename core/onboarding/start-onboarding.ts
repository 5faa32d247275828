/**
 * Starting an onboarding: a manager for one of their reports (or HR for anyone) picks a template
 * by job profile, a start date, a buddy and an HR contact. Step due dates are computed from the
 * start date; the plan follows the template's current version, frozen. Then the welcome message
 * and the team introduction are enqueued (notifications.ts).
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { recordAudit } from '../audit/audit-log.js';
import { EquipageError } from '../errors.js';
import { addDays } from '../util/dates.js';
import { enqueueWelcome } from './notifications.js';
import type { OnboardingDeps } from './onboarding-service.js';
import { findCurrentOnboardingOf, loadPeople, toPersonSummary } from './onboarding-store.js';
import { listTemplateSummaries } from './templates.js';
import { parseTemplateContent } from './template-versions.js';
import type { StartOnboardingInput, StartOnboardingResponse, StartOptions } from './types.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Validation of the request body. */
export const startOnboardingSchema = z.object({
  personId: z.uuid(),
  templateId: z.uuid(),
  startDate: z.string().regex(ISO_DATE).refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'must be a real date'),
  buddyId: z.uuid().nullable(),
  hrContactId: z.uuid().nullable(),
});

const personColumns = ['id', 'display_name', 'job_title', 'upn', 'email', 'site', 'service_id', 'manager_id', 'hr_member', 'status', 'given_name', 'preferred_language'] as const;

/** What the caller may start an onboarding with: their reports (HR: everyone active), buddies, HR contacts, active templates. */
export async function startOptions(deps: OnboardingDeps): Promise<StartOptions> {
  const { db, caller } = deps;
  if (!caller.personId && !caller.hrMember) throw new EquipageError('EQP_ERR_FORBIDDEN');
  const active = await db.selectFrom('people').select([...personColumns]).where('status', '=', 'active').orderBy('family_name').orderBy('given_name').execute();
  const busy = new Set(
    (await db.selectFrom('onboardings').select('person_id').where('status', 'in', ['planned', 'in_progress']).execute()).map((r) => r.person_id),
  );
  const candidates = active.filter((p) => !busy.has(p.id) && (caller.hrMember || (caller.personId !== null && p.manager_id === caller.personId)));
  if (candidates.length === 0 && !caller.hrMember) {
    const manages = active.some((p) => p.manager_id === caller.personId);
    if (!manages) {
      await recordAudit(db, caller, { action: 'onboarding.start_options', subjectType: 'onboarding', subjectId: null, channel: deps.channel, outcome: 'denied' });
      throw new EquipageError('EQP_ERR_FORBIDDEN');
    }
  }
  const services = new Set(candidates.map((p) => p.service_id));
  const withService = (p: (typeof active)[number]) => ({ ...toPersonSummary(p), serviceId: p.service_id });
  return {
    people: candidates.map(withService),
    buddies: active.filter((p) => services.has(p.service_id)).map(withService),
    hrContacts: active.filter((p) => p.hr_member).map(toPersonSummary),
    templates: (await listTemplateSummaries(db, false)),
  };
}

/** Starts an onboarding; see the module comment. */
export async function startOnboarding(deps: OnboardingDeps, input: StartOnboardingInput): Promise<StartOnboardingResponse> {
  const { db, caller } = deps;
  const parsed = startOnboardingSchema.safeParse(input);
  if (!parsed.success) throw new EquipageError('EQP_ERR_VALIDATION', { details: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
  const body = parsed.data;
  const person = await db.selectFrom('people').select([...personColumns]).where('id', '=', body.personId).executeTakeFirst();
  if (!person || person.status !== 'active') throw new EquipageError('EQP_ERR_NOT_FOUND', { what: `person ${body.personId}` });
  const isManager = caller.personId !== null && person.manager_id === caller.personId;
  if (!isManager && !caller.hrMember) {
    await recordAudit(db, caller, { action: 'onboarding.start', subjectType: 'person', subjectId: person.id, channel: deps.channel, outcome: 'denied' });
    throw new EquipageError('EQP_ERR_FORBIDDEN');
  }
  const template = await db.selectFrom('onboarding_templates').selectAll().where('id', '=', body.templateId).executeTakeFirst();
  if (!template) throw new EquipageError('EQP_ERR_NOT_FOUND', { what: `template ${body.templateId}` });
  if (template.archived_at) throw new EquipageError('EQP_ERR_TEMPLATE_ARCHIVED', { name: template.name });
  const current = await findCurrentOnboardingOf(db, person.id);
  if (current && (current.status === 'planned' || current.status === 'in_progress')) throw new EquipageError('EQP_ERR_ONBOARDING_EXISTS', { name: person.display_name });
  for (const [field, id] of [['buddyId', body.buddyId], ['hrContactId', body.hrContactId]] as const) {
    if (id === null) continue;
    const other = await db.selectFrom('people').select(['id', 'status', 'hr_member']).where('id', '=', id).executeTakeFirst();
    if (!other || other.status !== 'active' || other.id === person.id || (field === 'hrContactId' && !other.hr_member)) {
      throw new EquipageError('EQP_ERR_VALIDATION', { details: `${field}: not an eligible person` });
    }
  }
  const content = parseTemplateContent(template.content);
  const related = await loadPeople(db, [person.manager_id, body.buddyId]);
  const onboardingId = randomUUID();
  const today = deps.today;
  const notifications = await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('onboardings')
      .values({
        id: onboardingId,
        person_id: person.id,
        template_id: template.id,
        template_version: template.version,
        manager_id: person.manager_id,
        buddy_id: body.buddyId,
        hr_contact_id: body.hrContactId,
        start_date: body.startDate,
        status: body.startDate <= today ? 'in_progress' : 'planned',
        created_by: caller.personId,
      })
      .execute();
    if (content.steps.length > 0) {
      await trx
        .insertInto('onboarding_steps')
        .values(
          content.steps.map((s, position) => ({
            id: randomUUID(),
            onboarding_id: onboardingId,
            position,
            phase: s.phase,
            title: s.title,
            help: s.help ?? null,
            link: s.link ?? null,
            owner_role: s.ownerRole,
            due_date: addDays(body.startDate, s.dueOffsetDays),
            step_key: s.key,
          })),
        )
        .execute();
    }
    return enqueueWelcome(
      trx,
      deps.blobs,
      {
        onboardingId,
        personId: person.id,
        givenName: person.given_name,
        displayName: person.display_name,
        jobTitle: person.job_title,
        language: person.preferred_language,
        serviceId: person.service_id,
        startDate: body.startDate,
        buddyName: body.buddyId ? (related.get(body.buddyId)?.displayName ?? null) : null,
        managerName: person.manager_id ? (related.get(person.manager_id)?.displayName ?? null) : null,
      },
      { tabBaseUrl: deps.tabBaseUrl ?? '', quietHours: deps.quietHours ?? { start: '19:00', end: '08:00' }, now: deps.now ?? new Date() },
    );
  });
  await recordAudit(db, caller, {
    action: 'onboarding.start',
    subjectType: 'onboarding',
    subjectId: onboardingId,
    channel: deps.channel,
    outcome: 'success',
    details: { person: person.id, template: template.id, version: template.version, startDate: body.startDate, as: isManager ? 'manager' : 'hr', notifications },
  });
  return { onboardingId, notifications };
}
