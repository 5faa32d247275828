/**
 * Database notifications (PostgreSQL `LISTEN`/`NOTIFY`, on PGlite and PostgreSQL alike), used to
 * invalidate in-memory caches when a table changes, whoever changed it: this instance, another
 * instance, a directory sync, someone in `psql`. A trigger calls `pg_notify` in the writing
 * transaction, so the notification goes out at commit and only if it commits.
 *
 * A cache must never trust a channel it may have missed messages on. Each subscriber therefore
 * hears `reset()` whenever delivery cannot be vouched for: the listening connection is lost
 * (messages sent meanwhile are gone for good) and again once it listens anew. Between the two,
 * `live` is false: a cache must not serve from memory.
 */
import type { PGlite } from '@electric-sql/pglite';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { backoffMs } from '../proactive/backoff.js';

/** What a subscriber hears. */
export interface NotificationListener {
  /** A notification on the channel (its payload, often empty). */
  notify(payload: string): void;
  /** Notifications may have been missed (connection lost, or listening again): forget everything derived from the channel. */
  reset(): void;
}

/** A subscription to one channel. */
export interface Subscription {
  /** True while notifications are delivered; false while the listening connection is down. */
  readonly live: boolean;
  /** Stops listening (idempotent). */
  close(): Promise<void>;
}

/** Subscribes to database channels. */
export interface Notifications {
  subscribe(channel: string, listener: NotificationListener): Promise<Subscription>;
  /** The channels the database session is listening on now (diagnostics; this process's heartbeat left out). */
  listening(): Promise<string[]>;
  /** Stops every subscription and closes the listening connection (idempotent). */
  close(): Promise<void>;
}

const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/;

function assertChannel(channel: string): void {
  if (!CHANNEL.test(channel)) throw new Error(`invalid notification channel: ${channel}`);
}

/**
 * PGlite: one in-process database and one session, so nothing can be missed. Notifications are
 * delivered while the committing statement's result is read, before the writer's `await` returns:
 * a cache invalidated here is never stale, even for the very next request.
 */
export function pgliteNotifications(pglite: PGlite): Notifications {
  const open = new Set<() => Promise<void>>();
  return {
    async subscribe(channel, listener) {
      assertChannel(channel);
      const unlisten = await pglite.listen(channel, (payload) => listener.notify(payload));
      let closed = false;
      const close = async () => {
        if (closed) return;
        closed = true;
        open.delete(close);
        if (!pglite.closed) await unlisten();
      };
      open.add(close);
      return {
        get live() {
          return !closed && !pglite.closed;
        },
        close,
      };
    },
    async listening() {
      if (pglite.closed) return [];
      const { rows } = await pglite.query<{ channel: string }>('select pg_listening_channels() as channel');
      return rows.map((r) => r.channel).sort();
    },
    async close() {
      await Promise.all([...open].map((close) => close()));
    },
  };
}

/** Notifications turned off (e.g. behind a transaction-pooling proxy): no subscription is ever live. */
export function disabledNotifications(): Notifications {
  return {
    async subscribe() {
      return { live: false, close: async () => undefined };
    },
    async listening() {
      return [];
    },
    async close() {},
  };
}

/** Options of {@link postgresNotifications}. */
export interface PostgresNotificationOptions {
  /** Connection settings of the dedicated listening connection (same server as the pool). */
  client: pg.ClientConfig;
  /** Called with each connection failure (for the log); the connection is retried with backoff. */
  onError?: (error: Error) => void;
  /** Backoff before reconnecting (defaults: 200 ms base, 30 s cap, full jitter). */
  retry?: { baseMs?: number; capMs?: number };
  /**
   * The connection proves it still delivers: a notification to itself at connection (before it
   * counts as live) and every `intervalMs` (default 15 s), which must come back within `timeoutMs`
   * (default 5 s). A connection dropped silently (idle timeout of a NAT or load balancer, failover)
   * or a transaction-pooling proxy (which takes `LISTEN` but never delivers) is thus found out.
   */
  heartbeat?: { intervalMs?: number; timeoutMs?: number };
}

interface ChannelState {
  listeners: Set<NotificationListener>;
}

/**
 * PostgreSQL: one dedicated connection (a pooled one would be handed to other queries, and a
 * transaction-pooling proxy does not keep `LISTEN`), opened at the first subscription, shared by
 * every channel and subscriber of this process, reconnected with backoff when lost.
 */
export function postgresNotifications(options: PostgresNotificationOptions): Notifications {
  const channels = new Map<string, ChannelState>();
  let client: pg.Client | undefined;
  let connecting: Promise<void> | undefined;
  let live = false;
  let closed = false;
  let attempt = 0;
  let retryTimer: NodeJS.Timeout | undefined;
  const heartbeatEvery = options.heartbeat?.intervalMs ?? 15_000;
  const heartbeatWithin = options.heartbeat?.timeoutMs ?? 5_000;
  /** This process's own channel, for the heartbeat. */
  const heartbeatChannel = `equipage_heartbeat_${randomBytes(8).toString('hex')}`;
  let heartbeatTimer: NodeJS.Timeout | undefined;
  /** The heartbeat awaited, if any: its deadline and how to settle it. */
  let pendingBeat: { deadline: NodeJS.Timeout; settle: (ok: boolean) => void } | undefined;

  const resetAll = () => {
    for (const state of channels.values()) for (const listener of state.listeners) listener.reset();
  };

  const stopHeartbeat = () => {
    if (heartbeatTimer) clearInterval(heartbeatTimer);
    heartbeatTimer = undefined;
    if (pendingBeat) {
      clearTimeout(pendingBeat.deadline);
      pendingBeat.settle(false);
      pendingBeat = undefined;
    }
  };

  /** Sends a notification to this connection's own channel; resolves whether it came back in time. */
  const beat = (on: pg.Client): Promise<boolean> =>
    new Promise((resolve) => {
      if (pendingBeat) {
        resolve(true); // the previous one is still awaited: it decides
        return;
      }
      const settle = (ok: boolean) => resolve(ok);
      const deadline = setTimeout(() => {
        pendingBeat = undefined;
        resolve(false);
      }, heartbeatWithin);
      deadline.unref();
      pendingBeat = { deadline, settle };
      on.query(`NOTIFY ${heartbeatChannel}`).catch(() => {
        if (pendingBeat?.deadline === deadline) {
          clearTimeout(deadline);
          pendingBeat = undefined;
        }
        resolve(false);
      });
    });

  const lost = (lostClient: pg.Client, error?: Error) => {
    if (client !== lostClient) return;
    client = undefined;
    const wasLive = live;
    live = false;
    stopHeartbeat();
    options.onError?.(error ?? new Error('notification connection ended'));
    lostClient.removeAllListeners('notification');
    lostClient.end().catch(() => undefined);
    if (wasLive) resetAll();
    scheduleReconnect();
  };

  const scheduleReconnect = () => {
    if (closed || retryTimer || channels.size === 0) return;
    attempt += 1;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void connect().catch(() => undefined);
    }, backoffMs(attempt, { baseMs: options.retry?.baseMs ?? 200, capMs: options.retry?.capMs ?? 30_000 }));
    // A process shutting down must not wait for a reconnection.
    retryTimer.unref();
  };

  const connect = (): Promise<void> => {
    if (connecting) return connecting;
    if (client || closed) return Promise.resolve();
    if (retryTimer) {
      clearTimeout(retryTimer);
      retryTimer = undefined;
    }
    connecting = (async () => {
      const next = new pg.Client({
        application_name: 'equipage-notifications',
        keepAlive: true,
        connectionTimeoutMillis: 10_000,
        query_timeout: heartbeatWithin,
        ...options.client,
      });
      next.on('error', (error) => lost(next, error));
      next.on('end', () => lost(next));
      next.on('notification', (message) => {
        if (message.channel === heartbeatChannel) {
          if (pendingBeat) {
            clearTimeout(pendingBeat.deadline);
            pendingBeat.settle(true);
            pendingBeat = undefined;
          }
          return;
        }
        const state = channels.get(message.channel);
        if (state) for (const listener of state.listeners) listener.notify(message.payload ?? '');
      });
      client = next;
      try {
        await next.connect();
        await next.query(`LISTEN ${heartbeatChannel}`);
        const listened = [...channels.keys()];
        for (const channel of listened) await next.query(`LISTEN ${channel}`);
        // A channel whose last subscriber left meanwhile: its UNLISTEN was not sent (not live yet).
        for (const channel of listened) if (!channels.has(channel)) await next.query(`UNLISTEN ${channel}`);
        // Live only once a notification has made the round trip.
        if (!(await beat(next))) throw new Error(`no notification came back within ${heartbeatWithin} ms (a transaction-pooling proxy? set DATABASE_NOTIFICATIONS=off)`);
      } catch (error) {
        lost(next, error as Error);
        throw error;
      }
      if (client !== next || closed) return;
      attempt = 0;
      live = true;
      heartbeatTimer = setInterval(() => {
        void beat(next).then((ok) => {
          if (!ok) lost(next, new Error(`no heartbeat within ${heartbeatWithin} ms: notification connection considered lost`));
        });
      }, heartbeatEvery);
      heartbeatTimer.unref();
      // Whatever was derived while not listening may be stale.
      resetAll();
    })().finally(() => {
      connecting = undefined;
    });
    return connecting;
  };

  return {
    async subscribe(channel, listener) {
      if (closed) throw new Error('notifications closed');
      assertChannel(channel);
      let state = channels.get(channel);
      const isNew = !state;
      if (!state) channels.set(channel, (state = { listeners: new Set() }));
      state.listeners.add(listener);
      if (connecting) await connecting.catch(() => undefined);
      const current = client;
      if (current && live && isNew) {
        await current.query(`LISTEN ${channel}`).catch((error: Error) => lost(current, error));
      } else if (!client && !connecting) {
        // The first subscriber waits for the first attempt; a failure leaves it not live, retrying.
        await connect().catch(() => undefined);
      }
      let unsubscribed = false;
      return {
        get live() {
          return live && !unsubscribed;
        },
        async close() {
          if (unsubscribed) return;
          unsubscribed = true;
          state.listeners.delete(listener);
          if (state.listeners.size > 0 || channels.get(channel) !== state) return;
          // The channel's last subscriber: stop listening (a reconnection no longer restores it either).
          channels.delete(channel);
          const current = client;
          if (current && live) await current.query(`UNLISTEN ${channel}`).catch((error: Error) => lost(current, error));
        },
      };
    },
    async listening() {
      const current = client;
      if (!current || !live) return [];
      const { rows } = await current.query<{ channel: string }>('select pg_listening_channels() as channel');
      return rows.map((r) => r.channel).filter((c) => c !== heartbeatChannel).sort();
    },
    async close() {
      if (closed) return;
      closed = true;
      live = false;
      stopHeartbeat();
      if (retryTimer) clearTimeout(retryTimer);
      await connecting?.catch(() => undefined);
      const last = client;
      client = undefined;
      channels.clear();
      if (last) {
        last.removeAllListeners('end');
        await last.end().catch(() => undefined);
      }
    },
  };
}
