/** Rewrites one benchmark's section of docs/benchmarks.md, between its `<!-- name:start -->` / `<!-- name:end -->` markers. */
import { readFileSync, writeFileSync } from 'node:fs';

export function writeBenchmarkSection(name: string, lines: string[]): void {
  const docPath = new URL('../../docs/benchmarks.md', import.meta.url);
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const doc = readFileSync(docPath, 'utf8');
  if (!doc.includes(start) || !doc.includes(end)) throw new Error(`docs/benchmarks.md has no ${start} … ${end} markers`);
  const updated = doc.slice(0, doc.indexOf(start)) + [start, ...lines, end].join('\n') + doc.slice(doc.indexOf(end) + end.length);
  writeFileSync(docPath, updated);
  console.log(`written to docs/benchmarks.md (${name})`);
}

/** The value at quantile `p` of an ascending list. */
export const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
