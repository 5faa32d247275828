/**
 * The plug-in point for the FAQ engine (core/kb/) and the turn-error path, through the real
 * endpoint: a registrar built with a question answerer, on its own Fastify instance.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import Fastify, { type FastifyInstance } from 'fastify';
import type { QuestionAnswerer } from '../../bot/conversation/model.js';
import { createBotRegistrar } from '../../bot/register.js';
import { installErrorHandlers } from '../../server/errors.js';
import { startBotConnector, type BotConnectorDouble } from '../doubles/bot-connector.js';
import { createTestContext, type TestContext } from '../helpers/test-context.js';
import { botInstalled, cardText, message, post } from './activities.js';

/** A test double of the FAQ engine: knows one answer, fails on "panne". */
const answerer: QuestionAnswerer = {
  async answer(question, { lang, person }) {
    if (question.includes('panne')) throw new Error('FAQ index unavailable');
    if (!question.toLowerCase().includes('congé')) return null;
    return [{ kind: 'text', text: `[${lang}] ${person?.givenName ?? '?'} : pose ton congé dans l'onglet.` }];
  },
  examples: (lang) => (lang === 'fr' ? ['Comment poser un congé ?'] : ['How do I request leave?']),
};

let tc: TestContext;
let app: FastifyInstance;
let baseUrl: string;
let connector: BotConnectorDouble;

beforeAll(async () => {
  tc = await createTestContext();
  app = Fastify();
  installErrorHandlers(app);
  await createBotRegistrar({ faq: answerer })(app, tc.ctx);
  await app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  connector = await startBotConnector();
});

afterAll(async () => {
  await app?.close();
  await connector?.close();
  await tc?.close();
});

beforeEach(() => connector.clear());

const sent = () => connector.received.filter((r) => r.activity.type === 'message').map((r) => r.activity);

describe('with a question answerer plugged in', () => {
  it('passes free-text questions to it, with the language and the person', async () => {
    expect((await post(baseUrl, message('Comment poser un congé ?', { serviceUrl: connector.serviceUrl }))).status).toBe(200);
    expect(sent().map((a) => a.text)).toEqual(["[fr] Lucas : pose ton congé dans l'onglet."]);
  });

  it('says honestly when it has no answer', async () => {
    await post(baseUrl, message('Où est la machine à café ?', { serviceUrl: connector.serviceUrl }));
    expect(sent()[0]!.text).toContain("Je n'ai pas trouvé de réponse à « Où est la machine à café ? »");
  });

  it('shows its examples on the welcome card', async () => {
    await post(baseUrl, botInstalled({ serviceUrl: connector.serviceUrl }));
    expect(cardText(sent()[0]!.attachments![0]!.content)).toContain('Comment poser un congé ?');
  });

  it('apologizes, and answers 200, when handling the message fails', async () => {
    const res = await post(baseUrl, message('ma voiture est en panne', { serviceUrl: connector.serviceUrl }));
    expect(res.status).toBe(200);
    expect(sent().map((a) => a.text)).toEqual([expect.stringContaining("je n'ai pas pu traiter ton message")]);
  });
});
