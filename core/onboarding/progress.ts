/**
 * Progress of an onboarding: how many steps are done, which are overdue, what comes next.
 * Pure functions of the steps and "today", so the tab, the bot and the reminders agree.
 */
import type { OwnerRole, StepStatus } from '../storage/schema.js';
import type { Progress } from './types.js';

/** The fields of a step that progress depends on. */
export interface ProgressStep {
  id: string;
  title: string;
  position: number;
  ownerRole: OwnerRole;
  dueDate: string;
  status: StepStatus;
}

/** True when the step is not done and its due date (ISO) is before `today` (ISO). */
export function isOverdue(step: Pick<ProgressStep, 'status' | 'dueDate'>, today: string): boolean {
  return step.status !== 'done' && step.dueDate < today;
}

/** Computes {@link Progress} of `steps` on `today` (ISO date, Europe/Paris). */
export function computeProgress(steps: readonly ProgressStep[], today: string): Progress {
  const total = steps.length;
  const done = steps.filter((s) => s.status === 'done').length;
  const overdue = steps.filter((s) => isOverdue(s, today)).length;
  const upcoming = steps
    .filter((s) => s.status !== 'done' && s.dueDate >= today)
    .sort((a, b) => (a.dueDate === b.dueDate ? a.position - b.position : a.dueDate < b.dueDate ? -1 : 1));
  const next = upcoming[0];
  return {
    done,
    total,
    // An empty plan has nothing left to do.
    percent: total === 0 ? 100 : Math.round((done / total) * 100),
    overdue,
    nextDue: next ? { id: next.id, title: next.title, dueDate: next.dueDate, ownerRole: next.ownerRole } : null,
  };
}
