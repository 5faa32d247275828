/** `GET /ogc/collections`: the one collection, `field-reports`. */
import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import type { AppContext } from '../../context.js';
import { collectionDocument } from './collection-document.js';
import { baseUrl, CRS84, JSON_TYPE, OGC_BASE_PATH, outputFormat, rejectUnknownParameters, single } from './common.js';

export function registerOgcCollections(app: FastifyInstance, ctx: AppContext, guard: preHandlerAsyncHookHandler): void {
  app.get(`${OGC_BASE_PATH}/collections`, { preHandler: guard }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    rejectUnknownParameters(query, ['f']);
    outputFormat(request, single(query, 'f'), false);
    const base = baseUrl(ctx, request);
    void reply.type(JSON_TYPE);
    return {
      links: [{ href: `${base}${OGC_BASE_PATH}/collections`, rel: 'self', type: JSON_TYPE, title: 'Collections' }],
      crs: [CRS84],
      collections: [await collectionDocument(ctx.storage.db, base)],
    };
  });
}
