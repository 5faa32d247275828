/** `GET /ogc/collections/field-reports/items/{featureId}`: one report as a GeoJSON feature. */
import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import { EquipageError } from '../../../core/errors.js';
import { getOpenDataReport } from '../../../core/field-reports/open-data.js';
import type { AppContext } from '../../context.js';
import { baseUrl, COLLECTION_PATH, GEOJSON_TYPE, outputFormat, rejectUnknownParameters, single } from './common.js';
import { toFeature } from './features.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function registerOgcItem(app: FastifyInstance, ctx: AppContext, guard: preHandlerAsyncHookHandler): void {
  app.get(`${COLLECTION_PATH}/items/:featureId`, { preHandler: guard }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    rejectUnknownParameters(query, ['f']);
    outputFormat(request, single(query, 'f'), false);
    const { featureId } = request.params as { featureId: string };
    const report = UUID.test(featureId) ? await getOpenDataReport(ctx.storage.db, featureId.toLowerCase(), { descriptions: ctx.config.openData.publishDescriptions }) : undefined;
    if (!report) throw new EquipageError('EQP_ERR_NOT_FOUND', { what: `signalement ${featureId} / report ${featureId}` });
    void reply.type(GEOJSON_TYPE);
    return toFeature(report, baseUrl(ctx, request));
  });
}
