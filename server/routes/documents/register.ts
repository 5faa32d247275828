/**
 * The documents surface: download links, public certificate verification, and the tab's
 * "my documents" API. Domain logic lives in core/documents/.
 */
import type { SurfaceRegistrar } from '../../app.js';
import { registerDownloadRoute } from './download.js';
import { registerMyDocumentsRoutes } from './mine.js';
import { registerVerifyRoutes } from './verify.js';

/** Registers the documents routes. */
export const registerDocuments: SurfaceRegistrar = async (app, ctx) => {
  registerDownloadRoute(app, ctx);
  registerMyDocumentsRoutes(app, ctx);
  await registerVerifyRoutes(app, ctx);
};
