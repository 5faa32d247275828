/**
 * A local stand-in for the Bot Connector service: the `serviceUrl` the bot replies to. Captures
 * every activity the bot sends (`POST /v3/conversations/{id}/activities[/{replyToId}]`, and
 * `PUT …/activities/{activityId}` to update one) with the decoded conversation id and the
 * Authorization header.
 *
 * With `limits`, it enforces Teams' throttling like the real service: beyond N messages per
 * second in one conversation, or M requests per second overall, it answers 429 with Retry-After
 * and records nothing (used by `npm run bench:documents` and the dispatcher's tests).
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CapturedActivity {
  method: 'POST' | 'PUT';
  conversationId: string;
  /** POST: the activity replied to; PUT: the activity replaced. */
  replyToId: string | undefined;
  authorization: string | undefined;
  /** The id the double gave the activity (POST) or the replaced id (PUT). */
  id: string;
  receivedAt: number;
  activity: { type: string; text?: string; summary?: string; attachments?: Array<{ contentType: string; content: any; name?: string; contentUrl?: string }>; [key: string]: unknown };
}

export interface ConnectorLimits {
  perConversationPerSecond: number;
  globalPerSecond: number;
  /** Seconds sent in Retry-After (default 1). */
  retryAfterSeconds?: number;
}

export interface BotConnectorDouble {
  /** Base URL to use as the activities' `serviceUrl` (ends with a slash, like Teams'). */
  serviceUrl: string;
  /** Everything received so far, in order. */
  received: CapturedActivity[];
  /** Requests answered 429 (limits mode). */
  throttled: number;
  /** Empties `received` (and the throttled count). */
  clear(): void;
  close(): Promise<void>;
}

const ACTIVITY_PATH = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/;

/** Sliding one-second windows, as Teams counts. */
class Windows {
  private readonly stamps = new Map<string, number[]>();
  allow(key: string, limit: number, now: number): boolean {
    const list = this.stamps.get(key) ?? [];
    while (list.length > 0 && list[0]! <= now - 1000) list.shift();
    if (list.length >= limit) {
      this.stamps.set(key, list);
      return false;
    }
    list.push(now);
    this.stamps.set(key, list);
    return true;
  }
}

/** Starts the double on a free loopback port. */
export async function startBotConnector(options: { limits?: ConnectorLimits } = {}): Promise<BotConnectorDouble> {
  const received: CapturedActivity[] = [];
  const windows = new Windows();
  const state = { throttled: 0 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const pathname = new URL(req.url ?? '/', 'http://x').pathname;
      const match = ACTIVITY_PATH.exec(pathname);
      const method = req.method === 'PUT' ? 'PUT' : req.method === 'POST' ? 'POST' : undefined;
      if (!method || !match || (method === 'PUT' && match[2] === undefined)) {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'NotFound', message: pathname } }));
        return;
      }
      const conversationId = decodeURIComponent(match[1]!);
      const now = Date.now();
      if (options.limits) {
        // Both windows must admit the request; a refused request is not counted in the conversation's window.
        const global = windows.allow('*', options.limits.globalPerSecond, now);
        const perConversation = global && windows.allow(conversationId, options.limits.perConversationPerSecond, now);
        if (!global || !perConversation) {
          state.throttled += 1;
          res
            .writeHead(429, { 'content-type': 'application/json', 'retry-after': String(options.limits.retryAfterSeconds ?? 1) })
            .end(JSON.stringify({ error: { code: 'TooManyRequests', message: 'throttled' } }));
          return;
        }
      }
      const replyToId = match[2] === undefined ? undefined : decodeURIComponent(match[2]);
      const id = method === 'PUT' ? replyToId! : randomUUID();
      received.push({ method, conversationId, replyToId, authorization: req.headers.authorization, id, receivedAt: now, activity: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id }));
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    serviceUrl: `http://127.0.0.1:${port}/`,
    received,
    get throttled() {
      return state.throttled;
    },
    clear: () => {
      received.splice(0);
      state.throttled = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
