/**
 * Synchronizes the `people` table (the suite's directory) from Microsoft Graph: users, their
 * manager, HR-group membership, services from departments, photos.
 *
 * - A user matches a row by Entra object id, then by UPN (a row whose object id is empty or no
 *   longer in the tenant: a seeded or re-created account).
 * - Disabled users, and rows no user matches any more, become `left` with `left_at`: rows are never
 *   deleted (documents and the audit log refer to them).
 * - Everything is read from Graph first, then written in one transaction; a failure midway writes
 *   nothing. Photos follow, outside the transaction (the blob store is not transactional).
 * - Idempotent: a second run with nothing new in Graph writes nothing and reports everyone unchanged.
 */
import { sql, type Kysely } from 'kysely';
import type { BlobStore } from '../blob/blob-store.js';
import type { Database, Person } from '../storage/schema.js';
import { todayInParis } from '../util/dates.js';
import { stableId } from '../util/stable-id.js';
import type { GraphClient } from './graph-client.js';
import { listGroupUserIds, listUsers, type GraphUser } from './graph-directory.js';
import { changedFields, directoryFields, text, type DirectoryFields } from './person-mapping.js';
import { syncPhoto, type PhotoOutcome } from './photos.js';
import { ServiceResolver } from './services.js';

/** Progress of a run, for the CLI and the log. */
export type SyncProgress =
  | { phase: 'users'; read: number }
  | { phase: 'hr-group'; members: number }
  | { phase: 'apply'; created: number; updated: number; left: number }
  | { phase: 'photos'; done: number; total: number };

export interface DirectorySyncOptions {
  db: Kysely<Database>;
  graph: GraphClient;
  /** Where photos go; without it photos are not synchronized. */
  blobs?: BlobStore | undefined;
  /** Entra group whose transitive members are HR; undefined leaves `hr_member` untouched. */
  hrGroupId?: string | undefined;
  /** Compute and report the changes, write nothing (photos are not read). */
  dryRun?: boolean;
  /** Synchronize photos (default true when `blobs` is given). */
  photos?: boolean;
  /** ISO date recorded as `left_at` (default: today in Paris). */
  today?: string;
  /** Parallel photo requests (default 4: photos are throttled separately by Graph). */
  photoConcurrency?: number;
  /** Recorded in the audit log (default `system:directory-sync`). */
  actor?: string;
  onProgress?: (progress: SyncProgress) => void;
}

/** One person's change, for the report. */
export interface PersonChange {
  personId: string;
  upn: string;
  action: 'created' | 'updated' | 'left';
  fields: string[];
}

export interface DirectorySyncReport {
  dryRun: boolean;
  /** Users read from Graph (all types). */
  graphUsers: number;
  /** Guests and unknown disabled accounts, not people of the commune. */
  skipped: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Rows that became `left` in this run (disabled in Entra, or gone from it). */
  left: number;
  servicesCreated: number;
  /** Members of the HR group (null without `hrGroupId`). */
  hrMembers: number | null;
  /** Null when photos were not synchronized (dry run, no blob store). */
  photos: Record<PhotoOutcome, number> | null;
  changes: PersonChange[];
  /** Data problems worth a look (duplicate employee ids...). */
  warnings: string[];
}

/** Id of a person created from an Entra user: stable, so an interrupted first run converges. */
export function personIdForEntraUser(objectId: string): string {
  return stableId('entra-user', objectId.toLowerCase());
}

interface Plan {
  inserts: Array<{ id: string; fields: DirectoryFields }>;
  updates: Array<{ row: Person; changes: Partial<DirectoryFields> }>;
  leavers: Person[];
  unchanged: number;
  skipped: number;
  warnings: string[];
  /** Person id → Entra object id of everyone active after the run (for photos). */
  active: Map<string, string>;
}

/** Runs one synchronization. Throws `EQP_ERR_GRAPH_UNAVAILABLE` (nothing written) when Graph fails. */
export async function syncDirectory(options: DirectorySyncOptions): Promise<DirectorySyncReport> {
  const { db, graph } = options;
  const today = options.today ?? todayInParis();
  const dryRun = options.dryRun ?? false;
  const progress = options.onProgress ?? (() => undefined);

  const users = await listUsers(graph, (read) => progress({ phase: 'users', read }));
  let hrIds: Set<string> | undefined;
  if (options.hrGroupId) {
    hrIds = new Set((await listGroupUserIds(graph, options.hrGroupId)).map((id) => id.toLowerCase()));
    progress({ phase: 'hr-group', members: hrIds.size });
  }

  const [people, services] = await Promise.all([db.selectFrom('people').selectAll().execute(), db.selectFrom('services').select(['id', 'code', 'name']).execute()]);
  const resolver = new ServiceResolver(services);
  const plan = planChanges(users, people, resolver, hrIds, today);

  const changes: PersonChange[] = [
    ...plan.inserts.map((i) => ({ personId: i.id, upn: i.fields.upn, action: 'created' as const, fields: [] })),
    ...plan.updates.map((u) => ({
      personId: u.row.id,
      upn: u.changes.upn ?? u.row.upn,
      action: u.changes.status === 'left' ? ('left' as const) : ('updated' as const),
      fields: Object.keys(u.changes),
    })),
    ...plan.leavers.map((row) => ({ personId: row.id, upn: row.upn, action: 'left' as const, fields: ['status', 'left_at'] })),
  ];
  const left = changes.filter((c) => c.action === 'left').length;
  const updated = changes.filter((c) => c.action === 'updated').length;

  if (!dryRun) {
    await applyPlan(db, plan, resolver, today, options.actor ?? 'system:directory-sync', {
      created: plan.inserts.length,
      updated,
      unchanged: plan.unchanged,
      left,
      servicesCreated: resolver.created.length,
    });
  }
  progress({ phase: 'apply', created: plan.inserts.length, updated, left });

  let photos: DirectorySyncReport['photos'] = null;
  if (!dryRun && options.blobs && (options.photos ?? true)) {
    photos = await syncPhotos(graph, options.blobs, plan.active, options.photoConcurrency ?? 4, progress);
  }

  return {
    dryRun,
    graphUsers: users.length,
    skipped: plan.skipped,
    created: plan.inserts.length,
    updated,
    unchanged: plan.unchanged,
    left,
    servicesCreated: resolver.created.length,
    hrMembers: hrIds ? hrIds.size : null,
    photos,
    changes,
    warnings: plan.warnings,
  };
}

function planChanges(users: GraphUser[], people: Person[], resolver: ServiceResolver, hrIds: Set<string> | undefined, today: string): Plan {
  const warnings: string[] = [];
  const graphIds = new Set(users.map((u) => u.id.toLowerCase()));
  const byEntra = new Map<string, Person>();
  const byUpn = new Map<string, Person>();
  for (const p of people) {
    if (p.entra_object_id) byEntra.set(p.entra_object_id.toLowerCase(), p);
    byUpn.set(p.upn.toLowerCase(), p);
  }
  // A row may be claimed by UPN when no current Entra user owns it by object id.
  const claimable = (p: Person | undefined) => p && (!p.entra_object_id || !graphIds.has(p.entra_object_id.toLowerCase()));

  // 1. Match every member user to a row (or to a new id), skipping guests and unknown disabled accounts.
  const matched: Array<{ user: GraphUser; row: Person | undefined; id: string }> = [];
  const claimed = new Set<string>();
  let skipped = 0;
  for (const user of users) {
    if ((user.userType ?? 'Member').toLowerCase() === 'guest') {
      skipped++;
      continue;
    }
    const upn = (text(user.userPrincipalName) ?? user.id).toLowerCase();
    let row = byEntra.get(user.id.toLowerCase());
    if (!row) {
      const candidate = byUpn.get(upn);
      if (claimable(candidate) && !claimed.has(candidate!.id)) row = candidate;
    }
    if (!row && user.accountEnabled === false) {
      // Disabled and never known here: a resource or a long-gone account, not a person to add.
      skipped++;
      continue;
    }
    if (row) claimed.add(row.id);
    matched.push({ user, row, id: row?.id ?? personIdForEntraUser(user.id) });
  }

  // 2. Employee ids are unique in `people`: a duplicate keeps the first holder, the others get none.
  const personByEntra = new Map(matched.map((m) => [m.user.id.toLowerCase(), m.id]));
  const matriculeOwner = new Map<string, string>();
  for (const p of people) if (p.matricule && !claimed.has(p.id)) matriculeOwner.set(p.matricule, p.id);
  const matricules = new Map<string, string | null>();
  for (const m of matched) {
    const employeeId = text(m.user.employeeId);
    if (!employeeId) {
      matricules.set(m.id, null);
      continue;
    }
    const owner = matriculeOwner.get(employeeId);
    if (owner && owner !== m.id) {
      warnings.push(`employeeId ${employeeId} of ${m.user.userPrincipalName ?? m.user.id} is already the matricule of another person: left empty`);
      matricules.set(m.id, null);
      continue;
    }
    matriculeOwner.set(employeeId, m.id);
    matricules.set(m.id, employeeId);
  }

  // 3. Desired fields, compared with the rows.
  const inserts: Plan['inserts'] = [];
  const updates: Plan['updates'] = [];
  const active = new Map<string, string>();
  let unchanged = 0;
  for (const m of matched) {
    const managerId = m.user.manager?.id ? (personByEntra.get(m.user.manager.id.toLowerCase()) ?? null) : null;
    const fields = directoryFields(m.user, m.row, {
      serviceId: resolver.resolve(text(m.user.department)),
      managerId: managerId === m.id ? null : managerId,
      hrMember: hrIds ? hrIds.has(m.user.id.toLowerCase()) : undefined,
      matricule: matricules.get(m.id) ?? null,
      today,
    });
    if (fields.status === 'active') active.set(m.id, m.user.id);
    if (!m.row) {
      inserts.push({ id: m.id, fields });
      continue;
    }
    const changes = changedFields(m.row, fields);
    if (Object.keys(changes).length === 0) unchanged++;
    else updates.push({ row: m.row, changes });
  }

  // 4. Active rows no user matched any more: they left.
  const leavers = people.filter((p) => p.status === 'active' && !claimed.has(p.id));
  return { inserts, updates, leavers, unchanged, skipped, warnings, active };
}

async function applyPlan(
  db: Kysely<Database>,
  plan: Plan,
  resolver: ServiceResolver,
  today: string,
  actor: string,
  counts: Record<string, number>,
): Promise<void> {
  const nothingToDo = plan.inserts.length === 0 && plan.updates.length === 0 && plan.leavers.length === 0 && resolver.created.length === 0;
  if (nothingToDo) return;
  await db.transaction().execute(async (trx) => {
    if (resolver.created.length > 0) await trx.insertInto('services').values(resolver.created).execute();

    // Unique columns (UPN, matricule) may move between rows in one run (a UPN renamed, an account
    // re-created): free the changing values first, then write the final ones.
    const moving = plan.updates.filter((u) => u.changes.upn !== undefined || u.changes.matricule !== undefined);
    for (const u of moving) {
      await trx
        .updateTable('people')
        .set({
          ...(u.changes.upn !== undefined ? { upn: `${u.row.id}#sync` } : {}),
          ...(u.changes.matricule !== undefined ? { matricule: null } : {}),
        })
        .where('id', '=', u.row.id)
        .execute();
    }
    // A leaver keeps its UPN unless a current user now holds it; then it gets a suffix.
    const wantedUpns = new Set([...plan.inserts.map((i) => i.fields.upn), ...plan.updates.flatMap((u) => (u.changes.upn ? [u.changes.upn] : []))]);
    for (const row of plan.leavers) {
      const upn = wantedUpns.has(row.upn.toLowerCase()) ? `${row.upn}#left-${row.id.slice(0, 8)}` : row.upn;
      await trx.updateTable('people').set({ status: 'left', left_at: today, upn, updated_at: sql`now()` }).where('id', '=', row.id).execute();
    }

    // New people first without a manager (the manager may be one of them), then the links.
    for (const i of plan.inserts) {
      await trx.insertInto('people').values({ id: i.id, ...i.fields, manager_id: null }).execute();
    }
    for (const u of plan.updates) {
      await trx.updateTable('people').set({ ...u.changes, updated_at: sql`now()` }).where('id', '=', u.row.id).execute();
    }
    for (const i of plan.inserts) {
      if (i.fields.manager_id) await trx.updateTable('people').set({ manager_id: i.fields.manager_id }).where('id', '=', i.id).execute();
    }

    await trx
      .insertInto('audit_log')
      .values({
        actor,
        action: 'directory.sync',
        subject_type: 'directory',
        subject_id: null,
        channel: 'cli',
        outcome: 'success',
        details: JSON.stringify(counts),
      })
      .execute();
  });
}

async function syncPhotos(
  graph: GraphClient,
  blobs: BlobStore,
  active: Map<string, string>,
  concurrency: number,
  progress: (p: SyncProgress) => void,
): Promise<Record<PhotoOutcome, number>> {
  const counts: Record<PhotoOutcome, number> = { updated: 0, removed: 0, unchanged: 0, none: 0 };
  const queue = [...active.entries()];
  const total = queue.length;
  let done = 0;
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const [personId, userId] = next;
      counts[await syncPhoto(graph, blobs, personId, userId)]++;
      progress({ phase: 'photos', done: ++done, total });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, total)) }, worker));
  return counts;
}

