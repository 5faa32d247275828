/**
 * The tab's API, as the views use it. Views receive a {@link TabApi} through context, so the
 * same views run against the real server (HTTP) and in component tests.
 */
import type {
  AcknowledgeResponse,
  ArrivalSummary,
  HrArrival,
  LocalUsersResponse,
  MeResponse,
  OnboardingStatus,
  PlanView,
  ServiceSummary,
  StartOnboardingInput,
  StartOnboardingResponse,
  StartOptions,
  StepChangeResponse,
  TeamArrival,
  TemplateDetail,
  TemplateSummary,
  TemplateUpdate,
} from '../../../../core/onboarding/types';
import type { PayrollPreview, PayrollPublication } from '../../../../core/documents/payroll-types';

/** A payroll run HR uploads for its dry-run report. */
export interface PayrollUpload {
  /** `YYYY-MM`. */
  period: string;
  /** One `.zip`, one multi-page `.pdf`, or several `.pdf`. */
  files: readonly File[];
  /** Replace payslips already published for the period. */
  replace: boolean;
  /** File-name pattern; the server's default when absent. */
  pattern?: string | undefined;
}

/** Filters of HR's list of arrivals. */
export interface HrArrivalsFilter {
  service?: string | undefined;
  status?: OnboardingStatus | undefined;
}

export interface TabApi {
  me(): Promise<MeResponse>;
  myPlan(): Promise<PlanView | null>;
  plan(onboardingId: string): Promise<PlanView>;
  completeStep(stepId: string): Promise<StepChangeResponse>;
  reopenStep(stepId: string): Promise<StepChangeResponse>;
  arrivals(): Promise<ArrivalSummary[]>;
  acknowledge(onboardingId: string, key: string, sha256: string): Promise<AcknowledgeResponse>;
  startOptions(): Promise<StartOptions>;
  startOnboarding(input: StartOnboardingInput): Promise<StartOnboardingResponse>;
  templates(): Promise<TemplateSummary[]>;
  template(id: string): Promise<TemplateDetail>;
  saveTemplate(id: string, update: TemplateUpdate): Promise<TemplateDetail>;
  duplicateTemplate(id: string): Promise<TemplateDetail>;
  archiveTemplate(id: string, archived: boolean): Promise<TemplateDetail>;
  applyTemplate(id: string, onboardingIds: string[]): Promise<{ applied: string[] }>;
  hrArrivals(filter: HrArrivalsFilter): Promise<HrArrival[]>;
  /** The same list as CSV text. */
  hrArrivalsCsv(filter: HrArrivalsFilter): Promise<string>;
  services(): Promise<ServiceSummary[]>;
  teamArrivals(serviceId: string): Promise<{ serviceName: string; arrivals: TeamArrival[] }>;
  /** A person's photo, or null when they have none. */
  photo(personId: string): Promise<Blob | null>;
  /** HR: uploads a payroll run and answers its dry-run report (nothing is published). */
  payrollPreview(upload: PayrollUpload): Promise<PayrollPreview>;
  /** HR: publishes an upload previewed earlier (a second call answers the first result). */
  payrollPublish(uploadId: string): Promise<PayrollPublication>;
}

/** An error answered by the API (`{ error: { code, message, messageEn } }`) or a network failure. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly messageFr: string,
    readonly messageEn: string,
  ) {
    super(messageEn);
    this.name = 'ApiError';
  }

  /** The message in the viewer's language. */
  localized(lang: 'fr' | 'en'): string {
    return lang === 'fr' ? this.messageFr : this.messageEn;
  }
}

/** How requests prove who calls: a Teams SSO token, or the local-mode person. */
export type AuthHeaders = () => Promise<Record<string, string>>;

/** Header of the local-mode identity (server/auth/authenticate.ts). */
export const LOCAL_USER_HEADER = 'X-Equipage-Local-User';

const NETWORK_FR = 'Le serveur ne répond pas. Vérifie ta connexion puis réessaie.';
const NETWORK_EN = 'The server does not answer. Check your connection and retry.';

/** Sends one request and decodes the JSON answer or the coded error. */
export async function requestJson<T>(fetchImpl: typeof fetch, url: string, init: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetchImpl(url, { ...init, headers: { accept: 'application/json', ...(init.headers as Record<string, string>) } });
  } catch {
    throw new ApiError('NETWORK', 0, NETWORK_FR, NETWORK_EN);
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const error = (body as { error?: { code?: string; message?: string; messageEn?: string } } | null)?.error;
    throw new ApiError(error?.code ?? `HTTP_${res.status}`, res.status, error?.message ?? `Erreur ${res.status}`, error?.messageEn ?? `Error ${res.status}`);
  }
  return body as T;
}

function query(filter: HrArrivalsFilter): string {
  const params = new URLSearchParams();
  if (filter.service) params.set('service', filter.service);
  if (filter.status) params.set('status', filter.status);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The API over HTTP, relative to the page's origin. */
export function createHttpTabApi(auth: AuthHeaders, fetchImpl: typeof fetch = (...args) => fetch(...args)): TabApi {
  const get = async <T,>(url: string) => requestJson<T>(fetchImpl, url, { method: 'GET', headers: await auth() });
  const post = async <T,>(url: string) => requestJson<T>(fetchImpl, url, { method: 'POST', headers: await auth() });
  const send = async <T,>(method: 'POST' | 'PUT', url: string, body: unknown) =>
    requestJson<T>(fetchImpl, url, { method, headers: { ...(await auth()), 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const raw = async (url: string, accept: string): Promise<Response | null> => {
    let res: Response;
    try {
      res = await fetchImpl(url, { method: 'GET', headers: { accept, ...(await auth()) } });
    } catch {
      throw new ApiError('NETWORK', 0, NETWORK_FR, NETWORK_EN);
    }
    if (res.status === 404) return null;
    if (!res.ok) {
      const error = ((await res.json().catch(() => null)) as { error?: { code?: string; message?: string; messageEn?: string } } | null)?.error;
      throw new ApiError(error?.code ?? `HTTP_${res.status}`, res.status, error?.message ?? `Erreur ${res.status}`, error?.messageEn ?? `Error ${res.status}`);
    }
    return res;
  };
  const id = encodeURIComponent;
  return {
    me: () => get<MeResponse>('/api/tab/me'),
    myPlan: async () => (await get<{ plan: PlanView | null }>('/api/tab/onboardings/mine')).plan,
    plan: async (onb) => (await get<{ plan: PlanView }>(`/api/tab/onboardings/${id(onb)}`)).plan,
    completeStep: (step) => post<StepChangeResponse>(`/api/tab/steps/${id(step)}/complete`),
    reopenStep: (step) => post<StepChangeResponse>(`/api/tab/steps/${id(step)}/reopen`),
    arrivals: async () => (await get<{ arrivals: ArrivalSummary[] }>('/api/tab/manager/arrivals')).arrivals,
    acknowledge: (onb, key, sha256) => send<AcknowledgeResponse>('POST', `/api/tab/onboardings/${id(onb)}/documents/${id(key)}/acknowledge`, { sha256 }),
    startOptions: () => get<StartOptions>('/api/tab/onboardings/start-options'),
    startOnboarding: (input) => send<StartOnboardingResponse>('POST', '/api/tab/onboardings', input),
    templates: async () => (await get<{ templates: TemplateSummary[] }>('/api/tab/hr/templates')).templates,
    template: (tpl) => get<TemplateDetail>(`/api/tab/hr/templates/${id(tpl)}`),
    saveTemplate: (tpl, update) => send<TemplateDetail>('PUT', `/api/tab/hr/templates/${id(tpl)}`, update),
    duplicateTemplate: (tpl) => post<TemplateDetail>(`/api/tab/hr/templates/${id(tpl)}/duplicate`),
    archiveTemplate: (tpl, archived) => post<TemplateDetail>(`/api/tab/hr/templates/${id(tpl)}/${archived ? 'archive' : 'unarchive'}`),
    applyTemplate: (tpl, onboardingIds) => send<{ applied: string[] }>('POST', `/api/tab/hr/templates/${id(tpl)}/apply`, { onboardingIds }),
    hrArrivals: async (filter) => (await get<{ arrivals: HrArrival[] }>(`/api/tab/hr/arrivals${query(filter)}`)).arrivals,
    hrArrivalsCsv: async (filter) => (await (await raw(`/api/tab/hr/arrivals.csv${query(filter)}`, 'text/csv'))?.text()) ?? '',
    services: async () => (await get<{ services: ServiceSummary[] }>('/api/tab/services')).services,
    teamArrivals: (service) => get<{ serviceName: string; arrivals: TeamArrival[] }>(`/api/tab/teams/${id(service)}/arrivals`),
    photo: async (person) => (await (await raw(`/api/tab/people/${id(person)}/photo`, 'image/*'))?.blob()) ?? null,
    payrollPreview: async (upload) => {
      const form = new FormData();
      form.append('period', upload.period);
      if (upload.pattern) form.append('pattern', upload.pattern);
      if (upload.replace) form.append('replace', 'true');
      for (const file of upload.files) form.append('file', file, file.name);
      // No content-type header: the browser sets multipart/form-data with its boundary.
      return requestJson<PayrollPreview>(fetchImpl, '/api/tab/hr/payroll/preview', { method: 'POST', headers: await auth(), body: form });
    },
    payrollPublish: (upload) => post<PayrollPublication>(`/api/tab/hr/payroll/${id(upload)}/publish`),
  };
}

/** The local-mode picker's list; null when the server is not in local mode (404). */
export async function fetchLocalUsers(fetchImpl: typeof fetch = (...args) => fetch(...args)): Promise<LocalUsersResponse | null> {
  try {
    return await requestJson<LocalUsersResponse>(fetchImpl, '/api/tab/local-users', { method: 'GET' });
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}
