/**
 * The people that callers are, kept in memory: every authenticated request (tab, connector, each
 * report a Power App sends) starts by finding its caller in `people`, and most callers come back
 * many times a minute. A time-based cache would keep a person's former rights (HR membership, an
 * agent who left) for its whole lifetime, so this one is invalidated instead: `people` announces
 * every change at commit (migration 0012) and the cache forgets everything on that signal.
 *
 * Guarantees: on PGlite a change is seen by the very next request (the signal arrives before the
 * writer's commit returns). On PostgreSQL other instances see it within the notification's
 * delivery (milliseconds); while the listening connection is down, or with
 * `DATABASE_NOTIFICATIONS=off`, nothing is served from memory. A look-up that started before a
 * change never stores its (possibly older) result after it. Entries also expire after
 * {@link PERSON_CACHE_TTL_MS}, a bound should any signal be lost in an unforeseen way.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Notifications, Subscription } from '../storage/notifications.js';
import type { Database, PeopleTable } from '../storage/schema.js';

/** The channel of migration 0012's trigger on `people`. */
export const PEOPLE_CHANNEL = 'equipage_people';
/** Longest time an entry is served, even without any change announced. */
export const PERSON_CACHE_TTL_MS = 5 * 60_000;
/** Most entries kept (oldest dropped first). */
export const PERSON_CACHE_MAX_ENTRIES = 10_000;

export type PersonRow = Selectable<PeopleTable>;

/** How a caller is looked up. */
export type PersonKey =
  | { by: 'entra'; objectId: string; upn: string | null }
  | { by: 'local'; who: string; isUuid: boolean };

interface Entry {
  person: PersonRow | undefined;
  expiresAt: number;
}

/** Finds callers in `people`, from memory when it can vouch for it. */
export class PersonCache {
  private readonly entries = new Map<string, Entry>();
  /** Bumped by every invalidation: a look-up stores its result only if none happened meanwhile. */
  private generation = 0;
  private hits = 0;
  private misses = 0;

  private constructor(
    private readonly db: Kysely<Database>,
    private readonly subscription: Subscription | undefined,
    private readonly now: () => number,
  ) {}

  /**
   * Subscribes to `people` changes. With `enabled: false`, every look-up reads the database.
   * `now` is for tests of the expiry.
   */
  static async open(db: Kysely<Database>, notifications: Notifications, options: { enabled?: boolean; now?: () => number } = {}): Promise<PersonCache> {
    let cache: PersonCache | undefined;
    const subscription =
      options.enabled === false
        ? undefined
        : await notifications.subscribe(PEOPLE_CHANNEL, { notify: () => cache?.invalidate(), reset: () => cache?.invalidate() });
    cache = new PersonCache(db, subscription, options.now ?? Date.now);
    return cache;
  }

  /** Whether results are currently kept (the change signal is being received). */
  get active(): boolean {
    return this.subscription?.live ?? false;
  }

  /** Look-ups answered from memory and from the database, since opening. */
  get stats(): { hits: number; misses: number; size: number } {
    return { hits: this.hits, misses: this.misses, size: this.entries.size };
  }

  /** The person a caller is, or `undefined` when `people` has none. */
  async find(key: PersonKey): Promise<PersonRow | undefined> {
    const id = key.by === 'entra' ? `entra\u0000${key.objectId}\u0000${key.upn ?? ''}` : `local\u0000${key.who}`;
    const active = this.active;
    if (active) {
      const entry = this.entries.get(id);
      if (entry && entry.expiresAt > this.now()) {
        this.hits += 1;
        return entry.person;
      }
      if (entry) this.entries.delete(id);
    }
    this.misses += 1;
    const generation = this.generation;
    const found = await this.load(key);
    // Shared by every request of this caller: nobody may change it.
    const person = found && Object.freeze(found);
    if (active && this.active && generation === this.generation) {
      if (this.entries.size >= PERSON_CACHE_MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(id, { person, expiresAt: this.now() + PERSON_CACHE_TTL_MS });
    }
    return person;
  }

  /** Forgets everything (a change was announced, or announcements may have been missed). */
  invalidate(): void {
    this.generation += 1;
    this.entries.clear();
  }

  /** Stops listening; later look-ups read the database. */
  async close(): Promise<void> {
    this.invalidate();
    await this.subscription?.close();
  }

  private async load(key: PersonKey): Promise<PersonRow | undefined> {
    if (key.by === 'entra') {
      const byObjectId = await this.db.selectFrom('people').selectAll().where('entra_object_id', '=', key.objectId).executeTakeFirst();
      if (byObjectId || !key.upn) return byObjectId;
      return this.db.selectFrom('people').selectAll().where('upn', '=', key.upn).executeTakeFirst();
    }
    const { who } = key;
    return this.db
      .selectFrom('people')
      .selectAll()
      .where((eb) => (key.isUuid ? eb.or([eb('id', '=', who), eb('entra_object_id', '=', who)]) : eb('upn', '=', who)))
      .executeTakeFirst();
  }
}
