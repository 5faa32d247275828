/**
 * The shortcuts taken for big CreateFieldReport bodies keep their exact meaning: the request hash
 * fed piece by piece equals the SHA-256 of the canonical JSON (short strings) and tells bodies
 * apart exactly as their canonical JSON does (long strings, hashed apart), and the base64 check
 * that avoids running a regular expression over the whole photo accepts and refuses exactly what
 * `^[A-Za-z0-9+/]*={0,2}$` (with a length multiple of 4) does.
 */
import { createHash, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { canonicalJson, requestHash } from '../../../core/field-reports/idempotency.js';
import { decodePhotoDataUri } from '../../../core/field-reports/photos.js';
import { BufferPool } from '../../../core/util/buffer-pool.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const pool = new BufferPool({ granularity: 64 });

/** Whether decoding refused the payload as base64 (other refusals, e.g. not a PNG, say nothing here), decoding into a new buffer or a pooled one. */
function refusedAsBase64(payload: string, pooled = false): boolean {
  try {
    const photo = decodePhotoDataUri(`data:image/png;base64,${payload}`, 'body.photos.0', pooled ? pool : undefined);
    expect(photo.data.equals(Buffer.from(payload, 'base64'))).toBe(true);
    photo.release();
    return false;
  } catch (error) {
    return JSON.stringify((error as { details?: unknown }).details ?? null).includes('invalid base64 content');
  }
}

describe('CreateFieldReport fast paths', () => {
  it('hashes a request exactly as the SHA-256 of the operation and its canonical JSON', () => {
    fc.assert(
      fc.property(fc.string(), fc.jsonValue(), (operation, body) => {
        const expected = createHash('sha256').update(operation).update('\n').update(canonicalJson(body)).digest('hex');
        expect(requestHash(operation, body)).toBe(expected);
      }),
      { numRuns: 300 },
    );
    const withUndefined = { b: undefined, a: [1, undefined, 'é'], c: { z: 'x', y: null } };
    expect(requestHash('CreateFieldReport', withUndefined)).toBe(createHash('sha256').update('CreateFieldReport\n').update(canonicalJson(withUndefined)).digest('hex'));
  });

  it('gives two bodies with long strings (the photos) the same hash exactly when their canonical JSON is the same', () => {
    // Base64-like text, with at most a few characters that JSON escapes or UTF-8 encodes on several bytes.
    const safe = fc.constantFrom(...'ABCXYZabz019+/=:;,. ~');
    const special = fc.constantFrom('"', '\\', '\u0000', '\u001f', '\u007f', 'é', '\u2028', '\ud83d', '\ude00', '\ud800', '😀', '\ufffd');
    const edit = (text: string, [at, char]: [number, string]) => text.slice(0, at % text.length) + char + text.slice((at % text.length) + 1);
    const long = fc
      .tuple(fc.string({ unit: safe, minLength: 1030, maxLength: 1100 }), fc.array(fc.tuple(fc.nat(), special), { maxLength: 3 }))
      .map(([text, edits]) => edits.reduce(edit, text));
    fc.assert(
      fc.property(long, fc.option(fc.tuple(fc.nat(), fc.oneof(safe, special))), fc.string(), (a, change, short) => {
        const b = change ? edit(a, change) : a;
        const first = { photos: [a], description: short, [a.slice(0, 1030)]: a };
        // Same content, keys in another order.
        const second = { [a.slice(0, 1030)]: b, description: short, photos: [b] };
        expect(requestHash('CreateFieldReport', first) === requestHash('CreateFieldReport', second)).toBe(canonicalJson(first) === canonicalJson(second));
      }),
      { numRuns: 500 },
    );
    // Lone surrogates, which UTF-8 would all turn into U+FFFD, still tell bodies apart.
    const base = 'A'.repeat(2000);
    expect(requestHash('CreateFieldReport', { photos: [`${base}\ud800`] })).not.toBe(requestHash('CreateFieldReport', { photos: [`${base}\ud801`] }));
  });

  it('fingerprints a decoded photo by its data URI header and bytes, not by how its base64 is wrapped', () => {
    const png = (bytes: Buffer) => Buffer.concat([PNG_SIGNATURE, bytes]);
    const uri = (data: Buffer, header = 'data:image/png;base64') => `${header},${data.toString('base64')}`;
    const hashOf = (uris: string[]) => {
      const photos = uris.map((u, i) => decodePhotoDataUri(u, `body.photos.${i}`));
      return requestHash('CreateFieldReport', { description: 'x', photos: uris }, (path) => (path[0] === 'photos' && typeof path[1] === 'number' ? photos[path[1]]?.fingerprint : undefined));
    };
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1100, maxLength: 1500 }), fc.uint8Array({ minLength: 1100, maxLength: 1500 }), (a, b) => {
        const photoA = png(Buffer.from(a));
        const photoB = png(Buffer.from(b));
        const wrapped = uri(photoA).replace(/(.{76})/g, '$1\n');
        // The same photo wrapped in lines (as some encoders do) is the same request...
        expect(hashOf([uri(photoA)])).toBe(hashOf([wrapped]));
        // ...another photo, another header or another order is not.
        expect(hashOf([uri(photoA)]) === hashOf([uri(photoB)])).toBe(photoA.equals(photoB));
        expect(hashOf([uri(photoA)])).not.toBe(hashOf([uri(photoA, 'data:image/png;name=a.png;base64')]));
        if (!photoA.equals(photoB)) expect(hashOf([uri(photoA), uri(photoB)])).not.toBe(hashOf([uri(photoB), uri(photoA)]));
      }),
      { numRuns: 100 },
    );
    // Fingerprinted or not, a photo never hashes like another long string.
    const photo = uri(png(randomBytes(2000)));
    const decoded = decodePhotoDataUri(photo, 'body.photos.0');
    expect(decoded.sha256).toBe(createHash('sha256').update(decoded.data).digest('hex'));
    expect(requestHash('AddReportPhoto', { photo }, (path) => (path[0] === 'photo' ? decoded.fingerprint : undefined))).not.toBe(requestHash('AddReportPhoto', { photo }));
  });

  it('accepts and refuses base64 photo content exactly as the strict regular expression does', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_*é\u0000.\u0141\u012f\ud83d';
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 40 }), fc.array(fc.tuple(fc.nat(), fc.constantFrom(...alphabet))), (tail, edits) => {
        let payload = Buffer.concat([PNG_SIGNATURE, Buffer.from(tail)]).toString('base64');
        for (const [at, char] of edits) {
          const i = at % payload.length;
          payload = payload.slice(0, i) + char + payload.slice(i + 1);
        }
        const strict = payload.length > 0 && payload.length % 4 === 0 && BASE64.test(payload);
        expect({ payload, refused: refusedAsBase64(payload) }).toEqual({ payload, refused: !strict });
        expect({ payload, refused: refusedAsBase64(payload, true) }).toEqual({ payload, refused: !strict });
      }),
      { numRuns: 2000 },
    );
    // URL-safe characters, which Node's decoder would take, stay refused.
    const urlSafe = Buffer.concat([PNG_SIGNATURE, Buffer.from([0xfb, 0xff, 0xfe])]).toString('base64url');
    expect(urlSafe).toMatch(/[-_]/);
    expect(refusedAsBase64(urlSafe.padEnd(Math.ceil(urlSafe.length / 4) * 4, '='))).toBe(true);
  });
});
