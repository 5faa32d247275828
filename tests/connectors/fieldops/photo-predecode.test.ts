/**
 * Photos decoded by the field-ops JSON parser straight from the body's bytes (never one string):
 * the decoder accepts exactly the strict base64 the use case accepts, with the same bytes; the
 * API gives the same answers, errors and idempotency fingerprints whether a photo took that path
 * or the string path; nothing but the photo fields is decoded; every pooled buffer goes back.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import fc from 'fast-check';
import Fastify from 'fastify';
import { PNG } from 'pngjs';
import { decodeDataUriBytes, installJsonBodyParser, preDecodedDataUrisOf } from '../../../connectors/fieldops/json-body.js';
import { DEMO_TOWN_CENTRE } from '../../../core/seed/demo-assets.js';
import { MAX_PHOTO_BYTES } from '../../../core/field-reports/photos.js';
import { largeBuffers } from '../../../core/util/buffer-pool.js';
import { eventually } from '../../helpers/eventually.js';
import { createTestContext, type TestContext } from '../../helpers/test-context.js';

const BASE = '/api/connectors/fieldops/v1';
const KEVIN = { 'x-equipage-local-user': 'kevin.martin@beaulieu-sur-aune.fr' };
/** The use case's own rule for a payload it decodes (core/field-reports/photos.ts). */
const STRICT_BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** A real PNG of random pixels: `side`² × 4 bytes, incompressible (side 200 ≈ 160 KB). */
function noisePng(side = 200): Buffer {
  const png = new PNG({ width: side, height: side });
  png.data.set(randomBytes(png.data.length));
  return PNG.sync.write(png);
}

const dataUri = (bytes: Buffer, type = 'image/png') => `data:${type};base64,${bytes.toString('base64')}`;

const report = (photos: string[], extra: Record<string, unknown> = {}) => ({
  category: 'chaussee-degradee',
  description: 'Nid-de-poule profond devant la médiathèque',
  location: { latitude: DEMO_TOWN_CENTRE.latitude + 0.001, longitude: DEMO_TOWN_CENTRE.longitude, accuracy: 8 },
  fields: { size: '30 cm à 1 m', dangerous: true },
  photos,
  ...extra,
});

describe('data URI decoding from the body bytes', () => {
  it('decodes exactly the payloads the use case accepts as strict base64, to the same bytes', () => {
    const alphabet = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_ !\u00e9'.split(''));
    const valid = fc.uint8Array({ minLength: 1, maxLength: 3000 }).map((bytes) => Buffer.from(bytes).toString('base64'));
    // Valid payloads, then the same with a few characters changed, inserted or removed.
    const mutated = fc.tuple(valid, fc.array(fc.tuple(fc.nat(), alphabet, fc.constantFrom('insert', 'replace', 'remove')), { maxLength: 3 })).map(([text, edits]) => {
      let out = text;
      for (const [at, char, how] of edits) {
        const i = at % (out.length + 1);
        out = how === 'insert' ? out.slice(0, i) + char + out.slice(i) : how === 'replace' ? out.slice(0, i) + char + out.slice(i + 1) : out.slice(0, i) + out.slice(i + 1);
      }
      return out;
    });
    fc.assert(
      fc.property(fc.oneof(valid, mutated), (payload) => {
        const decoded = decodeDataUriBytes(Buffer.from(`data:image/png;base64,${payload}`));
        try {
          const strict = payload.length > 0 && payload.length % 4 === 0 && STRICT_BASE64.test(payload);
          expect(decoded !== undefined).toBe(strict);
          if (decoded) {
            expect(decoded.header).toBe('data:image/png;base64');
            expect(decoded.data.equals(Buffer.from(payload, 'base64'))).toBe(true);
          }
        } finally {
          decoded?.release();
        }
      }),
      { numRuns: 2000 },
    );
    expect(largeBuffers.outstandingLeases).toBe(0);
  });

  it('decodes payloads longer than one decoding slice, and leaves doubtful URIs to the use case', () => {
    const bytes = randomBytes(300_001);
    const decoded = decodeDataUriBytes(Buffer.from(dataUri(bytes, 'image/jpeg')));
    expect(decoded?.header).toBe('data:image/jpeg;base64');
    expect(decoded?.data.equals(bytes)).toBe(true);
    decoded?.release();
    for (const doubtful of [
      `data:image/png,${bytes.toString('base64')}`, // not base64
      `image/png;base64,${bytes.toString('base64')}`, // not a data URI
      `data:image/png;base64,${bytes.toString('base64url')}`, // URL-safe alphabet
      `data:image/png;base64,${bytes.toString('base64').replace(/(.{76})/g, '$1 ')}`, // wrapped with spaces
      `data:image/png;base64,${Buffer.alloc(MAX_PHOTO_BYTES + 1).toString('base64')}`, // over 5 MB
      `data:image/png;base64,`, // empty
    ]) {
      expect(decodeDataUriBytes(Buffer.from(doubtful))).toBeUndefined();
    }
    expect(largeBuffers.outstandingLeases).toBe(0);
  });

  it('decodes the named photo fields only, and releases what no handler took', async () => {
    const app = Fastify();
    await app.register(async (scope) => {
      installJsonBodyParser(scope, { dataUriFields: ['photos', 'photo'] });
      scope.post('/echo', async (request) => {
        const body = request.body as Record<string, unknown>;
        const resolve = preDecodedDataUrisOf(request);
        const describe = (value: unknown) => {
          const decoded = typeof value === 'string' ? resolve(value) : undefined;
          if (!decoded) return typeof value === 'string' ? { length: value.length } : value;
          // Taken: this handler owns it now, and gives it back; a second take finds nothing.
          const seen = { header: decoded.header, sha: decoded.data.toString('base64').length, again: resolve(value as string) !== undefined };
          decoded.release();
          return seen;
        };
        return { photo: describe(body.photo), photos: (body.photos as unknown[] | undefined)?.map(describe), description: describe(body.description), nested: describe((body.fields as { photo?: unknown } | undefined)?.photo) };
      });
      // A route whose schema refuses every body: its photos are decoded, then never taken.
      scope.post('/refused', { schema: { body: { type: 'object', required: ['never'] } } }, async () => ({}));
    });
    try {
      const uri = dataUri(randomBytes(100_000));
      const body = { photo: uri, photos: [uri, 'court'], description: uri, fields: { photo: uri } };
      const res = await app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });
      const encodedLength = uri.length - 'data:image/png;base64,'.length;
      expect(res.json()).toEqual({
        photo: { header: 'data:image/png;base64', sha: encodedLength, again: false },
        photos: [{ header: 'data:image/png;base64', sha: encodedLength, again: false }, { length: 5 }],
        description: { length: uri.length },
        nested: { length: uri.length },
      });
      const refused = await app.inject({ method: 'POST', url: '/refused', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ photos: [uri, uri] }) });
      expect(refused.statusCode).toBe(400);
      expect(largeBuffers.outstandingLeases).toBe(0);
    } finally {
      await app.close();
    }
  });
});

describe('a client gone before the answer', () => {
  it('gives back the photos no one took, and never one a handler still holds', async () => {
    const app = Fastify();
    let finish!: () => void;
    const handlerDone = new Promise<void>((resolve) => (finish = resolve));
    const started: string[] = [];
    await app.register(async (scope) => {
      installJsonBodyParser(scope, { dataUriFields: ['photos'] });
      scope.post('/slow', async (request) => {
        const [first] = (request.body as { photos: string[] }).photos;
        // Takes the first photo (it is the handler's now), leaves the second, and takes its time.
        const held = preDecodedDataUrisOf(request)(first!)!;
        started.push('taken');
        await handlerDone;
        const intact = held.data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
        held.release();
        return { intact };
      });
    });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(100_000)]);
      const body = JSON.stringify({ photos: [dataUri(png), dataUri(png)] });
      const request = http.request(`${base}/slow`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } });
      request.on('error', () => undefined);
      request.end(body);
      await eventually(() => started.length === 1);
      expect(largeBuffers.outstandingLeases).toBe(2);
      request.destroy();
      // The untaken photo comes back; the one the handler holds stays out until it lets go.
      await eventually(() => largeBuffers.outstandingLeases === 1);
      finish();
      await eventually(() => largeBuffers.outstandingLeases === 0);
    } finally {
      await app.close();
    }
  });
});

describe('CreateFieldReport and AddReportPhoto with photos decoded by the parser', () => {
  let t: TestContext;

  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(async () => {
    await t?.close();
  });

  const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url: `${BASE}${url}`, headers: { ...KEVIN, 'content-type': 'application/json', ...headers }, payload: JSON.stringify(payload) });

  it('stores the exact bytes, replays by the decoded bytes whichever path a photo took, and refuses another photo under the same key', async () => {
    const png = noisePng();
    const other = noisePng();
    const key = { 'idempotency-key': `predecode-${Date.now()}` };
    const first = await post("/reports", report([dataUri(png)]), key);
    expect(first.statusCode).toBe(201);
    const stored = await t.ctx.storage.db.selectFrom('field_report_photos').select(['blob_key', 'sha256', 'size_bytes']).where('report_id', '=', first.json().id).executeTakeFirstOrThrow();
    expect((await t.ctx.blobs.getBuffer(stored.blob_key)).equals(png)).toBe(true);
    expect(Number(stored.size_bytes)).toBe(png.length);
    // The same photo wrapped with line feeds (a JSON escape: the string path) is the same body.
    const wrapped = `data:image/png;base64,${png.toString('base64').replace(/(.{76})/g, '$1\n')}`;
    const replay = await post('/reports', report([wrapped]), key);
    expect([replay.statusCode, replay.json()]).toEqual([201, first.json()]);
    const conflict = await post('/reports', report([dataUri(other)]), key);
    expect([conflict.statusCode, conflict.json().error.code]).toEqual([422, 'EQP_ERR_IDEMPOTENCY_KEY_REUSED']);

    const added = await post(`/reports/${first.json().id}/photos`, { photo: dataUri(other) }, { 'idempotency-key': `${key['idempotency-key']}-add` });
    expect(added.statusCode).toBe(201);
    expect(added.json().photos).toHaveLength(2);
    const again = await post(`/reports/${first.json().id}/photos`, { photo: dataUri(other) }, { 'idempotency-key': `${key['idempotency-key']}-add` });
    expect(again.json()).toEqual(added.json());
    expect(largeBuffers.outstandingLeases).toBe(0);
  });

  it('gives large photos the same refusals as before, at the same path, and releases every buffer', async () => {
    const png = noisePng();
    const cases: Array<[unknown, number, string, string]> = [
      [report([dataUri(png, 'image/jpeg')]), 415, 'EQP_ERR_UNSUPPORTED_MEDIA_TYPE', 'body.photos.0'],
      [report([dataUri(randomBytes(200_000))]), 415, 'EQP_ERR_UNSUPPORTED_MEDIA_TYPE', 'body.photos.0'],
      [report([dataUri(png), dataUri(png, 'image/gif')]), 415, 'EQP_ERR_UNSUPPORTED_MEDIA_TYPE', 'body.photos.1'],
      [report([`data:image/png;base64,${png.toString('base64url')}`]), 400, 'EQP_ERR_VALIDATION', 'body.photos.0'],
      [report([dataUri(Buffer.concat([png, Buffer.alloc(MAX_PHOTO_BYTES)]))]), 413, 'EQP_ERR_PAYLOAD_TOO_LARGE', 'body.photos.0'],
      // A data URI is not a description: it stays a string and is refused for its length.
      [report([], { description: dataUri(png) }), 400, 'EQP_ERR_VALIDATION', 'body.description'],
    ];
    for (const [payload, status, code, path] of cases) {
      const res = await post('/reports', payload);
      expect([res.statusCode, res.json().error.code, res.json().error.details?.[0]?.path]).toEqual([status, code, path]);
    }
    // Refused by the route's schema, before the use case: the decoded photo is released all the same.
    const invalid = await post('/reports', { ...report([dataUri(png)]), category: undefined });
    expect(invalid.statusCode).toBe(400);
    expect(largeBuffers.outstandingLeases).toBe(0);
  });
});
