/**
 * `GET /ogc/collections/field-reports/items`: a page of reports as a GeoJSON FeatureCollection
 * (or CSV with `f=csv` / `Accept: text/csv`), in report-number order, with `numberMatched`,
 * `numberReturned`, `timeStamp` and self/alternate/next/collection links. `next` carries a keyset
 * cursor (the last number returned), so pages neither repeat nor skip while reports arrive.
 */
import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import { countOpenDataReports, listOpenDataReports } from '../../../core/field-reports/open-data.js';
import type { AppContext } from '../../context.js';
import { baseUrl, COLLECTION_PATH, CSV_TYPE, GEOJSON_TYPE, JSON_TYPE, outputFormat, rejectUnknownParameters, single, type OgcLink } from './common.js';
import { csvStream, toFeature } from './features.js';
import { encodeCursor, ITEMS_PARAMETERS, parseItemsQuery } from './params.js';

export function registerOgcItems(app: FastifyInstance, ctx: AppContext, guard: preHandlerAsyncHookHandler): void {
  app.get(`${COLLECTION_PATH}/items`, { preHandler: guard }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    rejectUnknownParameters(query, ITEMS_PARAMETERS);
    const format = outputFormat(request, single(query, 'f'), true);
    const parsed = parseItemsQuery(query);
    const db = ctx.storage.db;
    const [page, matched] = await Promise.all([
      listOpenDataReports(db, parsed.filter, { after: parsed.after, limit: parsed.limit }, { descriptions: ctx.config.openData.publishDescriptions }),
      countOpenDataReports(db, parsed.filter),
    ]);
    const base = baseUrl(ctx, request);
    const url = (changes: Record<string, string | undefined>) => {
      const u = new URL(`${base}${COLLECTION_PATH}/items`);
      for (const [name, value] of Object.entries({ ...(query as Record<string, string>), ...changes })) {
        if (value !== undefined) u.searchParams.set(name, value);
      }
      return u.toString();
    };
    const next = page.more ? url({ cursor: encodeCursor(page.items.at(-1)!.seq), f: format === 'csv' ? 'csv' : undefined }) : undefined;

    if (format === 'csv') {
      if (next) void reply.header('link', `<${next}>; rel="next"; type="${CSV_TYPE}"`);
      void reply.header('oapif-number-matched', String(matched));
      void reply.type(`${CSV_TYPE}; charset=utf-8`);
      return reply.send(csvStream(page.items));
    }
    const links: OgcLink[] = [
      { href: url({ f: undefined }), rel: 'self', type: GEOJSON_TYPE, title: 'Cette page / This page' },
      { href: url({ f: 'csv' }), rel: 'alternate', type: CSV_TYPE, title: 'Cette page en CSV / This page as CSV' },
      ...(next ? [{ href: next, rel: 'next', type: GEOJSON_TYPE, title: 'Page suivante / Next page' }] : []),
      { href: `${base}${COLLECTION_PATH}`, rel: 'collection', type: JSON_TYPE, title: 'Signalements de terrain / Field reports' },
    ];
    void reply.type(GEOJSON_TYPE);
    return {
      type: 'FeatureCollection',
      timeStamp: new Date().toISOString(),
      numberMatched: matched,
      numberReturned: page.items.length,
      features: page.items.map((r) => toFeature(r, base)),
      links,
    };
  });
}
