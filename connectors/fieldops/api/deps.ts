/** What a field-ops route hands to the use cases, and small helpers shared by the routes. */
import type { FastifyRequest } from 'fastify';
import type { FieldReportDeps } from '../../../core/field-reports/reports.js';
import { preDecodedDataUrisOf } from '../json-body.js';
import { requireCaller } from '../../../server/auth/authenticate.js';
import type { AppContext } from '../../../server/context.js';

/** Builds the use-case dependencies for one request. */
export function fieldReportDeps(ctx: AppContext, request: FastifyRequest): FieldReportDeps {
  return { db: ctx.storage.db, blobs: ctx.blobs, caller: requireCaller(request), forwardToOpen311: Boolean(ctx.config.open311), preDecoded: preDecodedDataUrisOf(request) };
}

/** Answers depend on the caller: never cache them in a shared cache. */
export const PRIVATE_NO_STORE = 'private, no-store';

/** Absolute base URL of this API as the client sees it (public URL when configured). */
export function externalBaseUrl(ctx: AppContext, request: FastifyRequest): string {
  if (ctx.config.server.publicBaseUrl) return ctx.config.server.publicBaseUrl;
  return `${request.protocol}://${request.host}`;
}
