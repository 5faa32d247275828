/**
 * The Power Platform custom connectors surface. Today: the field-ops connector, its API under
 * `/api/connectors/fieldops/v1` (every route requires an authenticated caller), its OpenAPI
 * definition and its interactive explorer.
 */
import type { SurfaceRegistrar } from '../server/app.js';
import { registerFieldOpsApi } from './fieldops/api/index.js';
import { installJsonBodyParser } from './fieldops/json-body.js';
import { registerFieldOpsDefinition } from './fieldops/serve-definition.js';
import { registerFieldOpsPhotoContent } from './fieldops/photo-content.js';

/** Top-level body fields of the field-ops API holding photos (CreateFieldReport, AddReportPhoto). */
const PHOTO_FIELDS = ['photos', 'photo'] as const;

/** Registers the connectors' routes. */
export const registerConnectors: SurfaceRegistrar = async (app, ctx) => {
  // In a scope of its own: the photo-aware JSON parser applies to the field-ops API only.
  void app.register(async (scope) => {
    installJsonBodyParser(scope, { dataUriFields: PHOTO_FIELDS });
    registerFieldOpsApi(scope, ctx);
  });
  registerFieldOpsPhotoContent(app, ctx);
  await registerFieldOpsDefinition(app, ctx);
};
