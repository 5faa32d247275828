/**
 * `npm run bench:bot`: answers per second and latency (median, p95) of the HR bot through its
 * real HTTP endpoint `/api/messages` (local mode, PGlite, demo commune, a 1,000-entry FAQ as the
 * active knowledge-base version, replies posted to a local Bot Connector stand-in), next to a
 * bare botbuilder echo bot measured in the same run on the same machine. Each request completes
 * when the bot's replies (the answer card — the typing indicator only comes for answers slower
 * than 500 ms —; the echo) have been accepted by the connector. The question log is write-behind
 * (core/kb/question-log.ts): it is flushed before its rows are counted.
 * Writes docs/benchmarks.md between the bot markers.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { ActivityTypes, CloudAdapter, ConfigurationBotFrameworkAuthentication, type Request as BotRequest, type Response as BotResponse } from 'botbuilder';
import Fastify from 'fastify';
import { pino } from 'pino';
import { createBlobStore } from '../core/blob/create-blob-store.js';
import { loadConfig } from '../core/config/config.js';
import type { FaqEntry } from '../core/kb/faq-entry.js';
import { parseFaqCsv } from '../core/kb/faq-parser.js';
import { kbServiceFor, writeKbVersion } from '../core/kb/kb-service.js';
import { DEMO_COMMUNE } from '../core/seed/demo-commune.js';
import { demoIds, seedDemoCommune } from '../core/seed/seed.js';
import { openStorage } from '../core/storage/database.js';
import { VERSION } from '../core/util/project-root.js';
import { buildApp } from '../server/app.js';
import { startBotConnector } from '../tests/doubles/bot-connector.js';
import { load, type RoundSample } from './lib/load.js';
import { reachablePostgres, summarize, temporaryPostgres, type Summary } from './lib/rounds.js';
import { writeBenchmarkSection } from './lib/write-section.js';

const FAQ_SIZE = 1_000;
const CONCURRENCY = 16;
const REQUESTS_PER_ROUND = 1_500;
const ROUNDS = Number(process.env.ROUNDS ?? 3);

const demo = parseFaqCsv(readFileSync(new URL('../core/kb/data/demo-faq.csv', import.meta.url), 'utf8'));

/** The demo FAQ grown to `size` entries (deterministic), as bench:kb-engine does. */
function synthesize(size: number): FaqEntry[] {
  const pool = [...new Set(demo.flatMap((e) => e.answer.split(/\s+/)).filter((w) => w.length > 4))];
  let seed = 42;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  return Array.from({ length: size }, (_, i) => {
    const base = demo[i % demo.length]!;
    if (i < demo.length) return base;
    const extra = Array.from({ length: 3 }, () => pool[Math.floor(rnd() * pool.length)]!).join(' ');
    return { ...base, id: `${base.id}-${i}`, question: `${base.question} ${extra} thème${i}`, alternates: base.alternates.map((a) => `${a} ${extra}`) };
  });
}

/** Questions agents type: the FAQ's own phrasings, varied. */
const questions = demo.flatMap((e) => [e.question, ...e.alternates]).filter((q) => q.length > 3);
const senders = ['lucas.fontaine', 'kevin.martin', 'ines.boucher', 'mehdi.haddad', 'julien.petit', 'hugo.muller'];

function activity(serviceUrl: string, i: number): Record<string, unknown> {
  const key = senders[i % senders.length]!;
  return {
    type: 'message',
    id: `bench-${i}`,
    channelId: 'msteams',
    serviceUrl,
    from: { id: `29:${key}`, name: key, aadObjectId: demoIds.entraObjectId(key) },
    recipient: { id: '28:equipage-bench', name: 'Équipage' },
    conversation: { id: `a:bench-${key}`, conversationType: 'personal', tenantId: DEMO_COMMUNE.tenantId },
    channelData: { tenant: { id: DEMO_COMMUNE.tenantId } },
    locale: 'fr-FR',
    text: questions[i % questions.length],
  };
}

/** Posts `count` activities with `concurrency` clients; every answer must be 200. */
function post(url: string, serviceUrl: string, count: number, concurrency: number, offset: number): Promise<RoundSample> {
  return load(count, concurrency, async (i) => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity(serviceUrl, offset + i)) });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`HTTP ${res.status} from ${url}`);
  });
}

/** A bare botbuilder echo bot on Fastify: the same adapter and auth setup, no work per message. */
async function startEchoBot(): Promise<{ url: string; close: () => Promise<void> }> {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const app = Fastify();
  app.post('/api/messages', async (request, reply) => {
    const res: BotResponse = {
      socket: request.raw.socket,
      status: (code: number) => void reply.status(code),
      header: (name: string, value: unknown) => void reply.header(name, value),
      send: (body?: unknown) => void reply.send(body),
      end: () => {
        if (!reply.sent) void reply.send();
      },
    };
    await adapter.process({ body: request.body, headers: request.headers, method: 'POST' } as BotRequest, res, async (context) => {
      if (context.activity.type === ActivityTypes.Message) await context.sendActivity(`Echo: ${context.activity.text}`);
    });
    return reply;
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { url: `http://127.0.0.1:${(app.server.address() as { port: number }).port}/api/messages`, close: () => app.close() };
}

/** Measures the bot on one storage, with the echo bot interleaved; returns both summaries. */
async function scenario(storageKind: 'pglite' | 'postgres', postgresServer: string | undefined): Promise<{ echo: Summary; bot: Summary; outcomes: string }> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'equipage-bench-bot-'));
  const database = storageKind === 'postgres' ? await temporaryPostgres(postgresServer!) : undefined;
  const config = loadConfig({ env: { DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...(database ? { DATABASE_URL: database.url } : {}) }, readEnvFiles: false });
  const storage = await openStorage(config.database, { purpose: 'bench:bot', dataDir });
  const blobs = await createBlobStore(config.blob);
  const connector = await startBotConnector();
  let echo: Awaited<ReturnType<typeof startEchoBot>> | undefined;
  let app: Awaited<ReturnType<typeof buildApp>>['app'] | undefined;
  try {
    await seedDemoCommune(storage.db);
    const entries = synthesize(FAQ_SIZE);
    await storage.db.transaction().execute((trx) => writeKbVersion(trx, { entries, sourceName: 'bench-1000.csv', sourceSha256: 'bench', createdBy: 'bench' }));
    app = (await buildApp({ config, storage, blobs, logger: pino({ level: 'silent' }), version: VERSION, startedAt: new Date() })).app;
    await app.listen({ port: 0, host: '127.0.0.1' });
    const botUrl = `http://127.0.0.1:${(app.server.address() as { port: number }).port}/api/messages`;
    echo = await startEchoBot();

    // Warm-up: JIT, connection pools, the FAQ engine's first build.
    await post(echo.url, connector.serviceUrl, 300, CONCURRENCY, 0);
    await post(botUrl, connector.serviceUrl, 300, CONCURRENCY, 0);
    connector.clear();

    const results = { echo: [] as RoundSample[], bot: [] as RoundSample[] };
    for (let round = 0; round < ROUNDS; round += 1) {
      // Interleaved, so machine noise hits both alike.
      results.echo.push(await post(echo.url, connector.serviceUrl, REQUESTS_PER_ROUND, CONCURRENCY, round * REQUESTS_PER_ROUND));
      connector.clear();
      results.bot.push(await post(botUrl, connector.serviceUrl, REQUESTS_PER_ROUND, CONCURRENCY, round * REQUESTS_PER_ROUND));
      const cards = connector.received.filter((r) => r.activity.type === 'message').length;
      if (cards < REQUESTS_PER_ROUND) throw new Error(`the bot sent ${cards} replies for ${REQUESTS_PER_ROUND} questions`);
      connector.clear();
      console.log(`${storageKind} round ${round + 1}: echo ${results.echo.at(-1)!.perSecond.toFixed(0)}/s, bot ${results.bot.at(-1)!.perSecond.toFixed(0)}/s`);
    }
    // The question log is write-behind: write its last rows before counting them.
    await kbServiceFor(storage.db).flushQuestions();
    const outcomes = await storage.db.selectFrom('kb_questions').select(['outcome', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('outcome').execute();
    return { echo: summarize(results.echo), bot: summarize(results.bot), outcomes: outcomes.map((o) => `${o.outcome} ${Number(o.n)}`).join(', ') };
  } finally {
    await echo?.close();
    await app?.close();
    await connector.close();
    await blobs.close();
    await storage.close();
    await database?.drop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  // PostgreSQL (production storage) when a server is given, as the tests name it; PGlite (local mode) always.
  const postgresServer = await reachablePostgres();
  const runs: Array<{ name: string; result: Awaited<ReturnType<typeof scenario>> }> = [];
  runs.push({ name: 'PGlite (local mode, in-process)', result: await scenario('pglite', undefined) });
  if (postgresServer) runs.push({ name: 'PostgreSQL (server)', result: await scenario('postgres', postgresServer) });
  else console.log('no PostgreSQL server reachable: PGlite only');

  const row = (name: string, s: Summary, ratio?: number) => `| ${name} | ${s.perSecond.toFixed(0)} | ${ratio === undefined ? '—' : `${(ratio * 100).toFixed(0)}%`} | ${s.median.toFixed(1)} ms | ${s.p95.toFixed(1)} ms |`;
  const lines = [
    `${FAQ_SIZE.toLocaleString('en-US')}-entry FAQ (the demo FAQ grown synthetically) as the active knowledge-base version; ${CONCURRENCY} concurrent clients; ${ROUNDS} interleaved rounds of ${REQUESTS_PER_ROUND.toLocaleString('en-US')} questions per bot (median round reported; latencies over all rounds); Node ${process.version}, ${os.cpus().length} cores; load generator, bots and Bot Connector stand-in in one process. A request completes when the bot's replies were accepted by the local Bot Connector stand-in: for Équipage, the answer card (the typing indicator only comes for answers slower than 500 ms), after looking the sender up, answering from the FAQ and logging the question (write-behind: rows written in batches within ~50 ms); for the echo bot, one text message.`,
    '',
    '| Storage / bot | Answers/s | vs echo (same run) | Latency median | Latency p95 |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const run of runs) {
    lines.push(row(`${run.name}: bare botbuilder echo bot`, run.result.echo), row(`${run.name}: Équipage HR bot`, run.result.bot, run.result.bot.perSecond / run.result.echo.perSecond));
  }
  const met = runs.filter((r) => r.result.bot.perSecond / r.result.echo.perSecond >= 0.7).map((r) => r.name);
  lines.push('', `Goal: ≥ 70% of the echo bot's throughput — ${met.length === runs.length ? 'met' : met.length > 0 ? `met with ${met.join(', ')} only` : '**not met**'}. Outcomes of the logged questions (last run): ${runs.at(-1)!.result.outcomes}.`);
  console.log(lines.join('\n'));
  writeBenchmarkSection('bot', lines);
}

await main();
