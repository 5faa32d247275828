/**
 * `GET /api/open-data/field-reports.geojson` and `.csv`: the whole layer (or the part matching
 * `bbox`, `datetime`, `status`, `category`), streamed in batches so any size fits in memory.
 */
import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import { iterateOpenDataReports } from '../../../core/field-reports/open-data.js';
import type { AppContext } from '../../context.js';
import { CSV_TYPE, GEOJSON_TYPE, OPEN_DATA_BASE_PATH, rejectUnknownParameters } from './common.js';
import { csvStream, geojsonStream } from './features.js';
import { parseItemsQuery } from './params.js';

const EXPORT_PARAMETERS = ['bbox', 'bbox-crs', 'datetime', 'status', 'category'];

export function registerOpenDataExports(app: FastifyInstance, ctx: AppContext, guard: preHandlerAsyncHookHandler): void {
  app.get(`${OPEN_DATA_BASE_PATH}/field-reports.geojson`, { preHandler: guard }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    rejectUnknownParameters(query, EXPORT_PARAMETERS);
    const { filter } = parseItemsQuery(query);
    void reply.type(GEOJSON_TYPE).header('content-disposition', 'attachment; filename="signalements.geojson"');
    return reply.send(geojsonStream(iterateOpenDataReports(ctx.storage.db, filter, { descriptions: ctx.config.openData.publishDescriptions }), new Date().toISOString()));
  });
  app.get(`${OPEN_DATA_BASE_PATH}/field-reports.csv`, { preHandler: guard }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    rejectUnknownParameters(query, EXPORT_PARAMETERS);
    const { filter } = parseItemsQuery(query);
    void reply.type(`${CSV_TYPE}; charset=utf-8`).header('content-disposition', 'attachment; filename="signalements.csv"');
    return reply.send(csvStream(iterateOpenDataReports(ctx.storage.db, filter, { descriptions: ctx.config.openData.publishDescriptions })));
  });
}
