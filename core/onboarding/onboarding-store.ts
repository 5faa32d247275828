/**
 * Reads of onboardings, their steps and the people around them, shaped for the surfaces.
 * No authorization here: callers go through onboarding-service.ts.
 */
import type { Kysely } from 'kysely';
import type { Database, Onboarding, OnboardingStep, Person, TemplateContent } from '../storage/schema.js';
import { isOverdue } from './progress.js';
import type { PersonSummary, StepView } from './types.js';

/** Summary of a person row. */
export function toPersonSummary(p: Pick<Person, 'id' | 'display_name' | 'job_title' | 'upn' | 'email' | 'site'>): PersonSummary {
  return { id: p.id, displayName: p.display_name, jobTitle: p.job_title, upn: p.upn, email: p.email, site: p.site };
}

/** Loads people by id, as a map (unknown ids are absent). */
export async function loadPeople(db: Kysely<Database>, ids: Iterable<string | null>): Promise<Map<string, PersonSummary>> {
  const wanted = [...new Set([...ids].filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .selectFrom('people')
    .select(['id', 'display_name', 'job_title', 'upn', 'email', 'site'])
    .where('id', 'in', wanted)
    .execute();
  return new Map(rows.map((r) => [r.id, toPersonSummary(r)]));
}

/** An onboarding row, or undefined. */
export async function findOnboarding(db: Kysely<Database>, id: string): Promise<Onboarding | undefined> {
  return db.selectFrom('onboardings').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The person's current onboarding: the most recent one not cancelled. */
export async function findCurrentOnboardingOf(db: Kysely<Database>, personId: string): Promise<Onboarding | undefined> {
  return db
    .selectFrom('onboardings')
    .selectAll()
    .where('person_id', '=', personId)
    .where('status', '!=', 'cancelled')
    .orderBy('start_date', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Steps of onboardings, in plan order. */
export async function loadSteps(db: Kysely<Database>, onboardingIds: readonly string[]): Promise<OnboardingStep[]> {
  if (onboardingIds.length === 0) return [];
  return db
    .selectFrom('onboarding_steps')
    .selectAll()
    .where('onboarding_id', 'in', onboardingIds)
    .orderBy('onboarding_id')
    .orderBy('position')
    .execute();
}

/** Name and content of templates, by id. */
export async function loadTemplates(
  db: Kysely<Database>,
  ids: readonly string[],
): Promise<Map<string, { name: string; content: TemplateContent }>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('onboarding_templates').select(['id', 'name', 'content']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(
    rows.map((r) => [r.id, { name: r.name, content: (typeof r.content === 'string' ? JSON.parse(r.content) : r.content) as TemplateContent }]),
  );
}

/** Timestamps come back as Date from both drivers; be tolerant of strings all the same. */
const iso = (d: Date | string | null): string | null => (d === null ? null : d instanceof Date ? d.toISOString() : new Date(d).toISOString());

/** Shapes a step row for a viewer. */
export function toStepView(
  step: OnboardingStep,
  ctx: {
    today: string;
    onboarding: Pick<Onboarding, 'person_id' | 'manager_id' | 'hr_contact_id'>;
    people: Map<string, PersonSummary>;
    canToggle: boolean;
  },
): StepView {
  const assigneeId =
    step.owner_role === 'agent'
      ? ctx.onboarding.person_id
      : step.owner_role === 'manager'
        ? ctx.onboarding.manager_id
        : step.owner_role === 'hr'
          ? ctx.onboarding.hr_contact_id
          : null;
  const doneBy = step.done_by ? ctx.people.get(step.done_by) : undefined;
  return {
    id: step.id,
    position: step.position,
    phase: step.phase,
    title: step.title,
    help: step.help,
    link: step.link,
    ownerRole: step.owner_role,
    assignee: assigneeId ? (ctx.people.get(assigneeId) ?? null) : null,
    dueDate: step.due_date,
    status: step.status,
    doneAt: iso(step.done_at),
    doneBy: doneBy ? { id: doneBy.id, displayName: doneBy.displayName } : null,
    overdue: isOverdue({ status: step.status, dueDate: step.due_date }, ctx.today),
    canToggle: ctx.canToggle,
  };
}
