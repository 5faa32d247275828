/**
 * Documents to acknowledge:
 * - `GET /tab/documents/:key/:sha256` serves one exact version (immutable: the hash is in the path).
 *   Commune-wide rules (règlement intérieur, charte…) are not personal data: no sign-in needed, so
 *   a plain link opens them in Teams' browser or on a phone.
 * - `POST /api/tab/onboardings/:id/documents/:key/acknowledge` `{ sha256 }`: the agent accepts a version.
 * - `GET /api/tab/hr/documents`, `POST /api/tab/hr/documents/:key` (HR): list and publish versions.
 */
import type { FastifyInstance } from 'fastify';
import { recordAudit } from '../../core/audit/audit-log.js';
import { EquipageError } from '../../core/errors.js';
import { acknowledgeDocument } from '../../core/onboarding/acknowledgments.js';
import { DocumentStore, PUBLISHABLE_TYPES } from '../../core/onboarding/document-store.js';
import type { AcknowledgeResponse } from '../../core/onboarding/types.js';
import { requireCaller } from '../../server/auth/authenticate.js';
import type { AppContext } from '../../server/context.js';
import { onboardingDeps, PRIVATE_NO_STORE, uuidParam } from './deps.js';

const keyParam = { type: 'string', pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', maxLength: 64 } as const;
const shaParam = { type: 'string', pattern: '^[0-9a-f]{64}$' } as const;

/** Registers the routes. */
export function registerDocumentRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Params: { key: string; sha256: string } }>(
    '/tab/documents/:key/:sha256',
    { schema: { params: { type: 'object', properties: { key: keyParam, sha256: shaParam }, required: ['key', 'sha256'] } } },
    async (request, reply) => {
      const version = await new DocumentStore(ctx.storage.db, ctx.blobs).version(request.params.key, request.params.sha256);
      if (!version) throw new EquipageError('EQP_ERR_NOT_FOUND', { what: `document ${request.params.key}` });
      const bytes = await version.read();
      return reply
        .header('cache-control', 'public, max-age=31536000, immutable')
        .header('etag', `"${version.sha256}"`)
        // Served documents are data, never active content on our origin.
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self' https://teams.microsoft.com https://*.teams.microsoft.com https://*.cloud.microsoft")
        .type(version.contentType)
        .send(bytes);
    },
  );

  app.post<{ Params: { id: string; key: string }; Body: { sha256: string } }>(
    '/api/tab/onboardings/:id/documents/:key/acknowledge',
    {
      preHandler: app.authenticate,
      schema: {
        params: { type: 'object', properties: { id: uuidParam, key: keyParam }, required: ['id', 'key'] },
        body: { type: 'object', properties: { sha256: shaParam }, required: ['sha256'], additionalProperties: false },
      },
    },
    async (request, reply): Promise<AcknowledgeResponse> => {
      const result = await acknowledgeDocument(onboardingDeps(ctx, request), request.params.id.toLowerCase(), request.params.key, request.body.sha256);
      void reply.header('cache-control', PRIVATE_NO_STORE);
      return result;
    },
  );

  app.get('/api/tab/hr/documents', { preHandler: app.authenticate }, async (request, reply) => {
    const caller = requireCaller(request);
    if (!caller.hrMember) {
      await recordAudit(ctx.storage.db, caller, { action: 'onboarding.document.list', subjectType: 'onboarding_document', subjectId: null, channel: 'tab', outcome: 'denied' });
      throw new EquipageError('EQP_ERR_FORBIDDEN');
    }
    void reply.header('cache-control', PRIVATE_NO_STORE);
    return { documents: await new DocumentStore(ctx.storage.db, ctx.blobs).list() };
  });

  app.post<{ Params: { key: string }; Body: { title: string; contentType: (typeof PUBLISHABLE_TYPES)[number]; contentBase64: string } }>(
    '/api/tab/hr/documents/:key',
    {
      preHandler: app.authenticate,
      bodyLimit: 12 * 1024 * 1024,
      schema: {
        params: { type: 'object', properties: { key: keyParam }, required: ['key'] },
        body: {
          type: 'object',
          properties: {
            title: { type: 'string', minLength: 1, maxLength: 200 },
            contentType: { type: 'string', enum: [...PUBLISHABLE_TYPES] },
            contentBase64: { type: 'string', minLength: 1, maxLength: 11 * 1024 * 1024 },
          },
          required: ['title', 'contentType', 'contentBase64'],
          additionalProperties: false,
        },
      },
    },
    async (request, reply) => {
      const caller = requireCaller(request);
      const audit = (outcome: 'success' | 'denied', details?: Record<string, unknown>) =>
        recordAudit(ctx.storage.db, caller, { action: 'onboarding.document.publish', subjectType: 'onboarding_document', subjectId: request.params.key, channel: 'tab', outcome, ...(details ? { details } : {}) });
      if (!caller.hrMember) {
        await audit('denied');
        throw new EquipageError('EQP_ERR_FORBIDDEN');
      }
      const bytes = Buffer.from(request.body.contentBase64, 'base64');
      if (bytes.length === 0) throw new EquipageError('EQP_ERR_VALIDATION', { details: 'contentBase64: empty document' });
      const version = await new DocumentStore(ctx.storage.db, ctx.blobs).publish({ key: request.params.key, title: request.body.title, contentType: request.body.contentType, bytes, by: caller.personId ?? caller.upn ?? 'unknown' });
      await audit('success', { sha256: version.sha256, size: version.size });
      void reply.header('cache-control', PRIVATE_NO_STORE);
      return reply.status(201).send({ key: version.key, sha256: version.sha256, size: version.size });
    },
  );
}
