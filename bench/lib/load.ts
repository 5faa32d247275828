/**
 * A closed-loop load: `count` operations, `concurrency` at a time, each latency recorded. Imports
 * nothing, so a load generator running in a worker thread keeps a small heap.
 */

/** One round of a load: its rate and every operation's latency (ms). */
export interface RoundSample {
  perSecond: number;
  latencies: number[];
}

/** Runs `count` operations (`op(i)`, i from 0), `concurrency` at a time. */
export async function load(count: number, concurrency: number, op: (i: number) => Promise<void>): Promise<RoundSample> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const t = performance.now();
        await op(i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { perSecond: count / ((performance.now() - started) / 1000), latencies };
}
