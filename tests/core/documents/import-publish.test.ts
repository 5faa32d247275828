import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { planImport } from '../../../core/documents/import-plan.js';
import { publishPlan } from '../../../core/documents/publish.js';
import { extractPageTexts } from '../../../core/documents/pdf-split.js';
import { demoIds } from '../../../core/seed/seed.js';
import { createTestContext, type TestContext } from '../../helpers/test-context.js';
import { addConversation, makePdf, payslipPage } from './fixtures.js';

const PERIOD = '2026-10';

describe('payroll import and publication', () => {
  let t: TestContext;
  let work: string;
  const kevin = demoIds.person('kevin.martin'); // M1103
  const mehdi = demoIds.person('mehdi.haddad'); // M1104
  const julien = demoIds.person('julien.petit'); // M1105

  beforeAll(async () => {
    t = await createTestContext({ today: '2026-10-20' });
    work = await mkdtemp(path.join(os.tmpdir(), 'equipage-docs-'));
    await addConversation(t.ctx.storage.db, kevin);
    await addConversation(t.ctx.storage.db, mehdi);
  });
  afterAll(async () => {
    await t?.close();
    await rm(work, { recursive: true, force: true });
  });

  it('plans a folder: matched, unmatched, missing agents, duplicates (dry run writes nothing)', async () => {
    const dir = path.join(work, 'folder');
    await mkdir(dir);
    await writeFile(path.join(dir, 'M1103_2026-10.pdf'), await makePdf([payslipPage('M1103', 'Kévin Martin', PERIOD)]));
    await writeFile(path.join(dir, 'BP_M1104_202610.pdf'), await makePdf([payslipPage('M1104', 'Mehdi Haddad', PERIOD)]));
    await writeFile(path.join(dir, 'M1105-2026-10.pdf'), await makePdf([payslipPage('M1105', 'Julien Petit', PERIOD)]));
    await writeFile(path.join(dir, 'm1105_2026_10.pdf'), await makePdf([payslipPage('M1105', 'Julien Petit', PERIOD)]));
    await writeFile(path.join(dir, 'X9999_2026-10.pdf'), await makePdf(['nobody']));
    await writeFile(path.join(dir, 'M1106_2026-09.pdf'), await makePdf(['wrong period']));
    await writeFile(path.join(dir, 'readme.txt'), 'not a payslip');
    await writeFile(path.join(dir, 'M1107_2026-10.pdf'), 'not really a pdf');

    const plan = await planImport(t.ctx.storage.db, { period: PERIOD, sourcePath: dir });
    expect(plan.sourceKind).toBe('folder');
    expect(plan.matched.map((m) => m.matricule)).toEqual(['M1103', 'M1104']);
    expect(plan.duplicates.map((d) => [d.matricule, [...d.sources].sort()])).toEqual([['M1105', ['M1105-2026-10.pdf', 'm1105_2026_10.pdf'].sort()]]);
    const reasons = Object.fromEntries(plan.unmatched.map((u) => [u.source, u.reason]));
    expect(reasons).toEqual({
      'X9999_2026-10.pdf': 'unknown_matricule',
      'M1106_2026-09.pdf': 'wrong_period',
      'readme.txt': 'not_pdf',
      'M1107_2026-10.pdf': 'not_pdf',
    });
    // Everyone active with a matricule and no file is "missing" (the demo commune has ~40 people).
    const missing = plan.missing.map((m) => m.matricule);
    expect(missing).toContain('M1001');
    expect(missing).not.toContain('M1103');
    expect(missing).not.toContain('M1105'); // present, but duplicated: reported there
    // Hired after the period: not expected in this run.
    expect(missing).not.toContain('M1506');
    const rows = await t.ctx.storage.db.selectFrom('documents').selectAll().execute();
    expect(rows).toEqual([]);
  });

  it('reads a ZIP, rejecting a zip-slip entry, and splits a multi-page run PDF by matricule', async () => {
    const zip = new JSZip();
    zip.file('2026-10/M1103_2026-10.pdf', await makePdf([payslipPage('M1103', 'Kévin Martin', PERIOD)]));
    zip.file('../../M1104_2026-10.pdf', await makePdf([payslipPage('M1104', 'Mehdi Haddad', PERIOD)]));
    const zipPath = path.join(work, 'run.zip');
    await writeFile(zipPath, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    const zipPlan = await planImport(t.ctx.storage.db, { period: PERIOD, sourcePath: zipPath });
    expect(zipPlan.matched.map((m) => [m.matricule, m.source])).toEqual([['M1103', '2026-10/M1103_2026-10.pdf']]);
    expect(zipPlan.unmatched).toEqual([{ source: '../../M1104_2026-10.pdf', reason: 'unsafe_name' }]);

    const runPath = path.join(work, 'run.pdf');
    await writeFile(
      runPath,
      await makePdf([
        payslipPage('M1103', 'Kévin Martin', PERIOD),
        payslipPage('M1104', 'Mehdi Haddad', PERIOD, 1),
        payslipPage('M1104', 'Mehdi Haddad', PERIOD, 2),
        'Page de garde sans matricule',
        payslipPage('M1105', 'Julien Petit', PERIOD),
      ]),
    );
    const pdfPlan = await planImport(t.ctx.storage.db, { period: PERIOD, sourcePath: runPath });
    expect(pdfPlan.sourceKind).toBe('pdf');
    expect(pdfPlan.matched.map((m) => [m.matricule, m.pages])).toEqual([
      ['M1103', [1]],
      ['M1104', [2, 3]],
      ['M1105', [5]],
    ]);
    expect(pdfPlan.unmatched).toEqual([{ source: 'run.pdf page 4', reason: 'no_matricule_on_page' }]);
    // The split file really holds that agent's two pages and nobody else's.
    const mehdiPdf = await pdfPlan.matched[1]!.read();
    const texts = await extractPageTexts(mehdiPdf);
    expect(texts).toHaveLength(2);
    expect(texts.join(' ')).toContain('M1104');
    expect(texts.join(' ')).not.toMatch(/M1103|M1105/);
  });

  it('publishes once, notifies once, and replaces only with --replace keeping the previous version', async () => {
    const db = t.ctx.storage.db;
    const runPath = path.join(work, 'run.pdf');
    const plan = await planImport(db, { period: PERIOD, sourcePath: runPath });
    const first = await publishPlan(db, t.ctx.blobs, plan, { replace: false, publishedBy: 'cli:test' });
    expect(first.failed).toEqual([]);
    expect(first.published.map((p) => [p.matricule, p.version, p.notification])).toEqual([
      ['M1103', 1, 'enqueued'],
      ['M1104', 1, 'enqueued'],
      ['M1105', 1, 'no_conversation'],
    ]);
    const docs = await db.selectFrom('documents').selectAll().orderBy('created_at').execute();
    expect(docs).toHaveLength(3);
    for (const d of docs) {
      // Keys are built from ids only, and the stored hash is the content's.
      expect(d.blob_key).toBe(`documents/${d.person_id}/${d.id}.pdf`);
      const info = await t.ctx.blobs.head(d.blob_key);
      expect(info?.sha256).toBe(d.sha256);
    }

    // Same import again without --replace: nothing new, no second notification.
    const again = await publishPlan(db, t.ctx.blobs, await planImport(db, { period: PERIOD, sourcePath: runPath }), { replace: false, publishedBy: 'cli:test' });
    expect(again.published).toEqual([]);
    expect(again.skipped.map((s) => s.reason)).toEqual(['already_published', 'already_published', 'already_published']);
    const outbox = await db.selectFrom('outbound_messages').selectAll().execute();
    expect(outbox).toHaveLength(2);
    expect(outbox.map((o) => o.dedupe_key).sort()).toEqual([`documents:payslip:${PERIOD}:${kevin}:v1`, `documents:payslip:${PERIOD}:${mehdi}:v1`].sort());
    expect(JSON.stringify(outbox[0]!.message)).toContain("Ton bulletin d'octobre 2026 est disponible");

    // With --replace: version 2 becomes active, version 1 is kept as replaced.
    const replaced = await publishPlan(db, t.ctx.blobs, await planImport(db, { period: PERIOD, sourcePath: runPath }), { replace: true, publishedBy: 'cli:test' });
    expect(replaced.published.map((p) => p.version)).toEqual([2, 2, 2]);
    const kevinDocs = await db.selectFrom('documents').selectAll().where('person_id', '=', kevin).orderBy('version').execute();
    expect(kevinDocs.map((d) => [d.version, d.status])).toEqual([
      [1, 'replaced'],
      [2, 'active'],
    ]);
    expect(kevinDocs[0]!.replaced_by).toBe(kevinDocs[1]!.id);
    expect(await t.ctx.blobs.exists(kevinDocs[0]!.blob_key)).toBe(true);
    expect(await db.selectFrom('outbound_messages').selectAll().execute()).toHaveLength(4);
    expect(await db.selectFrom('documents').selectAll().where('person_id', '=', julien).where('status', '=', 'active').execute()).toHaveLength(1);

    const audit = await db.selectFrom('audit_log').selectAll().where('action', '=', 'documents.publish').execute();
    expect(audit).toHaveLength(6);
    expect(audit.every((a) => a.outcome === 'success' && a.actor === 'cli:test')).toBe(true);
  });
});
