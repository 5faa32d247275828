/**
 * One webhook POST. Uses node:http(s) rather than fetch so that the socket's `lookup` can refuse
 * non-public addresses at connection time (see url-guard.ts). Redirects are never followed (a
 * redirect could lead anywhere); the answer's body is read only to quote its start in errors.
 */
import http from 'node:http';
import https from 'node:https';
import { parseRetryAfter } from '../open311/client.js';
import { checkCallbackUrlSyntax, guardedLookup, type CallbackUrlPolicy } from './url-guard.js';

/** The receiver's answer: `status` 0 when there was none (network error, timeout, refused address). */
export interface SendOutcome {
  status: number;
  error?: string;
  retryAfterMs?: number;
}

export interface SendOptions {
  timeoutMs: number;
  policy: CallbackUrlPolicy;
  userAgent: string;
}

const ERROR_BODY_BYTES = 300;

function describeFailure(error: unknown): string {
  const e = error as { name?: string; message?: string; code?: string };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return 'timeout';
  return [e.code, e.message].filter(Boolean).join(': ') || 'network error';
}

/** POSTs `body` (JSON) with `headers`; never throws. */
export async function postWebhook(rawUrl: string, body: string, headers: Record<string, string>, options: SendOptions): Promise<SendOutcome> {
  let url: URL;
  try {
    // The policy may be stricter now than when the subscription was made.
    url = checkCallbackUrlSyntax(rawUrl, options.policy);
  } catch (error) {
    return { status: 0, error: (error as Error).message };
  }
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<SendOutcome>((resolve) => {
    let settled = false;
    const done = (outcome: SendOutcome) => {
      if (settled) return;
      settled = true;
      resolve(outcome);
    };
    const request = client.request(
      url,
      {
        method: 'POST',
        headers: {
          ...headers,
          'content-type': 'application/json; charset=utf-8',
          'content-length': String(Buffer.byteLength(body)),
          'user-agent': options.userAgent,
        },
        lookup: guardedLookup(options.policy),
        // One connection per notification: nothing lingers towards receivers between retries.
        agent: false,
        signal: AbortSignal.timeout(options.timeoutMs),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        response.on('data', (chunk: Buffer) => {
          if (kept < ERROR_BODY_BYTES) {
            chunks.push(chunk);
            kept += chunk.length;
          }
        });
        response.on('error', (error) => done({ status: 0, error: describeFailure(error) }));
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          const retryAfter = parseRetryAfter(typeof response.headers['retry-after'] === 'string' ? response.headers['retry-after'] : null);
          const ok = status >= 200 && status < 300;
          const text = Buffer.concat(chunks).toString('utf8').slice(0, ERROR_BODY_BYTES);
          done({ status, ...(ok ? {} : { error: `HTTP ${status}${text ? `: ${text}` : ''}` }), ...(retryAfter === undefined ? {} : { retryAfterMs: retryAfter }) });
        });
      },
    );
    request.on('error', (error) => done({ status: 0, error: describeFailure(error) }));
    request.end(body);
  });
}
