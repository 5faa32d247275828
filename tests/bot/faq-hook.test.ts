/**
 * The bot's knowledge-base plug-in point and the turn-error path, through the real endpoint: a
 * registrar built without FAQ (the bot says which commands exist) and one whose knowledge base
 * fails (the bot apologizes, answers 200, and keeps working).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import Fastify, { type FastifyInstance } from 'fastify';
import type { KnowledgeBase } from '../../bot/conversation/model.js';
import { createBotRegistrar } from '../../bot/register.js';
import { installErrorHandlers } from '../../server/errors.js';
import { startBotConnector, type BotConnectorDouble } from '../doubles/bot-connector.js';
import { createTestContext, type TestContext } from '../helpers/test-context.js';
import { message, post } from './activities.js';

/** A knowledge base whose storage is down. */
const broken: KnowledgeBase = {
  getEngine: async () => {
    throw new Error('knowledge base unavailable');
  },
  logQuestion: async () => 1,
  recordFeedback: async () => false,
  addDraftEntry: async () => ({ id: 1, created: false }),
};

let tc: TestContext;
const apps: FastifyInstance[] = [];
let connector: BotConnectorDouble;

async function serve(kb: KnowledgeBase | null): Promise<string> {
  const app = Fastify();
  installErrorHandlers(app);
  await createBotRegistrar({ kb })(app, tc.ctx);
  await app.listen({ port: 0, host: '127.0.0.1' });
  apps.push(app);
  return `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
}

beforeAll(async () => {
  tc = await createTestContext();
  connector = await startBotConnector();
});

afterAll(async () => {
  for (const app of apps) await app.close();
  await connector?.close();
  await tc?.close();
});

beforeEach(() => connector.clear());

const sent = () => connector.received.filter((r) => r.activity.type === 'message').map((r) => r.activity);

describe('without a knowledge base', () => {
  it('does not pretend to know: a question gets the list of commands', async () => {
    const url = await serve(null);
    expect((await post(url, message('Comment poser un jour de congé ?', { serviceUrl: connector.serviceUrl }))).status).toBe(200);
    const text = sent()[0]!.text!;
    expect(text).toContain('Je ne sais pas encore répondre à « Comment poser un jour de congé ? »');
    expect(text).toContain('qui suis-je');
    await post(url, message('How do I request a day off?', { serviceUrl: connector.serviceUrl }));
    expect(sent().at(-1)!.text).toContain('I can’t answer “How do I request a day off?” yet');
  });
});

describe('when the knowledge base fails', () => {
  it('apologizes, answers 200, and still answers commands', async () => {
    const url = await serve(broken);
    const res = await post(url, message('Comment poser un congé ?', { serviceUrl: connector.serviceUrl }));
    expect(res.status).toBe(200);
    expect(sent().map((a) => a.text)).toEqual([expect.stringContaining("je n'ai pas pu traiter ton message")]);
    connector.clear();
    await post(url, message('qui suis-je', { serviceUrl: connector.serviceUrl }));
    expect(sent()).toHaveLength(1);
  });
});
