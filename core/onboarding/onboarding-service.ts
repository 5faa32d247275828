/**
 * Onboarding use cases shared by the surfaces: read a plan, tick a step, list a manager's
 * arrivals, tell a caller's roles. Each one authorizes the caller (authorization.ts) and writes
 * every access to another person's data, allowed or denied, to the audit log.
 */
import type { Kysely } from 'kysely';
import type { Caller } from '../auth/identity.js';
import { recordAudit, type AuditChannel } from '../audit/audit-log.js';
import type { BlobStore } from '../blob/blob-store.js';
import { EquipageError } from '../errors.js';
import type { Database, Onboarding, OnboardingStatus, StepStatus } from '../storage/schema.js';
import { canToggleStep, viewerRelation } from './authorization.js';
import { documentsOf } from './acknowledgments.js';
import { notificationsOf } from './notifications.js';
import { findCurrentOnboardingOf, findOnboarding, loadPeople, loadSteps, toStepView } from './onboarding-store.js';
import { peopleWithPhoto } from './photos.js';
import { computeProgress } from './progress.js';
import { loadTemplateVersions, versionKey } from './template-versions.js';
import type { QuietHours } from './working-days.js';
import { PHASES, type ArrivalSummary, type PlanView, type Progress, type StepChangeResponse, type TabRole } from './types.js';

/** What every use case needs: the database, who calls, through which channel, and today's date (ISO, Paris). */
export interface OnboardingDeps {
  db: Kysely<Database>;
  caller: Caller;
  channel: AuditChannel;
  today: string;
  /** The blob store: photos, published document versions (optional: without it, none). */
  blobs?: BlobStore | undefined;
  /** Public base URL of the tab, for links in proactive messages. */
  tabBaseUrl?: string | undefined;
  /** Quiet hours of proactive messages. */
  quietHours?: QuietHours | undefined;
  /** The current instant (proactive messages' earliest send time). */
  now?: Date | undefined;
}

/** The agent's colleagues: active people with the same manager (at most 12), and their service's name. */
async function teamOf(db: Kysely<Database>, personId: string): Promise<PlanView['team']> {
  const me = await db
    .selectFrom('people')
    .leftJoin('services', 'services.id', 'people.service_id')
    .select(['people.manager_id', 'services.name as service_name'])
    .where('people.id', '=', personId)
    .executeTakeFirst();
  if (!me) return { serviceName: null, members: [] };
  const rows = me.manager_id
    ? await db
        .selectFrom('people')
        .select('id')
        .where('manager_id', '=', me.manager_id)
        .where('status', '=', 'active')
        .where('id', '!=', personId)
        .orderBy('family_name')
        .limit(12)
        .execute()
    : [];
  const people = await loadPeople(db, rows.map((r) => r.id));
  return { serviceName: me.service_name ?? null, members: rows.flatMap((r) => (people.has(r.id) ? [people.get(r.id)!] : [])) };
}

async function buildPlan(deps: OnboardingDeps, onboarding: Onboarding, relation: PlanView['viewerRelation']): Promise<PlanView> {
  const { db, caller, today } = deps;
  const [steps, templates, team] = await Promise.all([
    loadSteps(db, [onboarding.id]),
    loadTemplateVersions(db, [{ templateId: onboarding.template_id, version: onboarding.template_version }]),
    teamOf(db, onboarding.person_id),
  ]);
  const people = await loadPeople(db, [
    onboarding.person_id,
    onboarding.manager_id,
    onboarding.buddy_id,
    onboarding.hr_contact_id,
    ...steps.map((s) => s.done_by),
  ]);
  const agent = people.get(onboarding.person_id);
  if (!agent) throw new EquipageError('EQP_ERR_NOT_FOUND', { what: `person ${onboarding.person_id}` });
  const template = templates.get(versionKey(onboarding.template_id, onboarding.template_version));
  const withPhoto = await peopleWithPhoto(deps.blobs, [...people.keys(), ...team.members.map((m) => m.id)]);
  for (const p of [...people.values(), ...team.members]) p.hasPhoto = withPhoto.has(p.id);
  const views = steps.map((s) =>
    toStepView(s, { today, onboarding, people, canToggle: canToggleStep(caller, onboarding, s.owner_role) }),
  );
  const pick = (id: string | null) => (id ? (people.get(id) ?? null) : null);
  const [documents, notifications] = await Promise.all([
    documentsOf(db, deps.blobs, onboarding, template?.content.documents ?? [], relation === 'self' && onboarding.status !== 'cancelled'),
    relation === 'self' ? Promise.resolve(null) : notificationsOf(db, [onboarding.id]).then((m) => m.get(onboarding.id) ?? null),
  ]);
  return {
    id: onboarding.id,
    status: onboarding.status,
    startDate: onboarding.start_date,
    templateName: template?.name ?? '',
    agent,
    people: { manager: pick(onboarding.manager_id), buddy: pick(onboarding.buddy_id), hrContact: pick(onboarding.hr_contact_id) },
    phases: PHASES.map((phase) => ({ phase, steps: views.filter((v) => v.phase === phase) })).filter((p) => p.steps.length > 0),
    practical: template?.content.practical ?? [],
    documents,
    team,
    notifications,
    progress: computeProgress(views, today),
    viewerRelation: relation,
  };
}

/** Loads an onboarding the caller may read, or throws NOT_FOUND / FORBIDDEN (audited). */
async function authorizeRead(deps: OnboardingDeps, onboardingId: string, action: string) {
  const onboarding = await findOnboarding(deps.db, onboardingId);
  if (!onboarding) throw new EquipageError('EQP_ERR_NOT_FOUND', { what: `onboarding ${onboardingId}` });
  const relation = viewerRelation(deps.caller, onboarding);
  if (relation === null) {
    await recordAudit(deps.db, deps.caller, { action, subjectType: 'onboarding', subjectId: onboarding.id, channel: deps.channel, outcome: 'denied' });
    throw new EquipageError('EQP_ERR_FORBIDDEN');
  }
  return { onboarding, relation };
}

/** The plan of an onboarding, for its agent, their manager or HR. */
export async function readPlan(deps: OnboardingDeps, onboardingId: string): Promise<PlanView> {
  const { onboarding, relation } = await authorizeRead(deps, onboardingId, 'onboarding.read');
  if (relation !== 'self') {
    await recordAudit(deps.db, deps.caller, {
      action: 'onboarding.read',
      subjectType: 'onboarding',
      subjectId: onboarding.id,
      channel: deps.channel,
      outcome: 'success',
      details: { relation, person: onboarding.person_id },
    });
  }
  return buildPlan(deps, onboarding, relation);
}

/** The caller's own current plan, or null when they have none. */
export async function readMyPlan(deps: OnboardingDeps): Promise<PlanView | null> {
  if (!deps.caller.personId) return null;
  const onboarding = await findCurrentOnboardingOf(deps.db, deps.caller.personId);
  return onboarding ? buildPlan(deps, onboarding, 'self') : null;
}

/** Status an onboarding takes after its steps changed. Cancelled stays cancelled. */
function nextOnboardingStatus(current: OnboardingStatus, allDone: boolean, startDate: string, today: string): OnboardingStatus {
  if (current === 'cancelled') return current;
  if (allDone) return 'completed';
  return startDate <= today ? 'in_progress' : 'planned';
}

/**
 * Ticks (`done`) or unticks (`todo`) a step. Idempotent: asking for the state a step is already
 * in changes nothing and answers `changed: false`. Denials are audited and answer FORBIDDEN.
 */
export async function setStepStatus(deps: OnboardingDeps, stepId: string, target: StepStatus): Promise<StepChangeResponse> {
  const { db, caller, today } = deps;
  const action = target === 'done' ? 'onboarding.step.complete' : 'onboarding.step.reopen';
  const step = await db.selectFrom('onboarding_steps').selectAll().where('id', '=', stepId).executeTakeFirst();
  if (!step) throw new EquipageError('EQP_ERR_NOT_FOUND', { what: `step ${stepId}` });
  const onboarding = await findOnboarding(db, step.onboarding_id);
  if (!onboarding) throw new EquipageError('EQP_ERR_NOT_FOUND', { what: `onboarding ${step.onboarding_id}` });
  if (!canToggleStep(caller, onboarding, step.owner_role) || onboarding.status === 'cancelled') {
    await recordAudit(db, caller, {
      action,
      subjectType: 'onboarding_step',
      subjectId: step.id,
      channel: deps.channel,
      outcome: 'denied',
      details: { onboarding: onboarding.id, ownerRole: step.owner_role, onboardingStatus: onboarding.status },
    });
    throw new EquipageError('EQP_ERR_FORBIDDEN');
  }

  const changed = step.status !== target;
  let status: OnboardingStatus = onboarding.status;
  if (changed) {
    status = await db.transaction().execute(async (trx) => {
      // The `status` guard makes concurrent double-clicks harmless: only one update applies.
      await trx
        .updateTable('onboarding_steps')
        .set(target === 'done' ? { status: 'done', done_at: new Date(), done_by: caller.personId } : { status: 'todo', done_at: null, done_by: null })
        .where('id', '=', step.id)
        .where('status', '!=', target)
        .execute();
      const remaining = await trx
        .selectFrom('onboarding_steps')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('onboarding_id', '=', onboarding.id)
        .where('status', '!=', 'done')
        .executeTakeFirstOrThrow();
      const next = nextOnboardingStatus(onboarding.status, Number(remaining.n) === 0, onboarding.start_date, today);
      if (next !== onboarding.status) {
        await trx.updateTable('onboardings').set({ status: next, updated_at: new Date() }).where('id', '=', onboarding.id).execute();
      }
      return next;
    });
  }
  await recordAudit(db, caller, {
    action,
    subjectType: 'onboarding_step',
    subjectId: step.id,
    channel: deps.channel,
    outcome: 'success',
    details: { onboarding: onboarding.id, ownerRole: step.owner_role, changed },
  });

  const steps = await loadSteps(db, [onboarding.id]);
  const updated = steps.find((s) => s.id === step.id)!;
  const people = await loadPeople(db, [onboarding.person_id, onboarding.manager_id, onboarding.hr_contact_id, updated.done_by]);
  const progress = computeProgress(
    steps.map((s) => ({ id: s.id, title: s.title, position: s.position, ownerRole: s.owner_role, dueDate: s.due_date, status: s.status })),
    today,
  );
  return {
    step: toStepView(updated, { today, onboarding, people, canToggle: true }),
    progress,
    onboardingStatus: status,
    changed,
  };
}

/** The onboardings of the people the caller manages (not cancelled), most recent start first. */
export async function listArrivals(deps: OnboardingDeps): Promise<ArrivalSummary[]> {
  const { db, caller, today } = deps;
  if (!caller.personId) return [];
  const onboardings = await db
    .selectFrom('onboardings')
    .selectAll()
    .where('manager_id', '=', caller.personId)
    .where('status', '!=', 'cancelled')
    .orderBy('start_date', 'desc')
    .execute();
  if (onboardings.length === 0) return [];
  const ids = onboardings.map((o) => o.id);
  const [steps, templates, people] = await Promise.all([
    loadSteps(db, ids),
    loadTemplateVersions(db, onboardings.map((o) => ({ templateId: o.template_id, version: o.template_version }))),
    loadPeople(db, onboardings.map((o) => o.person_id)),
  ]);
  await recordAudit(db, caller, {
    action: 'onboarding.list_arrivals',
    subjectType: 'onboarding',
    subjectId: null,
    channel: deps.channel,
    outcome: 'success',
    details: { onboardings: ids },
  });
  return onboardings.flatMap((o) => {
    const agent = people.get(o.person_id);
    if (!agent) return [];
    const own = steps.filter((s) => s.onboarding_id === o.id);
    const progress: Progress = computeProgress(
      own.map((s) => ({ id: s.id, title: s.title, position: s.position, ownerRole: s.owner_role, dueDate: s.due_date, status: s.status })),
      today,
    );
    return [
      {
        onboardingId: o.id,
        agent,
        status: o.status,
        startDate: o.start_date,
        templateName: templates.get(versionKey(o.template_id, o.template_version))?.name ?? '',
        progress,
        managerStepsOpen: own.filter((s) => s.owner_role === 'manager' && s.status !== 'done').length,
      },
    ];
  });
}

/** Roles of a person: agent (has a current onboarding), manager (has active reports), HR. */
export async function rolesOf(db: Kysely<Database>, caller: Caller): Promise<{ roles: TabRole[]; onboardingId: string | null }> {
  const roles: TabRole[] = [];
  let onboardingId: string | null = null;
  if (caller.personId) {
    const [current, report] = await Promise.all([
      findCurrentOnboardingOf(db, caller.personId),
      db.selectFrom('people').select('id').where('manager_id', '=', caller.personId).where('status', '=', 'active').limit(1).executeTakeFirst(),
    ]);
    if (current) {
      roles.push('agent');
      onboardingId = current.id;
    }
    if (report) roles.push('manager');
  }
  if (caller.hrMember) roles.push('hr');
  return { roles, onboardingId };
}
