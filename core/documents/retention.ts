/**
 * Retention of agents' documents: documents older than `DOCUMENT_RETENTION_MONTHS` are archived, and
 * so are the documents of an agent who left more than `LEAVER_ACCESS_DAYS` ago. Archived documents
 * are kept (HR's legal copy, bytes in the blob store) but no agent-facing path serves them. Used
 * download links older than a day are deleted (their audit entries stay).
 */
import type { Kysely } from 'kysely';
import type { Config } from '../config/config.js';
import type { Database } from '../storage/schema.js';
import { addDays, todayInParis } from '../util/dates.js';

export interface RetentionResult {
  archivedByAge: number;
  archivedLeavers: number;
  linksPurged: number;
}

/** Applies the retention policy once (idempotent). `dryRun` counts without changing anything. */
export async function applyRetention(
  db: Kysely<Database>,
  policy: Config['documents'],
  options: { now?: Date; dryRun?: boolean } = {},
): Promise<RetentionResult> {
  const now = options.now ?? new Date();
  const cutoff = new Date(now);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - policy.retentionMonths);
  // A leaver's access ends `leaverAccessDays` after `left_at`: archive once that day is past.
  const leftBefore = addDays(todayInParis(now), -policy.leaverAccessDays);
  return db.transaction().execute(async (trx) => {
    const byAge = trx.selectFrom('documents').select('id').where('status', 'in', ['active', 'replaced']).where('created_at', '<', cutoff);
    const leavers = trx
      .selectFrom('documents')
      .innerJoin('people', 'people.id', 'documents.person_id')
      .select('documents.id')
      .where('documents.status', 'in', ['active', 'replaced'])
      .where('people.status', '=', 'left')
      .where('people.left_at', '<', leftBefore);
    const ageIds = (await byAge.execute()).map((r) => r.id);
    const ageSet = new Set(ageIds);
    const leaverIds = (await leavers.execute()).map((r) => r.id).filter((id) => !ageSet.has(id));
    let linksPurged = 0;
    if (!options.dryRun) {
      const all = [...ageIds, ...leaverIds];
      for (let i = 0; i < all.length; i += 1000) {
        await trx.updateTable('documents').set({ status: 'archived', archived_at: now }).where('id', 'in', all.slice(i, i + 1000)).execute();
      }
      const purged = await trx.deleteFrom('document_links').where('expires_at', '<', new Date(now.getTime() - 24 * 3600 * 1000)).executeTakeFirst();
      linksPurged = Number(purged.numDeletedRows);
    }
    return { archivedByAge: ageIds.length, archivedLeavers: leaverIds.length, linksPurged };
  });
}
