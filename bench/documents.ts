/**
 * `npm run bench:documents`: publishes a payroll run of 2,000 payslips (the benchmark generates the
 * PDFs: one per agent, named `{matricule}_{period}.pdf`) through the real import (plan + publish to
 * the local blob store, notifications enqueued in the same transaction), then notifies the 2,000
 * agents through the real proactive dispatcher and Bot Connector sender, against a local stand-in
 * for the Bot Connector that enforces Teams' limits (429 with Retry-After beyond 7 messages/second
 * per conversation and 50 requests/second overall). Checks every notification is delivered exactly
 * once; reports the import time and the fan-out time against the 50/s floor (40 s for 2,000).
 * Writes docs/benchmarks.md between the documents markers.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { createConnectorSender } from '../bot/adapter/connector-sender.js';
import { createBlobStore } from '../core/blob/create-blob-store.js';
import { loadConfig } from '../core/config/config.js';
import { planImport } from '../core/documents/import-plan.js';
import { publishPlan } from '../core/documents/publish.js';
import { ProactiveDispatcher } from '../core/proactive/dispatcher.js';
import { outboxStats } from '../core/proactive/outbox.js';
import { TEAMS_LIMITS, TEAMS_LIMITS_PACED } from '../core/proactive/rate-limiter.js';
import { openStorage } from '../core/storage/database.js';
import { startBotConnector } from '../tests/doubles/bot-connector.js';
import { writeBenchmarkSection } from './lib/write-section.js';

const AGENTS = 2_000;
const PERIOD = '2026-10';
const FLOOR_SECONDS = AGENTS / TEAMS_LIMITS.globalPerSecond;
const GOAL_SECONDS = FLOOR_SECONDS * 1.15;

async function payslipPdf(matricule: string, name: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([595, 842]);
  const lines = ['Commune de Beaulieu-sur-Aune - Bulletin de paie', `Période : ${PERIOD}   Page 1`, `Matricule : ${matricule}`, `Agent : ${name}`, 'Net à payer : 1 834,52 €'];
  lines.forEach((line, i) => page.drawText(line, { x: 50, y: 780 - i * 16, size: 11, font }));
  return doc.save();
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'equipage-bench-documents-'));
  const runDir = path.join(dataDir, 'run');
  const config = loadConfig({ env: { DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, readEnvFiles: false });
  const storage = await openStorage(config.database, { purpose: 'bench:documents', dataDir });
  const blobs = await createBlobStore(config.blob);
  const connector = await startBotConnector({ limits: { ...TEAMS_LIMITS, retryAfterSeconds: 1 } });
  const db = storage.db;
  try {
    // 2,000 agents, each with a personal conversation with the bot (as after their first chat).
    const people = Array.from({ length: AGENTS }, (_, i) => {
      const n = String(i + 1).padStart(5, '0');
      return { id: randomUUID(), matricule: `B${n}`, given: `Agent${n}`, family: 'Bench', oid: randomUUID() };
    });
    for (let i = 0; i < people.length; i += 500) {
      const chunk = people.slice(i, i + 500);
      await db
        .insertInto('people')
        .values(chunk.map((p) => ({ id: p.id, entra_object_id: p.oid, upn: `${p.given.toLowerCase()}@bench.example`, matricule: p.matricule, given_name: p.given, family_name: p.family, display_name: `${p.given} ${p.family}`, email: null, job_title: 'Agent', service_id: null, manager_id: null, site: null, mobile_phone: null, hire_date: '2020-01-01', left_at: null })))
        .execute();
      await db
        .insertInto('bot_conversations')
        .values(chunk.map((p) => ({ person_id: p.id, scope: 'personal', conversation_id: `a:bench-${p.matricule}`, service_url: connector.serviceUrl, tenant_id: null, bot_id: '28:bench-bot', user_id: `29:${p.matricule}`, channel_id: 'msteams' })))
        .execute();
    }

    // The payroll software's output: one PDF per agent.
    await mkdir(runDir);
    const generateStart = performance.now();
    for (let i = 0; i < people.length; i += 50) {
      await Promise.all(people.slice(i, i + 50).map(async (p) => writeFile(path.join(runDir, `${p.matricule}_${PERIOD}.pdf`), await payslipPdf(p.matricule, `${p.given} ${p.family}`))));
    }
    const generateSeconds = (performance.now() - generateStart) / 1000;

    const importStart = performance.now();
    const plan = await planImport(db, { period: PERIOD, sourcePath: runDir });
    const planSeconds = (performance.now() - importStart) / 1000;
    const published = await publishPlan(db, blobs, plan, { replace: false, publishedBy: 'bench' });
    const importSeconds = (performance.now() - importStart) / 1000;
    if (published.published.length !== AGENTS || published.failed.length > 0) {
      throw new Error(`published ${published.published.length}/${AGENTS}, failed ${published.failed.length}, unmatched ${plan.unmatched.length}`);
    }
    const enqueued = published.published.filter((p) => p.notification === 'enqueued').length;
    console.log(`generated ${AGENTS} PDFs in ${generateSeconds.toFixed(1)} s; imported in ${importSeconds.toFixed(1)} s (plan ${planSeconds.toFixed(1)} s); ${enqueued} notifications enqueued`);

    // Fan-out: the real dispatcher and connector sender, against the limit-enforcing stand-in.
    // Configured as server/start.ts configures it.
    const dispatcher = new ProactiveDispatcher({ db, send: createConnectorSender(async () => undefined), limits: TEAMS_LIMITS_PACED });
    const fanoutStart = performance.now();
    await dispatcher.drain(10 * 60_000);
    const fanoutSeconds = (performance.now() - fanoutStart) / 1000;

    const stats = await outboxStats(db);
    const posts = connector.received.filter((r) => r.method === 'POST');
    const perConversation = new Map<string, number>();
    for (const r of posts) perConversation.set(r.conversationId, (perConversation.get(r.conversationId) ?? 0) + 1);
    const exactlyOnce = perConversation.size === AGENTS && [...perConversation.values()].every((n) => n === 1);
    // The stand-in's own view of the pacing: the busiest one-second window it accepted.
    const times = posts.map((r) => r.receivedAt).sort((a, b) => a - b);
    let busiest = 0;
    for (let i = 0, j = 0; i < times.length; i += 1) {
      while (times[i]! - times[j]! >= 1000) j += 1;
      busiest = Math.max(busiest, i - j + 1);
    }
    const withinGoal = fanoutSeconds <= GOAL_SECONDS;
    const lines = [
      `${AGENTS.toLocaleString('en-US')} agents, one payslip each (PDFs generated by the benchmark with pdf-lib, one page each), PGlite and the local blob store; Node ${process.version}, ${os.cpus().length} cores. Notifications go through the durable outbox, the real \`ProactiveDispatcher\` and Bot Connector REST sender, to a local Bot Connector stand-in that answers 429 (Retry-After: 1) beyond 7 messages/s per conversation and 50 requests/s overall.`,
      '',
      '| Step | Result |',
      '| --- | --- |',
      `| Generate the run (${AGENTS.toLocaleString('en-US')} PDFs) | ${generateSeconds.toFixed(1)} s |`,
      `| Import: plan (read and match every PDF) | ${planSeconds.toFixed(1)} s |`,
      `| Import: total (plan + store + record + enqueue notifications) | ${importSeconds.toFixed(1)} s |`,
      `| Fan-out: all notifications delivered | ${fanoutSeconds.toFixed(1)} s (floor at 50/s: ${FLOOR_SECONDS.toFixed(0)} s; goal ≤ ${GOAL_SECONDS.toFixed(0)} s: ${withinGoal ? 'met' : 'missed'}) |`,
      `| Delivered exactly once | ${exactlyOnce ? 'yes' : 'NO'}: ${posts.length.toLocaleString('en-US')} messages to ${perConversation.size.toLocaleString('en-US')} conversations; outbox sent ${stats.sent}, failed ${stats.failed}, pending ${stats.pending} |`,
      `| Throttling | ${connector.throttled} requests answered 429 by the stand-in; busiest second accepted: ${busiest} messages |`,
    ];
    console.log(lines.join('\n'));
    writeBenchmarkSection('documents', lines);
    if (!exactlyOnce || stats.sent !== AGENTS) process.exitCode = 1;
  } finally {
    await connector.close();
    await blobs.close();
    await storage.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
