/**
 * Forwards field reports to Open311 from the durable outbox, and polls their status back.
 *
 * Delivery guarantees. A report's row is claimed by one forwarder at a time (skip-locked claim,
 * `pending` → `sending`), so one process never posts a report twice concurrently, and a report
 * recorded `forwarded`/`accepted` is never posted again. What remains is the at-least-once window
 * of any HTTP outbox: if the answer to a POST is lost (timeout, connection cut, 5xx) or this
 * process dies between Open311 creating the request and us recording it, we cannot know whether
 * the request exists. Such rows are marked `uncertain_since`, and before posting again the
 * forwarder searches `GET requests.json?service_code=…&start_date=…&end_date=…` (filters the spec
 * defines) for a request whose description starts with the report's marker (`SIG-000042 — `); if
 * found, it records that id instead of posting. A duplicate remains possible only when the server
 * does not list the request yet (e.g. a `batch` service still behind a token) or does not support
 * this search; we then post again: a rare duplicate is preferred to a lost report.
 */
import { WorkLoop } from '../../util/work-loop.js';
import type { Kysely } from 'kysely';
import type { Database } from '../../storage/schema.js';
import { backoffMs } from '../../proactive/backoff.js';
import { postServiceRequest, resolveToken, searchServiceRequests, type Open311Target } from './client.js';
import { claimDueForPost, claimDueTokens, recoverInterrupted, releaseUnattempted, type Open311Row } from './outbox.js';
import { buildPayload, type MediaLinkOptions } from './payload.js';
import { syncStatuses } from './status-sync.js';

/** Minimal logger (pino fits). */
export interface ForwarderLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface ForwarderOptions {
  db: Kysely<Database>;
  target: Open311Target;
  media: MediaLinkOptions;
  /** Status poll-back period. */
  pollIntervalMs: number;
  /** Posts before a row is marked failed (429s do not count). */
  maxAttempts?: number;
  batchSize?: number;
  /** How often to look for due rows when idle. */
  idleMs?: number;
  /** Delay between two look-ups of a token. */
  tokenPollMs?: number;
  /**
   * Rows left `sending` longer than this by a crashed process are recovered (as uncertain). At
   * least twice a look-up plus a post (each up to the target's timeout) by default, so that a live
   * process's row is never taken over while its call is still running.
   */
  recoverAfterMs?: number;
  /** Backoff of retries: first delay and cap. */
  backoff?: { baseMs: number; capMs: number };
  logger?: ForwarderLogger;
  random?: () => number;
}

const LOOKUP_MARGIN_MS = 24 * 3600 * 1000;

/** The Open311 forwarder of one process. */
export class Open311Forwarder {
  private readonly o: Required<Omit<ForwarderOptions, 'logger' | 'random'>> & Pick<ForwarderOptions, 'logger' | 'random'>;
  private readonly loop: WorkLoop;
  private lastRecovery = 0;
  private lastPoll = 0;

  constructor(options: ForwarderOptions) {
    const recoverAfterMs = Math.max(120_000, 4 * options.target.timeoutMs + 10_000);
    this.o = { maxAttempts: 12, batchSize: 20, idleMs: 2000, tokenPollMs: 10_000, recoverAfterMs, backoff: { baseMs: 1000, capMs: 15 * 60_000 }, ...options };
    this.loop = new WorkLoop(() => this.pass(), {
      idleMs: this.o.idleMs,
      onError: (error) => this.o.logger?.error({ err: error }, 'Open311 forwarder iteration failed'),
    });
  }

  /** One pass of the background loop: posts and tokens, then the status poll when it is due. */
  private async pass(): Promise<number> {
    const worked = await this.runOnce();
    if (Date.now() - this.lastPoll >= this.o.pollIntervalMs) {
      this.lastPoll = Date.now();
      await this.pollStatuses();
    }
    return worked;
  }

  /** Starts the background loop. */
  start(): void {
    this.loop.start();
  }

  /** Nudges the loop (after a report was created) so it does not wait for the idle delay. */
  wake(): void {
    this.loop.wake();
  }

  /** Stops after the calls in flight complete; claimed but unattempted rows go back to the queue. */
  async stop(): Promise<void> {
    await this.loop.stop();
  }

  /** One pass: recover crashed rows, post what is due, resolve due tokens. Returns how many rows were handled. */
  async runOnce(): Promise<number> {
    const { db } = this.o;
    const now = Date.now();
    if (now - this.lastRecovery > Math.min(60_000, this.o.recoverAfterMs)) {
      this.lastRecovery = now;
      const recovered = await recoverInterrupted(db, new Date(now - this.o.recoverAfterMs));
      if (recovered > 0) this.o.logger?.warn({ recovered }, 'Open311 posts interrupted by a crash: they will be looked up before any new post');
    }
    // Read the clock again: rows just recovered are due from the recovery's own time, after `now`.
    const claimed = await claimDueForPost(db, this.o.batchSize, new Date());
    for (const [i, row] of claimed.entries()) {
      if (this.loop.stopping) {
        await releaseUnattempted(db, claimed.slice(i).map((r) => r.report_id));
        break;
      }
      await this.deliver(row);
    }
    const tokens = await claimDueTokens(db, this.o.batchSize, new Date(), this.o.tokenPollMs);
    for (const row of tokens) await this.resolve(row);
    return claimed.length + tokens.length;
  }

  /** Reads back the status of forwarded requests not polled for a poll interval. */
  async pollStatuses(): Promise<number> {
    return syncStatuses(this.o.db, this.o.target, new Date(Date.now() - this.o.pollIntervalMs + 1));
  }

  private async update(reportId: string, set: Partial<Record<string, unknown>>): Promise<void> {
    await this.o.db
      .updateTable('field_report_open311')
      .set({ ...set, updated_at: new Date() })
      .where('report_id', '=', reportId)
      .execute();
  }

  private retryAt(attempts: number, retryAfterMs?: number): Date {
    const delay = retryAfterMs ?? backoffMs(attempts, { baseMs: this.o.backoff.baseMs, capMs: this.o.backoff.capMs, random: this.o.random });
    return new Date(Date.now() + delay);
  }

  /**
   * Renews the claim of a row just before its calls (a batch is claimed at once but posted one row
   * after the other): the lease runs from now. False when the row is no longer ours (another
   * instance recovered it while earlier rows of the batch were posted): it must not be posted.
   */
  private async renewLease(row: Open311Row): Promise<Date | undefined> {
    const lease = new Date();
    const renewed = await this.o.db
      .updateTable('field_report_open311')
      .set({ claimed_at: lease, updated_at: lease })
      .where('report_id', '=', row.report_id)
      .where('state', '=', 'sending')
      .where('claimed_at', '=', row.claimed_at!)
      .executeTakeFirst();
    return Number(renewed.numUpdatedRows) === 1 ? lease : undefined;
  }

  /** Records the outcome of a post only if the row is still this process's claim. */
  private async settle(reportId: string, lease: Date, set: Partial<Record<string, unknown>>): Promise<void> {
    const result = await this.o.db
      .updateTable('field_report_open311')
      .set({ ...set, updated_at: new Date() })
      .where('report_id', '=', reportId)
      .where('state', '=', 'sending')
      .where('claimed_at', '=', lease)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) this.o.logger?.warn({ reportId }, 'Open311 outcome not recorded: the row was taken over by another forwarder');
  }

  private async deliver(claimedRow: Open311Row): Promise<void> {
    const { db, target, logger } = this.o;
    const lease = await this.renewLease(claimedRow);
    if (!lease) {
      logger?.warn({ reportId: claimedRow.report_id }, 'Open311 row taken over by another forwarder before its post: skipped');
      return;
    }
    const row = { ...claimedRow, claimed_at: lease };
    const update = (reportId: string, set: Partial<Record<string, unknown>>) => this.settle(reportId, lease, set);
    const payload = await buildPayload(db, row.report_id, row.service_code!, this.o.media, new Date());
    if (!payload) {
      await update(row.report_id, { state: 'failed', last_error: 'report not found' });
      return;
    }
    if (row.uncertain_since) {
      const since = new Date(row.uncertain_since);
      const found = await searchServiceRequests(target, row.service_code!, new Date(since.getTime() - LOOKUP_MARGIN_MS), new Date(Date.now() + LOOKUP_MARGIN_MS));
      if (found.ok) {
        const match = found.value.find((r) => typeof r.description === 'string' && r.description.startsWith(payload.marker));
        if (match) {
          logger?.info({ reportId: row.report_id, serviceRequestId: match.service_request_id }, 'Open311 request found after an uncertain post: not posted again');
          await update(row.report_id, { state: 'forwarded', service_request_id: match.service_request_id, uncertain_since: null, last_error: null, claimed_at: null });
          return;
        }
      } else if (found.status === 0 || found.status === 429 || found.status >= 500) {
        // Cannot tell now: wait rather than risk a duplicate.
        await update(row.report_id, { state: 'pending', claimed_at: null, next_attempt_at: this.retryAt(row.attempts, found.retryAfterMs), last_error: `look-up: ${found.error}` });
        return;
      }
      // Otherwise (4xx: search unsupported) we post again, accepting the documented duplicate risk.
    }

    const outcome = await postServiceRequest(target, payload.fields);
    switch (outcome.kind) {
      case 'created':
        await update(row.report_id, { state: 'forwarded', service_request_id: outcome.serviceRequestId, uncertain_since: null, last_error: null, claimed_at: null });
        return;
      case 'token':
        await update(row.report_id, { state: 'accepted', token: outcome.token, uncertain_since: null, last_error: null, claimed_at: null, next_attempt_at: new Date(Date.now() + this.o.tokenPollMs) });
        return;
      case 'rejected':
        logger?.warn({ reportId: row.report_id, status: outcome.status, error: outcome.error }, 'Open311 rejected a report');
        await update(row.report_id, { state: 'failed', last_error: outcome.error, claimed_at: null });
        return;
      case 'retry':
      case 'unknown': {
        const uncertain = outcome.kind === 'unknown' ? { uncertain_since: row.uncertain_since ?? row.claimed_at ?? new Date() } : {};
        // Throttling is not the report's fault: a 429 does not use up an attempt.
        const attempts = outcome.status === 429 ? row.attempts - 1 : row.attempts;
        if (attempts >= this.o.maxAttempts) {
          logger?.error({ reportId: row.report_id, error: outcome.error }, 'Open311 forwarding failed after every retry');
          await update(row.report_id, { state: 'failed', last_error: outcome.error, claimed_at: null, attempts, ...uncertain });
          return;
        }
        await update(row.report_id, { state: 'pending', claimed_at: null, attempts, last_error: outcome.error, next_attempt_at: this.retryAt(attempts, outcome.retryAfterMs), ...uncertain });
        return;
      }
    }
  }

  private async resolve(row: Open311Row): Promise<void> {
    const result = await resolveToken(this.o.target, row.token!);
    if (result.ok && result.value) {
      await this.update(row.report_id, { state: 'forwarded', service_request_id: result.value, last_error: null });
      return;
    }
    // Not ready yet, or unreachable: the lease set by the claim already delays the next look-up.
    if (!result.ok) await this.update(row.report_id, { last_error: `token: ${result.error}`, next_attempt_at: this.retryAt(1, result.retryAfterMs ?? this.o.tokenPollMs) });
  }
}
