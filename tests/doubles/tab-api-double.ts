/**
 * An in-memory stand-in for the tab API (same shape as tabs/web's `TabApi`) for component
 * tests: it applies the same state changes as the server, and lets a test hold a request
 * pending or make it fail, to watch loading states, optimistic updates and rollbacks.
 */
import type { PayrollPreview, PayrollPublication } from '../../core/documents/payroll-types.js';
import { computeProgress } from '../../core/onboarding/progress.js';
import type {
  AcknowledgeResponse,
  ArrivalSummary,
  HrArrival,
  MeResponse,
  PersonSummary,
  PlanView,
  ServiceSummary,
  StartOnboardingInput,
  StartOnboardingResponse,
  StartOptions,
  StepChangeResponse,
  StepView,
  TeamArrival,
  TemplateDetail,
  TemplateSummary,
  TemplateUpdate,
} from '../../core/onboarding/types.js';

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
    documents: [
      { key: 'reglement', title: 'Règlement intérieur', url: `/tab/documents/reglement/${'a'.repeat(64)}`, sha256: 'a'.repeat(64), acknowledgedAt: null, newVersion: false, canAcknowledge: asAgent },
      { key: 'charte', title: 'Charte informatique', url: `/tab/documents/charte/${'b'.repeat(64)}`, sha256: 'b'.repeat(64), acknowledgedAt: '2026-03-09T08:00:00.000Z', newVersion: false, canAcknowledge: asAgent },
    ],
    team: { serviceName: 'Voirie', members: [person('col-1', 'Julien Petit', 'Agent de voirie')] },
    notifications: asAgent ? null : { welcome: 'queued', teamIntro: 'unreachable' },
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
  /** When set, the next write (acknowledge, start, save…) fails with this error. */
  failNextWrite: { code: string; status: number; fr: string; en: string } | null = null;
  startOptionsValue: StartOptions = {
    people: [{ ...person('new-1', 'Mehdi Haddad', 'Agent de voirie'), serviceId: 'voirie' }],
    buddies: [{ ...PEOPLE.buddy, serviceId: 'voirie' }],
    hrContacts: [PEOPLE.hr],
    templates: [{ id: 'tpl-1', code: 'agent-voirie', name: 'Arrivée — agent de voirie', jobProfile: 'agent de voirie', version: 1, archived: false, steps: 5, plansOnOlderVersions: 0 }],
  };
  started: StartOnboardingInput[] = [];
  templatesValue = new Map<string, TemplateDetail>();
  hrArrivalsValue: HrArrival[] = [];
  servicesValue: ServiceSummary[] = [{ id: 'voirie', name: 'Voirie' }];
  teamValue: { serviceName: string; arrivals: TeamArrival[] } = { serviceName: 'Voirie', arrivals: [] };
  /** The report the next payroll preview answers (the test sets it). */
  payrollPreviewValue: PayrollPreview | null = null;
  /** The result payroll publications answer (the test sets it). */
  payrollPublicationValue: PayrollPublication | null = null;
  /** Payroll uploads received, as the server would see them. */
  payrollUploads: Array<{ period: string; replace: boolean; pattern?: string | undefined; fileNames: string[] }> = [];
  /** When set, the next payroll call (preview or publish) waits for this deferred's settlement. */
  holdNextPayroll: Deferred<void> | null = null;

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

  private takeWriteFailure(): void {
    const failure = this.failNextWrite;
    if (failure) {
      this.failNextWrite = null;
      throw this.makeError(failure.code, failure.status, failure.fr, failure.en);
    }
  }

  async acknowledge(onboardingId: string, key: string, sha256: string): Promise<AcknowledgeResponse> {
    this.calls.push(`acknowledge ${onboardingId} ${key} ${sha256}`);
    const hold = this.holdNextChange;
    this.holdNextChange = null;
    if (hold) await hold.promise;
    this.takeWriteFailure();
    const doc = this.plans.get(onboardingId)?.documents.find((d) => d.key === key);
    if (!doc) throw this.makeError('EQP_ERR_NOT_FOUND', 404, 'Ressource introuvable.', 'Not found.');
    const changed = doc.acknowledgedAt === null;
    doc.acknowledgedAt ??= '2026-03-10T09:00:00.000Z';
    doc.newVersion = false;
    return { document: copy(doc), changed };
  }

  async startOptions(): Promise<StartOptions> {
    this.calls.push('startOptions');
    this.takeLoadFailure();
    return copy(this.startOptionsValue);
  }

  async startOnboarding(input: StartOnboardingInput): Promise<StartOnboardingResponse> {
    this.calls.push(`start ${input.personId}`);
    this.takeWriteFailure();
    this.started.push(input);
    const who = this.startOptionsValue.people.find((p) => p.id === input.personId)!;
    const plan = { ...makePlan('manager', `onb-${this.started.length + 100}`), agent: who, startDate: input.startDate };
    this.plans.set(plan.id, plan);
    this.arrivalsValue.push({ onboardingId: plan.id, agent: who, status: 'planned', startDate: input.startDate, templateName: plan.templateName, progress: plan.progress, managerStepsOpen: 1 });
    this.startOptionsValue.people = this.startOptionsValue.people.filter((p) => p.id !== input.personId);
    return { onboardingId: plan.id, notifications: { welcome: 'unreachable', teamIntro: 'unreachable' } };
  }

  async templates(): Promise<TemplateSummary[]> {
    this.calls.push('templates');
    this.takeLoadFailure();
    return copy([...this.templatesValue.values()].map(({ content: _c, availableDocuments: _a, plans: _p, ...summary }) => summary));
  }

  async template(id: string): Promise<TemplateDetail> {
    this.calls.push(`template ${id}`);
    this.takeLoadFailure();
    const tpl = this.templatesValue.get(id);
    if (!tpl) throw this.makeError('EQP_ERR_NOT_FOUND', 404, 'Ressource introuvable.', 'Not found.');
    return copy(tpl);
  }

  async saveTemplate(id: string, update: TemplateUpdate): Promise<TemplateDetail> {
    this.calls.push(`saveTemplate ${id}`);
    this.takeWriteFailure();
    const tpl = this.templatesValue.get(id)!;
    if (tpl.version !== update.expectedVersion) throw this.makeError('EQP_ERR_TEMPLATE_CHANGED', 409, 'Modèle modifié.', 'Template changed.');
    const next: TemplateDetail = { ...tpl, name: update.name, jobProfile: update.jobProfile, content: copy(update.content), version: tpl.version + 1, steps: update.content.steps.length };
    next.plansOnOlderVersions = next.plans.filter((p) => p.version < next.version).length;
    this.templatesValue.set(id, next);
    return copy(next);
  }

  async duplicateTemplate(id: string): Promise<TemplateDetail> {
    this.calls.push(`duplicate ${id}`);
    this.takeWriteFailure();
    const tpl = this.templatesValue.get(id)!;
    const dup: TemplateDetail = { ...copy(tpl), id: `${id}-copy`, code: `${tpl.code}-copie`, name: `${tpl.name} (copie)`, version: 1, plans: [], plansOnOlderVersions: 0 };
    this.templatesValue.set(dup.id, dup);
    return copy(dup);
  }

  async archiveTemplate(id: string, archived: boolean): Promise<TemplateDetail> {
    this.calls.push(`${archived ? 'archive' : 'unarchive'} ${id}`);
    this.takeWriteFailure();
    const tpl = this.templatesValue.get(id)!;
    tpl.archived = archived;
    return copy(tpl);
  }

  async applyTemplate(id: string, onboardingIds: string[]): Promise<{ applied: string[] }> {
    this.calls.push(`apply ${id} ${onboardingIds.join(',')}`);
    this.takeWriteFailure();
    const tpl = this.templatesValue.get(id)!;
    for (const p of tpl.plans) if (onboardingIds.includes(p.onboardingId)) p.version = tpl.version;
    tpl.plansOnOlderVersions = tpl.plans.filter((p) => p.version < tpl.version).length;
    return { applied: onboardingIds };
  }

  async hrArrivals(filter: { service?: string | undefined; status?: string | undefined }): Promise<HrArrival[]> {
    this.calls.push(`hrArrivals ${filter.service ?? ''} ${filter.status ?? ''}`);
    this.takeLoadFailure();
    return copy(this.hrArrivalsValue.filter((a) => (!filter.service || a.service?.id === filter.service) && (!filter.status || a.status === filter.status)));
  }

  async hrArrivalsCsv(filter: { service?: string | undefined; status?: string | undefined }): Promise<string> {
    this.calls.push(`hrArrivalsCsv ${filter.service ?? ''} ${filter.status ?? ''}`);
    return 'Agent;Statut\r\n';
  }

  async services(): Promise<ServiceSummary[]> {
    return copy(this.servicesValue);
  }

  async teamArrivals(serviceId: string): Promise<{ serviceName: string; arrivals: TeamArrival[] }> {
    this.calls.push(`team ${serviceId}`);
    this.takeLoadFailure();
    return copy(this.teamValue);
  }

  async photo(): Promise<Blob | null> {
    return null;
  }

  private async payrollGate(): Promise<void> {
    const hold = this.holdNextPayroll;
    this.holdNextPayroll = null;
    if (hold) await hold.promise;
    this.takeWriteFailure();
  }

  async payrollPreview(upload: { period: string; files: readonly File[]; replace: boolean; pattern?: string | undefined }): Promise<PayrollPreview> {
    this.calls.push(`payrollPreview ${upload.period} ${upload.files.map((f) => f.name).join(',')}`);
    this.payrollUploads.push({ period: upload.period, replace: upload.replace, pattern: upload.pattern, fileNames: upload.files.map((f) => f.name) });
    await this.payrollGate();
    if (!this.payrollPreviewValue) throw this.makeError('EQP_ERR_VALIDATION', 400, 'Requête invalide.', 'Invalid request.');
    return copy({ ...this.payrollPreviewValue, period: upload.period, replace: upload.replace });
  }

  async payrollPublish(uploadId: string): Promise<PayrollPublication> {
    this.calls.push(`payrollPublish ${uploadId}`);
    await this.payrollGate();
    if (!this.payrollPublicationValue || this.payrollPreviewValue?.uploadId !== uploadId) throw this.makeError('EQP_ERR_NOT_FOUND', 404, 'Ressource introuvable.', 'Not found.');
    return copy(this.payrollPublicationValue);
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
