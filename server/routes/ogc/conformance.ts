/**
 * `GET /ogc/conformance`: what this server implements — Core and GeoJSON only. No OpenAPI 3
 * document and no HTML are served, so oas30 and html are not claimed.
 */
import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import { JSON_TYPE, OGC_BASE_PATH, outputFormat, rejectUnknownParameters, single } from './common.js';

export const CONFORMS_TO = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
];

export function registerOgcConformance(app: FastifyInstance, guard: preHandlerAsyncHookHandler): void {
  app.get(`${OGC_BASE_PATH}/conformance`, { preHandler: guard }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    rejectUnknownParameters(query, ['f']);
    outputFormat(request, single(query, 'f'), false);
    void reply.type(JSON_TYPE);
    return { conformsTo: CONFORMS_TO };
  });
}
