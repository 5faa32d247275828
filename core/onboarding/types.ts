/**
 * Shapes of the onboarding data as the surfaces show it (tab API responses, later the bot).
 * Pure types with no runtime imports, so the browser app can import them too.
 */
import type { OnboardingStatus, OwnerRole, Phase, StepStatus } from '../storage/schema.js';

export type { OnboardingStatus, OwnerRole, Phase, StepStatus };

/** Phases in the order a person lives them. */
export const PHASES: readonly Phase[] = ['before', 'day1', 'week1', 'month1'];

/** A person as shown next to a plan: enough to name them and open a Teams chat (UPN). */
export interface PersonSummary {
  id: string;
  displayName: string;
  jobTitle: string | null;
  upn: string;
  email: string | null;
  site: string | null;
}

/** Progress of an onboarding, computed from its steps on a given day. */
export interface Progress {
  done: number;
  total: number;
  /** Rounded percentage, 0–100. */
  percent: number;
  /** Steps not done whose due date is before today. */
  overdue: number;
  /** The earliest step not done that is due today or later (overdue ones are counted in `overdue`). */
  nextDue: { id: string; title: string; dueDate: string; ownerRole: OwnerRole } | null;
}

/** One step of a plan, with what the viewer may do with it. */
export interface StepView {
  id: string;
  position: number;
  phase: Phase;
  title: string;
  help: string | null;
  link: string | null;
  ownerRole: OwnerRole;
  /** Who is on it when a named person is: the manager, the HR contact, the agent; null for IT. */
  assignee: PersonSummary | null;
  dueDate: string;
  status: StepStatus;
  doneAt: string | null;
  doneBy: { id: string; displayName: string } | null;
  overdue: boolean;
  /** True when the viewer may tick or untick this step. */
  canToggle: boolean;
}

/** The plan of one onboarding, as its viewer sees it. */
export interface PlanView {
  id: string;
  status: OnboardingStatus;
  startDate: string;
  templateName: string;
  agent: PersonSummary;
  people: { manager: PersonSummary | null; buddy: PersonSummary | null; hrContact: PersonSummary | null };
  phases: Array<{ phase: Phase; steps: StepView[] }>;
  practical: Array<{ title: string; text: string }>;
  documents: Array<{ key: string; title: string; url: string; version: string }>;
  progress: Progress;
  /** How the viewer relates to this plan. */
  viewerRelation: ViewerRelation;
}

/** Why a viewer may read a plan: it is theirs, they manage the person, or they are in HR. */
export type ViewerRelation = 'self' | 'manager' | 'hr';

/** One line of the manager's "my arrivals" list. */
export interface ArrivalSummary {
  onboardingId: string;
  agent: PersonSummary;
  status: OnboardingStatus;
  startDate: string;
  templateName: string;
  progress: Progress;
  /** Steps owned by the manager that are not done yet. */
  managerStepsOpen: number;
}

/** Roles the tab recognises for a caller. */
export type TabRole = 'agent' | 'manager' | 'hr';

/** `GET /api/tab/me`. */
export interface MeResponse {
  personId: string | null;
  displayName: string;
  upn: string | null;
  via: 'entra' | 'local';
  roles: TabRole[];
  /** Id of the caller's own current onboarding, if any. */
  onboardingId: string | null;
  localMode: boolean;
}

/** `GET /api/tab/local-users`. */
export interface LocalUsersResponse {
  services: Array<{
    id: string | null;
    name: string;
    people: Array<{ id: string; displayName: string; jobTitle: string | null; upn: string; roles: TabRole[] }>;
  }>;
}

/** `POST /api/tab/steps/:stepId/complete|reopen`. */
export interface StepChangeResponse {
  step: StepView;
  progress: Progress;
  onboardingStatus: OnboardingStatus;
  /** False when the step was already in the requested state (the call is idempotent). */
  changed: boolean;
}
