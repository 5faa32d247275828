/**
 * Sends the notifications of the connector's webhook trigger.
 *
 * Guarantees. Every committed change of a report has its event (database trigger, same
 * transaction), every event is fanned out once to the subscriptions that match it, and every
 * delivery is retried until the receiver answers 2xx, or it is given up (`dead`) after
 * `maxAttempts` attempts or `maxAgeMs`. Delivery is AT LEAST ONCE: a delivery whose answer was
 * lost (timeout, crash of this process while `sending`) is sent again, with the same
 * `X-Equipage-Delivery` id and `deliveryId`, which receivers use to deduplicate. Order between
 * notifications is not guaranteed (retries); `occurredAt` and the report's `updatedAt` tell it.
 *
 * Answers: 2xx delivered; 410 Gone disables the subscription (Power Automate answers 410 once
 * the flow is deleted); 408, 425, 429 and 5xx and network errors are retried with exponential
 * backoff and full jitter, or after `Retry-After`; other answers (3xx, 4xx) give the delivery up.
 */
import { WorkLoop } from '../../util/work-loop.js';
import type { Kysely } from 'kysely';
import { backoffMs } from '../../proactive/backoff.js';
import type { Database } from '../../storage/schema.js';
import { buildNotification } from './payload.js';
import { postWebhook, type SendOutcome } from './sender.js';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signWebhookBody, TIMESTAMP_HEADER } from './signature.js';
import {
  claimDueDeliveries,
  disableSubscription,
  fanOutEvents,
  pruneEvents,
  recordAttempt,
  recoverExpiredLeases,
  releaseUnattempted,
  type ClaimedDelivery,
} from './outbox.js';
import type { CallbackUrlPolicy } from './url-guard.js';

/** Minimal logger (pino fits). */
export interface WebhookLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface WebhookDispatcherOptions {
  db: Kysely<Database>;
  policy: CallbackUrlPolicy;
  /** Attempts before a delivery is dead (429s do not count). */
  maxAttempts: number;
  /** A delivery still failing after this long is dead. */
  maxAgeMs: number;
  /** Longest wait for one answer. */
  timeoutMs: number;
  /** `User-Agent` of the POSTs. */
  userAgent?: string;
  batchSize?: number;
  /** How often to look for work when idle. */
  idleMs?: number;
  /** A delivery `sending` for longer than this was interrupted: it is sent again. */
  leaseMs?: number;
  /** Backoff of retries: first delay and cap. */
  backoff?: { baseMs: number; capMs: number };
  /** Events (and their finished deliveries) are deleted after this long. */
  retentionMs?: number;
  logger?: WebhookLogger;
  random?: () => number;
}

type Resolved = Required<Omit<WebhookDispatcherOptions, 'logger' | 'random'>> & Pick<WebhookDispatcherOptions, 'logger' | 'random'>;

/** Statuses worth another attempt (0 = no answer). */
function isRetryable(status: number): boolean {
  return status === 0 || status === 408 || status === 425 || status === 429 || status >= 500;
}

/** The webhook dispatcher of one process. */
export class WebhookDispatcher {
  private readonly o: Resolved;
  private readonly loop: WorkLoop;
  private lastRecovery = 0;
  private lastPrune = 0;

  constructor(options: WebhookDispatcherOptions) {
    this.o = {
      userAgent: 'Equipage-Webhooks/1.0',
      batchSize: 20,
      idleMs: 1000,
      leaseMs: Math.max(60_000, options.timeoutMs * 2),
      backoff: { baseMs: 2000, capMs: 30 * 60_000 },
      retentionMs: 30 * 24 * 3600 * 1000,
      ...options,
    };
    this.loop = new WorkLoop(() => this.runOnce(), {
      idleMs: this.o.idleMs,
      onError: (error) => this.o.logger?.error({ err: error }, 'webhook dispatcher iteration failed'),
    });
  }

  /** Starts the background loop. */
  start(): void {
    this.loop.start();
  }

  /** Nudges the loop so it does not wait for the idle delay. */
  wake(): void {
    this.loop.wake();
  }

  /** Stops after the POSTs in flight complete; claimed but unattempted rows go back to the queue. */
  async stop(): Promise<void> {
    await this.loop.stop();
  }

  /**
   * One pass: recover expired leases, fan out new events, send the deliveries due (in parallel).
   * Returns how many events and deliveries were handled.
   */
  async runOnce(): Promise<number> {
    const { db } = this.o;
    const now = Date.now();
    if (now - this.lastRecovery >= Math.min(60_000, this.o.leaseMs)) {
      this.lastRecovery = now;
      const recovered = await recoverExpiredLeases(db, new Date(now - this.o.leaseMs));
      if (recovered > 0) this.o.logger?.warn({ recovered }, 'webhook deliveries interrupted (crash or hang): sent again');
    }
    if (now - this.lastPrune >= 3600_000) {
      this.lastPrune = now;
      await pruneEvents(db, new Date(now - this.o.retentionMs));
    }
    const events = await fanOutEvents(db, this.o.batchSize * 5);
    const claimed = await claimDueDeliveries(db, this.o.batchSize, new Date());
    if (this.loop.stopping) {
      await releaseUnattempted(db, claimed.map((c) => c.id));
      return events;
    }
    await Promise.all(claimed.map((d) => this.deliver(d)));
    return events + claimed.length;
  }

  private async deliver(d: ClaimedDelivery): Promise<void> {
    const { db, logger } = this.o;
    try {
      if (d.subscriptionDisabled) {
        await recordAttempt(db, d.id, { state: 'cancelled', last_status: null, last_error: 'subscription disabled' });
        return;
      }
      const notification = await buildNotification(db, d);
      if (!notification) {
        await recordAttempt(db, d.id, { state: 'cancelled', last_status: null, last_error: 'report deleted' });
        return;
      }
      const body = JSON.stringify(notification);
      const timestamp = Math.floor(Date.now() / 1000);
      const headers = {
        [DELIVERY_HEADER]: d.id,
        [EVENT_HEADER]: d.kind,
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: signWebhookBody(d.secret, timestamp, body),
      };
      const outcome = await postWebhook(d.callbackUrl, body, headers, { timeoutMs: this.o.timeoutMs, policy: this.o.policy, userAgent: this.o.userAgent });
      await this.record(d, outcome);
    } catch (error) {
      // Not the receiver's doing (database hiccup): the lease brings the row back later.
      logger?.error({ err: error, deliveryId: d.id }, 'webhook delivery failed unexpectedly');
    }
  }

  private async record(d: ClaimedDelivery, outcome: SendOutcome): Promise<void> {
    const { db, logger } = this.o;
    const { status } = outcome;
    if (status >= 200 && status < 300) {
      await recordAttempt(db, d.id, { state: 'delivered', last_status: status, last_error: null, delivered_at: new Date() });
      return;
    }
    const error = (outcome.error ?? `HTTP ${status}`).slice(0, 1000);
    if (status === 410) {
      logger?.warn({ subscriptionId: d.subscriptionId }, 'webhook receiver is gone (410): subscription disabled');
      await recordAttempt(db, d.id, { state: 'cancelled', last_status: status, last_error: error });
      await disableSubscription(db, d.subscriptionId, 'receiver gone (HTTP 410)');
      return;
    }
    // Throttling is not the delivery's fault: a 429 does not use up an attempt (the age limit still applies).
    const attempts = status === 429 ? d.attempts - 1 : d.attempts;
    const tooOld = Date.now() - d.createdAt.getTime() >= this.o.maxAgeMs;
    if (!isRetryable(status) || attempts >= this.o.maxAttempts || tooOld) {
      logger?.error({ deliveryId: d.id, subscriptionId: d.subscriptionId, status, error, attempts }, 'webhook delivery given up (dead)');
      await recordAttempt(db, d.id, { state: 'dead', last_status: status || null, last_error: error, attempts });
      return;
    }
    const delay = outcome.retryAfterMs ?? backoffMs(attempts, { baseMs: this.o.backoff.baseMs, capMs: this.o.backoff.capMs, random: this.o.random });
    await recordAttempt(db, d.id, { state: 'pending', last_status: status || null, last_error: error, attempts, next_attempt_at: new Date(Date.now() + delay) });
  }
}

/** Builds the dispatcher of this process from the configuration (FIELDOPS_WEBHOOK_*). */
export function createWebhookDispatcher(
  config: { fieldOpsWebhooks: { allowLocal: boolean; maxAttempts: number; maxAgeMs: number; timeoutMs: number } },
  db: Kysely<Database>,
  options: { logger?: WebhookLogger; userAgent?: string; overrides?: Partial<WebhookDispatcherOptions> } = {},
): WebhookDispatcher {
  const { allowLocal, maxAttempts, maxAgeMs, timeoutMs } = config.fieldOpsWebhooks;
  return new WebhookDispatcher({
    db,
    policy: { allowLocal },
    maxAttempts,
    maxAgeMs,
    timeoutMs,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.userAgent ? { userAgent: options.userAgent } : {}),
    ...options.overrides,
  });
}
