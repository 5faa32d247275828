/**
 * What the OGC API – Features routes share: the collection id, media types, absolute links, the
 * optional API key, and content negotiation (`f` parameter first, then `Accept`).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import negotiate from '@fastify/accept-negotiator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { EquipageError } from '../../../core/errors.js';
import type { AppContext } from '../../context.js';

export const OGC_BASE_PATH = '/ogc';
export const OPEN_DATA_BASE_PATH = '/api/open-data';
export const COLLECTION_ID = 'field-reports';
export const COLLECTION_PATH = `${OGC_BASE_PATH}/collections/${COLLECTION_ID}`;
export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';

export const JSON_TYPE = 'application/json';
export const GEOJSON_TYPE = 'application/geo+json';
export const CSV_TYPE = 'text/csv';

/** A link of an OGC document. */
export interface OgcLink {
  href: string;
  rel: string;
  type?: string;
  title?: string;
}

/** Absolute base URL as the client sees it (the public URL when configured). */
export function baseUrl(ctx: AppContext, request: FastifyRequest): string {
  if (ctx.config.server.publicBaseUrl) return ctx.config.server.publicBaseUrl;
  // Through URL so the default port is dropped, as in every link built with URL.
  return new URL(`${request.protocol}://${request.host}`).origin;
}

/** The pre-handler of every open-data route: public, or the configured `X-API-Key`. */
export function createOpenDataGuard(ctx: AppContext) {
  const expected = ctx.config.openData.apiKey;
  const expectedDigest = expected ? createHash('sha256').update(expected).digest() : undefined;
  return async function openDataGuard(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    // Public open data may sit in shared caches; keyed data may not.
    void reply.header('cache-control', expectedDigest ? 'private, no-store' : 'public, max-age=60');
    void reply.header('access-control-allow-origin', '*');
    if (!expectedDigest) return;
    const raw = request.headers['x-api-key'];
    const given = Array.isArray(raw) ? raw[0] : raw;
    // Digests have equal lengths, so the comparison does not leak the key's length.
    if (!given || !timingSafeEqual(createHash('sha256').update(given).digest(), expectedDigest)) {
      throw new EquipageError('EQP_ERR_UNAUTHENTICATED');
    }
  };
}

/** Output formats: JSON (GeoJSON for features) or CSV. */
export type OutputFormat = 'json' | 'csv';

/**
 * Picks the output format: `f=json|csv` wins, else the `Accept` header (JSON unless CSV is
 * preferred, so browsers sending text/html get JSON). `csvAllowed` is false for plain documents.
 */
export function outputFormat(request: FastifyRequest, f: string | undefined, csvAllowed: boolean): OutputFormat {
  if (f !== undefined) {
    const wanted = f.toLowerCase();
    if (wanted === 'json' || wanted === 'geojson') return 'json';
    if (wanted === 'csv' && csvAllowed) return 'csv';
    throw new EquipageError(
      'EQP_ERR_VALIDATION',
      { details: `querystring.f (${csvAllowed ? 'json, csv' : 'json'})` },
      { details: [{ path: 'querystring.f', message: `format inconnu : ${f}`, messageEn: `unknown format: ${f}` }] },
    );
  }
  if (!csvAllowed) return 'json';
  const accept = request.headers.accept;
  if (!accept) return 'json';
  const best = negotiate(accept, [GEOJSON_TYPE, JSON_TYPE, CSV_TYPE]);
  return best === CSV_TYPE ? 'csv' : 'json';
}

/** Answers 400 when the query has parameters the route does not define (OGC /req/core/query-param-unknown). */
export function rejectUnknownParameters(query: Record<string, unknown>, known: readonly string[]): void {
  const unknown = Object.keys(query).filter((name) => !known.includes(name));
  if (unknown.length === 0) return;
  throw new EquipageError(
    'EQP_ERR_VALIDATION',
    { details: unknown.map((n) => `querystring.${n}`).join(', ') },
    { details: unknown.map((n) => ({ path: `querystring.${n}`, message: 'paramètre inconnu', messageEn: 'unknown parameter' })) },
  );
}

/** The one value of a query parameter (repeated parameters are refused). */
export function single(query: Record<string, unknown>, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  throw new EquipageError(
    'EQP_ERR_VALIDATION',
    { details: `querystring.${name}` },
    { details: [{ path: `querystring.${name}`, message: 'paramètre répété', messageEn: 'repeated parameter' }] },
  );
}
