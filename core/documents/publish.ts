/**
 * Publishing a planned payroll run: each payslip goes to the blob store under a key built from ids
 * (never from a file name), its metadata and SHA-256 go to `documents`, and the agent's
 * notification is enqueued in the same transaction (deduplicated per person, period and version).
 * A period already published is replaced only with `replace`; the previous version stays, marked
 * `replaced`.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { BlobStore } from '../blob/blob-store.js';
import type { Database } from '../storage/schema.js';
import { auditDocumentEvent } from './document-audit.js';
import type { ImportPlan, PlannedPayslip } from './import-plan.js';
import { enqueuePayslipNotification } from './notifications.js';

/** The blob key of a document: ids only. */
export function documentBlobKey(personId: string, documentId: string): string {
  return `documents/${personId}/${documentId}.pdf`;
}

export interface PublishOptions {
  /** Replace payslips already published for the period (the previous version is kept). */
  replace: boolean;
  /** Who publishes, for the record (e.g. `cli:paie`). */
  publishedBy: string;
  /** Parallel uploads (default 8). */
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
}

export type NotificationOutcome = 'enqueued' | 'already_enqueued' | 'no_conversation';

export interface PublishedItem {
  personId: string;
  matricule: string;
  displayName: string;
  documentId: string;
  version: number;
  notification: NotificationOutcome;
}

export interface PublishResult {
  published: PublishedItem[];
  skipped: Array<{ personId: string; matricule: string; displayName: string; reason: 'already_published' | 'changed_since_plan'; source: string }>;
  failed: Array<{ personId: string; matricule: string; source: string; error: string }>;
}

async function publishOne(db: Kysely<Database>, blobs: BlobStore, period: string, item: PlannedPayslip, options: PublishOptions, result: PublishResult): Promise<void> {
  const existing = await db
    .selectFrom('documents')
    .select(['id', 'version'])
    .where('person_id', '=', item.personId)
    .where('kind', '=', 'payslip')
    .where('period', '=', period)
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (existing && !options.replace) {
    result.skipped.push({ personId: item.personId, matricule: item.matricule, displayName: item.displayName, reason: 'already_published', source: item.source });
    return;
  }
  const data = await item.read();
  if (createHash('sha256').update(data).digest('hex') !== item.sha256) {
    result.skipped.push({ personId: item.personId, matricule: item.matricule, displayName: item.displayName, reason: 'changed_since_plan', source: item.source });
    return;
  }
  const documentId = randomUUID();
  const blobKey = documentBlobKey(item.personId, documentId);
  const stored = await blobs.put(blobKey, data, { contentType: 'application/pdf', metadata: { kind: 'payslip', period, document_id: documentId } });
  try {
    const outcome = await db.transaction().execute(async (trx) => {
      const person = await trx.selectFrom('people').select(['preferred_language']).where('id', '=', item.personId).executeTakeFirstOrThrow();
      const max = await trx
        .selectFrom('documents')
        .select((eb) => eb.fn.max<number>('version').as('v'))
        .where('person_id', '=', item.personId)
        .where('kind', '=', 'payslip')
        .where('period', '=', period)
        .executeTakeFirst();
      const version = Number(max?.v ?? 0) + 1;
      // Mark the previous version first: at most one active payslip per person and period.
      const previous = await trx
        .updateTable('documents')
        .set({ status: 'replaced' })
        .where('person_id', '=', item.personId)
        .where('kind', '=', 'payslip')
        .where('period', '=', period)
        .where('status', '=', 'active')
        .returning('id')
        .execute();
      if (previous.length > 0 && !options.replace) throw new Error('published concurrently');
      await trx
        .insertInto('documents')
        .values({
          id: documentId,
          person_id: item.personId,
          kind: 'payslip',
          certificate_kind: null,
          period,
          version,
          blob_key: blobKey,
          sha256: stored.sha256,
          size_bytes: stored.size,
          file_name: `bulletin-de-paie-${period}${version > 1 ? `-v${version}` : ''}.pdf`,
          source_name: item.source.slice(0, 500),
          published_by: options.publishedBy,
          replaced_by: null,
          archived_at: null,
        })
        .execute();
      if (previous.length > 0) {
        await trx.updateTable('documents').set({ replaced_by: documentId }).where('id', 'in', previous.map((p) => p.id)).execute();
      }
      const notification = await enqueuePayslipNotification(trx, {
        personId: item.personId,
        period,
        version,
        documentId,
        lang: person.preferred_language === 'en' ? 'en' : 'fr',
      });
      await auditDocumentEvent(trx, {
        actor: options.publishedBy,
        action: 'documents.publish',
        channel: 'cli',
        outcome: 'success',
        documentId,
        ownerId: item.personId,
        details: { period, version, sha256: stored.sha256, replaced: previous.map((p) => p.id), notification },
      });
      return { version, notification };
    });
    result.published.push({ personId: item.personId, matricule: item.matricule, displayName: item.displayName, documentId, version: outcome.version, notification: outcome.notification });
  } catch (error) {
    // The row was not written: the blob is an orphan, remove it.
    await blobs.delete(blobKey).catch(() => undefined);
    throw error;
  }
}

/** Publishes `plan.matched`. Failures of one payslip are reported, not fatal to the run. */
export async function publishPlan(db: Kysely<Database>, blobs: BlobStore, plan: ImportPlan, options: PublishOptions): Promise<PublishResult> {
  const result: PublishResult = { published: [], skipped: [], failed: [] };
  const queue = [...plan.matched];
  const total = queue.length;
  let done = 0;
  const worker = async () => {
    for (let item = queue.shift(); item; item = queue.shift()) {
      try {
        await publishOne(db, blobs, plan.period, item, options, result);
      } catch (error) {
        result.failed.push({ personId: item.personId, matricule: item.matricule, source: item.source, error: (error as Error).message });
      }
      options.onProgress?.(++done, total);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 8, total)) }, worker));
  result.published.sort((a, b) => a.matricule.localeCompare(b.matricule));
  return result;
}
