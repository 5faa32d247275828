/**
 * The local-folder blob store: the shared contract, plus what only a folder can show (atomic files,
 * leftovers of a crash, permissions, damaged records).
 */
import { readdirSync, statSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createBlobStore } from '../../../core/blob/create-blob-store.js';
import { openLocalBlobStore } from '../../../core/blob/local-blob-store.js';
import { loadConfig } from '../../../core/config/config.js';
import { byteStream, collect, describeBlobStoreContract, expectCode } from './blob-store-contract.js';

let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'equipage-blob-local-'));
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describeBlobStoreContract('local folder', () => ({ open: () => openLocalBlobStore(path.join(tmp, 'contract')) }));

/** Every file under `dir`, relative, sorted. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

describe('local blob store on disk', () => {
  test('createBlobStore(config.blob) opens <DATA_DIR>/blobs by default', async () => {
    const dataDir = path.join(tmp, 'data');
    const config = loadConfig({ env: { DATA_DIR: dataDir }, readEnvFiles: false });
    const store = await createBlobStore(config.blob);
    try {
      expect(store.kind).toBe('local');
      await store.put('a/b.txt', Buffer.from('hello'), { contentType: 'text/plain' });
      const files = await filesUnder(path.join(dataDir, 'blobs'));
      expect(files).toHaveLength(2);
      expect(files).toEqual(expect.arrayContaining([expect.stringMatching(/^a\.d\/b\.txt\.[0-9a-f]{32}\.data$/), 'a.d/b.txt.blob.json']));
    } finally {
      await store.close();
    }
  });

  test('an overwrite, a failed write and a delete leave no stray file', async () => {
    const dir = path.join(tmp, 'stray');
    const store = await openLocalBlobStore(dir);
    try {
      await store.put('p/doc.pdf', Buffer.from('v1'), { contentType: 'application/pdf' });
      await store.put('p/doc.pdf', Buffer.from('v2'), { contentType: 'application/pdf' });
      const { stream } = byteStream(3 * 1024 * 1024, { failAfter: 1024 * 1024 });
      await expect(store.put('p/doc.pdf', stream, { contentType: 'application/pdf' })).rejects.toThrow('input broke midway');
      const { stream: stream2 } = byteStream(3 * 1024 * 1024, { failAfter: 1024 * 1024 });
      await expect(store.put('p/new.pdf', stream2, { contentType: 'application/pdf' })).rejects.toThrow('input broke midway');
      const files = await filesUnder(dir);
      const current = (await store.head('p/doc.pdf'))!;
      expect(files.sort()).toEqual([`p.d/doc.pdf.${current.etag}.data`, 'p.d/doc.pdf.blob.json'].sort());
      await store.delete('p/doc.pdf');
      expect(await filesUnder(dir)).toEqual([]);
    } finally {
      await store.close();
    }
  });

  test('a stream reaches the disk while it is still being produced (never buffered whole)', async () => {
    const dir = path.join(tmp, 'streaming');
    const store = await openLocalBlobStore(dir);
    const chunk = Buffer.alloc(64 * 1024, 1);
    const total = 64; // 4 MiB
    let produced = 0;
    let onDiskWhenHalfProduced = -1;
    const input = new Readable({
      read() {
        if (produced === total / 2) {
          // Half the input is produced: the temp file must already hold most of it.
          const temps = readdirSync(path.join(dir, 's.d')).filter((name) => name.endsWith('.tmp'));
          onDiskWhenHalfProduced = temps.length === 1 ? statSync(path.join(dir, 's.d', temps[0]!)).size : -2;
        }
        this.push(produced++ < total ? chunk : null);
      },
    });
    try {
      const put = await store.put('s/big.bin', input, { contentType: 'application/octet-stream' });
      expect(put.size).toBe(total * chunk.length);
      // Everything but the chunks in the stream's buffer and in flight is written (2 MiB − a few chunks).
      expect(onDiskWhenHalfProduced).toBeGreaterThanOrEqual((total / 2 - 4) * chunk.length);
    } finally {
      await store.close();
    }
  });

  test('leftovers of a crash (temp files, unreferenced data) are ignored', async () => {
    const dir = path.join(tmp, 'crash');
    const store = await openLocalBlobStore(dir);
    try {
      await store.put('r/ok.txt', Buffer.from('ok'), { contentType: 'text/plain' });
      // What a crash can leave: a half temp file, and a renamed data file whose record never landed.
      await writeFile(path.join(dir, 'r.d', '.half.pdf.0123456789abcdef0123456789abcdef.data.0011223344556677.tmp'), 'half');
      await writeFile(path.join(dir, 'r.d', 'half.pdf.0123456789abcdef0123456789abcdef.data'), 'never committed');
      expect((await collect(store.list('r/'))).map((i) => i.key)).toEqual(['r/ok.txt']);
      expect(await store.exists('r/half.pdf')).toBe(false);
      await expectCode(store.get('r/half.pdf'), 'EQP_ERR_BLOB_NOT_FOUND');
    } finally {
      await store.close();
    }
  });

  test('files are private to the service account (0600, folders 0700)', async () => {
    const dir = path.join(tmp, 'modes');
    const store = await openLocalBlobStore(dir);
    try {
      await store.put('x/y.pdf', Buffer.from('secret'), { contentType: 'application/pdf' });
      for (const file of await filesUnder(dir)) expect((await stat(path.join(dir, file))).mode & 0o077).toBe(0);
      expect((await stat(path.join(dir, 'x.d'))).mode & 0o077).toBe(0);
    } finally {
      await store.close();
    }
  });

  test('a damaged record is reported, and can be replaced by a new put', async () => {
    const dir = path.join(tmp, 'damaged');
    const store = await openLocalBlobStore(dir);
    try {
      await store.put('d/a.txt', Buffer.from('a'), { contentType: 'text/plain' });
      await writeFile(path.join(dir, 'd.d', 'a.txt.blob.json'), '{"format":1,"key":"d/a.txt","data":"../../elsewhere.data"');
      await expectCode(store.get('d/a.txt'), 'EQP_ERR_BLOB_STORE_UNAVAILABLE');
      await expectCode(store.head('d/a.txt'), 'EQP_ERR_BLOB_STORE_UNAVAILABLE');
      await store.put('d/a.txt', Buffer.from('fresh'), { contentType: 'text/plain' });
      expect((await store.getBuffer('d/a.txt')).toString()).toBe('fresh');
    } finally {
      await store.close();
    }
  });

  test('a record pointing outside its own data file is refused', async () => {
    const dir = path.join(tmp, 'escape');
    const store = await openLocalBlobStore(dir);
    try {
      const put = await store.put('e/a.txt', Buffer.from('a'), { contentType: 'text/plain' });
      await writeFile(path.join(tmp, 'outside.data'), 'outside');
      const record = { format: 1, key: 'e/a.txt', data: '../../outside.data', size: 7, sha256: put.sha256, contentType: 'text/plain', metadata: {}, etag: put.etag, lastModified: new Date().toISOString() };
      await writeFile(path.join(dir, 'e.d', 'a.txt.blob.json'), JSON.stringify(record));
      await expectCode(store.get('e/a.txt'), 'EQP_ERR_BLOB_STORE_UNAVAILABLE');
    } finally {
      await store.close();
    }
  });

  test('a folder that cannot be created is EQP_ERR_BLOB_STORE_UNAVAILABLE', async () => {
    const file = path.join(tmp, 'a-file');
    await writeFile(file, 'not a folder');
    await expectCode(openLocalBlobStore(path.join(file, 'blobs')), 'EQP_ERR_BLOB_STORE_UNAVAILABLE');
  });
});
