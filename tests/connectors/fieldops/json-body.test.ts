/**
 * The field-ops JSON body parser cuts large strings out before `JSON.parse` and puts them back:
 * it must accept and refuse exactly what `JSON.parse` does on the whole body, and give the same
 * value. Checked with a tiny threshold so that every string of the generated texts is "large".
 */
import { Readable } from 'node:stream';
import Fastify from 'fastify';
import fc from 'fast-check';
import { contentString, installJsonBodyParser, restoreLargeStrings, splitLargeStrings } from '../../../connectors/fieldops/json-body.js';

type Outcome = { ok: true; value: unknown } | { ok: false };

function attempt(parse: () => unknown): Outcome {
  try {
    return { ok: true, value: parse() };
  } catch {
    return { ok: false };
  }
}

/** What the parser does, with `JSON.parse` in place of Fastify's (same syntax). */
function parseSplit(body: Buffer, minBytes: number): unknown {
  const split = splitLargeStrings(body, minBytes);
  return split ? restoreLargeStrings(JSON.parse(split.text), split.contents) : JSON.parse(body.toString('utf8'));
}

/** A Fastify app whose `POST /echo` answers the body parsed by the connector's parser. */
async function echoApp(bodyLimit: number) {
  const app = Fastify();
  await app.register(async (scope) => {
    installJsonBodyParser(scope);
    scope.post('/echo', { bodyLimit }, async (request) => request.body);
  });
  return app;
}

describe('field-ops JSON body parser', () => {
  it('gives the value JSON.parse gives, for any JSON text', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(undefined, 0, 1, 2, '\t'), fc.integer({ min: 1, max: 8 }), (value, indent, minBytes) => {
        const text = JSON.stringify(value, null, indent);
        expect(parseSplit(Buffer.from(text), minBytes)).toEqual(JSON.parse(text));
      }),
      { numRuns: 500 },
    );
  });

  it('accepts and refuses exactly what JSON.parse does, with the same value', () => {
    // No escape in the sample: one in a large string turns the fast path off for the whole body.
    const sample = JSON.stringify({ category: 'nid-de-poule', description: 'Trou profond rue', photos: ['data:image/png;base64,iVBORw0KGgo=', 'éà'], n: [1, 2.5, null, true] });
    const noise = fc.constantFrom('"', '\\', ':', ',', '{', '}', '[', ']', ' ', '\n', '\u0000', '\u0001', 'a', 'é', '\\u0022', '\\"');
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), noise, fc.boolean()), { maxLength: 4 }), fc.integer({ min: 1, max: 6 }), (edits, minBytes) => {
        let text = sample;
        for (const [at, piece, replace] of edits) {
          const i = at % (text.length + 1);
          text = text.slice(0, i) + piece + text.slice(replace ? i + 1 : i);
        }
        const body = Buffer.from(text);
        expect(attempt(() => parseSplit(body, minBytes))).toEqual(attempt(() => JSON.parse(body.toString('utf8'))));
      }),
      { numRuns: 3000 },
    );
  });

  it('cuts large string values only, never keys nor strings with escapes or control characters', () => {
    const big = 'A'.repeat(100);
    expect(splitLargeStrings(Buffer.from(JSON.stringify({ photos: [big] })), 64)?.contents.map(contentString)).toEqual([big]);
    expect(splitLargeStrings(Buffer.from(JSON.stringify({ [big]: 1 })), 64)).toBeUndefined();
    expect(splitLargeStrings(Buffer.from(JSON.stringify({ photos: [`${big}\n`] })), 64)).toBeUndefined();
    expect(splitLargeStrings(Buffer.from(`{"photos":["${big}\u0001"]}`), 64)).toBeUndefined();
    expect(splitLargeStrings(Buffer.from(JSON.stringify({ [big]: big, a: [`${big}"`, big] })), 64)?.contents.map(contentString)).toEqual([big, big]);
    expect(splitLargeStrings(Buffer.from(JSON.stringify({ photos: [big] })), 1000)).toBeUndefined();
  });

  it('serves the same body and the same refusals as Fastify’s own parser', async () => {
    const app = await echoApp(10 * 1024 * 1024);
    try {
      const photo = `data:image/png;base64,${Buffer.alloc(300 * 1024, 7).toString('base64')}`;
      const body = { description: 'Lampadaire éteint', photos: [photo, photo], fields: { a: 'é'.repeat(70 * 1024) } };
      const ok = await app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json; charset=utf-8' }, payload: JSON.stringify(body) });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toEqual(body);
      // Prototype poisoning next to a large string is refused, as by default.
      const poisoned = `{"photos":["${photo}"],"fields":{"__proto__":{"admin":true}}}`;
      const refused = await app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload: poisoned });
      expect(refused.statusCode).toBe(400);
      const truncated = await app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload: `{"photos":["${photo}"]` });
      expect(truncated.statusCode).toBe(400);
      const empty = await app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload: '' });
      expect(empty.statusCode).toBe(400);
    } finally {
      await app.close();
    }
  });

  it('reads large bodies into pooled buffers with Fastify’s own limits and errors, never mixing two requests', async () => {
    const app = await echoApp(2 * 1024 * 1024);
    try {
      const bodies = Array.from({ length: 12 }, (_, i) => ({ n: i, photos: [`data:image/png;base64,${Buffer.alloc(100 * 1024 + i * 3000, i + 1).toString('base64')}`] }));
      // Concurrent requests, each over the pooling threshold: each gets its own body back, byte for byte.
      const answers = await Promise.all(bodies.map((body) => app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) })));
      answers.forEach((answer, i) => {
        expect(answer.statusCode).toBe(200);
        expect(answer.json()).toEqual(bodies[i]);
      });
      // Small bodies (not pooled) and bodies without a Content-Length (chunked) still parse.
      expect((await app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload: '{"a":1}' })).json()).toEqual({ a: 1 });
      const text = JSON.stringify(bodies[3]);
      const chunked = await app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, payload: Readable.from([text.slice(0, 70_000), text.slice(70_000)]) });
      expect(chunked.statusCode).toBe(200);
      expect(chunked.json()).toEqual(bodies[3]);
      // Over the route's limit, by its Content-Length or by what arrives: 413, as Fastify answers.
      const big = JSON.stringify({ photos: ['A'.repeat(2 * 1024 * 1024 + 10)] });
      expect((await app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload: big })).statusCode).toBe(413);
      const bigChunked = await app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, payload: Readable.from([big.slice(0, 1_000_000), big.slice(1_000_000)]) });
      expect(bigChunked.statusCode).toBe(413);
      // A Content-Length that does not match the body: 400.
      const lying = await app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json', 'content-length': String(text.length + 10) }, payload: text });
      expect(lying.statusCode).toBe(400);
      expect(lying.json()).toMatchObject({ code: 'FST_ERR_CTP_INVALID_CONTENT_LENGTH' });
      // After all this, the pooled path still serves intact bodies.
      const again = await app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(bodies[11]) });
      expect(again.json()).toEqual(bodies[11]);
    } finally {
      await app.close();
    }
  });
});
