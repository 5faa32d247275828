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
  /** True when the directory holds a photo (`GET /api/tab/people/:id/photo`). */
  hasPhoto?: boolean;
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
  documents: DocumentView[];
  /** The agent's team: their service and colleagues under the same manager. */
  team: { serviceName: string | null; members: PersonSummary[] };
  /** Welcome message and team introduction (shown to the manager and HR; null for the agent). */
  notifications: NotificationsView | null;
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

/** A document to read and acknowledge, with the plan's agent's acknowledgment of its current version. */
export interface DocumentView {
  key: string;
  title: string;
  /** Where the current version is served; null when the document is missing from the store. */
  url: string | null;
  /** SHA-256 of the current version's content (its version); null when missing. */
  sha256: string | null;
  /** When the agent accepted the current version; null when not (yet, or again). */
  acknowledgedAt: string | null;
  /** True when the agent accepted an older version only: a new version asks again. */
  newVersion: boolean;
  /** True when the viewer may acknowledge it (the agent themself). */
  canAcknowledge: boolean;
}

/** `POST /api/tab/onboardings/:id/documents/:key/acknowledge`. */
export interface AcknowledgeResponse {
  document: DocumentView;
  /** False when that version was already acknowledged. */
  changed: boolean;
}

export type NotificationState = 'queued' | 'sent' | 'failed' | 'unreachable' | 'none';

/** Delivery of the welcome message and the team introduction of an onboarding. */
export interface NotificationsView {
  welcome: NotificationState;
  teamIntro: NotificationState;
}

/** A template, as pickers and HR's list show it. */
export interface TemplateSummary {
  id: string;
  code: string;
  name: string;
  jobProfile: string;
  version: number;
  archived: boolean;
  steps: number;
  /** Plans in progress on an older version of this template. */
  plansOnOlderVersions: number;
}

/** Editable content of a template (same shape as stored). */
export interface TemplateContentView {
  steps: Array<{ key: string; phase: Phase; title: string; ownerRole: OwnerRole; dueOffsetDays: number; help?: string; link?: string }>;
  documents: Array<{ key: string; title: string }>;
  practical: Array<{ title: string; text: string }>;
}

/** One template with its content, for HR's editor. */
export interface TemplateDetail extends TemplateSummary {
  content: TemplateContentView;
  /** Documents the store knows, to pick from. */
  availableDocuments: Array<{ key: string; title: string | null }>;
  /** Plans not finished that use this template, and the version each one follows. */
  plans: Array<{ onboardingId: string; agentName: string; startDate: string; status: OnboardingStatus; version: number }>;
}

/** `PUT /api/tab/hr/templates/:id` body. */
export interface TemplateUpdate {
  name: string;
  jobProfile: string;
  content: TemplateContentView;
  /** The version the edit started from (optimistic concurrency). */
  expectedVersion: number;
}

/** `GET /api/tab/onboardings/start-options`: what a manager (or HR) may start an onboarding with. */
export interface StartOptions {
  people: Array<PersonSummary & { serviceId: string | null }>;
  buddies: Array<PersonSummary & { serviceId: string | null }>;
  hrContacts: PersonSummary[];
  templates: TemplateSummary[];
}

/** `POST /api/tab/onboardings` body. */
export interface StartOnboardingInput {
  personId: string;
  templateId: string;
  startDate: string;
  buddyId: string | null;
  hrContactId: string | null;
}

/** `POST /api/tab/onboardings` answer. */
export interface StartOnboardingResponse {
  onboardingId: string;
  notifications: NotificationsView;
}

/** One line of HR's list of all arrivals. */
export interface HrArrival extends ArrivalSummary {
  service: { id: string; name: string } | null;
  manager: PersonSummary | null;
}

/** A service, for filters and the channel tab. */
export interface ServiceSummary {
  id: string;
  name: string;
}

/** One arrival as the team's channel tab shows it. */
export interface TeamArrival {
  onboardingId: string;
  agent: PersonSummary;
  startDate: string;
  status: OnboardingStatus;
  buddy: PersonSummary | null;
  percent: number;
}
