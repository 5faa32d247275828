/**
 * A small Open311 GeoReport v2 client (JSON format): create a service request (form-encoded
 * POST), resolve a token, read requests back. Every call has a timeout and returns an outcome
 * rather than throwing, so the forwarder can tell "refused" (safe to retry), "rejected" (give up),
 * and "unknown" (the server may have created the request: look it up before posting again).
 */

/** Where and how to reach the Open311 API. */
export interface Open311Target {
  /** Base URL without trailing slash: `${endpoint}/requests.json`. */
  endpoint: string;
  apiKey: string;
  jurisdictionId: string | undefined;
  timeoutMs: number;
}

/** A service request as `GET requests.json` describes it (only what we read). */
export interface Open311Request {
  service_request_id: string;
  status: string;
  status_notes?: string | null;
  service_code?: string;
  description?: string | null;
  requested_datetime?: string;
}

export type PostOutcome =
  | { kind: 'created'; serviceRequestId: string }
  | { kind: 'token'; token: string }
  /** 4xx other than 429: the request itself is wrong; retrying would not help. */
  | { kind: 'rejected'; status: number; error: string }
  /** Not processed (refused connection, 503, 429): retry later, no duplicate possible. */
  | { kind: 'retry'; status: number; error: string; retryAfterMs?: number }
  /** Timed out or failed mid-way: the server may have created the request. */
  | { kind: 'unknown'; status: number; error: string; retryAfterMs?: number };

export type GetOutcome<T> = { ok: true; value: T } | { ok: false; status: number; error: string; retryAfterMs?: number };

/** Statuses that prove the server did not create anything. */
const NOT_PROCESSED = new Set([429, 503]);

/** `Retry-After` in milliseconds (delta-seconds or HTTP date), capped at one hour. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = /^\d+$/.test(value.trim()) ? Number(value.trim()) * 1000 : Date.parse(value) - now;
  return Number.isFinite(seconds) ? Math.min(Math.max(seconds, 0), 3_600_000) : undefined;
}

/** The text of an Open311 error array (`[{code, description}]`), or the start of the body. */
function errorText(status: number, body: string): string {
  try {
    const parsed = JSON.parse(body) as unknown;
    const list = Array.isArray(parsed) ? parsed : [parsed];
    const parts = list
      .filter((e): e is { code?: unknown; description?: unknown } => typeof e === 'object' && e !== null && 'description' in e)
      .map((e) => `${String(e.code ?? status)} ${String(e.description)}`);
    if (parts.length > 0) return `HTTP ${status}: ${parts.join('; ')}`.slice(0, 1000);
  } catch {
    // Not JSON: quote the start of the body.
  }
  return `HTTP ${status}: ${body.slice(0, 300)}`;
}

/** Is this fetch failure certain to have happened before the server saw the request? */
function refusedBeforeSending(error: unknown): boolean {
  const code = (error as { cause?: { code?: string } }).cause?.code;
  return code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH';
}

function describeFailure(error: unknown): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError') return 'timeout';
  return [e.message, e.cause?.code ?? e.cause?.message].filter(Boolean).join(': ') || 'network error';
}

/** The first element when the body is an array (the spec's JSON shape), else the body itself. */
function first(parsed: unknown): Record<string, unknown> | undefined {
  const item = Array.isArray(parsed) ? parsed[0] : parsed;
  return typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : undefined;
}

const idOf = (v: unknown) => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined);

/** `POST requests.json` with the form fields (api_key and jurisdiction_id are added here). */
export async function postServiceRequest(target: Open311Target, fields: URLSearchParams): Promise<PostOutcome> {
  const body = new URLSearchParams(fields);
  body.set('api_key', target.apiKey);
  if (target.jurisdictionId) body.set('jurisdiction_id', target.jurisdictionId);
  let response: Response;
  let text: string;
  try {
    response = await fetch(`${target.endpoint}/requests.json`, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
      body,
      signal: AbortSignal.timeout(target.timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    return refusedBeforeSending(error) ? { kind: 'retry', status: 0, error: describeFailure(error) } : { kind: 'unknown', status: 0, error: describeFailure(error) };
  }
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
  const withRetryAfter = retryAfterMs === undefined ? {} : { retryAfterMs };
  if (response.ok) {
    let item: Record<string, unknown> | undefined;
    try {
      item = first(JSON.parse(text));
    } catch {
      item = undefined;
    }
    const id = idOf(item?.service_request_id);
    if (id) return { kind: 'created', serviceRequestId: id };
    const token = idOf(item?.token);
    if (token) return { kind: 'token', token };
    // A 2xx we cannot read may still have created the request.
    return { kind: 'unknown', status: response.status, error: `HTTP ${response.status}: no service_request_id nor token in the answer` };
  }
  const error = errorText(response.status, text);
  if (NOT_PROCESSED.has(response.status)) return { kind: 'retry', status: response.status, error, ...withRetryAfter };
  if (response.status >= 500) return { kind: 'unknown', status: response.status, error, ...withRetryAfter };
  return { kind: 'rejected', status: response.status, error };
}

async function getJson(target: Open311Target, pathAndQuery: string, query: Record<string, string | undefined>): Promise<GetOutcome<unknown>> {
  const url = new URL(`${target.endpoint}/${pathAndQuery}`);
  if (target.jurisdictionId) url.searchParams.set('jurisdiction_id', target.jurisdictionId);
  for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, v);
  try {
    const response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(target.timeoutMs) });
    const text = await response.text();
    if (!response.ok) {
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
      return { ok: false, status: response.status, error: errorText(response.status, text), ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
    }
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, status: 0, error: describeFailure(error) };
  }
}

/** `GET tokens/{token}.json`: the service request id once the server has created the request. */
export async function resolveToken(target: Open311Target, token: string): Promise<GetOutcome<string | undefined>> {
  const result = await getJson(target, `tokens/${encodeURIComponent(token)}.json`, {});
  if (!result.ok) return result;
  return { ok: true, value: idOf(first(result.value)?.service_request_id) };
}

function toRequests(value: unknown): Open311Request[] {
  const list = Array.isArray(value) ? value : [];
  return list
    .filter((r): r is Record<string, unknown> => typeof r === 'object' && r !== null && idOf((r as Record<string, unknown>).service_request_id) !== undefined)
    .map((r) => ({ ...(r as object), service_request_id: idOf(r.service_request_id)!, status: String(r.status ?? '') }) as Open311Request);
}

/** `GET requests.json?service_request_id=a,b,c`: the current state of several requests at once. */
export async function getServiceRequests(target: Open311Target, ids: string[]): Promise<GetOutcome<Open311Request[]>> {
  const result = await getJson(target, 'requests.json', { service_request_id: ids.join(',') });
  return result.ok ? { ok: true, value: toRequests(result.value) } : result;
}

/** `GET requests.json?service_code=…&start_date=…&end_date=…`: requests of one service created in a window. */
export async function searchServiceRequests(target: Open311Target, serviceCode: string, start: Date, end: Date): Promise<GetOutcome<Open311Request[]>> {
  const result = await getJson(target, 'requests.json', { service_code: serviceCode, start_date: start.toISOString(), end_date: end.toISOString() });
  return result.ok ? { ok: true, value: toRequests(result.value) } : result;
}
