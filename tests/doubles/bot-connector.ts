/**
 * A local stand-in for the Bot Connector service: the `serviceUrl` the bot replies to. Captures
 * every activity the bot sends (`POST /v3/conversations/{id}/activities[/{replyToId}]`) with
 * the decoded conversation id and the Authorization header.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CapturedActivity {
  conversationId: string;
  replyToId: string | undefined;
  authorization: string | undefined;
  activity: { type: string; text?: string; summary?: string; attachments?: Array<{ contentType: string; content: any }>; [key: string]: unknown };
}

export interface BotConnectorDouble {
  /** Base URL to use as the activities' `serviceUrl` (ends with a slash, like Teams'). */
  serviceUrl: string;
  /** Everything received so far, in order. */
  received: CapturedActivity[];
  /** Empties `received`. */
  clear(): void;
  close(): Promise<void>;
}

const ACTIVITY_PATH = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/;

/** Starts the double on a free loopback port. */
export async function startBotConnector(): Promise<BotConnectorDouble> {
  const received: CapturedActivity[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const pathname = new URL(req.url ?? '/', 'http://x').pathname;
      const match = ACTIVITY_PATH.exec(pathname);
      if (req.method !== 'POST' || !match) {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'NotFound', message: pathname } }));
        return;
      }
      received.push({
        conversationId: decodeURIComponent(match[1]!),
        replyToId: match[2] === undefined ? undefined : decodeURIComponent(match[2]),
        authorization: req.headers.authorization,
        activity: JSON.parse(Buffer.concat(chunks).toString('utf8')),
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: randomUUID() }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    serviceUrl: `http://127.0.0.1:${port}/`,
    received,
    clear: () => void received.splice(0),
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
