/** `GET /ogc/collections/field-reports`: the collection with its extent computed from the data. */
import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import type { AppContext } from '../../context.js';
import { collectionDocument } from './collection-document.js';
import { baseUrl, COLLECTION_PATH, JSON_TYPE, outputFormat, rejectUnknownParameters, single } from './common.js';

export function registerOgcCollection(app: FastifyInstance, ctx: AppContext, guard: preHandlerAsyncHookHandler): void {
  app.get(COLLECTION_PATH, { preHandler: guard }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    rejectUnknownParameters(query, ['f']);
    outputFormat(request, single(query, 'f'), false);
    void reply.type(JSON_TYPE);
    return collectionDocument(ctx.storage.db, baseUrl(ctx, request));
  });
}
