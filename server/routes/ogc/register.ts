/**
 * The open-data surface of field reports for GIS tools (QGIS, GDAL/ogrinfo, ArcGIS): OGC API –
 * Features Part 1 (Core + GeoJSON) under `/ogc`, and whole-layer GeoJSON/CSV exports under
 * `/api/open-data`. Public unless `OGC_API_KEY` is set (then the `X-API-Key` header is required):
 * GIS clients rarely do Entra sign-in, and the layer carries no personal data (no reporter, no
 * history; the agents' free text only when the commune turns OPEN_DATA_DESCRIPTIONS on).
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { EquipageError } from '../../../core/errors.js';
import type { AppContext } from '../../context.js';
import { registerOgcCollection } from './collection.js';
import { registerOgcCollections } from './collections.js';
import { createOpenDataGuard } from './common.js';
import { registerOgcConformance } from './conformance.js';
import { registerOgcItem } from './item.js';
import { registerOgcItems } from './items.js';
import { registerOgcLanding } from './landing.js';
import { registerOpenDataExports } from './open-data-exports.js';

/**
 * Registers the OGC API and the open-data exports, in a scope of their own with a rate limit per
 * client: the layer is public and every page counts the matching reports.
 */
export function registerOgc(app: FastifyInstance, ctx: AppContext): void {
  void app.register(async (scope) => {
    await scope.register(rateLimit, {
      global: true,
      max: ctx.config.openData.rateLimitPerMinute,
      timeWindow: 60_000,
      // With an API key, the key is the client (several GIS users behind one proxy share it).
      keyGenerator: (request) => {
        const key = request.headers['x-api-key'];
        return ctx.config.openData.apiKey && key === ctx.config.openData.apiKey ? 'open-data:key' : `open-data:${request.ip}`;
      },
      errorResponseBuilder: (_request, context) => new EquipageError('EQP_ERR_RATE_LIMITED', { retryAfter: Math.max(1, Math.ceil(context.ttl / 1000)) }),
    });
    const guard = createOpenDataGuard(ctx);
    registerOgcLanding(scope, ctx, guard);
    registerOgcConformance(scope, guard);
    registerOgcCollections(scope, ctx, guard);
    registerOgcCollection(scope, ctx, guard);
    registerOgcItems(scope, ctx, guard);
    registerOgcItem(scope, ctx, guard);
    registerOpenDataExports(scope, ctx, guard);
  });
}
