/**
 * Writes to `audit_log`: who did or tried what, on whose data, through which channel. Every
 * access to another person's data goes through here, allowed or denied.
 */
import type { Kysely } from 'kysely';
import type { Caller } from '../auth/identity.js';
import type { Database } from '../storage/schema.js';

export type AuditChannel = 'tab' | 'bot' | 'connector' | 'cli';

export interface AuditEntryInput {
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  channel: AuditChannel;
  outcome: 'success' | 'denied' | 'error';
  details?: Record<string, unknown>;
}

/** Stable actor reference of a caller: the person id, else the Entra object id, else the UPN. */
export function actorOf(caller: Caller): string {
  if (caller.personId) return caller.personId;
  if (caller.entraObjectId) return `entra:${caller.entraObjectId}`;
  return `upn:${caller.upn ?? 'unknown'}`;
}

/** Appends one entry to the audit log. */
export async function recordAudit(db: Kysely<Database>, caller: Caller, entry: AuditEntryInput): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor: actorOf(caller),
      action: entry.action,
      subject_type: entry.subjectType,
      subject_id: entry.subjectId,
      channel: entry.channel,
      outcome: entry.outcome,
      details: entry.details === undefined ? null : JSON.stringify({ via: caller.via, ...entry.details }),
    })
    .execute();
}
