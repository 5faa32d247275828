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
 *
 * Except for photos: a data URI at one of the fields named by the route scope (`photos[i]`,
 * `photo`) is decoded straight from the body's bytes into a pooled buffer, and the body holds a
 * short placeholder in its place, which the use case resolves ({@link preDecodedDataUrisOf}). A
 * megabyte string would be memory outside V8's heap (Node makes strings over ~1 MB external),
 * and every 64 MB of it starts a full garbage collection of the whole server heap; or, as a heap
 * string that outlives the request's database round trips, garbage promoted to the old
 * generation. Anything doubtful about the URI (not strict base64, over 5 MB...) leaves it a
 * string, for the use case to refuse with its usual error.
 */
import { randomBytes } from 'node:crypto';
import { isAscii } from 'node:buffer';
import type { Readable } from 'node:stream';
import { errorCodes, type FastifyInstance, type FastifyRequest } from 'fastify';
import { MAX_PHOTO_BYTES, type PreDecodedDataUri, type PreDecodedDataUris } from '../../core/field-reports/photos.js';
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
/**
 * What stands for a decoded data URI in the parsed body: random too, but without the NUL (the
 * body's text is checked for NULs after parsing, and a data URI has none).
 */
const DATA_URI_PLACEHOLDER = `eqp-data-uri-${randomBytes(16).toString('hex')}-`;

/** The body with its large strings replaced by placeholders, and those strings' bytes. */
export interface SplitBody {
  /** The JSON text to parse, with `"<placeholder><index>"` in place of each large string. */
  text: string;
  /** Each large string's content: views of the body, valid as long as the body's bytes are. */
  contents: Buffer[];
}

/** The string a large string's content stands for: one-byte without UTF-8 decoding when ASCII. */
export function contentString(content: Buffer): string {
  return isAscii(content) ? content.toString('latin1') : content.toString('utf8');
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
  const contents: Buffer[] = [];
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
    parts.push(body.subarray(copied, open + 1), Buffer.from(`${PLACEHOLDER_JSON}${contents.length}`));
    contents.push(content);
    copied = close;
  }
  if (contents.length === 0) return undefined;
  parts.push(body.subarray(copied));
  return { text: Buffer.concat(parts).toString('utf8'), contents };
}

/** What a large string becomes in the parsed value, given its content and its path in the body. */
export type LargeStringReviver = (content: Buffer, path: ReadonlyArray<string | number>) => string;

/** Puts the large strings back in place of their placeholders in a parsed value. */
export function restoreLargeStrings(value: unknown, contents: readonly Buffer[], revive: LargeStringReviver = contentString): unknown {
  const restore = (v: unknown, path: Array<string | number>): unknown => {
    if (typeof v === 'string') {
      if (!v.startsWith(PLACEHOLDER)) return v;
      const index = Number(v.slice(PLACEHOLDER.length));
      return Number.isInteger(index) && index >= 0 && index < contents.length ? revive(contents[index]!, path) : v;
    }
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i += 1) v[i] = restore(v[i], [...path, i]);
    } else if (v !== null && typeof v === 'object') {
      const record = v as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        const restored = restore(record[key], [...path, key]);
        // Defined, not assigned: an own `__proto__` key (kept when poisoning is only ignored) stays data.
        if (restored !== record[key]) Object.defineProperty(record, key, { value: restored, writable: true, enumerable: true, configurable: true });
      }
    }
    return v;
  };
  return restore(value, []);
}

/** Base64 is decoded this many characters at a time: short strings, young and dead at once. */
const DECODE_SLICE = 64 * 1024;
const DATA_URI_HEADER = /^data:[^,]{1,200},/;
const LAST_QUAD = /^[A-Za-z0-9+/]{2}(?:[A-Za-z0-9+/]{2}|[A-Za-z0-9+/]=|==)$/;

/**
 * Decodes a `data:…;base64,…` URI from its bytes into a pooled buffer, without ever making its
 * payload one string; undefined when anything is doubtful (not such a URI, payload not strict
 * base64 with no whitespace, over {@link MAX_PHOTO_BYTES}): the use case then decodes the string
 * and refuses it with its usual error. The header is not judged here, only kept.
 */
export function decodeDataUriBytes(content: Buffer): PreDecodedDataUri | undefined {
  const head = DATA_URI_HEADER.exec(content.toString('latin1', 0, Math.min(content.length, 202)));
  if (!head || !/;base64,$/i.test(head[0]) || !isAscii(content)) return undefined;
  const payload = content.subarray(head[0].length);
  // Strict base64, by native scans: length a multiple of 4, only the alphabet (Node's decoder
  // skips anything else, so the decoded length below catches it), `=` only at the very end.
  if (payload.length === 0 || payload.length % 4 !== 0) return undefined;
  if (payload.includes(0x2d) || payload.includes(0x5f)) return undefined; // URL-safe `-` `_`
  if (!LAST_QUAD.test(payload.toString('latin1', payload.length - 4))) return undefined;
  const equals = payload.indexOf(0x3d);
  if (equals >= 0 && equals < payload.length - 4) return undefined;
  const padding = payload[payload.length - 2] === 0x3d ? 2 : payload[payload.length - 1] === 0x3d ? 1 : 0;
  const size = (payload.length / 4) * 3 - padding;
  if (size > MAX_PHOTO_BYTES) return undefined;
  const lease = largeBuffers.lease(size);
  let written = 0;
  for (let at = 0; at < payload.length; at += DECODE_SLICE) {
    written += lease.buffer.write(payload.toString('latin1', at, Math.min(payload.length, at + DECODE_SLICE)), written, 'base64');
  }
  if (written !== size) {
    lease.release();
    return undefined;
  }
  return { header: head[0].slice(0, -1), data: lease.buffer, release: lease.release };
}

/**
 * The data URIs decoded by the parser and not yet taken, by request: placeholder → decoded bytes.
 * Whoever takes one (the use case) owns it and releases it; what is left is released when the
 * request ends, answered or aborted.
 */
const decodedByRequest = new WeakMap<FastifyRequest, Map<string, PreDecodedDataUri>>();

/**
 * Turns the placeholders the parser put in `request`'s body back into their decoded data URIs,
 * each once: the caller then owns it (and releases it). Undefined once the request has ended.
 */
export function preDecodedDataUrisOf(request: FastifyRequest): PreDecodedDataUris {
  return (value) => {
    const decoded = decodedByRequest.get(request);
    const taken = decoded?.get(value);
    if (taken) decoded!.delete(value);
    return taken;
  };
}

/** Releases what no one took from `request`, and closes it to later takers. */
function releaseUntaken(request: FastifyRequest): void {
  const decoded = decodedByRequest.get(request);
  decodedByRequest.delete(request);
  for (const uri of decoded?.values() ?? []) uri.release();
}

/** Where a route's body carries photos: top-level fields, holding a data URI or an array of them. */
export interface JsonBodyParserOptions {
  dataUriFields?: readonly string[];
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
 * results and errors as Fastify's default JSON parser, faster on bodies carrying photos. Data URIs
 * at `options.dataUriFields` are decoded by the parser (see the top of this file).
 */
export function installJsonBodyParser(scope: FastifyInstance, options: JsonBodyParserOptions = {}): void {
  const config = scope.initialConfig;
  const parseDefault = scope.getDefaultJsonParser(config.onProtoPoisoning ?? 'error', config.onConstructorPoisoning ?? 'error');
  const dataUriFields = new Set(options.dataUriFields ?? []);
  scope.addContentTypeParser('application/json', (request: FastifyRequest, payload: Readable, done) => {
    readBody(request, payload, (readError, body, release) => {
      if (readError || !body) {
        done(readError ?? new Error('no body'), undefined);
        return;
      }
      let split: SplitBody | undefined;
      let text: string;
      try {
        split = splitLargeStrings(body);
        text = split ? split.text : body.toString('utf8');
      } catch (error) {
        release?.();
        throw error;
      }
      if (!split) {
        release?.();
        parseDefault(request, text, done);
        return;
      }
      const { contents } = split;
      const revive: LargeStringReviver = (content, path) => {
        const field = path[0];
        const isDataUriField = typeof field === 'string' && dataUriFields.has(field) && (path.length === 1 || (path.length === 2 && typeof path[1] === 'number'));
        const decoded = isDataUriField ? decodeDataUriBytes(content) : undefined;
        if (!decoded) return contentString(content);
        let byPlaceholder = decodedByRequest.get(request);
        if (!byPlaceholder) decodedByRequest.set(request, (byPlaceholder = new Map()));
        const placeholder = `${DATA_URI_PLACEHOLDER}${byPlaceholder.size}`;
        byPlaceholder.set(placeholder, decoded);
        return placeholder;
      };
      parseDefault(request, text, (error, value) => {
        let restored: unknown;
        try {
          if (!error) restored = restoreLargeStrings(value, contents, revive);
        } finally {
          // Everything taken from the body is copied out (strings, decoded photos): its bytes can go back to the pool.
          release?.();
        }
        if (error) done(error, undefined);
        else done(null, restored);
      });
    });
  });
  if (dataUriFields.size > 0) {
    // The use case releases the photos it took; the others (a body refused before it ran, a
    // client gone mid-way) here. Never what was taken: its bytes may still be in use.
    scope.addHook('onResponse', async (request) => releaseUntaken(request));
    // A client gone while the handler runs: the response closes unfinished, and onResponse never
    // comes (Fastify's onRequestAbort only covers a body cut short).
    scope.addHook('onRequest', async (request, reply) => {
      reply.raw.once('close', () => releaseUntaken(request));
    });
  }
}
