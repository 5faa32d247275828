/**
 * `GET /api/connectors/fieldops/v1/photos/{photoId}/content?exp=…&sig=…`: a report photo through a
 * signed, expiring public link (core/field-reports/photo-links.ts). This is the `media_url` sent
 * to Open311, whose servers fetch it without signing in: so it is not one of the connector's
 * authenticated operations (FIELDOPS_ROUTES) and is absent from the connector definition.
 */
import type { FastifyInstance } from 'fastify';
import { EquipageError } from '../../core/errors.js';
import { PHOTO_CONTENT_PATH, resolveMediaSecret, verifyPhotoLink } from '../../core/field-reports/photo-links.js';
import type { AppContext } from '../../server/context.js';

/** Registers the public photo route. */
export function registerFieldOpsPhotoContent(app: FastifyInstance, ctx: AppContext): void {
  // Resolved once: in local mode this creates the key file on first start.
  const secret = resolveMediaSecret(ctx.config);
  app.get<{ Params: { photoId: string }; Querystring: { exp?: string; sig?: string } }>(PHOTO_CONTENT_PATH, async (request, reply) => {
    void reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
    const { photoId } = request.params;
    verifyPhotoLink(secret, photoId, request.query.exp, request.query.sig);
    const photo = await ctx.storage.db.selectFrom('field_report_photos').select(['blob_key', 'content_type', 'size_bytes', 'sha256']).where('id', '=', photoId).executeTakeFirst();
    // A valid link to a photo deleted since: the link no longer leads anywhere.
    if (!photo) throw new EquipageError('EQP_ERR_PHOTO_LINK_INVALID');
    const bytes = await ctx.blobs.getBuffer(photo.blob_key);
    return reply.header('content-type', photo.content_type).header('content-length', String(bytes.length)).header('x-content-sha256', photo.sha256).send(bytes);
  });
}
