/**
 * JSON request bodies of the field-ops API, parsed for photos. A CreateFieldReport or
 * AddReportPhoto body is mostly one or more base64 data URIs of megabytes each: decoding the whole
 * body to a string and running `JSON.parse` over it costs tens of milliseconds of main-thread time
 * per request, most of it copying and scanning those strings one character at a time.
 *
 * This parser reads the body as bytes, cuts every large string literal out of the text (found
 * with native byte searches, turned into strings without UTF-8 decoding when ASCII, as base64
 * is), parses the small remainder with Fastify's own JSON parser (same errors, same
 * prototype-poisoning protection) and puts the large strings back.
 * The result is the value `JSON.parse` would give for the whole body; a body that is not valid
 * JSON stays refused (see {@link splitLargeStrings} for why).
 */
import { randomBytes } from 'node:crypto';
import { isAscii } from 'node:buffer';
import type { Readable } from 'node:stream';
import { errorCodes, type FastifyInstance, type FastifyRequest } from 'fastify';
import { largeBuffers } from '../../core/util/buffer-pool.js';

/** String literals at least this long (in bytes) are cut out before `JSON.parse`. */
export const LARGE_STRING_BYTES = 64 * 1024;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
/** JSON whitespace: space, tab, line feed, carriage return. */
const JSON_SPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
/**
 * Control characters (U+0000 to U+001F) must be escaped inside JSON strings. In UTF-8 they are the
 * bytes 0x00 to 0x1F, which no other character's encoding contains: 32 native byte searches over a
 * megabyte cost about half of one regular-expression scan of its string.
 */
function hasControlByte(bytes: Buffer): boolean {
  for (let byte = 0; byte < 0x20; byte += 1) if (bytes.includes(byte)) return true;
  return false;
}

/**
 * A random marker per process: a client cannot guess it, so no string it sends can be mistaken for
 * a placeholder. It starts with an (escaped) NUL, which the API refuses in any text anyway.
 */
const PLACEHOLDER = `\u0000eqp-large-string-${randomBytes(16).toString('hex')}-`;
const PLACEHOLDER_JSON = JSON.stringify(PLACEHOLDER).slice(1, -1);

/** The body with its large strings replaced by placeholders, and those strings. */
export interface SplitBody {
  /** The JSON text to parse, with `"<placeholder><index>"` in place of each large string. */
  text: string;
  strings: string[];
}

/**
 * Cuts the string literals of at least `minBytes` bytes out of a JSON text, or returns undefined
 * when none is cut (the caller then parses the whole text). Outside a string, a JSON text has no
 * `"` at all, and inside one a `"` ends it unless preceded by an odd number of backslashes: so the
 * unescaped quotes, taken in order, open and close every string. A large string is cut only when
 * it is a value (not an object key) and has no backslash nor control character: its bytes are
 * then exactly its UTF-8 text, and the placeholder put in its place is itself a valid string, so
 * the remainder is valid JSON if and only if the whole text is. An unterminated string stops the
 * cutting: the text is invalid, and stays so.
 */
export function splitLargeStrings(body: Buffer, minBytes = LARGE_STRING_BYTES): SplitBody | undefined {
  if (body.length < minBytes) return undefined;
  const parts: Buffer[] = [];
  const strings: string[] = [];
  let copied = 0;
  let from = 0;
  for (;;) {
    const open = body.indexOf(QUOTE, from);
    if (open < 0) break;
    let close = body.indexOf(QUOTE, open + 1);
    for (;;) {
      if (close < 0) return undefined; // unterminated: let the full parse refuse it
      let backslashes = 0;
      while (body[close - 1 - backslashes] === BACKSLASH) backslashes += 1;
      if (backslashes % 2 === 0) break;
      close = body.indexOf(QUOTE, close + 1);
    }
    from = close + 1;
    if (close - open - 1 < minBytes) continue;
    // Any doubt leaves the string where it is, for JSON.parse: that is always correct.
    const content = body.subarray(open + 1, close);
    if (content.includes(BACKSLASH)) continue;
    let next = close + 1;
    while (next < body.length && JSON_SPACE.has(body[next]!)) next += 1;
    if (body[next] === 0x3a) continue; // an object key
    if (hasControlByte(content)) continue;
    // ASCII (base64 photos): a one-byte string, no UTF-8 decoding.
    const text = isAscii(content) ? content.toString('latin1') : content.toString('utf8');
    parts.push(body.subarray(copied, open + 1), Buffer.from(`${PLACEHOLDER_JSON}${strings.length}`));
    strings.push(text);
    copied = close;
  }
  if (strings.length === 0) return undefined;
  parts.push(body.subarray(copied));
  return { text: Buffer.concat(parts).toString('utf8'), strings };
}

/** Puts the large strings back in place of their placeholders in a parsed value. */
export function restoreLargeStrings(value: unknown, strings: readonly string[]): unknown {
  const restore = (v: unknown): unknown => {
    if (typeof v === 'string') {
      if (!v.startsWith(PLACEHOLDER)) return v;
      const index = Number(v.slice(PLACEHOLDER.length));
      return Number.isInteger(index) && index >= 0 && index < strings.length ? strings[index] : v;
    }
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i += 1) v[i] = restore(v[i]);
    } else if (v !== null && typeof v === 'object') {
      const record = v as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        const restored = restore(record[key]);
        // Defined, not assigned: an own `__proto__` key (kept when poisoning is only ignored) stays data.
        if (restored !== record[key]) Object.defineProperty(record, key, { value: restored, writable: true, enumerable: true, configurable: true });
      }
    }
    return v;
  };
  return restore(value);
}

/**
 * Reads a request body the way Fastify's `parseAs: 'buffer'` does (same limits and errors), except
 * that a large body with a Content-Length is copied into a pooled buffer instead of a new one
 * (see core/util/buffer-pool.ts): the caller releases it once parsed.
 */
function readBody(request: FastifyRequest, payload: Readable, onBody: (error: Error | null, body?: Buffer, release?: () => void) => void): void {
  const limit = request.routeOptions.bodyLimit;
  const contentLength = Number(request.headers['content-length']);
  if (contentLength > limit) {
    onBody(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE());
    return;
  }
  // Leased only once the first 64 KiB have arrived: a Content-Length alone, which costs a client
  // nothing to send, must not make the server set megabytes aside.
  const poolable = Number.isInteger(contentLength) && contentLength >= LARGE_STRING_BYTES;
  let lease: ReturnType<typeof largeBuffers.lease> | undefined;
  const chunks: Buffer[] = [];
  let received = 0;
  const stop = () => {
    payload.removeListener('data', onData);
    payload.removeListener('end', onEnd);
    payload.removeListener('error', onEnd);
  };
  const fail = (error: Error) => {
    stop();
    lease?.release();
    onBody(error);
  };
  function onData(chunk: Buffer | string): void {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    const encoded = (payload as Readable & { receivedEncodedLength?: number }).receivedEncodedLength ?? 0;
    if (received + bytes.length > limit || encoded > limit) {
      fail(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE());
      return;
    }
    if (!lease && poolable && received + bytes.length >= LARGE_STRING_BYTES) {
      lease = largeBuffers.lease(contentLength);
      let offset = 0;
      for (const chunk of chunks.splice(0)) offset += chunk.copy(lease.buffer, offset);
    }
    if (lease) {
      if (received + bytes.length > lease.buffer.length) {
        fail(new errorCodes.FST_ERR_CTP_INVALID_CONTENT_LENGTH());
        return;
      }
      bytes.copy(lease.buffer, received);
    } else {
      chunks.push(bytes);
    }
    received += bytes.length;
  }
  function onEnd(error?: Error & { statusCode?: number }): void {
    stop();
    if (error) {
      if (!(typeof error.statusCode === 'number' && error.statusCode >= 400)) error.statusCode = 400;
      lease?.release();
      onBody(error);
      return;
    }
    const encoded = (payload as Readable & { receivedEncodedLength?: number }).receivedEncodedLength;
    if (!Number.isNaN(contentLength) && (encoded || received) !== contentLength) {
      lease?.release();
      onBody(new errorCodes.FST_ERR_CTP_INVALID_CONTENT_LENGTH());
      return;
    }
    if (lease) onBody(null, lease.buffer.subarray(0, received), lease.release);
    else onBody(null, Buffer.concat(chunks, received));
  }
  payload.on('data', onData);
  payload.on('end', onEnd);
  payload.on('error', onEnd);
  payload.resume();
}

/**
 * Installs the parser for `application/json` in `scope` (and the scopes it registers): same
 * results and errors as Fastify's default JSON parser, faster on bodies carrying photos.
 */
export function installJsonBodyParser(scope: FastifyInstance): void {
  const config = scope.initialConfig;
  const parseDefault = scope.getDefaultJsonParser(config.onProtoPoisoning ?? 'error', config.onConstructorPoisoning ?? 'error');
  scope.addContentTypeParser('application/json', (request: FastifyRequest, payload: Readable, done) => {
    readBody(request, payload, (readError, body, release) => {
      if (readError || !body) {
        done(readError ?? new Error('no body'), undefined);
        return;
      }
      let split: SplitBody | undefined;
      let text: string;
      try {
        // Everything taken from the body is copied out (strings), so its bytes can go back to the pool.
        split = splitLargeStrings(body);
        text = split ? split.text : body.toString('utf8');
      } finally {
        release?.();
      }
      if (!split) {
        parseDefault(request, text, done);
        return;
      }
      const { strings } = split;
      parseDefault(request, text, (error, value) => {
        if (error) done(error, undefined);
        else done(null, restoreLargeStrings(value, strings));
      });
    });
  });
}
