/**
 * Hand-over to HR through the real endpoint and the real outbox: an HR member designates the HR
 * channel; an agent's question becomes a numbered request posted there (delivered by the
 * proactive dispatcher to the Bot Connector double); HR takes, answers (once, even when two
 * members answer at the same time), closes, and turns an answer into an FAQ draft; the card is
 * updated in place; the agent is told; "mes demandes" lists the requests. Non-HR people and
 * forged ids are refused, and nothing is written twice.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createConnectorSender } from '../../bot/adapter/connector-sender.js';
import { kbServiceFor } from '../../core/kb/kb-service.js';
import { ProactiveDispatcher } from '../../core/proactive/dispatcher.js';
import { demoIds } from '../../core/seed/seed.js';
import { startBotConnector, type BotConnectorDouble } from '../doubles/bot-connector.js';
import { createTestContext, type TestContext } from '../helpers/test-context.js';
import { cardText, execute, findAction, invokeCard, message, post } from './activities.js';

let tc: TestContext;
let baseUrl: string;
let connector: BotConnectorDouble;
let dispatcher: ProactiveDispatcher;

const HR_CHANNEL = '19:hr-team-channel@thread.tacv2';
const LUCAS_CHAT = 'a:personal-lucas';
const INES_CHAT = 'a:personal-ines';

beforeAll(async () => {
  tc = await createTestContext();
  await tc.app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(tc.app.server.address() as { port: number }).port}`;
  connector = await startBotConnector();
  dispatcher = new ProactiveDispatcher({ db: tc.ctx.storage.db, send: createConnectorSender(async () => undefined) });
});

afterAll(async () => {
  await connector?.close();
  await tc?.close();
});

beforeEach(() => connector.clear());

const serviceUrl = () => connector.serviceUrl;
const db = () => tc.ctx.storage.db;
const messagesTo = (conversationId: string) => connector.received.filter((r) => r.conversationId === conversationId && r.activity.type === 'message');

/** An agent asks something the FAQ does not know; returns the logged question id. */
async function askUnknown(from: string, conversationId: string, question: string): Promise<number> {
  expect((await post(baseUrl, message(question, { serviceUrl: serviceUrl(), from, conversationId }))).status).toBe(200);
  await kbServiceFor(db()).flushQuestions(); // the question log is write-behind
  const row = await db().selectFrom('kb_questions').select(['id', 'outcome']).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
  return Number(row.id);
}

const hrAction = (verb: string, data: Record<string, unknown>, from: string) => post(baseUrl, execute(verb, data, { serviceUrl: serviceUrl(), from, scope: 'channel', conversationId: HR_CHANNEL }));

describe('the HR channel', () => {
  it('can only be designated by an HR member, in a channel', async () => {
    const byAgent = await post(baseUrl, message('canal RH', { serviceUrl: serviceUrl(), from: 'lucas.fontaine', scope: 'channel', mention: true, conversationId: HR_CHANNEL }));
    expect(byAgent.status).toBe(200);
    expect(messagesTo(HR_CHANNEL).at(-1)!.activity.text).toContain('Seul un membre du service RH');
    await post(baseUrl, message('canal RH', { serviceUrl: serviceUrl(), from: 'karim.benali' }));
    expect(connector.received.at(-1)!.activity.text).toContain('canal d’équipe');
    expect(await db().selectFrom('hr_channel').selectAll().execute()).toEqual([]);
  });

  it('is designated by an HR member with "@Équipage canal RH"', async () => {
    const extra = { channelData: { tenant: { id: undefined }, team: { id: '19:team' }, channel: { id: HR_CHANNEL } } };
    const activity = message('canal RH', { serviceUrl: serviceUrl(), from: 'karim.benali', scope: 'channel', mention: true, conversationId: HR_CHANNEL });
    (activity as any).channelData = { ...(activity as any).channelData, ...extra.channelData, tenant: (activity as any).channelData.tenant };
    expect((await post(baseUrl, activity)).status).toBe(200);
    expect(messagesTo(HR_CHANNEL).at(-1)!.activity.text).toContain('les demandes au service RH seront publiées dans ce canal');
    const row = await db().selectFrom('hr_channel').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ conversation_id: HR_CHANNEL, team_id: '19:team', channel_id: HR_CHANNEL, designated_by: demoIds.person('karim.benali') });
  });
});

describe('an agent asks HR', () => {
  let questionId: number;
  let requestId: string;

  it('creates one numbered request, tells the agent, and posts the card in the HR channel', async () => {
    questionId = await askUnknown('lucas.fontaine', LUCAS_CHAT, 'Est-ce que je peux venir avec mon chien au centre technique ?');
    connector.clear();
    const res = await post(baseUrl, execute('hr.ask', { questionId }, { serviceUrl: serviceUrl(), from: 'lucas.fontaine', conversationId: LUCAS_CHAT }));
    expect(res.status).toBe(200);
    expect(cardText(invokeCard(res))).toContain('Question transmise au service RH (demande n°');
    const request = await db().selectFrom('hr_requests').selectAll().where('question_id', '=', questionId).executeTakeFirstOrThrow();
    requestId = request.id;
    expect(request).toMatchObject({ status: 'open', person_id: demoIds.person('lucas.fontaine'), question: 'Est-ce que je peux venir avec mon chien au centre technique ?' });
    expect(messagesTo(LUCAS_CHAT).map((m) => m.activity.text)).toEqual([expect.stringContaining(`demande n° ${request.number}`)]);

    await dispatcher.drain(10_000);
    const posted = messagesTo(HR_CHANNEL);
    expect(posted).toHaveLength(1);
    const card = posted[0]!.activity.attachments![0]!.content;
    expect(cardText(card)).toContain(`Demande RH n° ${request.number}`);
    expect(cardText(card)).toContain('Lucas Fontaine');
    expect(cardText(card)).toContain('avec mon chien');
    expect(card.refresh.action.verb).toBe('hr.refresh');
  });

  it('does not create a second request when the button is pressed again', async () => {
    connector.clear();
    const res = await post(baseUrl, execute('hr.ask', { questionId }, { serviceUrl: serviceUrl(), from: 'lucas.fontaine', conversationId: LUCAS_CHAT }));
    expect(res.status).toBe(200);
    expect(await db().selectFrom('hr_requests').select('id').where('question_id', '=', questionId).execute()).toHaveLength(1);
    expect(messagesTo(LUCAS_CHAT)).toHaveLength(0);
    expect(await db().selectFrom('outbound_messages').select('id').where('dedupe_key', 'like', `hr:request:${requestId}:post:%`).execute()).toHaveLength(1);
  });

  it("refuses another agent's question id (forged), creating nothing", async () => {
    const before = await db().selectFrom('hr_requests').select('id').execute();
    const res = await post(baseUrl, execute('hr.ask', { questionId }, { serviceUrl: serviceUrl(), from: 'kevin.martin' }));
    expect(res.body.value).toContain('ne correspond à rien');
    expect(await db().selectFrom('hr_requests').select('id').execute()).toHaveLength(before.length);
  });

  it('lets only HR members act on the HR card', async () => {
    const res = await hrAction('hr.answer', { requestId, hrAnswer: 'Oui bien sûr' }, 'lucas.fontaine');
    expect(res.body.value).toContain('Seuls les membres du service RH');
    expect((await db().selectFrom('hr_requests').select('status').where('id', '=', requestId).executeTakeFirstOrThrow()).status).toBe('open');
  });

  it('is taken by one HR member; a second one is told who has it', async () => {
    const first = invokeCard(await hrAction('hr.take', { requestId }, 'karim.benali'));
    expect(cardText(first)).toContain('Statut: prise en charge');
    expect(cardText(first)).toContain('Pris en charge par: Karim Benali');
    const second = invokeCard(await hrAction('hr.take', { requestId }, 'nathalie.roux'));
    expect(cardText(second)).toContain('déjà prise en charge par Karim Benali');
    expect((await db().selectFrom('hr_requests').select('taken_by').where('id', '=', requestId).executeTakeFirstOrThrow()).taken_by).toBe(demoIds.person('karim.benali'));
  });

  it('refuses an empty answer without writing anything', async () => {
    const card = invokeCard(await hrAction('hr.answer', { requestId, hrAnswer: '   ' }, 'karim.benali'));
    expect(cardText(card)).toContain('Écris ta réponse');
    expect((await db().selectFrom('hr_requests').select('status').where('id', '=', requestId).executeTakeFirstOrThrow()).status).toBe('taken');
  });

  it('is answered once; the answer reaches the agent; the channel card is updated in place', async () => {
    const card = invokeCard(await hrAction('hr.answer', { requestId, hrAnswer: 'Non, les animaux ne sont pas admis sur les sites techniques.' }, 'karim.benali'));
    expect(cardText(card)).toContain('Réponse de Karim Benali');
    expect(findAction(card, 'Créer un brouillon de FAQ').verb).toBe('hr.draft');
    connector.clear();
    await dispatcher.drain(10_000);
    const toAgent = messagesTo(LUCAS_CHAT);
    expect(toAgent).toHaveLength(1);
    const relayed = cardText(toAgent[0]!.activity.attachments![0]!.content);
    expect(relayed).toContain('Le service RH a répondu à ta demande n°');
    expect(relayed).toContain('les animaux ne sont pas admis');
    // The take and the answer each updated the posted card, in order: the last one shows the answer.
    const updates = connector.received.filter((r) => r.method === 'PUT' && r.conversationId === HR_CHANNEL);
    expect(updates).toHaveLength(2);
    const update = updates.at(-1)!;
    const posted = await db().selectFrom('outbound_messages').select('activity_id').where('dedupe_key', 'like', `hr:request:${requestId}:post:%`).executeTakeFirstOrThrow();
    expect(updates.map((u) => u.replyToId)).toEqual([posted.activity_id, posted.activity_id]);
    expect(cardText(update.activity.attachments![0]!.content)).toContain('Statut: répondue');
    // Answering again is refused and changes nothing.
    const again = invokeCard(await hrAction('hr.answer', { requestId, hrAnswer: 'Autre réponse' }, 'sophie.lambert'));
    expect(cardText(again)).toContain('déjà reçu une réponse (de Karim Benali)');
    expect((await db().selectFrom('hr_requests').select('answer').where('id', '=', requestId).executeTakeFirstOrThrow()).answer).toContain('animaux');
  });

  it('turns the answer into one FAQ draft', async () => {
    const card = invokeCard(await hrAction('hr.draft', { requestId }, 'nathalie.roux'));
    expect(cardText(card)).toContain('Brouillon de FAQ créé');
    await hrAction('hr.draft', { requestId }, 'nathalie.roux');
    const drafts = await db().selectFrom('kb_drafts').selectAll().where('source_request_id', '=', requestId).execute();
    expect(drafts).toHaveLength(1);
    expect(drafts[0]).toMatchObject({ question: 'Est-ce que je peux venir avec mon chien au centre technique ?', created_by: demoIds.person('nathalie.roux') });
  });

  it('shows the current state on refresh, and lists the request in « mes demandes »', async () => {
    const card = invokeCard(await hrAction('hr.refresh', { requestId }, 'emilie.garnier'));
    expect(cardText(card)).toContain('Statut: répondue');
    connector.clear();
    await post(baseUrl, message('mes demandes', { serviceUrl: serviceUrl(), from: 'lucas.fontaine', conversationId: LUCAS_CHAT }));
    const list = cardText(messagesTo(LUCAS_CHAT)[0]!.activity.attachments![0]!.content);
    expect(list).toContain('répondue');
    expect(list).toContain('avec mon chien');
  });
});

describe('concurrency and closing', () => {
  it('of two HR members answering at the same moment, exactly one wins; the agent is told once', async () => {
    const questionId = await askUnknown('ines.boucher', INES_CHAT, 'Puis-je changer de tenue de travail en cours de saison ?');
    await post(baseUrl, execute('hr.ask', { questionId }, { serviceUrl: serviceUrl(), from: 'ines.boucher', conversationId: INES_CHAT }));
    const { id: requestId } = await db().selectFrom('hr_requests').select('id').where('question_id', '=', questionId).executeTakeFirstOrThrow();
    const [a, b] = await Promise.all([
      hrAction('hr.answer', { requestId, hrAnswer: 'Réponse de Karim' }, 'karim.benali'),
      hrAction('hr.answer', { requestId, hrAnswer: 'Réponse de Sophie' }, 'sophie.lambert'),
    ]);
    const texts = [cardText(invokeCard(a)), cardText(invokeCard(b))];
    expect(texts.filter((t) => t.includes('déjà reçu une réponse'))).toHaveLength(1);
    const row = await db().selectFrom('hr_requests').selectAll().where('id', '=', requestId).executeTakeFirstOrThrow();
    expect(['Réponse de Karim', 'Réponse de Sophie']).toContain(row.answer);
    const notices = await db().selectFrom('outbound_messages').select('id').where('dedupe_key', 'like', `hr:request:${requestId}:agent:%`).execute();
    expect(notices).toHaveLength(1);
  });

  it('closes a request without answer and tells the agent; a closed request cannot be answered', async () => {
    const questionId = await askUnknown('ines.boucher', INES_CHAT, 'Qui organise le pot de départ de Gérard ?');
    await post(baseUrl, execute('hr.ask', { questionId }, { serviceUrl: serviceUrl(), from: 'ines.boucher', conversationId: INES_CHAT }));
    const { id: requestId } = await db().selectFrom('hr_requests').select('id').where('question_id', '=', questionId).executeTakeFirstOrThrow();
    expect(cardText(invokeCard(await hrAction('hr.close', { requestId }, 'sophie.lambert')))).toContain('Close sans réponse par Sophie Lambert');
    expect(cardText(invokeCard(await hrAction('hr.answer', { requestId, hrAnswer: 'trop tard' }, 'karim.benali')))).toContain('déjà close');
    connector.clear();
    await dispatcher.drain(10_000);
    expect(messagesTo(INES_CHAT).map((m) => m.activity.text)).toEqual(expect.arrayContaining([expect.stringContaining('a été close par le service RH')]));
  });

  it('refuses a forged or unknown request id', async () => {
    const res = await hrAction('hr.take', { requestId: '00000000-0000-4000-8000-000000000000' }, 'karim.benali');
    expect(res.body.value).toContain('ne correspond à rien');
    const bad = await hrAction('hr.take', { requestId: "x'; drop table hr_requests; --" }, 'karim.benali');
    expect(bad.body.value).toContain('ne correspond à rien');
  });
});
