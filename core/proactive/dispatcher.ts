/**
 * Delivers the outbox: claims due messages, paces them within Teams' limits, honors 429
 * Retry-After, retries transient failures (412, 500, 502, 503, 504, network) with backoff and
 * jitter, and records each outcome. Messages of one conversation go out in order.
 */
import { WorkLoop } from '../util/work-loop.js';
import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema.js';
import { backoffMs, isRetryable } from './backoff.js';
import { claimDue, recoverInterrupted } from './outbox.js';
import { ConversationRateLimiter, TEAMS_LIMITS, type RateLimits } from './rate-limiter.js';
import type { MessageSender } from './types.js';

/** Minimal logger the dispatcher needs (pino fits). */
export interface DispatcherLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface DispatcherOptions {
  db: Kysely<Database>;
  send: MessageSender;
  limits?: RateLimits;
  /** Attempts before a message is marked failed (429s do not count). */
  maxAttempts?: number;
  batchSize?: number;
  /** How often to look for due messages when idle. */
  pollIntervalMs?: number;
  /** Rows left "sending" longer than this by a crashed process are sent again. */
  recoverAfterMs?: number;
  logger?: DispatcherLogger;
  random?: () => number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The proactive message dispatcher of one process. */
export class ProactiveDispatcher {
  private readonly limiter: ConversationRateLimiter;
  private readonly options: Required<Omit<DispatcherOptions, 'logger' | 'random' | 'limits'>> & Pick<DispatcherOptions, 'logger' | 'random'>;
  private readonly loop: WorkLoop;
  private lastRecovery = 0;

  constructor(options: DispatcherOptions) {
    this.limiter = new ConversationRateLimiter(options.limits ?? TEAMS_LIMITS);
    this.options = {
      maxAttempts: 10,
      batchSize: 200,
      pollIntervalMs: 1000,
      recoverAfterMs: 120_000,
      ...options,
    };
    this.loop = new WorkLoop(() => this.runOnce(), {
      idleMs: this.options.pollIntervalMs,
      onError: (error) => this.options.logger?.error({ err: error }, 'proactive dispatcher iteration failed'),
    });
  }

  /** Starts the background loop. */
  start(): void {
    this.loop.start();
  }

  /** Nudges the loop after an enqueue, so messages leave without waiting for the next poll. */
  wake(): void {
    this.loop.wake();
  }

  /** Stops after the sends in flight complete; claimed but unsent messages return to the queue. */
  async stop(): Promise<void> {
    await this.loop.stop();
  }

  /** Delivers everything due now (and what becomes due while it runs) until the queue is idle or `timeoutMs` passes. */
  async drain(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const n = await this.runOnce();
      if (n === 0) {
        const next = await this.options.db
          .selectFrom('outbound_messages')
          .select('next_attempt_at')
          .where('status', 'in', ['pending', 'sending'])
          .orderBy('next_attempt_at')
          .limit(1)
          .executeTakeFirst();
        if (!next) return;
        await sleep(Math.min(Math.max(next.next_attempt_at.getTime() - Date.now(), 10), Math.max(deadline - Date.now(), 0)));
      }
    }
  }

  /** One iteration: recover, claim a batch, deliver it. Returns how many messages were claimed. */
  async runOnce(): Promise<number> {
    const { db } = this.options;
    const now = Date.now();
    if (now - this.lastRecovery > Math.min(60_000, this.options.recoverAfterMs)) {
      this.lastRecovery = now;
      const recovered = await recoverInterrupted(db, new Date(now - this.options.recoverAfterMs));
      if (recovered > 0) this.options.logger?.warn({ recovered }, 'messages interrupted by a crash returned to the queue');
    }
    const claimed = await claimDue(db, this.options.batchSize, new Date(now));
    if (claimed.length === 0) return 0;
    const byConversation = new Map<string, typeof claimed>();
    for (const row of claimed) {
      const list = byConversation.get(row.conversation_id) ?? [];
      list.push(row);
      byConversation.set(row.conversation_id, list);
    }
    await Promise.all([...byConversation.entries()].map(([conversationId, rows]) => this.deliverConversation(conversationId, rows)));
    this.limiter.prune(Date.now());
    return claimed.length;
  }

  private async deliverConversation(conversationId: string, rows: Awaited<ReturnType<typeof claimDue>>): Promise<void> {
    const { db, send, logger } = this.options;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      if (this.loop.stopping) {
        // Stopping: give the rest back untouched.
        await db
          .updateTable('outbound_messages')
          .set((eb) => ({ status: 'pending', claimed_at: null, attempts: eb('attempts', '-', 1) }))
          .where('id', 'in', rows.slice(i).map((r) => r.id))
          .execute();
        return;
      }
      for (let wait = this.limiter.waitMs(conversationId, Date.now()); wait > 0; wait = this.limiter.waitMs(conversationId, Date.now())) {
        await sleep(wait);
      }
      this.limiter.record(conversationId, Date.now());
      let result;
      try {
        result = await send(row.conversation, row.message);
      } catch (error) {
        result = { ok: false as const, status: 0, error: (error as Error).message };
      }
      if (result.ok) {
        await db
          .updateTable('outbound_messages')
          .set({ status: 'sent', sent_at: new Date(), activity_id: result.activityId ?? null, last_error: null })
          .where('id', '=', row.id)
          .execute();
        continue;
      }
      const error = `${result.status}: ${result.error}`.slice(0, 500);
      if (result.status === 429) {
        const retryAfter = result.retryAfterMs ?? 1000;
        this.limiter.block(conversationId, Date.now() + retryAfter, false);
        // Throttling is not a failure of the message: it does not use up an attempt.
        await db
          .updateTable('outbound_messages')
          .set((eb) => ({ status: 'pending', claimed_at: null, attempts: eb('attempts', '-', 1), next_attempt_at: new Date(Date.now() + retryAfter), last_error: error }))
          .where('id', '=', row.id)
          .execute();
        // Keep the conversation's order: what follows waits for the same Retry-After.
        await db
          .updateTable('outbound_messages')
          .set((eb) => ({ status: 'pending', claimed_at: null, attempts: eb('attempts', '-', 1), next_attempt_at: new Date(Date.now() + retryAfter) }))
          .where('id', 'in', rows.slice(i + 1).map((r) => r.id).concat([-1]))
          .execute();
        return;
      }
      if (isRetryable(result.status) && row.attempts < this.options.maxAttempts) {
        const retryAt = new Date(Date.now() + backoffMs(row.attempts, { random: this.options.random }));
        await db
          .updateTable('outbound_messages')
          .set({ status: 'pending', claimed_at: null, next_attempt_at: retryAt, last_error: error })
          .where('id', '=', row.id)
          .execute();
        // Keep the conversation's order: the rest waits behind the retried message.
        await db
          .updateTable('outbound_messages')
          .set((eb) => ({ status: 'pending', claimed_at: null, attempts: eb('attempts', '-', 1), next_attempt_at: retryAt }))
          .where('id', 'in', rows.slice(i + 1).map((r) => r.id).concat([-1]))
          .execute();
        return;
      }
      logger?.warn({ id: row.id, conversationId, status: result.status }, 'proactive message failed permanently');
      await db.updateTable('outbound_messages').set({ status: 'failed', last_error: error }).where('id', '=', row.id).execute();
    }
  }
}
