/**
 * The field-ops JSON body parser cuts large strings out before `JSON.parse` and puts them back:
 * it must accept and refuse exactly what `JSON.parse` does on the whole body, and give the same
 * value. Checked with a tiny threshold so that every string of the generated texts is "large".
 */
import Fastify from 'fastify';
import fc from 'fast-check';
import { installJsonBodyParser, restoreLargeStrings, splitLargeStrings } from '../../../connectors/fieldops/json-body.js';

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
  return split ? restoreLargeStrings(JSON.parse(split.text), split.strings) : JSON.parse(body.toString('utf8'));
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
    expect(splitLargeStrings(Buffer.from(JSON.stringify({ photos: [big] })), 64)?.strings).toEqual([big]);
    expect(splitLargeStrings(Buffer.from(JSON.stringify({ [big]: 1 })), 64)).toBeUndefined();
    expect(splitLargeStrings(Buffer.from(JSON.stringify({ photos: [`${big}\n`] })), 64)).toBeUndefined();
    expect(splitLargeStrings(Buffer.from(`{"photos":["${big}\u0001"]}`), 64)).toBeUndefined();
    expect(splitLargeStrings(Buffer.from(JSON.stringify({ [big]: big, a: [`${big}"`, big] })), 64)?.strings).toEqual([big, big]);
    expect(splitLargeStrings(Buffer.from(JSON.stringify({ photos: [big] })), 1000)).toBeUndefined();
  });

  it('serves the same body and the same refusals as Fastify’s own parser', async () => {
    const app = Fastify();
    await app.register(async (scope) => {
      installJsonBodyParser(scope);
      scope.post('/echo', { bodyLimit: 10 * 1024 * 1024 }, async (request) => request.body);
    });
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
});
