/**
 * FAQ questions through the real endpoint, answered from HR's knowledge base in the database
 * (the demo FAQ the seed imports): direct answer, suggestions, "I don't know", small talk, in
 * French and English; every question logged; "Utile / Pas utile" recorded on the asker's own
 * question only; picking a suggestion; forged button data refused.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { kbServiceFor } from '../../core/kb/kb-service.js';
import { demoIds } from '../../core/seed/seed.js';
import { startBotConnector, type BotConnectorDouble } from '../doubles/bot-connector.js';
import { createTestContext, type TestContext } from '../helpers/test-context.js';
import { cardText, execute, findAction, invokeCard, message, post, submit } from './activities.js';

let tc: TestContext;
let baseUrl: string;
let connector: BotConnectorDouble;

beforeAll(async () => {
  tc = await createTestContext();
  await tc.app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(tc.app.server.address() as { port: number }).port}`;
  connector = await startBotConnector();
});

afterAll(async () => {
  await connector?.close();
  await tc?.close();
});

beforeEach(() => connector.clear());

const serviceUrl = () => connector.serviceUrl;
const db = () => tc.ctx.storage.db;

async function ask(text: string, from = 'lucas.fontaine', extra: { locale?: string } = {}) {
  const res = await post(baseUrl, message(text, { serviceUrl: serviceUrl(), from, ...extra }));
  expect(res.status).toBe(200);
  const messages = connector.received.filter((r) => r.activity.type === 'message');
  expect(messages).toHaveLength(1);
  return messages[0]!.activity;
}

/** The last logged question (the log is write-behind: flushed first). */
const lastQuestion = async () => {
  await kbServiceFor(db()).flushQuestions();
  return db().selectFrom('kb_questions').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
};

/** A question of `candidates` the current engine answers with `outcome` (the FAQ's tuning may move). */
async function questionWith(outcome: 'answer' | 'suggestions' | 'none', candidates: string[]): Promise<string> {
  const engine = (await kbServiceFor(db()).getEngine())!;
  const found = candidates.find((q) => engine.ask(q, 'fr').outcome === outcome);
  if (!found) throw new Error(`no candidate gives ${outcome}`);
  return found;
}

describe('answers from the FAQ', () => {
  it('answers directly with a 1.5 card: answer, feedback, ask HR; logged', async () => {
    const reply = await ask('Combien de jours de congés annuels ai-je par an ?');
    const card = reply.attachments![0]!.content;
    expect(card.version).toBe('1.5');
    const text = cardText(card);
    expect(text).toContain('25 jours ouvrés');
    expect(text).toContain('Utile');
    expect(text).toContain('Pas utile');
    expect(text).toContain('Poser la question au service RH');
    const logged = await lastQuestion();
    expect(logged).toMatchObject({ outcome: 'answer', entry_id: 'conges-nombre', channel: 'teams', person_id: demoIds.person('lucas.fontaine'), lang: 'fr' });
    expect(findAction(card, 'Utile').data).toEqual({ action: 'kb.feedback', questionId: Number(logged.id), helpful: true });
  });

  it('speaks English when the Teams locale is English, or when the person writes in English', async () => {
    const question = await questionWith('answer', ['mutuelle', 'ifse', 'nbi c quoi', 'Combien de jours de congés annuels ai-je par an ?']);
    const reply = await ask(question, 'lucas.fontaine', { locale: 'en-GB' });
    const text = cardText(reply.attachments![0]!.content);
    expect(text).toContain('Helpful');
    expect(text).toContain('Ask HR');
    connector.clear();
    const english = cardText((await ask('How many days of annual leave do I get?')).attachments![0]!.content);
    expect(english).toContain('Ask HR');
    expect(english).not.toContain('Poser la question');
    expect((await lastQuestion()).lang).toBe('en');
  });

  it('offers suggestions as one button per candidate', async () => {
    const question = await questionWith('suggestions', ['congés', 'formation', 'arret', 'absence', 'prime']);
    const reply = await ask(question);
    const card = reply.attachments![0]!.content;
    const logged = await lastQuestion();
    expect(logged.outcome).toBe('suggestions');
    const picks = (card.actions as any[]).filter((a) => a.verb === 'kb.pick');
    expect(picks.map((a) => a.data.entryId)).toEqual(logged.suggestions);
    expect(cardText(card)).toContain('Aucune de ces questions');
  });

  it("says it does not know, and offers to ask HR", async () => {
    const question = await questionWith('none', ['quels sont les horaires de la dechetterie', 'où garer mon vélo cargo électrique', 'recette de la tarte tatin']);
    const card = (await ask(question)).attachments![0]!.content;
    expect(cardText(card)).toContain('Je ne sais pas');
    expect(cardText(card)).toContain('Veux-tu que je pose la question au service RH');
    expect(findAction(card, 'Oui, poser la question au service RH').verb).toBe('hr.ask');
    expect((await lastQuestion()).outcome).toBe('none');
  });

  it('replies to small talk with a short friendly text, and logs it', async () => {
    expect((await ask('au revoir')).text).toContain('Bonne journée');
    expect((await lastQuestion()).outcome).toBe('smalltalk');
  });
});

describe('feedback and suggestions', () => {
  it('records "Utile" on the asker\'s question and updates the card in place', async () => {
    await ask('Combien de jours de congés annuels ai-je par an ?');
    const logged = await lastQuestion();
    connector.clear();
    const res = await post(baseUrl, execute('kb.feedback', { action: 'kb.feedback', questionId: Number(logged.id), helpful: true }, { serviceUrl: serviceUrl() }));
    expect(res.status).toBe(200);
    const card = invokeCard(res);
    expect(cardText(card)).toContain('Merci pour ton retour');
    expect(cardText(card)).not.toContain('Pas utile');
    expect(cardText(card)).toContain('25 jours ouvrés');
    expect((await lastQuestion()).feedback).toBe('helpful');
    // A second click changes the feedback, it does not count twice.
    await post(baseUrl, execute('kb.feedback', { questionId: Number(logged.id), helpful: false }, { serviceUrl: serviceUrl() }));
    const rows = await db().selectFrom('kb_questions').select('feedback').where('id', '=', logged.id).execute();
    expect(rows).toEqual([{ feedback: 'not_helpful' }]);
  });

  it("refuses feedback on someone else's question (forged id), and audits it", async () => {
    await ask('Combien de jours de congés annuels ai-je par an ?', 'lucas.fontaine');
    const logged = await lastQuestion();
    const res = await post(baseUrl, execute('kb.feedback', { questionId: Number(logged.id), helpful: false }, { serviceUrl: serviceUrl(), from: 'kevin.martin' }));
    expect(res.status).toBe(200);
    expect(res.body.value).toContain('ne correspond à rien');
    expect((await db().selectFrom('kb_questions').select('feedback').where('id', '=', logged.id).executeTakeFirstOrThrow()).feedback).toBeNull();
    const audit = await db().selectFrom('audit_log').selectAll().where('action', '=', 'kb.feedback').where('outcome', '=', 'denied').execute();
    expect(audit.some((a) => a.actor === demoIds.person('kevin.martin'))).toBe(true);
  });

  it('answers a picked suggestion, and refuses an entry that was not suggested', async () => {
    const question = await questionWith('suggestions', ['congés', 'formation', 'arret', 'absence', 'prime']);
    await ask(question);
    const logged = await lastQuestion();
    const chosen = (logged.suggestions as string[])[0]!;
    const res = await post(baseUrl, execute('kb.pick', { questionId: Number(logged.id), entryId: chosen }, { serviceUrl: serviceUrl() }));
    const card = invokeCard(res);
    const entry = (await kbServiceFor(db()).getEngine())!.entries.find((e) => e.id === chosen)!;
    expect(cardText(card)).toContain(entry.question);
    expect(findAction(card, 'Utile').data).toMatchObject({ questionId: Number(logged.id), entryId: chosen });
    const forged = await post(baseUrl, execute('kb.pick', { questionId: Number(logged.id), entryId: 'mutuelle-participation' }, { serviceUrl: serviceUrl() }));
    expect(forged.body.value).toContain('ne correspond à rien');
  });

  it('handles the same buttons pressed as Action.Submit (older clients)', async () => {
    await ask('Combien de jours de congés annuels ai-je par an ?');
    const logged = await lastQuestion();
    connector.clear();
    expect((await post(baseUrl, submit({ action: 'kb.feedback', questionId: Number(logged.id), helpful: true }, { serviceUrl: serviceUrl() }))).status).toBe(200);
    expect(connector.received.filter((r) => r.activity.type === 'message').map((r) => r.activity.text)).toEqual(['Merci pour ton retour !']);
  });

  it.each([
    ['no verb', {}],
    ['an unknown verb', { action: 'admin.deleteEverything' }],
    ['a missing question id', { action: 'kb.feedback', helpful: true }],
    ['a question id that is not a number', { action: 'kb.feedback', questionId: "1 or 1=1", helpful: true }],
    ['a missing helpful flag', { action: 'kb.feedback', questionId: 1 }],
  ])('refuses a submit with %s, clearly', async (_name, data) => {
    const res = await post(baseUrl, submit(data, { serviceUrl: serviceUrl() }));
    expect(res.status).toBe(200);
    const texts = connector.received.filter((r) => r.activity.type === 'message').map((r) => r.activity.text);
    expect(texts).toEqual([expect.stringContaining('ne correspond à rien')]);
  });
});
