/**
 * An in-memory stand-in for the tab API (same shape as tabs/web's `TabApi`) for component
 * tests: it applies the same state changes as the server, and lets a test hold a request
 * pending or make it fail, to watch loading states, optimistic updates and rollbacks.
 */
import { computeProgress } from '../../core/onboarding/progress.js';
import type { ArrivalSummary, MeResponse, PersonSummary, PlanView, StepChangeResponse, StepView } from '../../core/onboarding/types.js';

/** A promise whose settlement the test controls. */
export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const TODAY = '2026-03-10';

/** Deep copy, as a response body would be (jsdom has no structuredClone). */
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

export const person = (id: string, displayName: string, jobTitle: string | null = null): PersonSummary => ({
  id,
  displayName,
  jobTitle,
  upn: `${id}@commune.test`,
  email: null,
  site: null,
});

export const PEOPLE = {
  agent: { ...person('agent-1', 'Lucas Fontaine', 'Agent de voirie'), site: 'Centre technique municipal' },
  manager: person('manager-1', 'Jean-Marc Dupuis', "Chef d'équipe voirie"),
  hr: person('hr-1', 'Karim Benali', 'Gestionnaire RH'),
  buddy: person('buddy-1', 'Kévin Martin', 'Agent de voirie'),
};

function step(partial: Partial<StepView> & Pick<StepView, 'id' | 'title' | 'phase' | 'ownerRole' | 'dueDate'>): StepView {
  return {
    position: 0,
    help: null,
    link: null,
    assignee: null,
    status: 'todo',
    doneAt: null,
    doneBy: null,
    overdue: partial.dueDate < TODAY && partial.status !== 'done',
    canToggle: false,
    ...partial,
  };
}

/** A plan of a few steps, seen by `viewer` ('self' = the agent, 'manager' = their manager). */
export function makePlan(viewer: 'self' | 'manager' = 'self', id = 'onb-1'): PlanView {
  const asAgent = viewer === 'self';
  const steps: StepView[] = [
    step({ id: `${id}-contrat`, position: 0, phase: 'before', title: 'Préparer le contrat', ownerRole: 'hr', dueDate: '2026-03-01', status: 'done', assignee: PEOPLE.hr, doneBy: { id: PEOPLE.hr.id, displayName: PEOPLE.hr.displayName } }),
    step({ id: `${id}-accueil`, position: 1, phase: 'day1', title: 'Accueil et visite du site', ownerRole: 'manager', dueDate: '2026-03-09', assignee: PEOPLE.manager, canToggle: !asAgent }),
    step({ id: `${id}-teams`, position: 2, phase: 'day1', title: 'Installer Teams sur mon téléphone', ownerRole: 'agent', dueDate: '2026-03-10', assignee: PEOPLE.agent, canToggle: asAgent, help: 'Télécharge Teams depuis le store.', link: 'https://aka.ms/getteams' }),
    step({ id: `${id}-notifs`, position: 3, phase: 'week1', title: 'Activer les notifications', ownerRole: 'agent', dueDate: '2026-03-12', assignee: PEOPLE.agent, canToggle: asAgent }),
    step({ id: `${id}-compte`, position: 4, phase: 'before', title: 'Créer le compte Microsoft 365', ownerRole: 'it', dueDate: '2026-03-05', status: 'done' }),
  ];
  const phases = (['before', 'day1', 'week1', 'month1'] as const)
    .map((phase) => ({ phase, steps: steps.filter((s) => s.phase === phase) }))
    .filter((p) => p.steps.length > 0);
  return {
    id,
    status: 'in_progress',
    startDate: '2026-03-09',
    templateName: 'Arrivée — agent de voirie',
    agent: PEOPLE.agent,
    people: { manager: PEOPLE.manager, buddy: PEOPLE.buddy, hrContact: PEOPLE.hr },
    phases,
    practical: [{ title: 'Prise de poste', text: 'Rendez-vous à 7 h 30 au CTM.' }],
    documents: [{ key: 'reglement', title: 'Règlement intérieur', url: '/docs/reglement.pdf', version: '2026-01' }],
    progress: computeProgress(steps, TODAY),
    viewerRelation: viewer,
  };
}

type MakeError = (code: string, status: number, fr: string, en: string) => Error;

/** The in-memory API. */
export class TabApiDouble {
  myPlanValue: PlanView | null;
  plans = new Map<string, PlanView>();
  arrivalsValue: ArrivalSummary[] = [];
  /** When set, the next step change waits for this deferred's settlement. */
  holdNextChange: Deferred<void> | null = null;
  /** When set, the next step change fails with this error (after the hold, if any). */
  failNextChange: { code: string; status: number; fr: string; en: string } | null = null;
  /** When set, the next plan load fails with this error. */
  failNextLoad: { code: string; status: number; fr: string; en: string } | null = null;
  calls: string[] = [];

  constructor(
    private readonly makeError: MakeError,
    myPlan: PlanView | null = makePlan('self'),
  ) {
    this.myPlanValue = myPlan;
    if (myPlan) this.plans.set(myPlan.id, myPlan);
  }

  async me(): Promise<MeResponse> {
    return { personId: PEOPLE.agent.id, displayName: PEOPLE.agent.displayName, upn: PEOPLE.agent.upn, via: 'local', roles: ['agent'], onboardingId: this.myPlanValue?.id ?? null, localMode: true };
  }

  private takeLoadFailure(): void {
    const failure = this.failNextLoad;
    if (failure) {
      this.failNextLoad = null;
      throw this.makeError(failure.code, failure.status, failure.fr, failure.en);
    }
  }

  async myPlan(): Promise<PlanView | null> {
    this.calls.push('myPlan');
    this.takeLoadFailure();
    return this.myPlanValue ? copy(this.plans.get(this.myPlanValue.id) ?? this.myPlanValue) : null;
  }

  async plan(id: string): Promise<PlanView> {
    this.calls.push(`plan ${id}`);
    this.takeLoadFailure();
    const plan = this.plans.get(id);
    if (!plan) throw this.makeError('EQP_ERR_NOT_FOUND', 404, 'Ressource introuvable.', 'Not found.');
    return copy(plan);
  }

  async arrivals(): Promise<ArrivalSummary[]> {
    this.calls.push('arrivals');
    this.takeLoadFailure();
    return copy(this.arrivalsValue);
  }

  completeStep(id: string): Promise<StepChangeResponse> {
    return this.change(id, 'done');
  }

  reopenStep(id: string): Promise<StepChangeResponse> {
    return this.change(id, 'todo');
  }

  private async change(stepId: string, status: 'done' | 'todo'): Promise<StepChangeResponse> {
    this.calls.push(`${status} ${stepId}`);
    const hold = this.holdNextChange;
    this.holdNextChange = null;
    if (hold) await hold.promise;
    const failure = this.failNextChange;
    if (failure) {
      this.failNextChange = null;
      throw this.makeError(failure.code, failure.status, failure.fr, failure.en);
    }
    for (const plan of this.plans.values()) {
      const steps = plan.phases.flatMap((p) => p.steps);
      const target = steps.find((s) => s.id === stepId);
      if (!target) continue;
      const changed = target.status !== status;
      target.status = status;
      target.doneAt = status === 'done' ? '2026-03-10T09:00:00.000Z' : null;
      target.overdue = status === 'todo' && target.dueDate < TODAY;
      plan.progress = computeProgress(steps, TODAY);
      const arrival = this.arrivalsValue.find((a) => a.onboardingId === plan.id);
      if (arrival) arrival.progress = plan.progress;
      return { step: copy(target), progress: copy(plan.progress), onboardingStatus: plan.status, changed };
    }
    throw this.makeError('EQP_ERR_NOT_FOUND', 404, 'Ressource introuvable.', 'Not found.');
  }
}
