/**
 * The agent's documents in the chat, through the real endpoint: "mon bulletin", a payslip by
 * month, "payslip for september", "mes documents", certificates generated on demand; download
 * buttons that issue a fresh single-use link for the presser only (the payslip notification's
 * button included); the file consent flow in personal chat; never another person's document.
 */
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { demoIds } from '../../core/seed/seed.js';
import { startBotConnector, type BotConnectorDouble } from '../doubles/bot-connector.js';
import { trustedTestTls } from '../doubles/test-tls.js';
import { createTestContext, type TestContext } from '../helpers/test-context.js';
import { publishRun } from '../core/documents/published-run.js';
import { cardText, execute, fileConsentInvoke, findAction, invokeCard, message, post, submit } from './activities.js';

let tc: TestContext;
let baseUrl: string;
let connector: BotConnectorDouble;
let october: Map<string, string>;
let september: Map<string, string>;
const lucas = demoIds.person('lucas.fontaine');
const kevin = demoIds.person('kevin.martin');

beforeAll(async () => {
  tc = await createTestContext({ env: { PUBLIC_BASE_URL: 'http://127.0.0.1:9' } });
  await tc.app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(tc.app.server.address() as { port: number }).port}`;
  connector = await startBotConnector();
  september = await publishRun(tc.ctx.storage.db, tc.ctx.blobs, '2026-09', [lucas, kevin]);
  october = await publishRun(tc.ctx.storage.db, tc.ctx.blobs, '2026-10', [lucas, kevin]);
});

afterAll(async () => {
  await connector?.close();
  await tc?.close();
});

beforeEach(() => connector.clear());

const serviceUrl = () => connector.serviceUrl;
const db = () => tc.ctx.storage.db;

async function say(text: string, from = 'lucas.fontaine', extra: { scope?: 'personal' | 'channel'; mention?: boolean } = {}) {
  const res = await post(baseUrl, message(text, { serviceUrl: serviceUrl(), from, ...extra }));
  expect(res.status).toBe(200);
  const messages = connector.received.filter((r) => r.activity.type === 'message');
  expect(messages).toHaveLength(1);
  return messages[0]!.activity;
}

/** Follows a link issued by the bot on the test app (the configured public URL is not this port). */
const onApp = (url: string) => url.replace('http://127.0.0.1:9', baseUrl);

describe('documents by message', () => {
  it('answers « mon bulletin » with the latest payslip and a download button; stores the chat reference', async () => {
    const card = (await say('mon bulletin')).attachments![0]!.content;
    expect(cardText(card)).toContain('Bulletin de paie — octobre 2026');
    expect(findAction(card, 'Télécharger')).toMatchObject({ type: 'Action.Execute', verb: 'documents.open', data: { documentId: october.get(lucas) } });
    const ref = await db().selectFrom('bot_conversations').selectAll().where('person_id', '=', lucas).where('scope', '=', 'personal').executeTakeFirstOrThrow();
    expect(ref.service_url).toBe(serviceUrl());
  });

  it('finds a payslip by month, in French and English', async () => {
    expect(cardText((await say('bulletin de paie de septembre 2026')).attachments![0]!.content)).toContain('septembre 2026');
    connector.clear();
    const en = (await say('payslip for september 2026')).attachments![0]!.content;
    expect(cardText(en)).toContain('Payslip — September 2026');
    expect(findAction(en, 'Download').data.documentId).toBe(september.get(lucas));
    connector.clear();
    expect((await say('bulletin de paie de mars 2024')).text).toContain('Je ne trouve pas de bulletin de paie de mars 2024');
  });

  it('lists « mes documents » with one download button each', async () => {
    const card = (await say('mes documents')).attachments![0]!.content;
    const ids = JSON.stringify(card);
    expect(ids).toContain(october.get(lucas)!);
    expect(ids).toContain(september.get(lucas)!);
    expect(ids).not.toContain(october.get(kevin)!);
    expect(cardText(card)).toContain('Tes 2 derniers documents');
  });

  it('generates « attestation employeur » with a verification code and URL', async () => {
    const card = (await say('attestation employeur')).attachments![0]!.content;
    const text = cardText(card);
    expect(text).toMatch(/Code de vérification\s*:\s*\*\*[A-Z0-9-]+\*\*/);
    const verifyUrl = /Vérification\s*:\s*(\S+)/.exec(text)![1]!;
    expect((await fetch(onApp(verifyUrl))).status).toBe(200);
    const pdf = await fetch(onApp(findAction(card, 'Ouvrir le document').url));
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toContain('application/pdf');
  });

  it('never shows documents in a channel', async () => {
    expect((await say('mon bulletin', 'lucas.fontaine', { scope: 'channel', mention: true })).text).toContain('conversation privée');
  });
});

describe('download buttons', () => {
  it('issue a fresh single-use link on each press', async () => {
    const res = await post(baseUrl, execute('documents.open', { documentId: october.get(lucas) }, { serviceUrl: serviceUrl() }));
    const card = invokeCard(res);
    expect(cardText(card)).toContain('valable 10 minutes');
    const url = findAction(card, 'Ouvrir le document').url as string;
    const first = await fetch(onApp(url));
    expect(first.status).toBe(200);
    expect(Buffer.from(await first.arrayBuffer()).subarray(0, 4).toString()).toBe('%PDF');
    expect((await fetch(onApp(url))).status).toBeGreaterThanOrEqual(400);
    const again = findAction(invokeCard(await post(baseUrl, execute('documents.open', { documentId: october.get(lucas) }, { serviceUrl: serviceUrl() }))), 'Ouvrir le document').url;
    expect(again).not.toBe(url);
  });

  it('answers the payslip notification button (Action.Submit documents.open) with a link', async () => {
    expect((await post(baseUrl, submit({ action: 'documents.open', documentId: october.get(lucas) }, { serviceUrl: serviceUrl() }))).status).toBe(200);
    const replies = connector.received.filter((r) => r.activity.type === 'message');
    expect(replies).toHaveLength(1);
    expect(findAction(replies[0]!.activity.attachments![0]!.content, 'Ouvrir le document').type).toBe('Action.OpenUrl');
  });

  it("refuse another person's document, and audit the attempt", async () => {
    const res = await post(baseUrl, execute('documents.open', { documentId: october.get(kevin) }, { serviceUrl: serviceUrl(), from: 'lucas.fontaine' }));
    expect(res.status).toBe(200);
    expect(res.body.type).toBe('application/vnd.microsoft.activity.message');
    expect(res.body.value).toContain('introuvable');
    const denied = await db().selectFrom('audit_log').selectAll().where('subject_id', '=', october.get(kevin)!).where('outcome', '=', 'denied').execute();
    expect(denied.some((d) => d.actor === lucas)).toBe(true);
    const links = await db().selectFrom('document_links').select('nonce').where('document_id', '=', october.get(kevin)!).execute();
    expect(links).toHaveLength(0);
  });
});

describe('file consent (personal chat)', () => {
  let uploads: Array<{ headers: Record<string, unknown>; body: Buffer }>;
  let uploadServer: https.Server;
  let uploadBase: string;

  beforeAll(async () => {
    const pems = await trustedTestTls();
    uploads = [];
    uploadServer = https.createServer({ key: pems.key, cert: pems.cert }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        uploads.push({ headers: req.headers, body: Buffer.concat(chunks) });
        res.writeHead(201, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => uploadServer.listen(0, '127.0.0.1', resolve));
    uploadBase = `https://127.0.0.1:${(uploadServer.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    uploadServer.closeAllConnections();
    await new Promise((resolve) => uploadServer.close(resolve));
  });

  it('offers the file with a FileConsentCard, uploads it on accept, then shows the file card', async () => {
    const res = await post(baseUrl, execute('documents.file', { documentId: october.get(lucas) }, { serviceUrl: serviceUrl() }));
    expect(res.status).toBe(200);
    const consent = connector.received.find((r) => r.activity.attachments?.[0]?.contentType === 'application/vnd.microsoft.teams.card.file.consent')!;
    expect(consent.activity.attachments![0]!.content.acceptContext).toEqual({ documentId: october.get(lucas) });
    connector.clear();
    const uploadInfo = { uploadUrl: `${uploadBase}/upload/session-1`, name: 'bulletin.pdf', contentUrl: 'https://contoso.sharepoint.com/bulletin.pdf', uniqueId: 'u-1', fileType: 'pdf' };
    const accepted = await post(baseUrl, fileConsentInvoke('accept', { documentId: october.get(lucas) }, uploadInfo, { serviceUrl: serviceUrl() }));
    expect(accepted.status).toBe(200);
    expect(uploads).toHaveLength(1);
    expect(uploads[0]!.body.subarray(0, 4).toString()).toBe('%PDF');
    expect(uploads[0]!.headers['content-range']).toBe(`bytes 0-${uploads[0]!.body.length - 1}/${uploads[0]!.body.length}`);
    const info = connector.received.find((r) => r.activity.attachments?.[0]?.contentType === 'application/vnd.microsoft.teams.card.file.info')!;
    expect(info.activity.attachments![0]).toMatchObject({ name: 'bulletin.pdf', contentUrl: uploadInfo.contentUrl, content: { uniqueId: 'u-1', fileType: 'pdf' } });
  });

  it("does not upload someone else's document, nor to a non-https URL", async () => {
    const before = uploads.length;
    const info = { uploadUrl: `${uploadBase}/upload/session-2`, name: 'x.pdf', contentUrl: 'https://contoso/x.pdf', uniqueId: 'u-2', fileType: 'pdf' };
    const foreign = await post(baseUrl, fileConsentInvoke('accept', { documentId: october.get(kevin) }, info, { serviceUrl: serviceUrl() }));
    expect(foreign.status).toBe(200);
    expect(connector.received.at(-1)!.activity.text).toContain('introuvable');
    const clear = await post(baseUrl, fileConsentInvoke('accept', { documentId: october.get(lucas) }, { ...info, uploadUrl: 'http://169.254.169.254/latest' }, { serviceUrl: serviceUrl() }));
    expect(clear.status).toBe(400);
    expect(uploads).toHaveLength(before);
  });

  it('says so when the file is declined', async () => {
    const res = await post(baseUrl, fileConsentInvoke('decline', { documentId: october.get(lucas) }, undefined, { serviceUrl: serviceUrl() }));
    expect(res.status).toBe(200);
    expect(connector.received.at(-1)!.activity.text).toContain("je n'envoie pas le fichier");
  });
});
