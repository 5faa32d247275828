import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ProactiveDispatcher } from '../../../core/proactive/dispatcher.js';
import { enqueueMessage, outboxStats } from '../../../core/proactive/outbox.js';
import { ConversationRateLimiter } from '../../../core/proactive/rate-limiter.js';
import type { ConversationTarget, OutgoingMessage, SendResult } from '../../../core/proactive/types.js';
import { openStorage, type Storage } from '../../../core/storage/database.js';

const target = (conversationId: string): ConversationTarget => ({ serviceUrl: 'http://127.0.0.1:1/', conversationId });

describe('proactive outbox and dispatcher', () => {
  let dir: string;
  let storage: Storage;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'equipage-outbox-'));
    storage = await openStorage({ kind: 'pglite', dir: path.join(dir, 'pglite') }, { purpose: 'test', dataDir: dir });
  });
  afterAll(async () => {
    await storage.close();
    await rm(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await storage.db.deleteFrom('outbound_messages').execute();
  });

  /** A channel that answers from a script, recording what it received. */
  function channel(script: (call: number, conversationId: string) => SendResult) {
    const received: Array<{ conversationId: string; text: string | undefined }> = [];
    let calls = 0;
    const send = async (t: ConversationTarget, m: OutgoingMessage): Promise<SendResult> => {
      const result = script(++calls, t.conversationId);
      if (result.ok) received.push({ conversationId: t.conversationId, text: m.text });
      return result;
    };
    return { send, received, calls: () => calls };
  }

  it('sends a message enqueued twice with the same key exactly once', async () => {
    const ch = channel(() => ({ ok: true, activityId: 'a1' }));
    const first = await enqueueMessage(storage.db, { dedupeKey: 'k1', target: target('c1'), message: { text: 'Bonjour' } });
    const again = await enqueueMessage(storage.db, { dedupeKey: 'k1', target: target('c1'), message: { text: 'Bonjour' } });
    expect(first.created).toBe(true);
    expect(again).toEqual({ id: first.id, created: false });
    await new ProactiveDispatcher({ db: storage.db, send: ch.send }).drain(5000);
    expect(ch.received).toEqual([{ conversationId: 'c1', text: 'Bonjour' }]);
    const row = await storage.db.selectFrom('outbound_messages').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'sent', activity_id: 'a1', attempts: 1 });
  });

  it('waits for Retry-After on 429 without using up attempts, keeping the conversation order', async () => {
    const ch = channel((call) => (call === 1 ? { ok: false, status: 429, retryAfterMs: 300, error: 'Too Many Requests' } : { ok: true }));
    for (let i = 1; i <= 3; i++) await enqueueMessage(storage.db, { dedupeKey: `o${i}`, target: target('c1'), message: { text: `m${i}` } });
    const started = Date.now();
    await new ProactiveDispatcher({ db: storage.db, send: ch.send, maxAttempts: 1 }).drain(5000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(ch.received.map((r) => r.text)).toEqual(['m1', 'm2', 'm3']);
    expect(await outboxStats(storage.db)).toEqual({ pending: 0, sending: 0, sent: 3, failed: 0 });
  });

  it('retries 412/502/503/504 with backoff, then succeeds', async () => {
    const statuses = [503, 502, 412, 504];
    const ch = channel((call) => (call <= statuses.length ? { ok: false, status: statuses[call - 1]!, error: 'transient' } : { ok: true }));
    await enqueueMessage(storage.db, { dedupeKey: 'r1', target: target('c2'), message: { text: 'x' } });
    await new ProactiveDispatcher({ db: storage.db, send: ch.send, random: () => 0.01 }).drain(10_000);
    const row = await storage.db.selectFrom('outbound_messages').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'sent', attempts: 5 });
    expect(ch.received).toHaveLength(1);
  });

  it('gives up on permanent errors and after max attempts', async () => {
    const ch = channel((_call, conversationId) => (conversationId === 'gone' ? { ok: false, status: 403, error: 'bot blocked' } : { ok: false, status: 503, error: 'down' }));
    await enqueueMessage(storage.db, { dedupeKey: 'p1', target: target('gone'), message: { text: 'x' } });
    await enqueueMessage(storage.db, { dedupeKey: 'p2', target: target('down'), message: { text: 'y' } });
    await new ProactiveDispatcher({ db: storage.db, send: ch.send, maxAttempts: 3, random: () => 0 }).drain(5000);
    const rows = await storage.db.selectFrom('outbound_messages').select(['dedupe_key', 'status', 'attempts', 'last_error']).orderBy('dedupe_key').execute();
    expect(rows).toEqual([
      { dedupe_key: 'p1', status: 'failed', attempts: 1, last_error: '403: bot blocked' },
      { dedupe_key: 'p2', status: 'failed', attempts: 3, last_error: '503: down' },
    ]);
  });

  it('sends again what a crashed process left "sending", and treats a thrown send as a network error', async () => {
    const { id } = await enqueueMessage(storage.db, { dedupeKey: 'crash', target: target('c3'), message: { text: 'z' } });
    await storage.db.updateTable('outbound_messages').set({ status: 'sending', claimed_at: new Date(Date.now() - 10 * 60_000), attempts: 1 }).where('id', '=', id).execute();
    let calls = 0;
    const send = async (): Promise<SendResult> => {
      calls++;
      if (calls === 1) throw new Error('ECONNRESET');
      return { ok: true };
    };
    await new ProactiveDispatcher({ db: storage.db, send, random: () => 0 }).drain(5000);
    expect(calls).toBe(2);
    expect((await outboxStats(storage.db)).sent).toBe(1);
  });

  it('does not send before notBefore', async () => {
    const ch = channel(() => ({ ok: true }));
    await enqueueMessage(storage.db, { dedupeKey: 'later', target: target('c4'), message: { text: 'later' }, notBefore: new Date(Date.now() + 3_600_000) });
    const dispatcher = new ProactiveDispatcher({ db: storage.db, send: ch.send });
    expect(await dispatcher.runOnce()).toBe(0);
    expect(ch.calls()).toBe(0);
  });

  it('stops cleanly, returning unsent claimed messages to the queue', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let calls = 0;
    const send = async (): Promise<SendResult> => {
      calls++;
      await gate;
      return { ok: true };
    };
    for (let i = 0; i < 3; i++) await enqueueMessage(storage.db, { dedupeKey: `s${i}`, target: target('same'), message: { text: `${i}` } });
    const dispatcher = new ProactiveDispatcher({ db: storage.db, send, pollIntervalMs: 20 });
    dispatcher.start();
    while (calls === 0) await new Promise((r) => setTimeout(r, 10));
    const stopped = dispatcher.stop();
    release();
    await stopped;
    expect(await outboxStats(storage.db)).toEqual({ pending: 2, sending: 0, sent: 1, failed: 0 });
  });
});

describe('ConversationRateLimiter', () => {
  it('allows 7 per second per conversation and 50 per second overall', () => {
    const limiter = new ConversationRateLimiter();
    const t0 = 1_000_000;
    for (let i = 0; i < 7; i++) {
      expect(limiter.waitMs('a', t0)).toBe(0);
      limiter.record('a', t0);
    }
    expect(limiter.waitMs('a', t0)).toBe(1000);
    expect(limiter.waitMs('a', t0 + 999)).toBe(1);
    expect(limiter.waitMs('a', t0 + 1000)).toBe(0);

    const global = new ConversationRateLimiter();
    for (let i = 0; i < 7; i++) global.record('a', t0);
    for (let i = 0; i < 43; i++) global.record(`c${i}`, t0 + 10);
    expect(global.waitMs('fresh', t0 + 10)).toBe(990);
    expect(global.waitMs('fresh', t0 + 500)).toBe(500);
    expect(global.waitMs('fresh', t0 + 1000)).toBe(0); // the first 7 left the window
  });

  it('blocks a conversation until Retry-After has passed', () => {
    const limiter = new ConversationRateLimiter();
    limiter.block('a', 5000, false);
    expect(limiter.waitMs('a', 1000)).toBe(4000);
    expect(limiter.waitMs('b', 1000)).toBe(0);
  });
});
