/**
 * Lets code that enqueues a proactive message nudge the dispatcher of the same process, without
 * knowing it: the host registers the dispatcher's `wake` for its database, enqueuers call
 * {@link notifyEnqueued}. Without a registered dispatcher (another process, a test) nothing
 * happens and the dispatcher's poll picks the message up.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema.js';

const listeners = new WeakMap<Kysely<Database>, Set<() => void>>();

/** Registers `wake` for messages enqueued in `db`; returns the function that unregisters it. */
export function onEnqueued(db: Kysely<Database>, wake: () => void): () => void {
  let set = listeners.get(db);
  if (!set) {
    set = new Set();
    listeners.set(db, set);
  }
  set.add(wake);
  return () => void set.delete(wake);
}

/** Tells the dispatchers of `db` that messages are waiting. */
export function notifyEnqueued(db: Kysely<Database>): void {
  for (const wake of listeners.get(db) ?? []) wake();
}
