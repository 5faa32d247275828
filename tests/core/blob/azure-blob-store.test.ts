/**
 * The Azure blob store against a real Azurite: the shared contract, plus what only Azure can show
 * (container creation, what is stored in the blob's properties, many blocks, failures).
 */
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { BlobServiceClient } from '@azure/storage-blob';
import { openAzureBlobStore, SHA256_METADATA } from '../../../core/blob/azure-blob-store.js';
import { createBlobStore } from '../../../core/blob/create-blob-store.js';
import { isEquipageError } from '../../../core/errors.js';
import { startAzurite, type Azurite } from '../../doubles/azurite.js';
import { byteStream, collect, describeBlobStoreContract, expectCode, sha256 } from './blob-store-contract.js';

let azurite: Azurite;

beforeAll(async () => {
  azurite = await startAzurite();
});

afterAll(async () => {
  await azurite?.stop();
});

const contractContainer = `contract-${randomUUID().slice(0, 8)}`;
describeBlobStoreContract('Azure (Azurite)', () => ({
  open: () => createBlobStore({ kind: 'azure', connectionString: azurite.connectionString, container: contractContainer }),
}));

const containerName = () => `t-${randomUUID()}`;

describe('Azure blob store specifics', () => {
  test('creates the container if missing, and opens an existing one', async () => {
    const container = containerName();
    const service = BlobServiceClient.fromConnectionString(azurite.connectionString);
    expect(await service.getContainerClient(container).exists()).toBe(false);
    const store = await createBlobStore({ kind: 'azure', connectionString: azurite.connectionString, container });
    expect(store.kind).toBe('azure');
    expect(await service.getContainerClient(container).exists()).toBe(true);
    await store.close();
    const again = await createBlobStore({ kind: 'azure', connectionString: azurite.connectionString, container });
    await again.close();
  });

  test('content type, encoded metadata and sha256 are set on the blob itself', async () => {
    const container = containerName();
    const store = await openAzureBlobStore({ connectionString: azurite.connectionString, container });
    try {
      const data = Buffer.from('%PDF-1.7 payslip');
      await store.put('docs/p.pdf', data, { contentType: 'application/pdf', metadata: { agent_name: 'Émilie' } });
      const props = await BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient(container).getBlockBlobClient('docs/p.pdf').getProperties();
      expect(props.contentType).toBe('application/pdf');
      expect(props.metadata).toEqual({ [SHA256_METADATA]: sha256(data), agent_name: '%C3%89milie' });
    } finally {
      await store.close();
    }
  });

  test('many small blocks with bounded concurrency, and a failure among them commits nothing', async () => {
    const container = containerName();
    const store = await openAzureBlobStore({ connectionString: azurite.connectionString, container, blockSize: 64 * 1024, maxConcurrency: 2 });
    try {
      const { stream, expected } = byteStream(1024 * 1024 + 777, { chunkSize: 10_000 });
      const put = await store.put('blocks/a.bin', stream, { contentType: 'application/octet-stream' });
      expect(put.sha256).toBe(sha256(expected));
      expect((await store.getBuffer('blocks/a.bin')).equals(expected)).toBe(true);

      const { stream: failing } = byteStream(1024 * 1024, { chunkSize: 10_000, failAfter: 700_000, seed: 3 });
      await expect(store.put('blocks/a.bin', failing, { contentType: 'image/png' })).rejects.toThrow('input broke midway');
      expect(await store.head('blocks/a.bin')).toMatchObject({ sha256: sha256(expected), contentType: 'application/octet-stream', etag: put.etag });
    } finally {
      await store.close();
    }
  });

  test('blobs written by other tools: sha256 unknown, invalid names not listed', async () => {
    const container = containerName();
    const store = await openAzureBlobStore({ connectionString: azurite.connectionString, container });
    try {
      const raw = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient(container);
      await raw.getBlockBlobClient('foreign/plain.txt').upload('abc', 3);
      await raw.getBlockBlobClient('foreign/with space.txt').upload('abc', 3);
      const listed = await collect(store.list('foreign/'));
      expect(listed.map((i) => i.key)).toEqual(['foreign/plain.txt']);
      expect(listed[0]).toMatchObject({ size: 3, sha256: undefined });
      expect((await store.getBuffer('foreign/plain.txt')).toString()).toBe('abc');
    } finally {
      await store.close();
    }
  });

  test('a malformed connection string is a configuration error that does not echo it', async () => {
    let caught: unknown;
    try {
      await openAzureBlobStore({ connectionString: 'AccountKey=TOP-SECRET-VALUE;garbage', container: 'x-y-z' });
    } catch (error) {
      caught = error;
    }
    expect(isEquipageError(caught, 'EQP_ERR_CONFIG_INVALID')).toBe(true);
    expect(String((caught as Error).message)).not.toContain('TOP-SECRET');
  });

  test('wrong credentials: EQP_ERR_BLOB_STORE_UNAVAILABLE', async () => {
    const wrongKey = azurite.connectionString.replace(/AccountKey=[^;]+/, `AccountKey=${Buffer.from('not the key').toString('base64')}`);
    await expectCode(openAzureBlobStore({ connectionString: wrongKey, container: containerName(), retryOptions: { maxTries: 1 } }), 'EQP_ERR_BLOB_STORE_UNAVAILABLE');
  });

  test('an unreachable account: EQP_ERR_BLOB_STORE_UNAVAILABLE', async () => {
    // A port that was free a moment ago: nothing listens there.
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const unreachable = azurite.connectionString.replace(/BlobEndpoint=[^;]+/, `BlobEndpoint=http://127.0.0.1:${port}/devstoreaccount1`);
    await expectCode(openAzureBlobStore({ connectionString: unreachable, container: containerName(), retryOptions: { maxTries: 1 } }), 'EQP_ERR_BLOB_STORE_UNAVAILABLE');
  });
});
