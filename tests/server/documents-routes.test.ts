import { randomBytes } from 'node:crypto';
import { resolveLinkSecret } from '../../core/documents/link-secret.js';
import { encodeLinkPayload, readSignedLink, signLink } from '../../core/documents/links.js';
import { demoIds } from '../../core/seed/seed.js';
import { LOCAL_USER_HEADER } from '../../server/auth/authenticate.js';
import { createTestContext, type TestContext } from '../helpers/test-context.js';
import { seededRandom } from '../core/documents/fixtures.js';
import { publishRun } from '../core/documents/published-run.js';

const KEYS = ['kevin.martin', 'mehdi.haddad', 'julien.petit', 'pierre.bonnet', 'jean-marc.dupuis', 'karim.benali'];
const upn = (key: string) => `${key}@beaulieu-sur-aune.fr`;

describe('documents HTTP routes', () => {
  let t: TestContext;
  let docs: Map<string, string>;
  let secret: Buffer;

  beforeAll(async () => {
    t = await createTestContext({ today: '2026-10-20' });
    docs = await publishRun(t.ctx.storage.db, t.ctx.blobs, '2026-10', KEYS.map((k) => demoIds.person(k)));
    secret = resolveLinkSecret(t.config);
  });
  afterAll(async () => {
    await t?.close();
  });

  const docOf = (key: string) => docs.get(demoIds.person(key))!;
  const linkFor = async (key: string, documentId: string) =>
    t.app.inject({ method: 'POST', url: `/api/documents/mine/${encodeURIComponent(documentId)}/link`, headers: { [LOCAL_USER_HEADER]: upn(key) } });
  const download = (pathOrToken: string, accept = 'application/json') =>
    t.app.inject({ method: 'GET', url: pathOrToken.startsWith('/') ? pathOrToken : `/api/documents/download/${pathOrToken}`, headers: { accept } });

  it('lists my documents and downloads one through a single-use link', async () => {
    const mine = await t.app.inject({ method: 'GET', url: '/api/documents/mine', headers: { [LOCAL_USER_HEADER]: upn('kevin.martin') } });
    expect(mine.statusCode).toBe(200);
    expect(mine.json().documents).toEqual([expect.objectContaining({ id: docOf('kevin.martin'), period: '2026-10', title: 'Bulletin de paie — octobre 2026' })]);
    expect((await t.app.inject({ method: 'GET', url: '/api/documents/mine' })).statusCode).toBe(401);

    const link = await linkFor('kevin.martin', docOf('kevin.martin'));
    expect(link.statusCode).toBe(200);
    const token = new URL(link.json().url).pathname.split('/').pop()!;
    const first = await download(token);
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toBe('application/pdf');
    expect(first.headers['content-disposition']).toMatch(/^attachment; filename="bulletin-de-paie-2026-10\.pdf"/);
    expect(first.headers['cache-control']).toBe('no-store');
    expect(first.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

    const replay = await download(token);
    expect(replay.statusCode).toBe(410);
    expect(replay.json().error.code).toBe('EQP_ERR_DOCUMENT_LINK_USED');
    const html = await download(token, 'text/html,application/xhtml+xml');
    expect(html.statusCode).toBe(410);
    expect(html.headers['content-type']).toMatch(/text\/html/);
    expect(html.body).toContain('déjà servi');

    // An expired link (issued 11 minutes ago).
    const claims = readSignedLink(secret, token)!;
    const nonce = randomBytes(12).toString('base64url');
    const expiresAt = new Date(Date.now() - 60_000);
    await t.ctx.storage.db.insertInto('document_links').values({ nonce, person_id: claims.personId, document_id: claims.documentId, channel: 'bot', issued_at: new Date(Date.now() - 660_000), expires_at: expiresAt, used_at: null }).execute();
    const expired = await download(signLink(secret, { ...claims, nonce, expiresAt: expiresAt.getTime() }));
    expect(expired.statusCode).toBe(410);
    expect(expired.json().error.code).toBe('EQP_ERR_DOCUMENT_LINK_EXPIRED');

    const tampered = await download(`${token.slice(0, 10)}x${token.slice(11)}`);
    expect(tampered.statusCode).toBe(403);
    expect(tampered.json().error.code).toBe('EQP_ERR_DOCUMENT_LINK_INVALID');

    const foreign = await linkFor('kevin.martin', docOf('mehdi.haddad'));
    expect(foreign.statusCode).toBe(404);
  });

  it('issues a certificate and verifies it publicly (HTML, JSON, file upload match and mismatch)', async () => {
    const issued = await t.app.inject({ method: 'POST', url: '/api/documents/mine/certificates', headers: { [LOCAL_USER_HEADER]: upn('pierre.bonnet') }, payload: { kind: 'certificat_travail' } });
    expect(issued.statusCode).toBe(201);
    const { code, url } = issued.json() as { code: string; url: string };
    const pdf = (await download(new URL(url).pathname)).rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

    const page = await t.app.inject({ method: 'GET', url: `/verify/${code}`, headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Pierre Bonnet');
    expect(page.body).toContain('Certificat de travail');
    const json = await t.app.inject({ method: 'GET', url: `/verify/${code}`, headers: { accept: 'application/json' } });
    expect(json.json()).toMatchObject({ code, holder: 'Pierre Bonnet', kind: 'certificat_travail' });

    const boundary = '----equipage';
    const multipart = (file: Buffer) =>
      Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="c.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
        file,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
    const match = await t.app.inject({ method: 'POST', url: `/verify/${code}`, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, accept: 'text/html' }, payload: multipart(pdf) });
    expect(match.statusCode).toBe(200);
    expect(match.body).toContain('Le fichier est authentique');
    const altered = Buffer.from(pdf);
    altered[100]! ^= 1;
    const mismatch = await t.app.inject({ method: 'POST', url: `/verify/${code}`, headers: { 'content-type': 'application/pdf', accept: 'application/json' }, payload: altered });
    expect(mismatch.json()).toMatchObject({ fileMatches: false });
    const unknown = await t.app.inject({ method: 'GET', url: '/verify/AAAA-BBBB-CCCC', headers: { accept: 'application/json' } });
    expect(unknown.statusCode).toBe(404);
  });

  it('makes 1,000 randomized cross-user attempts over HTTP and leaks nothing', async () => {
    const rand = seededRandom(4242);
    const kinds = ['foreign_id', 'manager', 'hr', 'replay', 'swapped', 'forged', 'path', 'guessed'] as const;
    let leaks = 0;
    const statuses: Record<number, number> = {};
    for (let i = 0; i < 1000; i++) {
      const kind = kinds[rand(kinds.length)]!;
      const victim = KEYS[rand(KEYS.length)]!;
      let attacker = KEYS[rand(KEYS.length)]!;
      if (attacker === victim) attacker = KEYS[(KEYS.indexOf(victim) + 1) % KEYS.length]!;
      if (kind === 'manager') attacker = victim === 'kevin.martin' || victim === 'mehdi.haddad' || victim === 'julien.petit' ? 'jean-marc.dupuis' : 'claire.morel';
      if (kind === 'hr') attacker = 'sophie.lambert';
      let res;
      switch (kind) {
        case 'foreign_id':
        case 'manager':
        case 'hr':
          res = await linkFor(attacker, docOf(victim));
          break;
        case 'replay': {
          const l = await linkFor(victim, docOf(victim));
          const token = new URL(l.json().url).pathname.split('/').pop()!;
          await download(token);
          res = await download(token);
          break;
        }
        case 'swapped': {
          const l = await linkFor(attacker, docOf(attacker));
          const token = new URL(l.json().url).pathname.split('/').pop()!;
          const sig = token.split('.')[1]!;
          const c = readSignedLink(secret, token)!;
          res = await download(`${encodeLinkPayload({ ...c, documentId: docOf(victim) }).toString('base64url')}.${sig}`);
          break;
        }
        case 'forged':
          res = await download(signLink(randomBytes(32), { personId: demoIds.person(attacker), documentId: docOf(victim), expiresAt: Date.now() + 60_000, nonce: randomBytes(12).toString('base64url') }));
          break;
        case 'path':
          res =
            rand(2) === 0
              ? await linkFor(attacker, [`../${docOf(victim)}`, `${docOf(victim)}/../..`, `documents/${demoIds.person(victim)}/${docOf(victim)}.pdf`][rand(3)]!)
              : await download(['/api/documents/download/..%2F..%2Fblobs', `/api/documents/download/${encodeURIComponent(`../documents/${docOf(victim)}.pdf`)}`, '/api/documents/download/%00'][rand(3)]!);
          break;
        case 'guessed':
          res = await download(`${randomBytes(rand(2) ? 51 : rand(80) + 1).toString('base64url')}.${randomBytes(16).toString('base64url')}`);
          break;
      }
      statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
      if (res.statusCode === 200) leaks++;
      if (res.headers['content-type'] === 'application/pdf' || res.rawPayload.subarray(0, 5).toString() === '%PDF-') leaks++;
    }
    expect(leaks).toBe(0);
    expect(Object.keys(statuses).map(Number).every((s) => s >= 400 && s < 500)).toBe(true);
  });
});
