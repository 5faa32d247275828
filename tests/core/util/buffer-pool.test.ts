/** The pool of large buffers (core/util/buffer-pool.ts): slabs reused, caps kept, leases released once. */
import { BufferPool } from '../../../core/util/buffer-pool.js';

describe('BufferPool', () => {
  it('lends the bytes asked for and reuses a released slab instead of allocating', () => {
    const pool = new BufferPool({ granularity: 1024 });
    const first = pool.lease(1500);
    expect(first.buffer.length).toBe(1500);
    const slab = first.buffer.buffer;
    first.release();
    expect(pool.idleBytes).toBe(2048);
    const second = pool.lease(2000);
    expect(second.buffer.buffer).toBe(slab);
    expect(pool.idleBytes).toBe(0);
    // Released twice: given back once.
    second.release();
    second.release();
    expect(pool.idleBytes).toBe(2048);
  });

  it('never lends one slab twice at a time', () => {
    const pool = new BufferPool({ granularity: 1024 });
    const leases = Array.from({ length: 5 }, () => pool.lease(1000));
    leases.forEach((lease, i) => lease.buffer.fill(i));
    leases.forEach((lease, i) => expect(lease.buffer.every((byte) => byte === i)).toBe(true));
    leases.forEach((lease) => lease.release());
    expect(pool.idleBytes).toBe(5 * 1024);
  });

  it('picks the smallest slab that fits, and keeps no more than its caps', () => {
    const pool = new BufferPool({ granularity: 1024, maxSlabBytes: 4096, maxFreeBytes: 6144 });
    const small = pool.lease(1024);
    const large = pool.lease(4096);
    const huge = pool.lease(10_000);
    small.release();
    large.release();
    huge.release(); // over maxSlabBytes: left to the garbage collector
    expect(pool.idleBytes).toBe(5120);
    const fit = pool.lease(900);
    expect(fit.buffer.buffer.byteLength).toBe(1024);
    fit.release();
    const more = [pool.lease(4096), pool.lease(4096)];
    more.forEach((lease) => lease.release());
    // 4096 + 4096 + 1024 > 6144: the smallest slabs go first.
    expect(pool.idleBytes).toBeLessThanOrEqual(6144);
    expect(pool.lease(4000).buffer.buffer.byteLength).toBe(4096);
    expect(() => pool.lease(-1)).toThrow(RangeError);
  });
});
