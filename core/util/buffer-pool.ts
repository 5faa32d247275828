/**
 * Reusable large buffers, for request bodies carrying photos and for the decoded photos. Each new
 * megabyte-sized Buffer is memory V8 must account for: every 64 MB of such allocations it starts
 * a full garbage collection, which marks the whole heap (tens of MB for this server) on its worker
 * threads. A report with one photo allocated about 5 MB; a lease from this pool allocates nothing
 * once the pool is warm.
 *
 * A lease's bytes are valid until it is released: whoever holds one must release it exactly once,
 * when nothing (no pending write, no view) uses its bytes any more.
 */

/** A buffer lent by a {@link BufferPool}. */
export interface BufferLease {
  /** `size` bytes of a pooled slab (not zeroed: write before reading). */
  readonly buffer: Buffer;
  /** Gives the slab back (idempotent). */
  release(): void;
}

export interface BufferPoolOptions {
  /** Slabs are allocated in multiples of this size (default 1 MiB). */
  granularity?: number;
  /** Largest slab kept (default 32 MiB); larger requests are allocated and left to the GC. */
  maxSlabBytes?: number;
  /** Total bytes of free slabs kept (default 64 MiB). */
  maxFreeBytes?: number;
}

/** A pool of large Buffers, reused across requests. */
export class BufferPool {
  private readonly free: Buffer[] = [];
  private freeBytes = 0;
  private leased = 0;
  private readonly granularity: number;
  private readonly maxSlabBytes: number;
  private readonly maxFreeBytes: number;

  constructor(options: BufferPoolOptions = {}) {
    this.granularity = options.granularity ?? 1024 * 1024;
    this.maxSlabBytes = options.maxSlabBytes ?? 32 * 1024 * 1024;
    this.maxFreeBytes = options.maxFreeBytes ?? 64 * 1024 * 1024;
  }

  /** Lends `size` bytes: the smallest free slab that fits, else a new one. */
  lease(size: number): BufferLease {
    if (!Number.isInteger(size) || size < 0) throw new RangeError(`invalid buffer size: ${size}`);
    let slab: Buffer | undefined;
    let best = -1;
    for (let i = 0; i < this.free.length; i += 1) {
      const candidate = this.free[i]!;
      if (candidate.length >= size && (best < 0 || candidate.length < this.free[best]!.length)) best = i;
    }
    if (best >= 0) {
      slab = this.free.splice(best, 1)[0]!;
      this.freeBytes -= slab.length;
    } else {
      slab = Buffer.allocUnsafeSlow(Math.max(this.granularity, Math.ceil(size / this.granularity) * this.granularity));
    }
    const taken = slab;
    let released = false;
    this.leased += 1;
    return {
      buffer: taken.subarray(0, size),
      release: () => {
        if (released) return;
        released = true;
        this.leased -= 1;
        this.giveBack(taken);
      },
    };
  }

  /** Leases not yet released, for tests and diagnostics (a number that only grows is a leak). */
  get outstandingLeases(): number {
    return this.leased;
  }

  /** Bytes of free slabs kept, for tests and diagnostics. */
  get idleBytes(): number {
    return this.freeBytes;
  }

  private giveBack(slab: Buffer): void {
    if (slab.length > this.maxSlabBytes) return;
    // Over the cap, the smallest slabs go first: the large ones are the costly ones to allocate.
    this.free.push(slab);
    this.freeBytes += slab.length;
    this.free.sort((a, b) => b.length - a.length);
    while (this.freeBytes > this.maxFreeBytes) this.freeBytes -= this.free.pop()!.length;
  }
}

/** The process's pool, shared by the request bodies and decoded photos of every surface. */
export const largeBuffers = new BufferPool();
