/**
 * `npm run bench:assets`: a commune's GIS loaded with `importAssets` (50,000 street lights, trees
 * and hydrants as a GeoJSON file would give them), then SearchAssets' three kinds of query (words,
 * near a position, both), on PGlite and PostgreSQL. Baseline in the same run, on the same rows:
 * the query SearchAssets made before migration 0014, folding every row's text at each search.
 * Writes docs/benchmarks.md between the assets markers.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { loadConfig } from '../core/config/config.js';
import { importAssets, parseAssetsFile } from '../core/field-reports/asset-import.js';
import { searchAssets, type AssetSearch } from '../core/field-reports/assets.js';
import { DEMO_TOWN_CENTRE } from '../core/seed/demo-assets.js';
import { openStorage, type Storage } from '../core/storage/database.js';
import { reachablePostgres, temporaryPostgres } from './lib/rounds.js';
import { percentile, writeBenchmarkSection } from './lib/write-section.js';

const ASSETS = Number(process.env.ASSETS ?? 50_000);
const RUNS = Number(process.env.RUNS ?? 15);

/** A deterministic GeoJSON FeatureCollection of `n` assets around the demo town centre. */
function geoJson(n: number): string {
  const kinds = [
    ['lampadaire', 'Lampadaire', 'rue des Lumières'],
    ['arbre', 'Tilleul', 'avenue des Tilleuls'],
    ['borne-incendie', 'Borne incendie', 'rue des Pompiers'],
    ['banc', 'Banc', 'place de la Fontaine'],
  ] as const;
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const features = Array.from({ length: n }, (_, i) => {
    const [kind, label, street] = kinds[i % kinds.length]!;
    return {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [DEMO_TOWN_CENTRE.longitude + (random() - 0.5) / 20, DEMO_TOWN_CENTRE.latitude + (random() - 0.5) / 30] },
      properties: { code: `${kind.slice(0, 4).toUpperCase()}-${String(i).padStart(6, '0')}`, kind, name: `${label} ${i}`, adresse: `${(i % 300) + 1} ${street}`, secteur: `S${i % 12}` },
    };
  });
  return JSON.stringify({ type: 'FeatureCollection', features });
}

/** What SearchAssets did before migration 0014: fold each row at each search. */
async function foldEveryRow(storage: Storage, words: string[]): Promise<unknown[]> {
  const ACCENTED = 'àâäáãåçéèêëíìîïñóòôöõúùûüýÿœæ';
  const PLAIN = 'aaaaaaceeeeiiiinooooouuuuyyoa';
  let query = storage.db.selectFrom('assets').select(['id', 'code', 'kind', 'name', 'address', 'latitude', 'longitude']);
  for (const word of words) {
    query = query.where(sql<boolean>`translate(lower(coalesce(name, '') || ' ' || code || ' ' || coalesce(address, '') || ' ' || kind), ${ACCENTED}, ${PLAIN}) like ${`%${word}%`}`);
  }
  return query.orderBy('code').limit(10).execute();
}

async function median(run: () => Promise<unknown>): Promise<number> {
  await run(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  return percentile(times.sort((a, b) => a - b), 0.5);
}

interface Result {
  importSeconds: number;
  reimportSeconds: number;
  text: number;
  textBaseline: number;
  near: number;
  nearText: number;
}

async function scenario(kind: 'pglite' | 'postgres', serverUrl: string | undefined, file: string): Promise<Result> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'equipage-bench-assets-'));
  const database = kind === 'postgres' ? await temporaryPostgres(serverUrl!) : undefined;
  const config = loadConfig({ env: { DATA_DIR: dataDir, ...(database ? { DATABASE_URL: database.url } : {}) }, readEnvFiles: false });
  const storage = await openStorage(config.database, { purpose: 'bench:assets', dataDir });
  try {
    const assets = parseAssetsFile(file, 'bench.geojson');
    let start = performance.now();
    await importAssets(storage.db, assets, { actor: 'bench' });
    const importSeconds = (performance.now() - start) / 1000;
    start = performance.now();
    await importAssets(storage.db, assets, { actor: 'bench' });
    const reimportSeconds = (performance.now() - start) / 1000;
    const search = (s: Omit<AssetSearch, 'top'>) => () => searchAssets(storage.db, { top: 10, ...s });
    const near = { latitude: DEMO_TOWN_CENTRE.latitude, longitude: DEMO_TOWN_CENTRE.longitude, radius: 100 };
    const result: Result = {
      importSeconds,
      reimportSeconds,
      text: await median(search({ text: 'pompiers 4242' })),
      textBaseline: await median(() => foldEveryRow(storage, ['pompiers', '4242'])),
      near: await median(search({ near })),
      nearText: await median(search({ text: 'tilleul', near })),
    };
    console.log(`${kind}: ${JSON.stringify(result)}`);
    return result;
  } finally {
    await storage.close();
    await database?.drop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

const serverUrl = await reachablePostgres();

const file = geoJson(ASSETS);
const runs: Array<[string, Result]> = [['PGlite', await scenario('pglite', undefined, file)]];
if (serverUrl) runs.push(['PostgreSQL', await scenario('postgres', serverUrl, file)]);

const ms = (v: number) => `${v < 10 ? v.toFixed(1) : v.toFixed(0)} ms`;
const lines = [
  `${ASSETS.toLocaleString('en')} assets (GeoJSON points: street lights, trees, hydrants, benches) loaded with \`importAssets\` (what \`equipage fieldops assets import\` runs), then SearchAssets, top 10, median of ${RUNS} runs after a warm-up; Node ${process.version}, ${os.cpus().length} cores. Baseline in the same run on the same rows: the word query SearchAssets made before migration 0014, folding every row's text (lowercase, accents) at each search.`,
  '',
  '| Storage | Import (new / again) | Words "pompiers 4242": stored folded text | Same words, folding every row (before) | Near a position (100 m) | Words and near |',
  '| --- | --- | --- | --- | --- | --- |',
  ...runs.map(([name, r]) => `| ${name} | ${r.importSeconds.toFixed(1)} s / ${r.reimportSeconds.toFixed(1)} s | ${ms(r.text)} | ${ms(r.textBaseline)} (×${(r.textBaseline / r.text).toFixed(0)}) | ${ms(r.near)} | ${ms(r.nearText)} |`),
];
console.log(lines.join('\n'));
writeBenchmarkSection('assets', lines);
