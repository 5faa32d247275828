import { createHash, randomBytes } from 'node:crypto';
import { text } from 'node:stream/consumers';
import { DocumentService } from '../../../core/documents/document-service.js';
import { findAuditEntries } from '../../../core/documents/document-audit.js';
import { encodeLinkPayload, LINK_TTL_MS, readSignedLink, signLink } from '../../../core/documents/links.js';
import { resolveLinkSecret } from '../../../core/documents/link-secret.js';
import { extractPageTexts } from '../../../core/documents/pdf-split.js';
import { applyRetention } from '../../../core/documents/retention.js';
import { callerFromTeams } from '../../../core/documents/teams-identity.js';
import { isEquipageError } from '../../../core/errors.js';
import { demoIds } from '../../../core/seed/seed.js';
import type { Person } from '../../../core/storage/schema.js';
import { createTestContext, type TestContext } from '../../helpers/test-context.js';
import { callerOf, seededRandom } from './fixtures.js';
import { publishRun } from './published-run.js';

const KEYS = ['kevin.martin', 'mehdi.haddad', 'julien.petit', 'sebastien.moreau', 'alexandre.lucas', 'jean-marc.dupuis', 'karim.benali', 'pierre.bonnet'];

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (error) {
    if (isEquipageError(error)) return error.code;
    throw error;
  }
}

describe('documents access (domain)', () => {
  let t: TestContext;
  let service: DocumentService;
  let clock = new Date();
  let secret: Buffer;
  const people = new Map<string, Person>();
  let docs: Map<string, string>;
  const id = (key: string) => demoIds.person(key);

  beforeAll(async () => {
    t = await createTestContext({ today: '2026-10-20' });
    secret = resolveLinkSecret(t.config);
    service = new DocumentService({ db: t.ctx.storage.db, blobs: t.ctx.blobs, config: t.config, linkSecret: secret, now: () => clock });
    for (const p of await t.ctx.storage.db.selectFrom('people').selectAll().execute()) people.set(p.id, p);
    docs = await publishRun(t.ctx.storage.db, t.ctx.blobs, '2026-10', KEYS.map(id));
    await publishRun(t.ctx.storage.db, t.ctx.blobs, '2026-09', KEYS.map(id));
  });
  afterAll(async () => {
    await t?.close();
  });
  beforeEach(() => {
    clock = new Date();
  });

  const caller = (key: string) => callerOf(people.get(id(key))!);

  it('maps a Teams identity by Entra object id, else by UPN, else to nobody', async () => {
    const db = t.ctx.storage.db;
    expect((await callerFromTeams(db, { aadObjectId: demoIds.entraObjectId('kevin.martin') })).personId).toBe(id('kevin.martin'));
    expect((await callerFromTeams(db, { aadObjectId: '00000000-0000-4000-8000-000000000000', upn: 'Mehdi.Haddad@beaulieu-sur-aune.fr' })).personId).toBe(id('mehdi.haddad'));
    const nobody = await callerFromTeams(db, { aadObjectId: '00000000-0000-4000-8000-000000000000' });
    expect(nobody.personId).toBeNull();
    expect(await codeOf(service.listMine(nobody, 'bot'))).toBe('EQP_ERR_PERSON_NOT_LINKED');
  });

  it('lists and finds only the caller’s own documents', async () => {
    const mine = await service.listMine(caller('kevin.martin'), 'bot');
    expect(mine.map((d) => d.period)).toEqual(['2026-10', '2026-09']);
    const latest = await service.findPayslip(caller('kevin.martin'), 'bot', undefined);
    expect(latest?.id).toBe(docs.get(id('kevin.martin')));
    expect((await service.findPayslip(caller('kevin.martin'), 'bot', '2026-09'))?.period).toBe('2026-09');
    expect(await service.findPayslip(caller('kevin.martin'), 'bot', '2025-01')).toBeUndefined();
  });

  it('runs the signed link lifecycle: valid once, then replay, expiry, tampering and foreign documents refused', async () => {
    const kevin = caller('kevin.martin');
    const link = await service.issueLink(kevin, 'bot', docs.get(id('kevin.martin')));
    expect(link.url).toMatch(/\/api\/documents\/download\/[\w-]{68}\.[\w-]{22}$/);
    const download = await service.redeemLink(link.token);
    const body = Buffer.from(await text(download.stream), 'latin1');
    expect(download.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(body.subarray(0, 5).toString()).toBe('%PDF-');
    expect(await codeOf(service.redeemLink(link.token))).toBe('EQP_ERR_DOCUMENT_LINK_USED');

    const expiring = await service.issueLink(kevin, 'bot', docs.get(id('kevin.martin')));
    clock = new Date(Date.now() + LINK_TTL_MS + 1000);
    expect(await codeOf(service.redeemLink(expiring.token))).toBe('EQP_ERR_DOCUMENT_LINK_EXPIRED');
    clock = new Date();

    const fresh = await service.issueLink(kevin, 'bot', docs.get(id('kevin.martin')));
    const [payload, sig] = fresh.token.split('.') as [string, string];
    const claims = readSignedLink(secret, fresh.token)!;
    const swapped = encodeLinkPayload({ ...claims, documentId: docs.get(id('mehdi.haddad'))! }).toString('base64url');
    expect(await codeOf(service.redeemLink(`${swapped}.${sig}`))).toBe('EQP_ERR_DOCUMENT_LINK_INVALID');
    expect(await codeOf(service.redeemLink(`${payload.slice(0, -2)}AA.${sig}`))).toBe('EQP_ERR_DOCUMENT_LINK_INVALID');
    expect(await codeOf(service.redeemLink(`${payload}.${sig}x`))).toBe('EQP_ERR_DOCUMENT_LINK_INVALID');
    const forged = signLink(randomBytes(32), { ...claims, documentId: docs.get(id('mehdi.haddad'))! });
    expect(await codeOf(service.redeemLink(forged))).toBe('EQP_ERR_DOCUMENT_LINK_INVALID');
    // Signed with the right key but never issued (the nonce is unknown).
    expect(await codeOf(service.redeemLink(signLink(secret, { ...claims, nonce: randomBytes(12).toString('base64url') })))).toBe('EQP_ERR_DOCUMENT_LINK_INVALID');
    // The genuine link still works once.
    expect(await codeOf(service.redeemLink(fresh.token).then((d) => d.stream.destroy()))).toBe('OK');

    // Someone else's document: the same "not found" as a document that does not exist.
    expect(await codeOf(service.issueLink(kevin, 'bot', docs.get(id('mehdi.haddad'))))).toBe('EQP_ERR_NOT_FOUND');
    // Kévin's manager and an HR member do not get his payslip either.
    expect(await codeOf(service.issueLink(caller('jean-marc.dupuis'), 'bot', docs.get(id('kevin.martin'))))).toBe('EQP_ERR_NOT_FOUND');
    expect(await codeOf(service.issueLink(caller('karim.benali'), 'tab', docs.get(id('kevin.martin'))))).toBe('EQP_ERR_NOT_FOUND');
    // Path tricks in the id.
    for (const trick of [`../${docs.get(id('mehdi.haddad'))}`, `documents/${id('mehdi.haddad')}/${docs.get(id('mehdi.haddad'))}.pdf`, '%2e%2e%2f', { id: docs.get(id('mehdi.haddad')) }]) {
      expect(await codeOf(service.issueLink(kevin, 'bot', trick))).toBe('EQP_ERR_NOT_FOUND');
    }
  });

  it('audits deliveries and refusals, readable per person', async () => {
    const entries = await findAuditEntries(t.ctx.storage.db, id('mehdi.haddad'));
    // Kévin's attempts on Mehdi's payslip are in Mehdi's log, as denied.
    expect(entries.some((e) => e.action === 'documents.link' && e.outcome === 'denied' && e.actor === id('kevin.martin'))).toBe(true);
    const kevinLog = await findAuditEntries(t.ctx.storage.db, id('kevin.martin'));
    expect(kevinLog.some((e) => e.action === 'documents.download' && e.outcome === 'success' && e.channel === 'link')).toBe(true);
    expect(kevinLog.some((e) => e.action === 'documents.download' && e.outcome === 'denied' && e.details?.reason === 'replayed')).toBe(true);
    expect(kevinLog.some((e) => e.action === 'documents.download' && e.outcome === 'denied' && e.details?.reason === 'expired')).toBe(true);
  });

  it('generates a certificate with a verification code, and verifies files by hash', async () => {
    const issued = await service.issueCertificate(caller('pierre.bonnet'), 'bot', 'attestation_employeur');
    expect(issued.code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(issued.verifyUrl).toBe(`http://127.0.0.1:3978/verify/${issued.code}`);
    const download = await service.redeemLink(issued.token);
    const chunks: Buffer[] = [];
    for await (const c of download.stream) chunks.push(c as Buffer);
    const pdf = Buffer.concat(chunks);
    const pageText = (await extractPageTexts(pdf)).join(' ');
    for (const expected of ['Attestation employeur', 'Pierre Bonnet', 'Jardinier', 'Espaces verts', 'Ville de Beaulieu-sur-Aune', issued.code]) expect(pageText).toContain(expected);

    const ok = await service.verifyCertificate(issued.code.toLowerCase(), { file: pdf });
    expect(ok).toMatchObject({ holder: 'Pierre Bonnet', kind: 'attestation_employeur', fileMatches: true });
    const altered = Buffer.from(pdf);
    altered[altered.length - 20]! ^= 1;
    expect((await service.verifyCertificate(issued.code, { file: altered })).fileMatches).toBe(false);
    expect((await service.verifyCertificate(issued.code, { sha256: createHash('sha256').update(pdf).digest('hex') })).fileMatches).toBe(true);
    expect(await codeOf(service.verifyCertificate('ZZZZ-ZZZZ-ZZZZ'))).toBe('EQP_ERR_NOT_FOUND');
    // The certificate is the holder's document only.
    expect(await codeOf(service.issueLink(caller('kevin.martin'), 'bot', issued.document.id))).toBe('EQP_ERR_NOT_FOUND');
  });

  it('makes 1,000 randomized cross-user attempts and leaks nothing', async () => {
    const db = t.ctx.storage.db;
    const rand = seededRandom(20261015);
    const kinds = ['foreign_id', 'manager', 'hr', 'replay', 'expired', 'swapped', 'forged', 'path'] as const;
    const counts: Record<string, number> = {};
    let leaks = 0;
    let refused = 0;
    for (let i = 0; i < 1000; i++) {
      const kind = kinds[rand(kinds.length)]!;
      counts[kind] = (counts[kind] ?? 0) + 1;
      const victimKey = KEYS[rand(KEYS.length)]!;
      let attackerKey = KEYS[rand(KEYS.length)]!;
      if (attackerKey === victimKey) attackerKey = KEYS[(KEYS.indexOf(victimKey) + 1) % KEYS.length]!;
      if (kind === 'manager') attackerKey = people.get(people.get(id(victimKey))!.manager_id ?? id('claire.morel'))?.upn.split('@')[0] ?? 'claire.morel';
      if (kind === 'hr') attackerKey = 'sophie.lambert';
      const attacker = caller(attackerKey);
      const victimDoc = docs.get(id(victimKey))!;
      let attempt: Promise<unknown>;
      switch (kind) {
        case 'foreign_id':
        case 'manager':
        case 'hr':
          attempt = service.issueLink(attacker, rand(2) ? 'bot' : 'tab', victimDoc).then(async (l) => service.redeemLink(l.token));
          break;
        case 'replay': {
          const l = await service.issueLink(caller(victimKey), 'bot', victimDoc);
          (await service.redeemLink(l.token)).stream.destroy();
          attempt = service.redeemLink(l.token);
          break;
        }
        case 'expired': {
          const l = await service.issueLink(caller(victimKey), 'bot', victimDoc);
          clock = new Date(Date.now() + LINK_TTL_MS + rand(1_000_000));
          attempt = service.redeemLink(l.token).finally(() => (clock = new Date()));
          break;
        }
        case 'swapped': {
          const own = await service.issueLink(attacker, 'bot', docs.get(id(attackerKey)) ?? docs.get(id('kevin.martin')));
          const sig = own.token.split('.')[1]!;
          const c = readSignedLink(secret, own.token)!;
          const payload = encodeLinkPayload({ ...c, personId: rand(2) ? c.personId : id(victimKey), documentId: victimDoc }).toString('base64url');
          attempt = service.redeemLink(`${payload}.${sig}`);
          break;
        }
        case 'forged':
          attempt = service.redeemLink(signLink(randomBytes(32), { personId: attacker.personId!, documentId: victimDoc, expiresAt: Date.now() + 60_000, nonce: randomBytes(12).toString('base64url') }));
          break;
        case 'path':
          attempt = service.issueLink(attacker, 'bot', [`../${victimDoc}`, `${victimDoc}/..`, `${victimDoc}%00`, victimDoc.toUpperCase() + ' ', `documents/${id(victimKey)}/${victimDoc}.pdf`][rand(5)]);
          break;
      }
      try {
        const result = (await attempt) as { document?: { id: string }; stream?: { destroy(): void } };
        result.stream?.destroy();
        // Anything handed over in an attack is a leak, whoever it belongs to.
        leaks++;
      } catch (error) {
        if (!isEquipageError(error)) throw error;
        refused++;
      }
    }
    expect(leaks).toBe(0);
    expect(refused).toBe(1000);
    for (const k of kinds) expect(counts[k]).toBeGreaterThan(50);
    const denied = await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('outcome', '=', 'denied').executeTakeFirstOrThrow();
    expect(Number(denied.n)).toBeGreaterThanOrEqual(1000);
  });

  it('ends a leaver’s access after LEAVER_ACCESS_DAYS and archives per the retention policy', async () => {
    const db = t.ctx.storage.db;
    await db.updateTable('people').set({ status: 'left', left_at: '2026-09-30' }).where('id', '=', id('alexandre.lucas')).execute();
    // Within the access period (90 days by default): still served.
    clock = new Date('2026-11-15T10:00:00Z');
    expect((await service.listMine(caller('alexandre.lucas'), 'bot')).length).toBe(2);
    clock = new Date('2027-01-15T10:00:00Z');
    expect(await codeOf(service.listMine(caller('alexandre.lucas'), 'bot'))).toBe('EQP_ERR_DOCUMENT_ACCESS_ENDED');

    await db.updateTable('documents').set({ created_at: new Date('2020-01-15T00:00:00Z') }).where('person_id', '=', id('sebastien.moreau')).where('period', '=', '2026-09').execute();
    const dry = await applyRetention(db, t.config.documents, { now: new Date('2027-01-15T10:00:00Z'), dryRun: true });
    expect(dry).toMatchObject({ archivedByAge: 1, archivedLeavers: 2 });
    const applied = await applyRetention(db, t.config.documents, { now: new Date('2027-01-15T10:00:00Z') });
    expect(applied).toMatchObject({ archivedByAge: 1, archivedLeavers: 2 });
    const statuses = await db.selectFrom('documents').select(['person_id', 'period', 'status']).where('person_id', 'in', [id('sebastien.moreau'), id('alexandre.lucas')]).where('kind', '=', 'payslip').orderBy('period').execute();
    expect(statuses.filter((s) => s.status === 'archived')).toHaveLength(3);
    clock = new Date();
    expect((await service.listMine(caller('sebastien.moreau'), 'bot')).map((d) => d.period)).toEqual(['2026-10']);
    expect(await applyRetention(db, t.config.documents, { now: new Date('2027-01-15T10:00:00Z') })).toMatchObject({ archivedByAge: 0, archivedLeavers: 0 });
  });
});
