/**
 * Conversation tests through the real HTTP endpoint: Teams-shaped activities are POSTed to
 * `/api/messages` of a listening app (local mode, demo commune seeded), and the bot's replies are
 * captured by a local Bot Connector double used as `serviceUrl`.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { ADAPTIVE_CARD_CONTENT_TYPE } from '../../bot/cards/adaptive-card.js';
import { DEMO_COMMUNE } from '../../core/seed/demo-commune.js';
import { startBotConnector, type BotConnectorDouble } from '../doubles/bot-connector.js';
import { createTestContext, type TestContext } from '../helpers/test-context.js';
import { botInstalled, cardText, message, post } from './activities.js';

let tc: TestContext;
let baseUrl: string;
let connector: BotConnectorDouble;

beforeAll(async () => {
  tc = await createTestContext();
  await tc.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = tc.app.server.address() as { port: number };
  baseUrl = `http://127.0.0.1:${port}`;
  connector = await startBotConnector();
});

afterAll(async () => {
  await connector?.close();
  await tc?.close();
});

beforeEach(() => connector.clear());

/** Posts an activity, expects 200, and returns the messages (not typing) the bot sent. */
async function converse(activity: Record<string, unknown>) {
  const res = await post(baseUrl, activity);
  expect(res.status).toBe(200);
  return connector.received.filter((r) => r.activity.type === 'message');
}

const serviceUrl = () => connector.serviceUrl;

function onlyCard(replies: Awaited<ReturnType<typeof converse>>) {
  expect(replies).toHaveLength(1);
  const attachment = replies[0]!.activity.attachments?.[0];
  expect(attachment?.contentType).toBe(ADAPTIVE_CARD_CONTENT_TYPE);
  expect(attachment?.content.version).toBe('1.5');
  return attachment!.content;
}

describe('welcome on install', () => {
  it('greets a new arrival by first name, in French, with what the bot can do', async () => {
    const replies = await converse(botInstalled({ serviceUrl: serviceUrl(), from: 'lucas.fontaine', locale: 'fr-FR' }));
    const card = onlyCard(replies);
    const text = cardText(card);
    expect(text).toContain('Bienvenue Lucas !');
    expect(text).toContain('qui suis-je');
    expect(text).toContain('aide');
    expect(replies[0]!.activity.summary).toBe('Bienvenue Lucas !');
  });

  it('welcomes in English when the Teams locale is English', async () => {
    const card = onlyCard(await converse(botInstalled({ serviceUrl: serviceUrl(), from: 'lucas.fontaine', locale: 'en-US' })));
    expect(cardText(card)).toContain('Welcome Lucas!');
    expect(cardText(card)).toContain('who am I');
  });

  it("uses the directory's preferred language when Teams sends no locale", async () => {
    const card = onlyCard(await converse(botInstalled({ serviceUrl: serviceUrl(), from: 'hugo.muller' })));
    expect(cardText(card)).toContain('Welcome Hugo!');
  });

  it('posts a group welcome (mention me) when added to a team channel', async () => {
    const card = onlyCard(await converse(botInstalled({ serviceUrl: serviceUrl(), from: 'thierry.lefebvre', scope: 'channel' })));
    expect(cardText(card)).toContain('@Équipage');
  });

  it('stays silent for installationUpdate (Teams also sends conversationUpdate) and other members joining', async () => {
    const install = { ...botInstalled({ serviceUrl: serviceUrl() }), type: 'installationUpdate', action: 'add' };
    expect(await converse(install)).toHaveLength(0);
    const someoneElse = { ...botInstalled({ serviceUrl: serviceUrl(), scope: 'groupChat' }), membersAdded: [{ id: '29:someone' }] };
    expect(await converse(someoneElse)).toHaveLength(0);
  });
});

describe('commands in personal chat', () => {
  it('answers « aide » with the help card as a reply to the message (no typing indicator for an instant answer)', async () => {
    const activity = message('aide', { serviceUrl: serviceUrl(), conversationId: 'a:1Xy/Zé+perso==' });
    const res = await post(baseUrl, activity);
    expect(res.status).toBe(200);
    expect(connector.received.map((r) => r.activity.type)).toEqual(['message']);
    const [reply] = connector.received;
    // The connector path is URL-encoded by the SDK; the double decodes it.
    expect(reply!.conversationId).toBe('a:1Xy/Zé+perso==');
    expect(reply!.replyToId).toBe(activity.id);
    const text = cardText(reply!.activity.attachments![0]!.content);
    expect(text).toContain('Aide');
    expect(text).toContain('qui suis-je');
  });

  it('answers « help » in English', async () => {
    const card = onlyCard(await converse(message('help', { serviceUrl: serviceUrl() })));
    expect(cardText(card)).toContain('What I can do');
  });

  it('answers « qui suis-je » with the real directory record', async () => {
    const replies = await converse(message('Qui suis-je ?', { serviceUrl: serviceUrl(), from: 'lucas.fontaine' }));
    const text = cardText(onlyCard(replies));
    expect(text).toContain('Nom: Lucas Fontaine');
    expect(text).toContain('Poste: Agent de voirie');
    expect(text).toContain('Service: Voirie');
    expect(text).toContain('Responsable: Jean-Marc Dupuis');
    expect(text).toContain('Centre technique municipal');
    expect(replies[0]!.activity.summary).toContain('Jean-Marc Dupuis');
  });

  it('answers « who am I » in English, for an HR member', async () => {
    const text = cardText(onlyCard(await converse(message('who am I', { serviceUrl: serviceUrl(), from: 'karim.benali' }))));
    expect(text).toContain('Job: Gestionnaire RH carrière et paie');
    expect(text).toContain('Department: Ressources humaines');
    expect(text).toContain('Manager: Sophie Lambert');
  });

  it('says so honestly when the sender is not in the directory', async () => {
    const from = { id: '29:stranger', name: 'Inconnu', aadObjectId: randomUUID() };
    const replies = await converse(message('qui suis-je', { serviceUrl: serviceUrl(), from }));
    expect(replies).toHaveLength(1);
    expect(replies[0]!.activity.text).toContain("Je ne te trouve pas dans l'annuaire");
  });

  it('greets by first name', async () => {
    const replies = await converse(message('Bonjour !', { serviceUrl: serviceUrl(), from: 'ines.boucher' }));
    expect(replies[0]!.activity.text).toContain('Bonjour Inès');
    const en = await converse(message('hello', { serviceUrl: serviceUrl(), from: 'ines.boucher' }));
    expect(en.at(-1)!.activity.text).toContain('Hello Inès');
  });

  it('answers « mes demandes » / « my requests » even with no request yet', async () => {
    const replies = await converse(message('mes demandes', { serviceUrl: serviceUrl(), from: 'ines.boucher' }));
    expect(replies[0]!.activity.text).toContain("Tu n'as encore posé aucune question au service RH");
    const en = await converse(message('my requests', { serviceUrl: serviceUrl(), from: 'ines.boucher' }));
    expect(en.at(-1)!.activity.text).toContain('You have not asked HR anything yet');
  });
});

describe('group chats and channels', () => {
  it('ignores messages that do not mention the bot', async () => {
    const res = await post(baseUrl, message('qui suis-je', { serviceUrl: serviceUrl(), scope: 'groupChat' }));
    expect(res.status).toBe(200);
    expect(connector.received).toHaveLength(0);
  });

  it('strips the @mention in a channel and answers the command', async () => {
    const replies = await converse(message('qui suis-je', { serviceUrl: serviceUrl(), scope: 'channel', from: 'kevin.martin', mention: true }));
    const text = cardText(onlyCard(replies));
    expect(text).toContain('Kévin Martin');
    expect(text).toContain('Responsable: Jean-Marc Dupuis');
  });

  it('reminds to mention the bot in the group help', async () => {
    const card = onlyCard(await converse(message('aide', { serviceUrl: serviceUrl(), scope: 'groupChat', mention: true })));
    expect(cardText(card)).toContain('commence ton message par @Équipage');
  });

  it('treats a bare mention as an empty message', async () => {
    const replies = await converse(message('', { serviceUrl: serviceUrl(), scope: 'channel', mention: true }));
    expect(replies[0]!.activity.text).toContain('Ton message est vide');
  });
});

describe('inputs the bot must refuse politely', () => {
  it('replies clearly to an empty message', async () => {
    const replies = await converse(message('   ', { serviceUrl: serviceUrl() }));
    expect(replies[0]!.activity.text).toContain('Ton message est vide');
  });

  it('replies clearly to a 20,000-character message', async () => {
    const replies = await converse(message('a'.repeat(20_000), { serviceUrl: serviceUrl() }));
    expect(replies[0]!.activity.text).toContain('trop long');
    expect(replies[0]!.activity.text).toContain('20000');
  });

  it('replies clearly to emojis only', async () => {
    const replies = await converse(message('👍🎉 👨‍👩‍👧 🇫🇷', { serviceUrl: serviceUrl() }));
    expect(replies[0]!.activity.text).toContain('émojis');
  });

  it('replies clearly to an attachment without text', async () => {
    const activity = { ...message('', { serviceUrl: serviceUrl() }), attachments: [{ contentType: 'image/png', contentUrl: 'https://example.invalid/a.png' }] };
    const replies = await converse(activity);
    expect(replies[0]!.activity.text).toContain('que du texte');
  });

  it('answers 400 with an EQP_ERR code to a body that is not JSON', async () => {
    const res = await post(baseUrl, '{"type": "message",');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('EQP_ERR_VALIDATION');
    const plain = await fetch(`${baseUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'bonjour' });
    expect(plain.status).toBe(400);
    expect(((await plain.json()) as any).error.code).toBe('EQP_ERR_VALIDATION');
  });

  it('answers 400 naming the fields of an invalid activity', async () => {
    const { serviceUrl: _omit, ...noServiceUrl } = message('aide', { serviceUrl: serviceUrl() }) as Record<string, unknown>;
    const res = await post(baseUrl, { ...noServiceUrl, from: {} });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('EQP_ERR_VALIDATION');
    const paths = (res.body.error.details as Array<{ path: string }>).map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['serviceUrl', 'from.id']));
    expect((await post(baseUrl, [])).status).toBe(400);
    expect(connector.received).toHaveLength(0);
  });

  it('answers 400 to an invoke it does not handle, and keeps working', async () => {
    const invoke = { ...message('', { serviceUrl: serviceUrl() }), type: 'invoke', name: 'composeExtension/query', value: {} };
    const res = await post(baseUrl, invoke);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('EQP_ERR_VALIDATION');
    expect(res.body.error.message).toContain('composeExtension/query');
    expect(connector.received).toHaveLength(0);
    expect(await converse(message('aide', { serviceUrl: serviceUrl() }))).toHaveLength(1);
  });

  it('returns the replies in the response body with deliveryMode expectReplies', async () => {
    const res = await post(baseUrl, { ...message('qui suis-je', { serviceUrl: serviceUrl() }), deliveryMode: 'expectReplies' });
    expect(res.status).toBe(200);
    const messages = (res.body.activities as any[]).filter((a) => a.type === 'message');
    expect(messages).toHaveLength(1);
    expect(cardText(messages[0].attachments[0].content)).toContain('Poste: Agent de voirie');
    expect(connector.received).toHaveLength(0);
  });
});

describe('tenant allow-list', () => {
  let restricted: TestContext;
  let restrictedUrl: string;
  const otherTenant = '11111111-2222-4333-8444-555555555555';

  beforeAll(async () => {
    restricted = await createTestContext({ env: { ALLOWED_TENANT_IDS: DEMO_COMMUNE.tenantId } });
    await restricted.app.listen({ port: 0, host: '127.0.0.1' });
    restrictedUrl = `http://127.0.0.1:${(restricted.app.server.address() as { port: number }).port}`;
  });
  afterAll(async () => restricted?.close());

  it('answers 403 to an activity from another tenant, or with no tenant', async () => {
    const res = await post(restrictedUrl, message('aide', { serviceUrl: serviceUrl(), tenantId: otherTenant }));
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('EQP_ERR_TENANT_NOT_ALLOWED');
    expect((await post(restrictedUrl, message('aide', { serviceUrl: serviceUrl(), tenantId: null }))).status).toBe(403);
    expect(connector.received).toHaveLength(0);
  });

  it('serves the allowed tenant', async () => {
    const res = await post(restrictedUrl, message('aide', { serviceUrl: serviceUrl() }));
    expect(res.status).toBe(200);
    expect(connector.received.filter((r) => r.activity.type === 'message')).toHaveLength(1);
  });
});
