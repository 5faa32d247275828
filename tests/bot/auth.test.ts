/**
 * With bot credentials configured, `/api/messages` accepts only Bot Connector tokens signed by a
 * key of the Bot Framework OpenID metadata (here a local double with a key the test generates),
 * issued for this bot's app id.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_COMMUNE } from '../../core/seed/demo-commune.js';
import { startBotFrameworkOpenId, type BotFrameworkOpenIdDouble } from '../doubles/bot-framework-openid.js';
import { startBotConnector, type BotConnectorDouble } from '../doubles/bot-connector.js';
import { createTestContext, type TestContext } from '../helpers/test-context.js';
import { cardText, message, post } from './activities.js';

const BOT_ID = '3f0c6a52-1b7e-4d2a-9c4f-7e8d9a0b1c2d';
let tc: TestContext;
let baseUrl: string;
let openId: BotFrameworkOpenIdDouble;
let connector: BotConnectorDouble;

beforeAll(async () => {
  openId = await startBotFrameworkOpenId();
  connector = await startBotConnector();
  tc = await createTestContext({
    env: {
      BOT_ID,
      BOT_PASSWORD: 'test-secret-not-used-for-inbound',
      BOT_TYPE: 'SingleTenant',
      BOT_TENANT_ID: DEMO_COMMUNE.tenantId,
      BOT_OPENID_METADATA_URL: openId.metadataUrl,
    },
    // The tab API's verifier is not exercised here; the bot endpoint has its own authentication.
    tokenVerifier: { verify: () => Promise.reject(new Error('not used')) },
  });
  await tc.app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(tc.app.server.address() as { port: number }).port}`;
});

afterAll(async () => {
  await tc?.close();
  await connector?.close();
  await openId?.close();
});

/** An `aide` message answered in the HTTP response, so that no outbound (Entra-authenticated) call is needed. */
const activity = () => ({ ...message('aide', { serviceUrl: connector.serviceUrl }), deliveryMode: 'expectReplies' });

describe('bot endpoint with credentials', () => {
  it('is not in local mode', () => {
    expect(tc.config.localMode).toBe(false);
    expect(tc.config.bot?.openIdMetadataUrl).toBe(openId.metadataUrl);
  });

  it('rejects an unsigned request with 401', async () => {
    const res = await post(baseUrl, activity());
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('EQP_ERR_UNAUTHENTICATED');
    const garbage = await post(baseUrl, activity(), { authorization: 'Bearer not.a.jwt' });
    expect(garbage.status).toBe(401);
  });

  it('rejects a token signed with a key that is not published (same kid) with 401', async () => {
    const a = activity();
    const token = await openId.mint({ audience: BOT_ID, serviceUrl: connector.serviceUrl, key: await openId.foreignKey() });
    const res = await post(baseUrl, a, { authorization: `Bearer ${token}` });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('EQP_ERR_UNAUTHENTICATED');
  });

  it('rejects a token signed with an unknown kid with 401', async () => {
    const a = activity();
    const token = await openId.mint({ audience: BOT_ID, serviceUrl: connector.serviceUrl, key: await openId.foreignKey('unknown-kid') });
    expect((await post(baseUrl, a, { authorization: `Bearer ${token}` })).status).toBe(401);
  });

  it('rejects a token for another bot (wrong audience) with 401', async () => {
    const a = activity();
    const token = await openId.mint({ audience: '00000000-1111-4222-8333-444444444444', serviceUrl: connector.serviceUrl });
    const res = await post(baseUrl, a, { authorization: `Bearer ${token}` });
    expect(res.status).toBe(401);
  });

  it('rejects a token issued for another serviceUrl with 401', async () => {
    const a = activity();
    const token = await openId.mint({ audience: BOT_ID, serviceUrl: 'https://smba.trafficmanager.net/evil/' });
    expect((await post(baseUrl, a, { authorization: `Bearer ${token}` })).status).toBe(401);
  });

  it('accepts a valid token and answers', async () => {
    const a = activity();
    const token = await openId.mint({ audience: BOT_ID, serviceUrl: connector.serviceUrl });
    const res = await post(baseUrl, a, { authorization: `Bearer ${token}` });
    expect(res.status).toBe(200);
    const messages = (res.body.activities as any[]).filter((x) => x.type === 'message');
    expect(cardText(messages[0].attachments[0].content)).toContain('qui suis-je');
  });

  it('still enforces the tenant (the configured one by default) after authentication', async () => {
    const a = { ...activity(), channelData: { tenant: { id: '11111111-2222-4333-8444-555555555555' } }, conversation: { id: 'a:x', conversationType: 'personal' } };
    const token = await openId.mint({ audience: BOT_ID, serviceUrl: connector.serviceUrl });
    const res = await post(baseUrl, a, { authorization: `Bearer ${token}` });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('EQP_ERR_TENANT_NOT_ALLOWED');
  });
});
