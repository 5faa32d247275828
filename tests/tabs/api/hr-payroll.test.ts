/**
 * HR publishes a payroll run from the tab: multipart upload → the CLI's dry-run report → publish
 * (idempotent) with notifications, through `app.inject` on a real PGlite database, the local blob
 * store and real PDFs. Agents and managers are refused and audited; oversize and bad input answered.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import JSZip from 'jszip';
import type { PayrollPreview, PayrollPublication } from '../../../core/documents/payroll-types.js';
import { purgeExpiredPayrollUploads } from '../../../core/documents/payroll-uploads.js';
import { demoIds } from '../../../core/seed/seed.js';
import { LOCAL_USER_HEADER } from '../../../server/auth/authenticate.js';
import { addConversation, makePdf, payslipPage } from '../../core/documents/fixtures.js';
import { createTestContext, type TestContext } from '../../helpers/test-context.js';

const PERIOD = '2026-10';
const HR = 'karim.benali';
const OTHER_HR = 'sophie.lambert';
const MANAGER = 'jean-marc.dupuis';
const AGENT = 'lucas.fontaine';
const person = (key: string) => demoIds.person(key);
const kevin = person('kevin.martin'); // M1103
const mehdi = person('mehdi.haddad'); // M1104

let t: TestContext;

beforeAll(async () => {
  // A 1 MB limit keeps the oversize case small.
  t = await createTestContext({ today: '2026-10-20', env: { PAYROLL_UPLOAD_MAX_MB: '1' } });
  await addConversation(t.ctx.storage.db, kevin);
});
afterAll(async () => {
  await t?.close();
});

interface Upload {
  name: string;
  data: Buffer;
  type?: string;
}

async function multipart(fields: Record<string, string>, files: Upload[]) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const f of files) form.append('file', new Blob([new Uint8Array(f.data)], { type: f.type ?? 'application/octet-stream' }), f.name);
  const res = new Response(form);
  return { payload: Buffer.from(await res.arrayBuffer()), contentType: res.headers.get('content-type')! };
}

async function preview(as: string, fields: Record<string, string>, files: Upload[]) {
  const body = await multipart(fields, files);
  const res = await t.app.inject({ method: 'POST', url: '/api/tab/hr/payroll/preview', headers: { [LOCAL_USER_HEADER]: person(as), 'content-type': body.contentType }, payload: body.payload });
  return { status: res.statusCode, body: res.json() as PayrollPreview & { error?: { code: string } } };
}

async function publish(as: string, uploadId: string) {
  const res = await t.app.inject({ method: 'POST', url: `/api/tab/hr/payroll/${uploadId}/publish`, headers: { [LOCAL_USER_HEADER]: person(as) } });
  return { status: res.statusCode, body: res.json() as PayrollPublication & { error?: { code: string } } };
}

async function stagedKeys(): Promise<string[]> {
  const keys: string[] = [];
  for await (const info of t.ctx.blobs.list('staging/')) keys.push(info.key);
  return keys;
}

const pdf = (matricule: string, name: string, period = PERIOD) => makePdf([payslipPage(matricule, name, period)]);

async function runZip(): Promise<Buffer> {
  const zip = new JSZip();
  zip.file('M1103_2026-10.pdf', await pdf('M1103', 'Kévin Martin'));
  zip.file('M1104_2026-10.pdf', await pdf('M1104', 'Mehdi Haddad'));
  zip.file('M1105_2026-10.pdf', await pdf('M1105', 'Julien Petit'));
  zip.file('M1105-2026-10.pdf', await pdf('M1105', 'Julien Petit'));
  zip.file('X9999_2026-10.pdf', await pdf('X9999', 'Personne'));
  zip.file('lisez-moi.txt', 'not a payslip');
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

describe('HR publishes a payroll ZIP from the tab', () => {
  let uploadId: string;

  it('previews the run with the same report as the CLI, publishing nothing', async () => {
    const res = await preview(HR, { period: PERIOD }, [{ name: 'paie-octobre.zip', data: await runZip(), type: 'application/zip' }]);
    expect(res.status).toBe(200);
    const report = res.body;
    uploadId = report.uploadId;
    expect(report.period).toBe(PERIOD);
    expect(report.sourceKind).toBe('zip');
    expect(report.files).toEqual(['paie-octobre.zip']);
    expect(report.sourcePath).toBe('paie-octobre.zip'); // never the server's temp folder
    expect(report.matched.map((m) => [m.matricule, m.source])).toEqual([
      ['M1103', 'M1103_2026-10.pdf'],
      ['M1104', 'M1104_2026-10.pdf'],
    ]);
    expect(Object.fromEntries(report.unmatched.map((u) => [u.source, u.reason]))).toEqual({ 'X9999_2026-10.pdf': 'unknown_matricule', 'lisez-moi.txt': 'not_pdf' });
    expect(report.duplicates.map((d) => [d.matricule, [...d.sources].sort()])).toEqual([['M1105', ['M1105-2026-10.pdf', 'M1105_2026-10.pdf']]]);
    const missing = report.missing.map((m) => m.matricule);
    expect(missing).toContain('M1001');
    expect(missing).not.toContain('M1103');
    expect(missing).not.toContain('M1105');
    expect(report.alreadyPublished).toEqual([]);
    expect(new Date(report.expiresAt).getTime() - new Date(report.uploadedAt).getTime()).toBe(24 * 3600 * 1000);
    expect(await t.ctx.storage.db.selectFrom('documents').selectAll().execute()).toEqual([]);
    expect((await stagedKeys()).filter((k) => k.startsWith(`staging/payroll/${uploadId}/`)).length).toBeGreaterThan(1);
  });

  it('publishes the staged upload and notifies the agents who talked to the bot', async () => {
    const res = await publish(HR, uploadId);
    expect(res.status).toBe(200);
    expect(res.body.repeated).toBe(false);
    expect(res.body.publishedBy).toBe(`tab:${person(HR)}`);
    expect(res.body.published.map((p) => [p.matricule, p.notification])).toEqual([
      ['M1103', 'enqueued'],
      ['M1104', 'no_conversation'],
    ]);
    const docs = await t.ctx.storage.db.selectFrom('documents').select(['person_id', 'period', 'status']).execute();
    expect(docs.map((d) => d.person_id).sort()).toEqual([kevin, mehdi].sort());
    const outbox = await t.ctx.storage.db.selectFrom('outbound_messages').select('dedupe_key').execute();
    expect(outbox.map((o) => o.dedupe_key)).toContain(`documents:payslip:${PERIOD}:${kevin}:v1`);
    // The source PDFs are gone once published; the manifest and result stay until expiry.
    expect((await stagedKeys()).filter((k) => k.includes('/files/'))).toEqual([]);
  });

  it('is idempotent: a second publication answers the first result and publishes nothing more', async () => {
    const first = await publish(HR, uploadId);
    const again = await publish(OTHER_HR, uploadId);
    for (const res of [first, again]) {
      expect(res.status).toBe(200);
      expect(res.body.repeated).toBe(true);
      expect(res.body.publishedBy).toBe(`tab:${person(HR)}`);
      expect(res.body.published.map((p) => p.matricule)).toEqual(['M1103', 'M1104']);
    }
    expect(await t.ctx.storage.db.selectFrom('documents').selectAll().execute()).toHaveLength(2);
    const audits = await t.ctx.storage.db.selectFrom('audit_log').selectAll().where('action', '=', 'documents.payroll.publish').where('outcome', '=', 'success').execute();
    expect(audits.map((a) => a.actor).sort()).toEqual([person(HR), person(HR), person(OTHER_HR)].sort());
  });

  it('shows payslips already published in a new preview of the same period', async () => {
    const res = await preview(HR, { period: PERIOD }, [{ name: 'M1103_2026-10.pdf', data: await pdf('M1103', 'Kévin Martin') }, { name: 'M1104_2026-10.pdf', data: await pdf('M1104', 'Mehdi Haddad') }]);
    expect(res.status).toBe(200);
    expect(res.body.sourceKind).toBe('folder');
    expect(res.body.alreadyPublished.map((a) => [a.matricule, a.version])).toEqual([
      ['M1103', 1],
      ['M1104', 1],
    ]);
    // Without `replace`, publishing skips them.
    const published = await publish(HR, res.body.uploadId);
    expect(published.body.published).toEqual([]);
    expect(published.body.skipped.map((s) => s.reason)).toEqual(['already_published', 'already_published']);
  });
});

describe('two HR members publishing the same upload at once', () => {
  it('publishes once; both get the same payslips', async () => {
    const res = await preview(HR, { period: '2026-08' }, [{ name: 'M1103_2026-08.pdf', data: await pdf('M1103', 'Kévin Martin', '2026-08') }]);
    expect(res.status).toBe(200);
    const [a, b] = await Promise.all([publish(HR, res.body.uploadId), publish(OTHER_HR, res.body.uploadId)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect([a.body.repeated, b.body.repeated].sort()).toEqual([false, true]);
    expect(a.body.published.map((p) => p.documentId)).toEqual(b.body.published.map((p) => p.documentId));
    const rows = await t.ctx.storage.db.selectFrom('documents').select('id').where('period', '=', '2026-08').execute();
    expect(rows).toHaveLength(1);
  });
});

describe('other sources and input checks', () => {
  it('publishes a run sent as several PDFs, one per agent', async () => {
    const files = [
      { name: 'M1106_2026-07.pdf', data: await pdf('M1106', 'Sébastien Moreau', '2026-07') },
      { name: 'M1107_2026-07.pdf', data: await pdf('M1107', 'Alexandre Lucas', '2026-07') },
    ];
    const res = await preview(HR, { period: '2026-07' }, files);
    expect(res.status).toBe(200);
    expect(res.body.sourceKind).toBe('folder');
    const published = await publish(HR, res.body.uploadId);
    expect(published.status).toBe(200);
    expect(published.body.failed).toEqual([]);
    expect(published.body.published.map((p) => p.matricule)).toEqual(['M1106', 'M1107']);
    const rows = await t.ctx.storage.db.selectFrom('documents').select(['blob_key', 'person_id']).where('period', '=', '2026-07').orderBy('blob_key').execute();
    expect(rows).toHaveLength(2);
    // Each agent's document holds the bytes of their own file.
    for (const [i, who] of [['M1106', 'sebastien.moreau'], ['M1107', 'alexandre.lucas']].entries()) {
      const row = rows.find((r) => r.person_id === person(who![1]!))!;
      expect((await t.ctx.blobs.getBuffer(row.blob_key)).equals(files[i]!.data)).toBe(true);
    }
  });

  it('splits one multi-page PDF of the whole run by matricule', async () => {
    const run = await makePdf([payslipPage('M1106', 'Sébastien Moreau', '2026-09'), payslipPage('M1107', 'Alexandre Lucas', '2026-09'), payslipPage('M1107', 'Alexandre Lucas', '2026-09', 2)]);
    const res = await preview(HR, { period: '2026-09' }, [{ name: 'paie-2026-09.pdf', data: run, type: 'application/pdf' }]);
    expect(res.status).toBe(200);
    expect(res.body.sourceKind).toBe('pdf');
    expect(res.body.matched.map((m) => [m.matricule, m.source])).toEqual([
      ['M1106', 'paie-2026-09.pdf page 1'],
      ['M1107', 'paie-2026-09.pdf pages 2-3'],
    ]);
  });

  it('answers 400 for a wrong period and keeps nothing staged', async () => {
    const before = await stagedKeys();
    const res = await preview(HR, { period: '2026-13' }, [{ name: 'M1103_2026-10.pdf', data: await pdf('M1103', 'Kévin Martin') }]);
    expect(res.status).toBe(400);
    expect(res.body.error?.code).toBe('EQP_ERR_DOCUMENT_IMPORT_SOURCE_INVALID');
    const none = await preview(HR, { period: PERIOD }, []);
    expect(none.status).toBe(400);
    expect(none.body.error?.code).toBe('EQP_ERR_VALIDATION');
    expect(await stagedKeys()).toEqual(before);
  });

  it('answers 413 past PAYROLL_UPLOAD_MAX_MB and keeps nothing staged', async () => {
    const before = await stagedKeys();
    const big = Buffer.alloc(1536 * 1024, 0x41);
    const res = await preview(HR, { period: PERIOD }, [{ name: 'run.zip', data: big }]);
    expect(res.status).toBe(413);
    expect(res.body.error?.code).toBe('EQP_ERR_PAYLOAD_TOO_LARGE');
    // Several files that pass one by one but not together.
    const half = Buffer.alloc(600 * 1024, 0x41);
    const split = await preview(HR, { period: PERIOD }, [{ name: 'a.pdf', data: half }, { name: 'b.pdf', data: half }]);
    expect(split.status).toBe(413);
    expect(await stagedKeys()).toEqual(before);
  });

  it('refuses an expired upload', async () => {
    const res = await preview(HR, { period: PERIOD }, [{ name: 'M1105_2026-10.pdf', data: await pdf('M1105', 'Julien Petit') }]);
    expect(res.status).toBe(200);
    const purged = await purgeExpiredPayrollUploads({ blobs: t.ctx.blobs, now: () => new Date(Date.now() + 25 * 3600 * 1000) });
    expect(purged).toBeGreaterThanOrEqual(1);
    expect(await stagedKeys()).toEqual([]);
    const late = await publish(HR, res.body.uploadId);
    expect(late.status).toBe(404);
    expect(late.body.error?.code).toBe('EQP_ERR_NOT_FOUND');
    expect(await t.ctx.storage.db.selectFrom('documents').selectAll().where('person_id', '=', person('julien.petit')).execute()).toEqual([]);
  });
});

describe('HR only', () => {
  it.each([AGENT, MANAGER])('refuses %s with 403, audited, staging nothing', async (who) => {
    const before = await stagedKeys();
    const res = await preview(who, { period: PERIOD }, [{ name: 'M1103_2026-10.pdf', data: await pdf('M1103', 'Kévin Martin') }]);
    expect(res.status).toBe(403);
    expect(res.body.error?.code).toBe('EQP_ERR_FORBIDDEN');
    const pub = await publish(who, '00000000-0000-4000-8000-000000000000');
    expect(pub.status).toBe(403);
    expect(pub.body.error?.code).toBe('EQP_ERR_FORBIDDEN');
    const denied = await t.ctx.storage.db.selectFrom('audit_log').select(['action', 'subject_id']).where('actor', '=', person(who)).where('outcome', '=', 'denied').where('subject_type', '=', 'payroll_upload').execute();
    expect(denied).toEqual(
      expect.arrayContaining([
        { action: 'documents.payroll.preview', subject_id: null },
        { action: 'documents.payroll.publish', subject_id: '00000000-0000-4000-8000-000000000000' },
      ]),
    );
    expect(await stagedKeys()).toEqual(before);
  });
});
