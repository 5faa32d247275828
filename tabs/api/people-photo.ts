/**
 * `GET /api/tab/people/:id/photo`: a person's directory photo, to any signed-in person of the
 * commune (as Teams shows it to them). 404 when there is none: the tab shows initials.
 */
import type { FastifyInstance } from 'fastify';
import { EquipageError } from '../../core/errors.js';
import { photoKey } from '../../core/onboarding/photos.js';
import type { AppContext } from '../../server/context.js';
import { uuidParam } from './deps.js';

/** Registers the route. */
export function registerPeoplePhotoRoute(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Params: { id: string } }>(
    '/api/tab/people/:id/photo',
    { preHandler: app.authenticate, schema: { params: { type: 'object', properties: { id: uuidParam }, required: ['id'] } } },
    async (request, reply) => {
      const key = photoKey(request.params.id.toLowerCase());
      const info = await ctx.blobs.head(key);
      if (!info) throw new EquipageError('EQP_ERR_NOT_FOUND', { what: 'photo' });
      const bytes = await ctx.blobs.getBuffer(key);
      return reply.header('cache-control', 'private, max-age=3600').type(info.contentType).send(bytes);
    },
  );
}
