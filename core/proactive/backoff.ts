/** Exponential backoff with full jitter (AWS architecture blog's "full jitter"), capped. */
export function backoffMs(attempt: number, options: { baseMs?: number; capMs?: number; random?: () => number } = {}): number {
  const base = options.baseMs ?? 500;
  const cap = options.capMs ?? 5 * 60_000;
  const ceiling = Math.min(cap, base * 2 ** Math.max(0, attempt - 1));
  return Math.round((options.random ?? Math.random)() * ceiling);
}

/** Statuses worth retrying (Teams' guidance: 412, 429, 502, 503, 504; plus network errors as 0). */
export function isRetryable(status: number): boolean {
  return status === 0 || status === 412 || status === 429 || status === 502 || status === 503 || status === 504 || status === 500;
}
