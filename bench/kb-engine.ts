/**
 * HR FAQ engine performance: build time, memory and query latency (median, p95) at 100, 1,000
 * and 10,000 entries. Larger FAQs are synthesized from the demo FAQ: each copy gets its question
 * reworded with words drawn from the whole FAQ and a numbered topic, so the index really grows.
 * Writes docs/benchmarks.md between the kb-engine markers. Run: npm run bench:kb-engine
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { FaqEngine } from '../core/kb/faq-engine.js';
import type { FaqEntry } from '../core/kb/faq-entry.js';
import { parseFaqCsv } from '../core/kb/faq-parser.js';
import { parseQuestionsCsv } from '../core/kb/evaluate.js';

const read = (path: string): string => readFileSync(new URL(path, import.meta.url), 'utf8');
const demo = parseFaqCsv(read('../core/kb/data/demo-faq.csv'));
const questions = [
  ...parseQuestionsCsv(read('../tests/fixtures/kb/tuning-questions.csv')),
  ...parseQuestionsCsv(read('../tests/fixtures/kb/tuning-questions-2.csv')),
].map((q) => q.question);
const pool = [...new Set(demo.flatMap((e) => e.answer.split(/\s+/)).filter((w) => w.length > 4))];

/** Deterministic pseudo-random numbers (mulberry32), so every run measures the same FAQ. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function synthesize(size: number): FaqEntry[] {
  const rnd = random(42);
  const out: FaqEntry[] = [];
  for (let i = 0; i < size; i += 1) {
    const base = demo[i % demo.length]!;
    if (i < demo.length) { out.push(base); continue; }
    const extra = Array.from({ length: 3 }, () => pool[Math.floor(rnd() * pool.length)]!).join(' ');
    out.push({ ...base, id: `${base.id}-${i}`, question: `${base.question} ${extra} thème${i}`, alternates: base.alternates.map((a) => `${a} ${extra}`) });
  }
  return out;
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
const rows: string[] = [];
for (const size of [100, 1_000, 10_000]) {
  const entries = synthesize(size);
  globalThis.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const engine = FaqEngine.build(entries);
  const buildMs = performance.now() - t0;
  globalThis.gc?.();
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
  for (const q of questions.slice(0, 30)) engine.ask(q); // warm-up
  const times: number[] = [];
  for (let round = 0; round < 5; round += 1) {
    for (const q of questions) {
      const t = performance.now();
      engine.ask(q);
      times.push(performance.now() - t);
    }
  }
  times.sort((a, b) => a - b);
  const row = `| ${size.toLocaleString('en-US')} | ${buildMs.toFixed(0)} ms | ${heapMb.toFixed(1)} MB | ${percentile(times, 0.5).toFixed(3)} ms | ${percentile(times, 0.95).toFixed(3)} ms |`;
  console.log(row);
  rows.push(row);
}

const section = [
  '<!-- kb-engine:start -->',
  `Synthetic FAQs grown from the demo FAQ; ${questions.length} tuning questions × 5 rounds per size; Node ${process.version}, ${process.arch}. Memory is the heap growth after building (run with \`--expose-gc\` for a clean figure).`,
  '',
  '| Entries | Build | Heap | Query median | Query p95 |',
  '| --- | --- | --- | --- | --- |',
  ...rows,
  '<!-- kb-engine:end -->',
].join('\n');
const docPath = new URL('../docs/benchmarks.md', import.meta.url);
let doc = existsSync(docPath) ? readFileSync(docPath, 'utf8') : '# Benchmarks\n';
if (doc.includes('<!-- kb-engine:start -->') && doc.includes('<!-- kb-engine:end -->')) {
  doc = doc.slice(0, doc.indexOf('<!-- kb-engine:start -->')) + section + doc.slice(doc.indexOf('<!-- kb-engine:end -->') + '<!-- kb-engine:end -->'.length);
} else {
  doc = `${doc.trimEnd()}\n\n## HR FAQ engine: speed (\`npm run bench:kb-engine\`)\n\n${section}\n`;
}
writeFileSync(docPath, doc);
console.log('written to docs/benchmarks.md');
