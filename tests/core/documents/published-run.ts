/** Publishes a small payroll run into a test context: one payslip per given person. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { BlobStore } from '../../../core/blob/blob-store.js';
import { planImport } from '../../../core/documents/import-plan.js';
import { publishPlan } from '../../../core/documents/publish.js';
import type { Database } from '../../../core/storage/schema.js';
import { makePdf, payslipPage } from './fixtures.js';

/** Publishes `period` for every person with a matricule among `personIds`; returns document id by person id. */
export async function publishRun(db: Kysely<Database>, blobs: BlobStore, period: string, personIds: string[]): Promise<Map<string, string>> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'equipage-run-'));
  try {
    await mkdir(dir, { recursive: true });
    const people = await db.selectFrom('people').select(['id', 'matricule', 'display_name']).where('id', 'in', personIds).execute();
    for (const p of people) await writeFile(path.join(dir, `${p.matricule}_${period}.pdf`), await makePdf([payslipPage(p.matricule!, p.display_name, period)]));
    const plan = await planImport(db, { period, sourcePath: dir });
    const result = await publishPlan(db, blobs, plan, { replace: false, publishedBy: 'cli:test' });
    if (result.failed.length > 0) throw new Error(JSON.stringify(result.failed));
    return new Map(result.published.map((p) => [p.personId, p.documentId]));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
