/**
 * "@Équipage canal équipe": a manager designates their team's channel; a new arrival started in
 * the tab is then introduced there (team introduction queued in the outbox to that channel).
 * Agents cannot designate, and the command only works in a channel.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { demoIds } from '../../core/seed/seed.js';
import { startBotConnector, type BotConnectorDouble } from '../doubles/bot-connector.js';
import { createTestContext, type TestContext } from '../helpers/test-context.js';
import { message, post } from './activities.js';

let tc: TestContext;
let baseUrl: string;
let connector: BotConnectorDouble;
const CHANNEL = '19:proprete-team@thread.tacv2';

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

const db = () => tc.ctx.storage.db;
const lastText = () => connector.received.filter((r) => r.activity.type === 'message').at(-1)?.activity.text;
const say = (text: string, from: string, scope?: 'channel') =>
  post(baseUrl, message(text, { serviceUrl: connector.serviceUrl, from, conversationId: scope ? CHANNEL : `a:${from}`, ...(scope ? { scope, mention: true } : {}) }));

describe('the team channel', () => {
  it('is refused to agents and outside channels, writing nothing', async () => {
    expect((await say('canal équipe', 'fatima.el-amrani', 'channel')).status).toBe(200);
    expect(lastText()).toContain('Seul un responsable d’équipe');
    expect((await say('canal équipe', 'patrick.durand')).status).toBe(200);
    expect(lastText()).toContain('canal de ton équipe');
    expect(await db().selectFrom('service_channels').selectAll().execute()).toEqual([]);
  });

  it("is designated by a manager for their service, then introduces the service's new arrivals there", async () => {
    expect((await say('canal équipe', 'patrick.durand', 'channel')).status).toBe(200);
    expect(lastText()).toContain('« Propreté urbaine »');
    const row = await db().selectFrom('service_channels').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ service_id: demoIds.service('proprete'), conversation_id: CHANNEL });
    const audit = await db().selectFrom('audit_log').selectAll().where('action', '=', 'onboarding.team_channel.designate').executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor: demoIds.person('patrick.durand'), outcome: 'success', channel: 'bot' });

    const template = await db().selectFrom('onboarding_templates').select('id').where('code', '=', 'agent-entretien').executeTakeFirstOrThrow();
    const res = await tc.app.inject({
      method: 'POST',
      url: '/api/tab/onboardings',
      headers: { 'x-equipage-local-user': 'patrick.durand@beaulieu-sur-aune.fr' },
      payload: { personId: demoIds.person('sylvie.marchand'), templateId: template.id, startDate: '2027-01-04', buddyId: demoIds.person('fatima.el-amrani'), hrContactId: null },
    });
    expect(res.statusCode).toBeLessThan(300);
    const queued = await db().selectFrom('outbound_messages').select(['conversation_id', 'message']).where('conversation_id', '=', CHANNEL).execute();
    expect(queued).toHaveLength(1);
    expect(JSON.stringify(queued[0]!.message)).toContain('Sylvie');
  });
});
