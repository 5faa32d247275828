/**
 * The connector's webhook trigger end to end, on a real database (PGlite always, PostgreSQL too
 * when TEST_DATABASE_URL is set): subscribing and unsubscribing through the real routes
 * (`app.inject`), reports created and updated through the API, and notifications POSTed by the
 * real dispatcher to a real HTTP receiver on loopback. The dispatcher is driven with `runOnce()`
 * and "time passes" by moving a delivery's `next_attempt_at` to now, so no assertion depends on
 * how fast the machine is.
 */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { DEMO_TOWN_CENTRE } from '../../../core/seed/demo-assets.js';
import { WebhookDispatcher } from '../../../core/field-reports/webhooks/dispatcher.js';
import { claimDueDeliveries, fanOutEvents } from '../../../core/field-reports/webhooks/outbox.js';
import { verifyWebhookSignature } from '../../../core/field-reports/webhooks/signature.js';
import { TEST_BACKENDS, TEST_DATABASE_URL } from '../../helpers/postgres.js';
import { createTestContext, type TestContext } from '../../helpers/test-context.js';

const BASE = '/api/connectors/fieldops/v1';
const KEVIN = 'kevin.martin@beaulieu-sur-aune.fr';
const MEHDI = 'mehdi.haddad@beaulieu-sur-aune.fr';
/** Manages the road agents: a supervisor, who may change statuses. */
const JEAN_MARC = 'jean-marc.dupuis@beaulieu-sur-aune.fr';
const as = (upn: string) => ({ 'x-equipage-local-user': upn });

/** One POST received by the receiver. */
interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** What the receiver answers to a POST on one path. */
type Answer = { status: number; headers?: Record<string, string> };

/** A webhook receiver on loopback: records every POST, answers per path (200 by default). */
class Receiver {
  readonly received: Received[] = [];
  private readonly answers = new Map<string, Answer[]>();
  private server!: http.Server;
  url = '';

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = req.url ?? '/';
        this.received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        const queue = this.answers.get(path);
        const answer = queue && queue.length > 1 ? queue.shift()! : (queue?.[0] ?? { status: 200 });
        res.writeHead(answer.status, answer.headers ?? {});
        res.end(answer.status >= 300 ? 'receiver says no' : '');
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Answers to the next POSTs on `path`, in order; the last one repeats. */
  answer(path: string, ...answers: Answer[]): void {
    this.answers.set(path, answers);
  }

  on(path: string): Received[] {
    return this.received.filter((r) => r.path === path);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

const report = (category = 'chaussee-degradee') => ({
  category,
  description: 'Nid-de-poule profond devant la médiathèque',
  location: { latitude: DEMO_TOWN_CENTRE.latitude + 0.001, longitude: DEMO_TOWN_CENTRE.longitude, accuracy: 8 },
  fields:
    category === 'chaussee-degradee' ? { size: '30 cm à 1 m', dangerous: true } : category === 'eclairage-public' ? { lightState: 'éteinte' } : {},
});


for (const backend of TEST_BACKENDS) {
  (backend.enabled ? describe : describe.skip)(`field-ops webhook trigger on ${backend.name}`, () => {
    let t: TestContext;
    const receiver = new Receiver();
    let dispatcher: WebhookDispatcher;
    const BACKOFF_BASE_MS = 60_000;

    beforeAll(async () => {
      t = await createTestContext({ database: backend.database, env: { FIELDOPS_WEBHOOK_ALLOW_LOCAL: 'on' } });
      await receiver.start();
      // random = 1: the backoff is its ceiling, base × 2^(attempt-1), so the schedule can be checked.
      dispatcher = new WebhookDispatcher({
        db: t.ctx.storage.db,
        policy: { allowLocal: true },
        maxAttempts: 4,
        maxAgeMs: 24 * 3600_000,
        timeoutMs: 5000,
        backoff: { baseMs: BACKOFF_BASE_MS, capMs: 10 * BACKOFF_BASE_MS },
        random: () => 1,
      });
    });
    afterEach(async () => {
      // Each test starts without live subscriptions nor pending work from the previous ones.
      const db = t.ctx.storage.db;
      await db.updateTable('webhook_subscriptions').set({ disabled_at: new Date(), disabled_reason: 'test over' }).where('disabled_at', 'is', null).execute();
      await dispatcher.runOnce();
      await db.updateTable('webhook_deliveries').set({ state: 'cancelled' }).where('state', 'in', ['pending', 'sending']).execute();
    });
    afterAll(async () => {
      await receiver.stop();
      await t?.close();
    });

    async function subscribe(upn: string, body: Record<string, unknown>, host = 'equipage.test') {
      return t.app.inject({ method: 'POST', url: `${BASE}/subscriptions`, headers: { ...as(upn), host }, payload: body });
    }

    async function newReport(category?: string): Promise<{ id: string; updatedAt: string }> {
      const res = await t.app.inject({ method: 'POST', url: `${BASE}/reports`, headers: as(KEVIN), payload: report(category) });
      expect(res.statusCode).toBe(201);
      return res.json();
    }

    async function acknowledge(reportId: string): Promise<void> {
      const res = await t.app.inject({ method: 'POST', url: `${BASE}/reports/${reportId}/status`, headers: as(JEAN_MARC), payload: { status: 'acknowledged' } });
      expect(res.statusCode).toBe(200);
    }

    async function deliveriesOf(subscriptionId: string) {
      return t.ctx.storage.db.selectFrom('webhook_deliveries').selectAll().where('subscription_id', '=', subscriptionId).orderBy('created_at').execute();
    }

    /** "Time passes": every pending delivery of the subscription becomes due. */
    async function makeDue(subscriptionId: string): Promise<void> {
      await t.ctx.storage.db
        .updateTable('webhook_deliveries')
        // In the past, not now(): the dispatcher compares with its own clock (milliseconds), and
        // the database's now() (microseconds) could still be ahead of it within the same millisecond.
        .set({ next_attempt_at: sql<Date>`now() - interval '1 minute'` })
        .where('subscription_id', '=', subscriptionId)
        .where('state', '=', 'pending')
        .execute();
    }

    it('subscribes with 201 and an absolute Location, then delivers a signed notification of a new report', async () => {
      const res = await subscribe(KEVIN, { callbackUrl: `${receiver.url}/signed` }, 'connector.beaulieu.test');
      expect(res.statusCode).toBe(201);
      const sub = res.json();
      expect(sub).toMatchObject({ id: expect.any(String), event: 'all', signingSecret: expect.any(String) });
      expect(res.headers.location).toBe(`http://connector.beaulieu.test${BASE}/subscriptions/${sub.id}`);
      expect(res.headers['cache-control']).toBe('private, no-store');

      const created = await newReport();
      expect(await dispatcher.runOnce()).toBeGreaterThan(0);
      const [got, ...more] = receiver.on('/signed');
      expect(more).toHaveLength(0);
      expect(got!.headers['content-type']).toMatch(/^application\/json/);

      // The HMAC, recomputed here from the specification (README), independently of the code that signs.
      const timestamp = got!.headers['x-equipage-timestamp'] as string;
      const expected = `sha256=${createHmac('sha256', sub.signingSecret).update(`${timestamp}.${got!.body}`).digest('hex')}`;
      expect(got!.headers['x-equipage-signature']).toBe(expected);
      expect(verifyWebhookSignature({ secret: sub.signingSecret, body: got!.body, timestamp, signature: got!.headers['x-equipage-signature'] as string })).toBe(true);
      expect(verifyWebhookSignature({ secret: 'another secret entirely', body: got!.body, timestamp, signature: got!.headers['x-equipage-signature'] as string })).toBe(false);
      expect(verifyWebhookSignature({ secret: sub.signingSecret, body: got!.body.replace('"created"', '"updated"'), timestamp, signature: got!.headers['x-equipage-signature'] as string })).toBe(false);

      const body = JSON.parse(got!.body);
      expect(body).toMatchObject({ subscriptionId: sub.id, event: 'created', deliveryId: got!.headers['x-equipage-delivery'], report: { id: created.id, status: 'new' } });
      expect(got!.headers['x-equipage-event']).toBe('created');
      const [row] = await deliveriesOf(sub.id);
      expect(row).toMatchObject({ id: body.deliveryId, state: 'delivered', attempts: 1, last_status: 200 });
    });

    it('uses the secret the receiver chose', async () => {
      const secret = 'a-receiver-chosen-secret-0123456789';
      const res = await subscribe(KEVIN, { callbackUrl: `${receiver.url}/chosen`, secret });
      expect(res.statusCode).toBe(201);
      expect(res.json().signingSecret).toBeUndefined();
      await newReport();
      await dispatcher.runOnce();
      const [got] = receiver.on('/chosen');
      const timestamp = got!.headers['x-equipage-timestamp'] as string;
      expect(got!.headers['x-equipage-signature']).toBe(`sha256=${createHmac('sha256', secret).update(`${timestamp}.${got!.body}`).digest('hex')}`);
    });

    it('retries a 500 with exponential backoff, with the same delivery id, until delivered', async () => {
      receiver.answer('/flaky', { status: 500 }, { status: 503 }, { status: 200 });
      const sub = (await subscribe(KEVIN, { callbackUrl: `${receiver.url}/flaky` })).json();
      await newReport();

      const before1 = Date.now();
      await dispatcher.runOnce();
      const after1 = Date.now();
      let [row] = await deliveriesOf(sub.id);
      expect(row).toMatchObject({ state: 'pending', attempts: 1, last_status: 500 });
      expect(row!.last_error).toMatch(/HTTP 500/);
      // First retry after the base delay.
      expect(new Date(row!.next_attempt_at).getTime()).toBeGreaterThanOrEqual(before1 + BACKOFF_BASE_MS);
      expect(new Date(row!.next_attempt_at).getTime()).toBeLessThanOrEqual(after1 + BACKOFF_BASE_MS);

      // Not due yet: nothing is sent.
      await dispatcher.runOnce();
      expect(receiver.on('/flaky')).toHaveLength(1);

      await makeDue(sub.id);
      const before2 = Date.now();
      await dispatcher.runOnce();
      const after2 = Date.now();
      [row] = await deliveriesOf(sub.id);
      expect(row).toMatchObject({ state: 'pending', attempts: 2, last_status: 503 });
      // Second retry after twice the base delay.
      expect(new Date(row!.next_attempt_at).getTime()).toBeGreaterThanOrEqual(before2 + 2 * BACKOFF_BASE_MS);
      expect(new Date(row!.next_attempt_at).getTime()).toBeLessThanOrEqual(after2 + 2 * BACKOFF_BASE_MS);

      await makeDue(sub.id);
      await dispatcher.runOnce();
      [row] = await deliveriesOf(sub.id);
      expect(row).toMatchObject({ state: 'delivered', attempts: 3, last_status: 200 });
      const ids = receiver.on('/flaky').map((r) => r.headers['x-equipage-delivery']);
      expect(ids).toEqual([row!.id, row!.id, row!.id]);
      expect(new Set(receiver.on('/flaky').map((r) => JSON.parse(r.body).deliveryId))).toEqual(new Set([row!.id]));
    });

    it('gives a delivery up (dead) after the last attempt', async () => {
      receiver.answer('/down', { status: 502 });
      const sub = (await subscribe(KEVIN, { callbackUrl: `${receiver.url}/down` })).json();
      await newReport();
      for (let i = 0; i < 4; i++) {
        await makeDue(sub.id);
        await dispatcher.runOnce();
      }
      const [row] = await deliveriesOf(sub.id);
      expect(row).toMatchObject({ state: 'dead', attempts: 4, last_status: 502 });
      await makeDue(sub.id);
      await dispatcher.runOnce();
      expect(receiver.on('/down')).toHaveLength(4);
    });

    it('honours 429 with Retry-After, without using up an attempt', async () => {
      receiver.answer('/throttled', { status: 429, headers: { 'retry-after': '120' } }, { status: 204 });
      const sub = (await subscribe(KEVIN, { callbackUrl: `${receiver.url}/throttled` })).json();
      await newReport();
      const before = Date.now();
      await dispatcher.runOnce();
      const after = Date.now();
      let [row] = await deliveriesOf(sub.id);
      expect(row).toMatchObject({ state: 'pending', attempts: 0, last_status: 429 });
      expect(new Date(row!.next_attempt_at).getTime()).toBeGreaterThanOrEqual(before + 120_000);
      expect(new Date(row!.next_attempt_at).getTime()).toBeLessThanOrEqual(after + 120_000);
      await dispatcher.runOnce();
      expect(receiver.on('/throttled')).toHaveLength(1);
      await makeDue(sub.id);
      await dispatcher.runOnce();
      [row] = await deliveriesOf(sub.id);
      expect(row).toMatchObject({ state: 'delivered', attempts: 1, last_status: 204 });
      expect(receiver.on('/throttled').map((r) => r.headers['x-equipage-delivery'])).toEqual([row!.id, row!.id]);
    });

    it('disables the subscription when the receiver answers 410 Gone', async () => {
      receiver.answer('/gone', { status: 410 });
      const sub = (await subscribe(KEVIN, { callbackUrl: `${receiver.url}/gone` })).json();
      const first = await newReport();
      await newReport();
      await dispatcher.runOnce();
      const row = await t.ctx.storage.db.selectFrom('webhook_subscriptions').selectAll().where('id', '=', sub.id).executeTakeFirstOrThrow();
      expect(row.disabled_at).not.toBeNull();
      expect(row.disabled_reason).toMatch(/410/);
      const sent = receiver.on('/gone').length;
      expect(sent).toBeGreaterThanOrEqual(1);
      // Nothing more is sent: neither the other pending notification nor later changes.
      await acknowledge(first.id);
      await makeDue(sub.id);
      await dispatcher.runOnce();
      expect(receiver.on('/gone')).toHaveLength(sent);
      const states = (await deliveriesOf(sub.id)).map((d) => d.state);
      expect(states.every((s) => s === 'cancelled')).toBe(true);
    });

    it('never loses a delivery claimed by a dispatcher that died: the next one sends it, same id', async () => {
      const sub = (await subscribe(KEVIN, { callbackUrl: `${receiver.url}/crash` })).json();
      await newReport();
      // A first process fans the event out and claims the delivery, then dies before POSTing.
      await fanOutEvents(t.ctx.storage.db, 100);
      const claimed = await claimDueDeliveries(t.ctx.storage.db, 10, new Date());
      const mine = claimed.filter((c) => c.subscriptionId === sub.id);
      expect(mine).toHaveLength(1);
      expect((await deliveriesOf(sub.id))[0]).toMatchObject({ state: 'sending', attempts: 1 });
      // Another process, whose lease is short, takes over after the lease expired.
      await new Promise((r) => setTimeout(r, 20));
      const next = new WebhookDispatcher({ db: t.ctx.storage.db, policy: { allowLocal: true }, maxAttempts: 4, maxAgeMs: 3600_000, timeoutMs: 5000, leaseMs: 10 });
      await next.runOnce();
      const [row] = await deliveriesOf(sub.id);
      expect(row).toMatchObject({ id: mine[0]!.id, state: 'delivered', attempts: 2 });
      expect(receiver.on('/crash').map((r) => r.headers['x-equipage-delivery'])).toEqual([mine[0]!.id]);
    });

    it('keeps pending a delivery whose dispatcher stopped mid-way, and a new dispatcher delivers it', async () => {
      // The receiver holds its answer until the dispatcher has been asked to stop, then fails.
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let arrived!: () => void;
      const arrival = new Promise<void>((r) => (arrived = r));
      const slow = http.createServer((req, res) => {
        req.resume();
        req.on('end', () => {
          arrived();
          void held.then(() => res.writeHead(503).end());
        });
      });
      await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r));
      const slowUrl = `http://127.0.0.1:${(slow.address() as AddressInfo).port}/slow`;
      try {
        const sub = (await subscribe(KEVIN, { callbackUrl: slowUrl })).json();
        await newReport();
        const first = new WebhookDispatcher({ db: t.ctx.storage.db, policy: { allowLocal: true }, maxAttempts: 4, maxAgeMs: 3600_000, timeoutMs: 30_000, idleMs: 10 });
        first.start();
        await arrival;
        const stopped = first.stop();
        release();
        await stopped;
        const [row] = await deliveriesOf(sub.id);
        expect(row).toMatchObject({ state: 'pending', attempts: 1, last_status: 503 });
        // The receiver is back (now the shared one, 200) and a new process starts.
        await t.ctx.storage.db.updateTable('webhook_subscriptions').set({ callback_url: `${receiver.url}/restarted` }).where('id', '=', sub.id).execute();
        await makeDue(sub.id);
        await dispatcher.runOnce();
        const [after] = await deliveriesOf(sub.id);
        expect(after).toMatchObject({ id: row!.id, state: 'delivered', attempts: 2 });
        expect(receiver.on('/restarted').map((r) => r.headers['x-equipage-delivery'])).toEqual([row!.id]);
      } finally {
        await new Promise<void>((r) => slow.close(() => r()));
      }
    });

    it('filters by event and by category', async () => {
      const onlyCreated = (await subscribe(KEVIN, { callbackUrl: `${receiver.url}/created`, event: 'created' })).json();
      const onlyUpdated = (await subscribe(KEVIN, { callbackUrl: `${receiver.url}/updated`, event: 'updated' })).json();
      const lights = (await subscribe(KEVIN, { callbackUrl: `${receiver.url}/lights`, category: 'eclairage-public' })).json();
      expect(lights).toMatchObject({ event: 'all', category: 'eclairage-public' });
      const road = await newReport('chaussee-degradee');
      await acknowledge(road.id);
      const light = await newReport('eclairage-public');
      await dispatcher.runOnce();
      await dispatcher.runOnce();

      const summary = (path: string) => receiver.on(path).map((r) => JSON.parse(r.body) as { event: string; report: { id: string } }).map((b) => `${b.event} ${b.report.id}`).sort();
      expect(summary('/created')).toEqual([`created ${light.id}`, `created ${road.id}`].sort());
      expect(summary('/updated')).toEqual([`updated ${road.id}`]);
      expect(summary('/lights')).toEqual([`created ${light.id}`]);
      expect((await deliveriesOf(onlyCreated.id)).length).toBe(2);
      expect((await deliveriesOf(onlyUpdated.id)).length).toBe(1);
    });

    it('refuses an unknown category and a missing callback URL', async () => {
      const unknown = await subscribe(KEVIN, { callbackUrl: `${receiver.url}/x`, category: 'pas-une-categorie' });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json().error.code).toBe('EQP_ERR_VALIDATION');
      const missing = await subscribe(KEVIN, { event: 'all' });
      expect(missing.statusCode).toBe(400);
      const badEvent = await subscribe(KEVIN, { callbackUrl: `${receiver.url}/x`, event: 'deleted' });
      expect(badEvent.statusCode).toBe(400);
    });

    it('deletes through the Location: 204, pending notifications cancelled, no more deliveries; only by its owner', async () => {
      receiver.answer('/deleted', { status: 500 });
      const res = await subscribe(KEVIN, { callbackUrl: `${receiver.url}/deleted` });
      const sub = res.json();
      const location = new URL(res.headers.location as string);
      const first = await newReport();
      await dispatcher.runOnce();
      expect((await deliveriesOf(sub.id))[0]).toMatchObject({ state: 'pending', attempts: 1 });

      // Someone else cannot delete it; an unknown subscription is 404.
      const other = await t.app.inject({ method: 'DELETE', url: location.pathname, headers: as(MEHDI) });
      expect(other.statusCode).toBe(403);
      expect(other.json().error.code).toBe('EQP_ERR_FORBIDDEN');
      const unknown = await t.app.inject({ method: 'DELETE', url: `${BASE}/subscriptions/00000000-0000-4000-8000-000000000000`, headers: as(KEVIN) });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().error.code).toBe('EQP_ERR_NOT_FOUND');
      const notUuid = await t.app.inject({ method: 'DELETE', url: `${BASE}/subscriptions/nope`, headers: as(KEVIN) });
      expect(notUuid.statusCode).toBe(400);
      const anonymous = await t.app.inject({ method: 'DELETE', url: location.pathname });
      expect(anonymous.statusCode).toBe(401);
      expect((await deliveriesOf(sub.id))[0]!.state).toBe('pending');

      const del = await t.app.inject({ method: 'DELETE', url: location.pathname, headers: as(KEVIN) });
      expect(del.statusCode).toBe(204);
      expect(del.body).toBe('');
      // Power Automate may send the DELETE again.
      expect((await t.app.inject({ method: 'DELETE', url: location.pathname, headers: as(KEVIN) })).statusCode).toBe(204);

      expect((await deliveriesOf(sub.id)).map((d) => d.state)).toEqual(['cancelled']);
      await acknowledge(first.id);
      await newReport();
      await makeDue(sub.id);
      await dispatcher.runOnce();
      expect(receiver.on('/deleted')).toHaveLength(1);
      expect(await deliveriesOf(sub.id)).toHaveLength(1);
    });
  });
}

describe('callback URL guard through CreateReportSubscription (outside local-address mode)', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext({ env: { FIELDOPS_WEBHOOK_ALLOW_LOCAL: 'off' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it.each([
    ['http, even to a public host', 'http://93.184.216.34/hook'],
    ['loopback', 'https://127.0.0.1/hook'],
    ['localhost', 'https://localhost:8443/hook'],
    ['a private network', 'https://10.1.2.3/hook'],
    ['another private network', 'https://192.168.1.10/hook'],
    ['cloud metadata (link-local)', 'https://169.254.169.254/latest/meta-data'],
    ['an IPv4-mapped private address', 'https://[::ffff:10.0.0.1]/hook'],
    ['an IPv6 unique local address', 'https://[fd00::1]/hook'],
    ['IPv6 loopback', 'https://[::1]/hook'],
    ['credentials in the URL', 'https://user:secret@93.184.216.34/hook'],
    ['a relative URL', '/hook'],
  ])('refuses %s', async (_what, callbackUrl) => {
    const res = await t.app.inject({ method: 'POST', url: `${BASE}/subscriptions`, headers: as(KEVIN), payload: { callbackUrl } });
    expect(res.statusCode).toBe(400);
    const error = res.json().error;
    expect(error.code).toBe('EQP_ERR_WEBHOOK_URL_REJECTED');
    expect(error.message).toMatch(/adresse de rappel/);
    expect(error.messageEn).toMatch(/callback URL/);
    expect(await t.ctx.storage.db.selectFrom('webhook_subscriptions').select('id').execute()).toHaveLength(0);
  });

  it('accepts https to a public address, kept byte for byte (Power Automate signs its URL)', async () => {
    const callbackUrl = 'https://93.184.216.34/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sig=Ab_c-D';
    const res = await t.app.inject({ method: 'POST', url: `${BASE}/subscriptions`, headers: as(KEVIN), payload: { callbackUrl } });
    expect(res.statusCode).toBe(201);
    const row = await t.ctx.storage.db.selectFrom('webhook_subscriptions').selectAll().where('id', '=', res.json().id).executeTakeFirstOrThrow();
    expect(row.callback_url).toBe(callbackUrl);
    expect(row.owner_key).not.toBe('');
  });
});
