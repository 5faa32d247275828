/**
 * The tab's API, as the views use it. Views receive a {@link TabApi} through context, so the
 * same views run against the real server (HTTP) and in component tests.
 */
import type {
  ArrivalSummary,
  LocalUsersResponse,
  MeResponse,
  PlanView,
  StepChangeResponse,
} from '../../../../core/onboarding/types';

export interface TabApi {
  me(): Promise<MeResponse>;
  myPlan(): Promise<PlanView | null>;
  plan(onboardingId: string): Promise<PlanView>;
  completeStep(stepId: string): Promise<StepChangeResponse>;
  reopenStep(stepId: string): Promise<StepChangeResponse>;
  arrivals(): Promise<ArrivalSummary[]>;
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

/** The API over HTTP, relative to the page's origin. */
export function createHttpTabApi(auth: AuthHeaders, fetchImpl: typeof fetch = (...args) => fetch(...args)): TabApi {
  const get = async <T,>(url: string) => requestJson<T>(fetchImpl, url, { method: 'GET', headers: await auth() });
  const post = async <T,>(url: string) => requestJson<T>(fetchImpl, url, { method: 'POST', headers: await auth() });
  return {
    me: () => get<MeResponse>('/api/tab/me'),
    myPlan: async () => (await get<{ plan: PlanView | null }>('/api/tab/onboardings/mine')).plan,
    plan: async (id) => (await get<{ plan: PlanView }>(`/api/tab/onboardings/${encodeURIComponent(id)}`)).plan,
    completeStep: (id) => post<StepChangeResponse>(`/api/tab/steps/${encodeURIComponent(id)}/complete`),
    reopenStep: (id) => post<StepChangeResponse>(`/api/tab/steps/${encodeURIComponent(id)}/reopen`),
    arrivals: async () => (await get<{ arrivals: ArrivalSummary[] }>('/api/tab/manager/arrivals')).arrivals,
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
