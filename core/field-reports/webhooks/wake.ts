/**
 * Lets the API nudge the webhook dispatcher of the same process after it changed a report, so
 * notifications leave at once rather than at the dispatcher's next poll. The host registers the
 * dispatcher's `wake` for its database; without one (another process, a test) nothing happens
 * and the poll picks the change up: this is latency only, never correctness.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../storage/schema.js';

const listeners = new WeakMap<Kysely<Database>, Set<() => void>>();

/** Registers `wake` for report changes in `db`; returns the function that unregisters it. */
export function onReportChanged(db: Kysely<Database>, wake: () => void): () => void {
  let set = listeners.get(db);
  if (!set) {
    set = new Set();
    listeners.set(db, set);
  }
  set.add(wake);
  return () => void set.delete(wake);
}

/** Tells the webhook dispatchers of `db` that a report may have changed. */
export function notifyReportChanged(db: Kysely<Database>): void {
  for (const wake of listeners.get(db) ?? []) wake();
}
