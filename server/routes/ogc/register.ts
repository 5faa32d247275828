/**
 * The open-data surface of field reports for GIS tools (QGIS, GDAL/ogrinfo, ArcGIS): OGC API –
 * Features Part 1 (Core + GeoJSON) under `/ogc`, and whole-layer GeoJSON/CSV exports under
 * `/api/open-data`. Public unless `OGC_API_KEY` is set (then the `X-API-Key` header is required):
 * GIS clients rarely do Entra sign-in, and the layer carries no personal data (no reporter, no
 * history; the agents' free text only when the commune turns OPEN_DATA_DESCRIPTIONS on).
 */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { registerOgcCollection } from './collection.js';
import { registerOgcCollections } from './collections.js';
import { createOpenDataGuard } from './common.js';
import { registerOgcConformance } from './conformance.js';
import { registerOgcItem } from './item.js';
import { registerOgcItems } from './items.js';
import { registerOgcLanding } from './landing.js';
import { registerOpenDataExports } from './open-data-exports.js';

/** Registers the OGC API and the open-data exports. */
export function registerOgc(app: FastifyInstance, ctx: AppContext): void {
  const guard = createOpenDataGuard(ctx);
  registerOgcLanding(app, ctx, guard);
  registerOgcConformance(app, guard);
  registerOgcCollections(app, ctx, guard);
  registerOgcCollection(app, ctx, guard);
  registerOgcItems(app, ctx, guard);
  registerOgcItem(app, ctx, guard);
  registerOpenDataExports(app, ctx, guard);
}
