/**
 * Audit entries of the documents feature: every delivery and every refused attempt (who, what,
 * when, channel, outcome). `equipage audit --user X` reads them back with {@link findAuditEntries}.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../storage/schema.js';

/** Where a document action came from. `link` = a download link opened; `verify` = the public check. */
export type DocumentChannel = 'bot' | 'tab' | 'cli' | 'link' | 'verify';

export interface DocumentAuditInput {
  /** Person id, `entra:<oid>`, `cli:<user>` or `anonymous`. */
  actor: string;
  action: string;
  channel: DocumentChannel;
  outcome: 'success' | 'denied' | 'error';
  documentId?: string | null;
  /** The person whose document it is (when known), so HR finds attempts on an agent's documents. */
  ownerId?: string | null;
  details?: Record<string, unknown>;
}

/** Appends one entry to `audit_log`. */
export async function auditDocumentEvent(db: Kysely<Database>, input: DocumentAuditInput): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor: input.actor,
      action: input.action,
      subject_type: input.documentId ? 'document' : null,
      subject_id: input.documentId ?? null,
      channel: input.channel,
      outcome: input.outcome,
      details: JSON.stringify({ ...(input.ownerId ? { ownerId: input.ownerId } : {}), ...input.details }),
    })
    .execute();
}

/** One audit entry as `equipage audit` prints it. */
export interface AuditLine {
  at: Date;
  actor: string;
  action: string;
  channel: string;
  outcome: string;
  subject: string | null;
  details: Record<string, unknown> | null;
}

/**
 * Finds a person by UPN, matricule, person id or Entra object id; `undefined` when none.
 */
export async function findPersonByReference(db: Kysely<Database>, reference: string) {
  const ref = reference.trim();
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(ref);
  return db
    .selectFrom('people')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('upn', '=', ref.toLowerCase()),
        eb('matricule', '=', ref),
        eb('matricule', '=', ref.toUpperCase()),
        ...(uuid ? [eb('id', '=', ref.toLowerCase()), eb('entra_object_id', '=', ref.toLowerCase())] : []),
      ]),
    )
    .executeTakeFirst();
}

/**
 * Entries where the person acted, or where someone acted on the person's documents, newest first.
 */
export async function findAuditEntries(db: Kysely<Database>, personId: string, options: { limit?: number; since?: Date } = {}): Promise<AuditLine[]> {
  let query = db
    .selectFrom('audit_log')
    .selectAll()
    .where((eb) => eb.or([eb('actor', '=', personId), eb(sql<string>`details->>'ownerId'`, '=', personId)]))
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit ?? 200);
  if (options.since) query = query.where('at', '>=', options.since);
  const rows = await query.execute();
  return rows.map((r) => ({ at: r.at, actor: r.actor, action: r.action, channel: r.channel, outcome: r.outcome, subject: r.subject_id, details: r.details }));
}
