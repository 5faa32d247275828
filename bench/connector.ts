/**
 * `npm run bench:connector`: CreateFieldReport (POST /api/connectors/fieldops/v1/reports, with an
 * Idempotency-Key) through real loopback HTTP (`buildApp` + `listen`, local mode, demo commune),
 * without a photo and with one ~1 MB PNG photo (random pixels, so incompressible; generated here
 * with pngjs), on PGlite and on PostgreSQL. Next to it, in the same run, on the same Kysely
 * instance and tables, the floor: a bare transaction inserting the same rows (report, photo row,
 * first status, idempotency key with a response body of the real size) and, with a photo, writing
 * the same bytes to the same blob store. Reports requests/s and latency at a fixed concurrency.
 * Writes docs/benchmarks.md between the connector markers.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { constants as perfConstants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import path from 'node:path';
import { PNG } from 'pngjs';
import { pino } from 'pino';
import type { BlobStore } from '../core/blob/blob-store.js';
import { createBlobStore } from '../core/blob/create-blob-store.js';
import { loadConfig } from '../core/config/config.js';
import { IDEMPOTENCY_TTL_MS } from '../core/field-reports/idempotency.js';
import { DEMO_TOWN_CENTRE } from '../core/seed/demo-assets.js';
import { seedDemoCommune } from '../core/seed/seed.js';
import { openStorage, type Storage } from '../core/storage/database.js';
import { VERSION } from '../core/util/project-root.js';
import { buildApp } from '../server/app.js';
import { CONCURRENCY, HttpLoadGenerator, ReportClient, type RequestTemplate, type RoundResult } from './lib/connector-load.js';
import { load } from './lib/load.js';
import { reachablePostgres, summarize, temporaryPostgres, type Summary } from './lib/rounds.js';
import { percentile } from './lib/write-section.js';
import { writeBenchmarkSection } from './lib/write-section.js';

const ROUNDS = Number(process.env.ROUNDS ?? 5);
const PER_ROUND = { plain: Number(process.env.PLAIN_REQUESTS ?? 1500), photo: Number(process.env.PHOTO_REQUESTS ?? 300) };
/** Profiling aids: `ONLY_STORAGE=pglite|postgres`, `ONLY_CASE=plain|photo`. A partial run does not write docs/benchmarks.md. */
const ONLY_STORAGE = process.env.ONLY_STORAGE;
const ONLY_CASE = process.env.ONLY_CASE;

/** A real PNG of about 1 MB: 512×512 RGBA noise, which deflate cannot shrink. */
function photoPng(): Buffer {
  const png = new PNG({ width: 512, height: 512 });
  png.data.set(randomBytes(png.data.length));
  return PNG.sync.write(png);
}

const photo = photoPng();
/** The photo as the UTF-8 bytes of a JSON string literal, made once for every request. */
const photoJson = Buffer.from(JSON.stringify(`data:image/png;base64,${photo.toString('base64')}`));
const requestTemplate: RequestTemplate = { photoJson, centre: DEMO_TOWN_CENTRE };

interface FloorTemplate {
  categoryId: string;
  callerKey: string;
  personId: string | null;
  displayName: string;
  responseBody: string;
}

/**
 * The floor: what any implementation must do to keep the report durably, with nothing else. The
 * photo's bytes (already decoded) go to the blob store, then one transaction inserts the report,
 * its photo row, its first status and its idempotency key (response body of the real size).
 * Not included: HTTP, authentication, JSON parsing and schema validation, base64 decoding and
 * type sniffing, the idempotency and category checks and field validation, building the view.
 */
let floorSequence = 0;

async function floorInsert(storage: Storage, blobs: BlobStore, template: FloorTemplate, withPhoto: boolean): Promise<void> {
  const i = (floorSequence += 1);
  const reportId = randomUUID();
  const put = withPhoto ? await blobs.put(`field-reports/${reportId}/photo-1.png`, photo, { contentType: 'image/png', metadata: { report_id: reportId, position: '0' } }) : undefined;
  await storage.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('field_reports')
      .values({
        id: reportId,
        category_id: template.categoryId,
        description: `Nid-de-poule devant le numéro ${i} de la Grand-Rue`,
        latitude: DEMO_TOWN_CENTRE.latitude,
        longitude: DEMO_TOWN_CENTRE.longitude,
        accuracy_m: 6,
        address: `${i} Grand-Rue`,
        asset_id: null,
        observed_at: new Date('2026-03-02T08:15:00.000Z'),
        fields: JSON.stringify({ size: '30 cm à 1 m', dangerous: true }),
        reporter_key: template.callerKey,
        reporter_person_id: template.personId,
        reporter_name: template.displayName,
      })
      .execute();
    if (put) {
      await trx
        .insertInto('field_report_photos')
        .values({ id: randomUUID(), report_id: reportId, position: 0, blob_key: put.key, content_type: 'image/png', size_bytes: put.size, sha256: put.sha256 })
        .execute();
    }
    await trx.insertInto('field_report_status_history').values({ report_id: reportId, status: 'new', changed_by: template.callerKey, comment: null }).execute();
    await trx
      .insertInto('idempotency_keys')
      .values({
        caller_key: template.callerKey,
        idempotency_key: `floor-${process.pid}-${i}`,
        operation: 'CreateFieldReport',
        request_hash: 'f'.repeat(64),
        response_status: 201,
        response_body: template.responseBody,
        expires_at: new Date(Date.now() + IDEMPOTENCY_TTL_MS),
      })
      .execute();
  });
}

type Case = 'plain' | 'photo';
/** Server CPU per report (ms): all threads but the load generator's, and the share of the main
 * thread and of V8's worker threads (concurrent garbage collection, compilation). */
interface CpuPerReport {
  total: number;
  main: number;
  v8Workers: number;
  /** Full (mark-compact) garbage collections of the server's heap per 100 reports. */
  fullGcs: number;
}
type Measured = Summary & { cpu: CpuPerReport };
/** `ratio`: the API's rate over the floor's, round by round (each pair ran back to back), median. */
type ScenarioResult = Record<Case, { floor: Measured; api: Measured; ratio: number }>;

/** CPU time (ms) of this process's V8 worker threads, from /proc (Linux; 0 elsewhere). */
function v8WorkerMs(): number {
  let ms = 0;
  try {
    for (const tid of readdirSync('/proc/self/task')) {
      try {
        if (readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim() !== 'V8Worker') continue;
        const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        // utime + stime, in clock ticks (100 per second on Linux).
        ms += (Number(fields[11]) + Number(fields[12])) * 10;
      } catch {
        // The thread ended meanwhile.
      }
    }
  } catch {
    return 0;
  }
  return ms;
}

/** Full GCs of this thread's heap (the server's; the load generator's worker has its own heap). */
let fullGcs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (((entry as PerformanceEntry & { detail?: { kind?: number } }).detail)?.kind === perfConstants.NODE_PERFORMANCE_GC_MAJOR) fullGcs += 1;
}).observe({ entryTypes: ['gc'] });

/** Runs `work` (`count` reports) and measures the server's CPU per report, the load generator's thread excluded. */
async function serverCpu<T>(http: HttpLoadGenerator, count: number, work: () => Promise<T>): Promise<{ result: T; cpu: CpuPerReport }> {
  const process0 = process.cpuUsage();
  const main0 = process.threadCpuUsage();
  const v80 = v8WorkerMs();
  const client0 = await http.cpuUsage();
  const gcs0 = fullGcs;
  const result = await work();
  // GC entries are delivered asynchronously: let the last ones arrive.
  await new Promise((resolve) => setImmediate(resolve));
  const gcs = fullGcs - gcs0;
  const processDelta = process.cpuUsage(process0);
  const mainDelta = process.threadCpuUsage(main0);
  const v8Delta = v8WorkerMs() - v80;
  const client1 = await http.cpuUsage();
  const clientMicros = client1.user - client0.user + (client1.system - client0.system);
  return {
    result,
    cpu: {
      total: (processDelta.user + processDelta.system - clientMicros) / 1000 / count,
      main: (mainDelta.user + mainDelta.system) / 1000 / count,
      v8Workers: v8Delta / count,
      fullGcs: (gcs * 100) / count,
    },
  };
}

async function scenario(storageKind: 'pglite' | 'postgres', postgresServer: string | undefined): Promise<ScenarioResult> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'equipage-bench-connector-'));
  const database = storageKind === 'postgres' ? await temporaryPostgres(postgresServer!) : undefined;
  const config = loadConfig({
    // The per-connection limit (500/min) would throttle a benchmark from one caller.
    env: { DATA_DIR: dataDir, LOG_LEVEL: 'silent', FIELDOPS_RATE_LIMIT_PER_MINUTE: '1000000', ...(database ? { DATABASE_URL: database.url } : {}) },
    readEnvFiles: false,
  });
  const storage = await openStorage(config.database, { purpose: 'bench:connector', dataDir });
  const blobs = await createBlobStore(config.blob);
  let app: Awaited<ReturnType<typeof buildApp>>['app'] | undefined;
  const http = new HttpLoadGenerator(requestTemplate);
  try {
    await seedDemoCommune(storage.db);
    app = (await buildApp({ config, storage, blobs, logger: pino({ level: 'silent' }), version: VERSION, startedAt: new Date() })).app;
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;

    // The floor writes what the API wrote for the same report: take one real answer as the template.
    const sampler = new ReportClient(requestTemplate);
    const sample = JSON.parse(await sampler.create(base, false)) as { id: string };
    const row = await storage.db.selectFrom('field_reports').select(['category_id', 'reporter_key', 'reporter_person_id', 'reporter_name']).where('id', '=', sample.id).executeTakeFirstOrThrow();
    const photoSample = await sampler.create(base, true);
    sampler.close();
    const template = (withPhoto: boolean): FloorTemplate => ({
      categoryId: row.category_id,
      callerKey: row.reporter_key,
      personId: row.reporter_person_id,
      displayName: row.reporter_name,
      responseBody: withPhoto ? photoSample : JSON.stringify(sample),
    });

    const results: Record<Case, { floor: RoundResult[]; api: RoundResult[] }> = { plain: { floor: [], api: [] }, photo: { floor: [], api: [] } };
    const cpu: Record<Case, { floor: CpuPerReport[]; api: CpuPerReport[] }> = { plain: { floor: [], api: [] }, photo: { floor: [], api: [] } };
    for (const kind of ['plain', 'photo'] as const) {
      if (ONLY_CASE && ONLY_CASE !== kind) continue;
      const withPhoto = kind === 'photo';
      const floorTemplate = template(withPhoto);
      // Warm-up: JIT, connection pools.
      await load(Math.ceil(PER_ROUND[kind] / 4), CONCURRENCY, () => floorInsert(storage, blobs, floorTemplate, withPhoto));
      await http.run({ base, withPhoto, count: Math.ceil(PER_ROUND[kind] / 4) });
      for (let round = 0; round < ROUNDS; round += 1) {
        // Interleaved, so machine noise hits both alike. CPU: the whole process minus the load generator's thread.
        const floorRound = await serverCpu(http, PER_ROUND[kind], () => load(PER_ROUND[kind], CONCURRENCY, () => floorInsert(storage, blobs, floorTemplate, withPhoto)));
        results[kind].floor.push(floorRound.result);
        cpu[kind].floor.push(floorRound.cpu);
        const apiRound = await serverCpu(http, PER_ROUND[kind], () => http.run({ base, withPhoto, count: PER_ROUND[kind] }));
        results[kind].api.push(apiRound.result);
        cpu[kind].api.push(apiRound.cpu);
        console.log(`${storageKind} ${kind} round ${round + 1}: floor ${results[kind].floor.at(-1)!.perSecond.toFixed(0)}/s, API ${results[kind].api.at(-1)!.perSecond.toFixed(0)}/s`);
      }
    }
    const median = (values: number[]) => percentile([...values].sort((a, b) => a - b), 0.5);
    const withCpu = (rounds: RoundResult[], perRound: CpuPerReport[]): Measured => ({
      ...summarize(rounds),
      cpu: { total: median(perRound.map((c) => c.total)), main: median(perRound.map((c) => c.main)), v8Workers: median(perRound.map((c) => c.v8Workers)), fullGcs: median(perRound.map((c) => c.fullGcs)) },
    });
    const ratio = (kind: Case) => median(results[kind].api.map((api, i) => api.perSecond / results[kind].floor[i]!.perSecond));
    return {
      plain: { floor: withCpu(results.plain.floor, cpu.plain.floor), api: withCpu(results.plain.api, cpu.plain.api), ratio: ratio('plain') },
      photo: { floor: withCpu(results.photo.floor, cpu.photo.floor), api: withCpu(results.photo.api, cpu.photo.api), ratio: ratio('photo') },
    };
  } finally {
    await http.close();
    await app?.close();
    await blobs.close();
    await storage.close();
    await database?.drop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

function cpuText(cpu: CpuPerReport): string {
  return `${cpu.total.toFixed(1)} ms (${cpu.main.toFixed(1)}, ${cpu.v8Workers.toFixed(1)})`;
}

async function main(): Promise<void> {
  const postgresServer = await reachablePostgres();
  const runs: Array<{ name: string; result: ScenarioResult }> = [];
  if (ONLY_STORAGE || ONLY_CASE) {
    for (const kind of ONLY_STORAGE ? [ONLY_STORAGE as 'pglite' | 'postgres'] : (['pglite', 'postgres'] as const)) {
      const result = await scenario(kind, kind === 'postgres' ? postgresServer : undefined);
      for (const c of ONLY_CASE ? [ONLY_CASE as Case] : (['plain', 'photo'] as const)) {
        console.log(`${kind} ${c}: floor ${result[c].floor.perSecond.toFixed(0)}/s, API ${result[c].api.perSecond.toFixed(0)}/s (${(result[c].ratio * 100).toFixed(0)}%), API p95 ${result[c].api.p95.toFixed(1)} ms, server CPU per report: floor ${cpuText(result[c].floor.cpu)}, API ${cpuText(result[c].api.cpu)}; full GCs per 100 reports: floor ${result[c].floor.cpu.fullGcs.toFixed(1)}, API ${result[c].api.cpu.fullGcs.toFixed(1)}`);
      }
    }
    return;
  }
  runs.push({ name: 'PGlite', result: await scenario('pglite', undefined) });
  if (postgresServer) runs.push({ name: 'PostgreSQL', result: await scenario('postgres', postgresServer) });
  else console.log('no PostgreSQL server reachable: PGlite only');

  const photoSize = `${(photo.length / 1024 / 1024).toFixed(2)} MB`;
  const row = (name: string, s: Measured, ratio?: number) =>
    `| ${name} | ${s.perSecond.toFixed(0)} | ${ratio === undefined ? '—' : `${(ratio * 100).toFixed(0)}%`} | ${s.median.toFixed(1)} ms | ${s.p95.toFixed(1)} ms | ${cpuText(s.cpu)} | ${s.cpu.fullGcs.toFixed(1)} |`;
  const lines = [
    `CreateFieldReport with an Idempotency-Key over loopback HTTP (\`buildApp\` + \`listen\`, local mode, demo commune, local blob store), ${CONCURRENCY} concurrent clients, ${ROUNDS} interleaved rounds of ${PER_ROUND.plain} requests without photo and ${PER_ROUND.photo} with one ${photoSize} PNG photo (random pixels, sent as a base64 data URI); rates: median round; ratio to the floor: median of the rounds' ratios (each round runs the floor then the API, back to back); latencies over all rounds; Node ${process.version}, ${os.cpus().length} cores; the HTTP clients (node:http, keep-alive, the photo's bytes written as they are) run in a worker thread of the same process (in production they are other machines; the floor has none), whose CPU is left out of the server CPU column.`,
    '',
    `Floor, measured in the same run on the same Kysely instance and tables: one transaction inserting the report row, its first status, its idempotency key (with a response body of the real size) and, with a photo, its photo row, after writing the same decoded bytes to the same blob store (temp file, fsync, rename). The floor does no HTTP, authentication, JSON parsing or schema validation, base64 decoding, idempotency check, category check, nor builds the answer, and writes the same photo buffer every time (no garbage): the API does all of these.`,
    '',
    '| Storage / case | Reports/s | vs floor (same run) | Latency median | Latency p95 | Server CPU per report (main thread, V8 workers) | Full GCs per 100 reports |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const run of runs) {
    for (const kind of ['plain', 'photo'] as const) {
      const label = kind === 'plain' ? 'no photo' : `one ${photoSize} photo`;
      const r = run.result[kind];
      lines.push(row(`${run.name}, ${label}: floor (bare insert)`, r.floor), row(`${run.name}, ${label}: CreateFieldReport`, r.api, r.ratio));
    }
  }
  const all = runs.flatMap((run) => (['plain', 'photo'] as const).map((kind) => ({ name: `${run.name} ${kind === 'plain' ? 'no photo' : 'photo'}`, ratio: run.result[kind].ratio })));
  const missed = all.filter((c) => c.ratio < 0.5).map((c) => c.name);
  lines.push('', `Goal: ≥ 50% of the floor's throughput — ${missed.length === 0 ? 'met' : `**not met** for ${missed.join(', ')}`}.`);
  lines.push(
    '',
    "How CreateFieldReport gets there: the caller comes from memory (the person cache, forgotten as soon as `people` changes: see docs/architecture.md), so nothing is read before the transaction; the idempotency key is inserted with the report (`ON CONFLICT DO NOTHING`; only a conflict reads the stored answer), the category comes from memory and the report's insert checks in the same statement that the row is unchanged (`xmin`; else the attempt is redone with a fresh read), and only `number` and `created_at` come back. PGlite runs every statement on the main thread, so each statement saved counts. With a photo, the connector's JSON parser reads the body into a pooled buffer, cuts the large strings out before `JSON.parse`, and decodes each photo's data URI straight from those bytes into another pooled buffer, 64 KiB of base64 at a time, leaving a short placeholder in the body: no megabyte string is ever made. Such a string (Node keeps strings over ~1 MB outside V8's heap) made V8 start a full collection of the whole server heap every ~15 reports (every 64 MB held outside the heap), which cost more than everything else the API does with a photo: 35–38% of the floor before this change, measured on a quiet machine. The decoded photo is hashed once (that SHA-256 serves the idempotency fingerprint and the blob store) and its base64 checked by native scans.",
    '',
  );
  const photoRun = runs.at(-1)?.result.photo;
  if (photoRun && photoRun.ratio < 0.5) {
    lines.push(
      '',
      `Under the goal with a photo (${runs.at(-1)!.name}, CPU column): the API's main thread spends ${(photoRun.api.cpu.main - photoRun.floor.cpu.main).toFixed(1)} ms more per report than the floor's and V8's worker threads ${(photoRun.api.cpu.v8Workers - photoRun.floor.cpu.v8Workers).toFixed(1)} ms more, with ${photoRun.api.cpu.fullGcs.toFixed(1)} full collections per 100 reports (floor: ${photoRun.floor.cpu.fullGcs.toFixed(1)}).`,
    );
  }
  console.log(lines.join('\n'));
  writeBenchmarkSection('connector', lines);
}

await main();
