/** `GET /ogc`: the OGC API landing page (links to itself, the conformance classes and the data). */
import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import type { AppContext } from '../../context.js';
import { baseUrl, JSON_TYPE, OGC_BASE_PATH, outputFormat, rejectUnknownParameters, single } from './common.js';

export function registerOgcLanding(app: FastifyInstance, ctx: AppContext, guard: preHandlerAsyncHookHandler): void {
  app.get(OGC_BASE_PATH, { preHandler: guard }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    rejectUnknownParameters(query, ['f']);
    outputFormat(request, single(query, 'f'), false);
    const base = baseUrl(ctx, request);
    void reply.type(JSON_TYPE);
    return {
      title: 'Équipage — données ouvertes / open data',
      description: 'Signalements de terrain de la commune en OGC API – Features. The commune’s field reports as OGC API – Features.',
      links: [
        { href: `${base}${OGC_BASE_PATH}`, rel: 'self', type: JSON_TYPE, title: 'Cette page / This document' },
        { href: `${base}${OGC_BASE_PATH}/conformance`, rel: 'conformance', type: JSON_TYPE, title: 'Classes de conformité / Conformance classes' },
        { href: `${base}${OGC_BASE_PATH}/collections`, rel: 'data', type: JSON_TYPE, title: 'Collections' },
      ],
    };
  });
}
