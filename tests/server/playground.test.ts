/**
 * The Microsoft 365 Agents Playground, started the way `equipage start` starts it, with the
 * committed `.m365agentsplayground.yml`: it answers on its port, and a message sent through its
 * own HTTP API reaches the bot and comes back on its WebSocket. An invalid config file makes it
 * exit; the reason, which it writes only to its log, is surfaced in the error.
 */
import { readFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { pino } from 'pino';
import { parse } from 'yaml';
import { isEquipageError } from '../../core/errors.js';
import { PROJECT_ROOT } from '../../core/util/project-root.js';
import { PLAYGROUND_CONFIG_FILE, PLAYGROUND_LOG_FILE, reasonFromLog, startPlayground, type RunningPlayground } from '../../server/playground.js';
import { cardText } from '../bot/activities.js';
import { createTestContext, type TestContext } from '../helpers/test-context.js';

const logger = pino({ level: 'silent' });

describe('reasonFromLog', () => {
  it("extracts the Playground's Reason line", () => {
    const log = [
      'log Listening on 33949',
      'error Failed to start Microsoft 365 Agents Playground.',
      'error Reason: ConfigFileParseError Failed to parse config file. Reason: YAML path "": must have required property \'bot\'.',
      'error Go to the link to learn more',
    ].join('\n');
    expect(reasonFromLog(log)).toBe('ConfigFileParseError Failed to parse config file. Reason: YAML path "": must have required property \'bot\'.');
    expect(reasonFromLog('log Listening on 1\nerror something broke\n')).toBe('something broke');
    expect(reasonFromLog('log all good\n')).toBeUndefined();
  });
});

describe('Agents Playground', () => {
  let tc: TestContext;
  let botEndpoint: string;
  let cwd: string;
  let playground: RunningPlayground | undefined;
  // The committed file, as a newcomer gets it.
  const config = parse(readFileSync(path.join(PROJECT_ROOT, PLAYGROUND_CONFIG_FILE), 'utf8')) as { bot: { id: string }; currentUser: { id: string }; personalChat: { id: string } };

  beforeAll(async () => {
    tc = await createTestContext();
    await tc.app.listen({ port: 0, host: '127.0.0.1' });
    botEndpoint = `http://127.0.0.1:${(tc.app.server.address() as { port: number }).port}/api/messages`;
    cwd = await mkdtemp(path.join(os.tmpdir(), 'equipage-playground-'));
    await copyFile(path.join(PROJECT_ROOT, PLAYGROUND_CONFIG_FILE), path.join(cwd, PLAYGROUND_CONFIG_FILE));
  });

  afterAll(async () => {
    await playground?.stop();
    await tc?.close();
    if (cwd) await rm(cwd, { recursive: true, force: true });
  });

  it('starts, answers on its port, and relays a conversation with the bot', async () => {
    playground = await startPlayground({ port: 0, botEndpoint, cwd, logger });
    const ping = await fetch(`${playground.url}/_debug/ping`);
    expect(ping.status).toBe(200);

    const port = new URL(playground.url).port;
    const ws = new WebSocket(`ws://127.0.0.1:${port}/_ws_conversation/v1/conversations/stream`);
    const frames: any[] = [];
    ws.addEventListener('message', (event) => frames.push(JSON.parse(String(event.data))));
    await new Promise((resolve, reject) => {
      ws.addEventListener('open', resolve, { once: true });
      ws.addEventListener('error', reject, { once: true });
    });

    try {
      const res = await fetch(`${playground.url}/_conversation/v1/conversations/${encodeURIComponent(config.personalChat.id)}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'text', text: 'qui suis-je', textFormat: 'plain', from: { id: config.currentUser.id } }),
      });
      expect(res.status).toBe(200);

      // The bot's reply is pushed on the WebSocket; wait for it (bounded by the test timeout).
      const fromBot = () => frames.filter((f) => f.message?.from?.id === config.bot.id);
      while (!fromBot().some((f) => f.message.attachments?.length > 0)) await new Promise((r) => setTimeout(r, 100));
      const reply = fromBot().find((f) => f.message.attachments?.length > 0);
      expect(reply.actionConversationId).toBe(config.personalChat.id);
      const text = cardText(reply.message.attachments[0].content);
      expect(text).toContain('Lucas Fontaine');
      expect(text).toContain('Agent de voirie');
      expect(text).toContain('Jean-Marc Dupuis');

      // An FAQ question, answered from HR's knowledge base with the answer card.
      const seen = frames.length;
      const faq = await fetch(`${playground.url}/_conversation/v1/conversations/${encodeURIComponent(config.personalChat.id)}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'text', text: 'Combien de jours de congés annuels ai-je par an ?', textFormat: 'plain', from: { id: config.currentUser.id } }),
      });
      expect(faq.status).toBe(200);
      const answerFrame = () => frames.slice(seen).find((f) => f.message?.from?.id === config.bot.id && f.message.attachments?.length > 0);
      while (!answerFrame()) await new Promise((r) => setTimeout(r, 100));
      const answer = answerFrame().message.attachments[0];
      expect(answer.contentType).toBe('application/vnd.microsoft.card.adaptive');
      expect(answer.content.version).toBe('1.5');
      const answerText = cardText(answer.content);
      expect(answerText).toContain('25 jours ouvrés');
      expect(answerText).toContain('Poser la question au service RH');
    } finally {
      ws.close();
    }
  });

  it('stops with its process group: the port no longer answers', async () => {
    const url = playground!.url;
    await playground!.stop();
    await playground!.stop(); // idempotent
    playground = undefined;
    await expect(fetch(`${url}/_debug/ping`)).rejects.toThrow();
  });

  it("surfaces the reason of an invalid config file, which the Playground only writes to its log", async () => {
    const badCwd = await mkdtemp(path.join(os.tmpdir(), 'equipage-playground-bad-'));
    try {
      await writeFile(path.join(badCwd, PLAYGROUND_CONFIG_FILE), 'version: "0.1.1"\ntenantId: x\n');
      // An older run's log must not be mistaken for this run's reason.
      await mkdir(path.join(badCwd, 'devTools'));
      await writeFile(path.join(badCwd, PLAYGROUND_LOG_FILE), 'error Reason: an old failure\n');
      const error = await startPlayground({ port: 0, botEndpoint, cwd: badCwd, logger }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isEquipageError(error, 'EQP_ERR_PLAYGROUND_FAILED')).toBe(true);
      const reason = String((error as { params: { reason: unknown } }).params.reason);
      expect(reason).toContain("must have required property 'bot'");
      expect(reason).not.toContain('an old failure');
      expect((error as Error).message).toContain('The Microsoft 365 Agents Playground could not start');
    } finally {
      await rm(badCwd, { recursive: true, force: true });
    }
  });
});
