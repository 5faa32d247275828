/**
 * Pacing for Teams' documented limits: 7 messages per second per conversation and 50 requests
 * per second per app per tenant. A sliding one-second window per key, plus a "blocked until"
 * time set when the channel answers 429 with Retry-After.
 */
export interface RateLimits {
  perConversationPerSecond: number;
  globalPerSecond: number;
  /**
   * Milliseconds added to the one-second window (default 0). The channel counts a message when it
   * arrives, a little after we stamp it: without a margin, a send stamped just after our window
   * slides can arrive while the channel's window still holds the oldest one, and gets a 429 that
   * costs a Retry-After.
   */
  marginMs?: number;
}

export const TEAMS_LIMITS: RateLimits = { perConversationPerSecond: 7, globalPerSecond: 50 };

/** Teams' limits with a margin for network and event-loop delays: what the server's dispatcher uses. */
export const TEAMS_LIMITS_PACED: RateLimits = { ...TEAMS_LIMITS, marginMs: 60 };

class Window {
  private readonly stamps: number[] = [];
  blockedUntil = 0;
  private readonly windowMs: number;
  constructor(
    private readonly limit: number,
    marginMs = 0,
  ) {
    this.windowMs = 1000 + marginMs;
  }

  /** Milliseconds to wait before one more event fits; 0 when it fits now. */
  waitMs(now: number): number {
    while (this.stamps.length > 0 && this.stamps[0]! <= now - this.windowMs) this.stamps.shift();
    const windowWait = this.stamps.length < this.limit ? 0 : this.stamps[0]! + this.windowMs - now;
    return Math.max(windowWait, this.blockedUntil - now, 0);
  }

  record(now: number): void {
    this.stamps.push(now);
  }
}

/** Rate limiter keyed by conversation, with a global window. */
export class ConversationRateLimiter {
  private readonly global: Window;
  private readonly conversations = new Map<string, Window>();

  constructor(private readonly limits: RateLimits = TEAMS_LIMITS) {
    this.global = new Window(limits.globalPerSecond, limits.marginMs);
  }

  private conversation(id: string): Window {
    let w = this.conversations.get(id);
    if (!w) {
      w = new Window(this.limits.perConversationPerSecond, this.limits.marginMs);
      this.conversations.set(id, w);
    }
    return w;
  }

  /** Milliseconds before a message to `conversationId` may be sent. */
  waitMs(conversationId: string, now: number): number {
    return Math.max(this.global.waitMs(now), this.conversation(conversationId).waitMs(now));
  }

  /** Records a send (call right before sending). */
  record(conversationId: string, now: number): void {
    this.global.record(now);
    this.conversation(conversationId).record(now);
  }

  /** Honors a 429: nothing goes to this conversation (or anywhere, if `global`) before `until`. */
  block(conversationId: string, until: number, global: boolean): void {
    const w = global ? this.global : this.conversation(conversationId);
    w.blockedUntil = Math.max(w.blockedUntil, until);
  }

  /** Forgets idle conversations so memory stays bounded. */
  prune(now: number): void {
    for (const [id, w] of this.conversations) if (w.waitMs(now) === 0 && w.blockedUntil < now - 60_000) this.conversations.delete(id);
  }
}
