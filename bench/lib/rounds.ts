/** What the throughput benchmarks share: summarizing rounds, and a throw-away PostgreSQL database. */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { percentile } from './write-section.js';

import type { RoundSample } from './load.js';

export type { RoundSample };

/** Median rate over the rounds; latency median and p95 over all requests. */
export interface Summary {
  perSecond: number;
  median: number;
  p95: number;
}

/** Summarizes rounds: median round rate, latencies over all rounds. */
export function summarize(rounds: readonly RoundSample[]): Summary {
  const rates = rounds.map((r) => r.perSecond).sort((a, b) => a - b);
  const latencies = rounds.flatMap((r) => r.latencies).sort((a, b) => a - b);
  return { perSecond: percentile(rates, 0.5), median: percentile(latencies, 0.5), p95: percentile(latencies, 0.95) };
}

/**
 * The PostgreSQL server the benchmarks use (BENCH_DATABASE_URL, else TEST_DATABASE_URL, else the
 * local one), or undefined when none answers: the benchmark then runs on PGlite only.
 */
export async function reachablePostgres(): Promise<string | undefined> {
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const probe = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await probe.connect();
  } catch {
    return undefined;
  }
  await probe.end();
  return url;
}

/** A throw-away PostgreSQL database on `serverUrl`. */
export async function temporaryPostgres(serverUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `equipage_bench_${Date.now()}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`).finally(() => admin.end());
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`).finally(() => client.end());
    },
  };
}
