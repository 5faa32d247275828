/**
 * Stream helpers shared by the blob stores: turning a `put` input into byte chunks, and reading a
 * stream into one buffer.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';

/**
 * The bytes of a `put` input, chunk by chunk, without buffering a stream. Errors of the input
 * stream surface unchanged from the iteration (and the stream is destroyed by `for await`).
 */
export async function* chunksOf(data: Buffer | Readable): AsyncGenerator<Buffer> {
  // Typed as Buffer | Readable, but callers in plain JS may pass any Uint8Array.
  const input: unknown = data;
  if (input instanceof Uint8Array) {
    yield Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    return;
  }
  if (input === null || typeof input !== 'object' || typeof (input as Partial<AsyncIterable<unknown>>)[Symbol.asyncIterator] !== 'function') {
    throw new TypeError('blob data must be a Buffer or a Readable stream');
  }
  for await (const chunk of input as AsyncIterable<unknown>) {
    if (Buffer.isBuffer(chunk)) yield chunk;
    else if (chunk instanceof Uint8Array) yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    else if (typeof chunk === 'string') yield Buffer.from(chunk, 'utf8');
    else throw new TypeError('blob data stream must produce bytes or strings (not object mode)');
  }
}

/** Reads a whole stream into memory. */
export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks);
}

/** Hashes a put's content on the way, unless the caller gave the digest of this very Buffer. */
export interface ContentHasher {
  update(chunk: Buffer): void;
  digest(): string;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** The {@link ContentHasher} of a put (see `PutOptions.sha256`); with no arguments, one that hashes. */
export function contentHasher(data?: Buffer | Readable, knownSha256?: string): ContentHasher {
  if (knownSha256 !== undefined && Buffer.isBuffer(data)) {
    if (!SHA256_HEX.test(knownSha256)) throw new TypeError('PutOptions.sha256 must be 64 lowercase hex digits');
    return { update: () => undefined, digest: () => knownSha256 };
  }
  const hash = createHash('sha256');
  return {
    update: (chunk) => void hash.update(chunk),
    digest: () => hash.digest('hex'),
  };
}
