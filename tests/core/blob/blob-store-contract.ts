/**
 * The behaviour every BlobStore must have, as one Jest suite run against each implementation
 * (local folder, Azure through Azurite). Each test works under its own key prefix, so the tests
 * share one store per file without seeing each other's objects.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { BlobStore } from '../../../core/blob/blob-store.js';
import { BLOB_KEY_MAX_LENGTH } from '../../../core/blob/blob-validation.js';
import { isEquipageError, type ErrorCode } from '../../../core/errors.js';

/** How the contract gets stores of one implementation. */
export interface BlobStoreHarness {
  /** Opens a store; every call must see the same objects (same folder / container). */
  open(): Promise<BlobStore>;
}

const MiB = 1024 * 1024;

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** A deterministic stream of `total` bytes in `chunkSize` pieces; errors after `failAfter` bytes if given. */
export function byteStream(total: number, options: { chunkSize?: number; failAfter?: number; seed?: number } = {}): { stream: Readable; expected: Buffer } {
  const chunkSize = options.chunkSize ?? 64 * 1024;
  const expected = Buffer.alloc(total);
  let x = options.seed ?? 7;
  for (let i = 0; i < total; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    expected[i] = x >>> 24;
  }
  let offset = 0;
  const stream = new Readable({
    read() {
      if (options.failAfter !== undefined && offset >= options.failAfter) {
        this.destroy(new Error('input broke midway'));
        return;
      }
      if (offset >= total) {
        this.push(null);
        return;
      }
      const end = Math.min(offset + chunkSize, total);
      this.push(expected.subarray(offset, end));
      offset = end;
    },
  });
  return { stream, expected };
}

/** Collects an async iterable. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** Asserts that `promise` rejects with an EquipageError of `code`. */
export async function expectCode(promise: Promise<unknown>, code: ErrorCode): Promise<void> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  if (!isEquipageError(caught, code)) throw new Error(`expected ${code}, got ${caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught)}`);
}

/** Defines the contract suite for one implementation. */
export function describeBlobStoreContract(name: string, harness: () => BlobStoreHarness): void {
  describe(`BlobStore contract: ${name}`, () => {
    let store: BlobStore;

    beforeAll(async () => {
      store = await harness().open();
    });

    afterAll(async () => {
      await store?.close();
    });

    test('round trip of binary data: size, sha256, content type, etag, date', async () => {
      const data = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), randomBytes(5000)]);
      const before = Date.now();
      const put = await store.put('roundtrip/doc.bin', data, { contentType: 'application/octet-stream' });
      expect(put).toMatchObject({ key: 'roundtrip/doc.bin', size: data.length, sha256: sha256(data), contentType: 'application/octet-stream', metadata: {} });
      expect(put.etag).toEqual(expect.any(String));
      expect(put.lastModified).toBeInstanceOf(Date);
      // Azure dates have second precision; a generous window keeps this independent of timing.
      expect(put.lastModified.getTime()).toBeGreaterThan(before - 60_000);

      const { info, stream } = await store.get('roundtrip/doc.bin');
      const read: Buffer[] = [];
      for await (const chunk of stream) read.push(chunk as Buffer);
      expect(Buffer.concat(read).equals(data)).toBe(true);
      expect(info).toMatchObject({ key: 'roundtrip/doc.bin', size: data.length, sha256: sha256(data), contentType: 'application/octet-stream', etag: put.etag });

      expect((await store.getBuffer('roundtrip/doc.bin')).equals(data)).toBe(true);
      const head = await store.head('roundtrip/doc.bin');
      expect(head).toMatchObject({ key: 'roundtrip/doc.bin', size: data.length, sha256: sha256(data), contentType: 'application/octet-stream', etag: put.etag });
      expect(head!.lastModified.getTime()).toBe(put.lastModified.getTime());
      expect(await store.exists('roundtrip/doc.bin')).toBe(true);
    });

    test('a SHA-256 the caller computed from the same buffer is recorded as is; a malformed one is refused', async () => {
      const data = randomBytes(4096);
      const digest = sha256(data);
      const put = await store.put('known-hash/photo.bin', data, { contentType: 'image/png', sha256: digest });
      expect(put.sha256).toBe(digest);
      expect((await store.head('known-hash/photo.bin'))?.sha256).toBe(digest);
      // Recorded, not recomputed: whoever passes it vouches for it (in-process callers only).
      const other = sha256(Buffer.from('autre'));
      expect((await store.put('known-hash/trusted.bin', data, { contentType: 'image/png', sha256: other })).sha256).toBe(other);
      await expect(store.put('known-hash/bad.bin', data, { contentType: 'image/png', sha256: 'ABC' })).rejects.toThrow(/64 lowercase hex/);
      expect(await store.exists('known-hash/bad.bin')).toBe(false);
      // A stream is always hashed by the store.
      const { stream, expected } = byteStream(10_000);
      expect((await store.put('known-hash/stream.bin', stream, { contentType: 'image/png', sha256: other })).sha256).toBe(sha256(expected));
    });

    test('an empty object is an object', async () => {
      const put = await store.put('empty/zero', Buffer.alloc(0), { contentType: 'text/plain; charset=utf-8' });
      expect(put).toMatchObject({ size: 0, sha256: sha256(Buffer.alloc(0)), contentType: 'text/plain; charset=utf-8' });
      expect((await store.getBuffer('empty/zero')).length).toBe(0);
      expect(await store.exists('empty/zero')).toBe(true);
    });

    test('streams a multi-MB input and hashes it on the way', async () => {
      const { stream, expected } = byteStream(9 * MiB + 12345, { chunkSize: 100_000 });
      const put = await store.put('stream/big.jpg', stream, { contentType: 'image/jpeg' });
      expect(put.size).toBe(expected.length);
      expect(put.sha256).toBe(sha256(expected));
      const back = await store.getBuffer('stream/big.jpg');
      expect(back.length).toBe(expected.length);
      expect(sha256(back)).toBe(sha256(expected));
      expect((await store.head('stream/big.jpg'))?.sha256).toBe(sha256(expected));
    });

    test('a stream of strings is stored as UTF-8', async () => {
      const put = await store.put('stream/text.txt', Readable.from(['Bonjour ', 'Émilie ', '👋']), { contentType: 'text/plain; charset=utf-8' });
      expect((await store.getBuffer('stream/text.txt')).toString('utf8')).toBe('Bonjour Émilie 👋');
      expect(put.sha256).toBe(sha256(Buffer.from('Bonjour Émilie 👋')));
    });

    test('overwrite replaces content, content type and metadata', async () => {
      const first = await store.put('overwrite/a.pdf', Buffer.from('version 1'), { contentType: 'application/pdf', metadata: { period: '2025-01', agent: '1' } });
      const second = await store.put('overwrite/a.pdf', Buffer.from('version two'), { contentType: 'text/plain', metadata: { period: '2025-02' } });
      expect(second.etag).not.toBe(first.etag);
      expect((await store.getBuffer('overwrite/a.pdf')).toString()).toBe('version two');
      expect(await store.head('overwrite/a.pdf')).toMatchObject({
        size: 11,
        sha256: sha256(Buffer.from('version two')),
        contentType: 'text/plain',
        metadata: { period: '2025-02' },
        etag: second.etag,
      });
      expect((await collect(store.list('overwrite/'))).map((i) => i.key)).toEqual(['overwrite/a.pdf']);
    });

    test('concurrent writes of one key leave one complete version', async () => {
      const a = randomBytes(300_000);
      const b = randomBytes(200_000);
      const results = await Promise.all([
        store.put('race/x', a, { contentType: 'application/octet-stream' }),
        store.put('race/x', Readable.from([b.subarray(0, 100_000), b.subarray(100_000)]), { contentType: 'application/octet-stream' }),
      ]);
      const stored = await store.getBuffer('race/x');
      expect([sha256(a), sha256(b)]).toContain(sha256(stored));
      const head = await store.head('race/x');
      expect(head?.sha256).toBe(sha256(stored));
      expect(head?.size).toBe(stored.length);
      expect(results.map((r) => r.etag)).toContain(head?.etag);
    });

    test('metadata round trip, including accents and reserved characters', async () => {
      const metadata = { agent_name: 'Émilie Lefèvre-Dupont', period: '2025-01', note: '100% sûr & ok; a=b, "c"' };
      const put = await store.put('meta/payslip.pdf', Buffer.from('%PDF-1.7'), { contentType: 'application/pdf', metadata });
      expect(put.metadata).toEqual(metadata);
      expect((await store.head('meta/payslip.pdf'))?.metadata).toEqual(metadata);
      const download = await store.get('meta/payslip.pdf');
      download.stream.destroy(); // only the info is needed here
      expect(download.info.metadata).toEqual(metadata);
      const [listed] = await collect(store.list('meta/'));
      expect(listed?.metadata).toEqual(metadata);
    });

    test('metadata and content type are validated', async () => {
      const bad: Array<Record<string, unknown>> = [
        { Upper: 'x' },
        { 'with-dash': 'x' },
        { '1digit': 'x' },
        { eqp_sha256: 'forged' },
        { n: 42 },
        { long: 'x'.repeat(513) },
        { ['k'.repeat(65)]: 'x' },
        Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, 'v'])),
        Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`k${i}`, 'é'.repeat(100)])),
        { lone: '\ud800' },
      ];
      for (const metadata of bad) {
        await expectCode(store.put('meta/bad', Buffer.from('x'), { contentType: 'text/plain', metadata: metadata as Record<string, string> }), 'EQP_ERR_VALIDATION');
      }
      for (const contentType of ['', 'pdf', 'text/plain\r\nX-Evil: 1', 'a/b/c', undefined]) {
        await expectCode(store.put('meta/bad', Buffer.from('x'), { contentType: contentType as string }), 'EQP_ERR_VALIDATION');
      }
      expect(await store.exists('meta/bad')).toBe(false);
    });

    test('a missing object: not found, undefined, false', async () => {
      await expectCode(store.get('missing/nothing.pdf'), 'EQP_ERR_BLOB_NOT_FOUND');
      await expectCode(store.getBuffer('missing/nothing.pdf'), 'EQP_ERR_BLOB_NOT_FOUND');
      expect(await store.head('missing/nothing.pdf')).toBeUndefined();
      expect(await store.exists('missing/nothing.pdf')).toBe(false);
    });

    test('delete removes the object and is idempotent', async () => {
      await store.put('delete/a.txt', Buffer.from('a'), { contentType: 'text/plain' });
      await store.delete('delete/a.txt');
      expect(await store.exists('delete/a.txt')).toBe(false);
      await expectCode(store.get('delete/a.txt'), 'EQP_ERR_BLOB_NOT_FOUND');
      await expect(store.delete('delete/a.txt')).resolves.toBeUndefined();
      await expect(store.delete('delete/never-existed.txt')).resolves.toBeUndefined();
      expect(await collect(store.list('delete/'))).toEqual([]);
      // The key can be written again.
      await store.put('delete/a.txt', Buffer.from('again'), { contentType: 'text/plain' });
      expect((await store.getBuffer('delete/a.txt')).toString()).toBe('again');
    });

    test('list by prefix: string prefix semantics, key order, full info', async () => {
      const keys = ['list/a', 'list/a/2.txt', 'list/a/1.txt', 'list/ab.txt', 'list/b/c/3.txt', 'list-other.txt'];
      for (const key of keys) await store.put(key, Buffer.from(key), { contentType: 'text/plain', metadata: { k: key } });
      const keysOf = async (prefix: string) => (await collect(store.list(prefix))).map((i) => i.key);

      expect(await keysOf('list/')).toEqual(['list/a', 'list/a/1.txt', 'list/a/2.txt', 'list/ab.txt', 'list/b/c/3.txt']);
      expect(await keysOf('list/a/')).toEqual(['list/a/1.txt', 'list/a/2.txt']);
      expect(await keysOf('list/a')).toEqual(['list/a', 'list/a/1.txt', 'list/a/2.txt', 'list/ab.txt']);
      expect(await keysOf('list/b/c')).toEqual(['list/b/c/3.txt']);
      expect(await keysOf('list/b/c/3.txt')).toEqual(['list/b/c/3.txt']);
      expect(await keysOf('list')).toEqual(['list-other.txt', 'list/a', 'list/a/1.txt', 'list/a/2.txt', 'list/ab.txt', 'list/b/c/3.txt']);
      expect(await keysOf('nothing-here/')).toEqual([]);
      const all = await keysOf('');
      expect(all).toEqual(expect.arrayContaining(keys));
      expect(all).toEqual([...all].sort());

      const [info] = await collect(store.list('list/ab'));
      expect(info).toMatchObject({ key: 'list/ab.txt', size: 11, sha256: sha256(Buffer.from('list/ab.txt')), contentType: 'text/plain', metadata: { k: 'list/ab.txt' } });
      expect(info!.lastModified).toBeInstanceOf(Date);
    });

    test('the longest valid key works', async () => {
      const segment = 'k'.repeat(99);
      const key = `${segment}/`.repeat(10) + 'z'.repeat(BLOB_KEY_MAX_LENGTH - 1000); // 10 folders deep
      expect(key.length).toBe(BLOB_KEY_MAX_LENGTH);
      await store.put(key, Buffer.from('deep'), { contentType: 'text/plain' });
      expect((await store.getBuffer(key)).toString()).toBe('deep');
      expect((await collect(store.list(segment + '/'))).map((i) => i.key)).toEqual([key]);
      await store.delete(key);
    });

    test('invalid keys are rejected by every operation', async () => {
      const invalid = ['../x', '/abs', 'a\\b', '', 'x'.repeat(BLOB_KEY_MAX_LENGTH + 1), 'a/../b', 'a/./b', '..', 'a//b', 'a/', 'é.txt', 'a b', 'a\nb', 'x'.repeat(129)];
      for (const key of invalid) {
        await expectCode(store.put(key, Buffer.from('x'), { contentType: 'text/plain' }), 'EQP_ERR_BLOB_KEY_INVALID');
        await expectCode(store.put(key, Readable.from([Buffer.from('x')]), { contentType: 'text/plain' }), 'EQP_ERR_BLOB_KEY_INVALID');
        await expectCode(store.get(key), 'EQP_ERR_BLOB_KEY_INVALID');
        await expectCode(store.getBuffer(key), 'EQP_ERR_BLOB_KEY_INVALID');
        await expectCode(store.head(key), 'EQP_ERR_BLOB_KEY_INVALID');
        await expectCode(store.exists(key), 'EQP_ERR_BLOB_KEY_INVALID');
        await expectCode(store.delete(key), 'EQP_ERR_BLOB_KEY_INVALID');
        // For list, '' means "everything" and a trailing '/' is a normal prefix.
        if (key !== '' && key !== 'a/') await expectCode(collect(store.list(key)), 'EQP_ERR_BLOB_KEY_INVALID');
      }
      for (const prefix of ['/', '//', '../', 'a//']) await expectCode(collect(store.list(prefix)), 'EQP_ERR_BLOB_KEY_INVALID');
      await expectCode(store.get(undefined as unknown as string), 'EQP_ERR_BLOB_KEY_INVALID');
      // Nothing was written by the rejected puts.
      expect((await collect(store.list(''))).map((i) => i.key).filter((k) => k.includes('x') && k.length > 128)).toEqual([]);
    });

    test('a stream failing midway stores nothing under a new key', async () => {
      const { stream } = byteStream(8 * MiB, { failAfter: 5 * MiB });
      await expect(store.put('partial/new.jpg', stream, { contentType: 'image/jpeg' })).rejects.toThrow('input broke midway');
      expect(await store.exists('partial/new.jpg')).toBe(false);
      await expectCode(store.get('partial/new.jpg'), 'EQP_ERR_BLOB_NOT_FOUND');
      expect(await collect(store.list('partial/'))).toEqual([]);
    });

    test('a stream failing midway keeps the previous version intact', async () => {
      const original = Buffer.from('the signed payslip');
      const put = await store.put('partial/existing.pdf', original, { contentType: 'application/pdf', metadata: { v: '1' } });
      const { stream } = byteStream(6 * MiB, { failAfter: 5 * MiB, chunkSize: 1 * MiB });
      await expect(store.put('partial/existing.pdf', stream, { contentType: 'image/jpeg', metadata: { v: '2' } })).rejects.toThrow('input broke midway');
      expect((await store.getBuffer('partial/existing.pdf')).equals(original)).toBe(true);
      expect(await store.head('partial/existing.pdf')).toMatchObject({ sha256: sha256(original), contentType: 'application/pdf', metadata: { v: '1' }, etag: put.etag });
    });

    test('a closed store refuses operations; close is idempotent', async () => {
      const other = await harness().open();
      await other.put('closed/a.txt', Buffer.from('a'), { contentType: 'text/plain' });
      await other.close();
      await other.close();
      await expectCode(other.get('closed/a.txt'), 'EQP_ERR_NOT_READY');
      await expectCode(other.put('closed/b.txt', Buffer.from('b'), { contentType: 'text/plain' }), 'EQP_ERR_NOT_READY');
      await expectCode(collect(other.list('closed/')), 'EQP_ERR_NOT_READY');
      // The objects stay for the next opening.
      const reopened = await harness().open();
      try {
        expect((await reopened.getBuffer('closed/a.txt')).toString()).toBe('a');
      } finally {
        await reopened.close();
      }
    });
  });
}
