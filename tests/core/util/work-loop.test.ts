/**
 * The background loop shared by the outbox workers: passes until idle, a wake ends the idle wait,
 * a failed pass is reported and the loop goes on, stop waits for the pass in flight.
 */
import { describe, expect, it } from '@jest/globals';
import { WorkLoop } from '../../../core/util/work-loop.js';

const HOUR = 3600_000;

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('WorkLoop', () => {
  it('runs passes back to back while they find work, then waits until woken', async () => {
    const work = [3, 1, 0];
    let passes = 0;
    let idle = deferred();
    const loop = new WorkLoop(
      async () => {
        passes++;
        const n = work.shift() ?? 0;
        if (n === 0) idle.resolve();
        return n;
      },
      { idleMs: HOUR, onError: () => undefined },
    );
    loop.start();
    loop.start(); // a second start does not start a second loop
    await idle.promise;
    expect(passes).toBe(3);
    // Idle for an hour unless woken: the wake makes the next pass run now.
    idle = deferred();
    loop.wake();
    await idle.promise;
    expect(passes).toBe(4);
    await loop.stop();
  });

  it('reports a failed pass and goes on', async () => {
    const errors: unknown[] = [];
    const second = deferred();
    let passes = 0;
    const loop = new WorkLoop(
      async () => {
        passes++;
        if (passes === 1) throw new Error('database hiccup');
        second.resolve();
        return 0;
      },
      { idleMs: 1, onError: (error) => errors.push(error) },
    );
    loop.start();
    await second.promise;
    await loop.stop();
    expect(errors).toEqual([new Error('database hiccup')]);
  });

  it('stops after the pass in flight, which sees that the loop is stopping', async () => {
    const inPass = deferred();
    const release = deferred();
    const seen: boolean[] = [];
    const loop: WorkLoop = new WorkLoop(
      async () => {
        inPass.resolve();
        await release.promise;
        seen.push(loop.stopping);
        return 1;
      },
      { idleMs: HOUR, onError: () => undefined },
    );
    expect(loop.stopping).toBe(false);
    loop.start();
    await inPass.promise;
    const stopped = loop.stop();
    release.resolve();
    await stopped;
    expect(seen).toEqual([true]);
    expect(loop.stopping).toBe(true);
  });
});
