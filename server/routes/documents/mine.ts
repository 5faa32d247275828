/**
 * The documents API of the tab (authenticated): `GET /api/documents/mine` lists the caller's own
 * documents, `POST /api/documents/mine/:id/link` issues a single-use download link to one of them,
 * `POST /api/documents/mine/certificates` generates a certificate. Only the caller's own documents:
 * managers and HR get nobody else's here.
 */
import type { FastifyInstance } from 'fastify';
import { documentServiceFor } from '../../../core/documents/create-service.js';
import type { DocumentSummary } from '../../../core/documents/document-service.js';
import { requireCaller } from '../../auth/authenticate.js';
import type { AppContext } from '../../context.js';

const json = (d: DocumentSummary) => ({ ...d, createdAt: d.createdAt.toISOString() });

/** Registers the routes. */
export function registerMyDocumentsRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/documents/mine', { preHandler: app.authenticate }, async (request, reply) => {
    const caller = requireCaller(request);
    const documents = await documentServiceFor(ctx).listMine(caller, 'tab');
    void reply.header('cache-control', 'private, no-store');
    return { documents: documents.map(json) };
  });

  app.post<{ Params: { id: string } }>('/api/documents/mine/:id/link', { preHandler: app.authenticate }, async (request, reply) => {
    const caller = requireCaller(request);
    const link = await documentServiceFor(ctx).issueLink(caller, 'tab', request.params.id);
    void reply.header('cache-control', 'private, no-store');
    return { url: link.url, expiresAt: link.expiresAt.toISOString(), document: json(link.document) };
  });

  app.post<{ Body: { kind: 'attestation_employeur' | 'certificat_travail' } }>(
    '/api/documents/mine/certificates',
    {
      preHandler: app.authenticate,
      schema: {
        body: {
          type: 'object',
          required: ['kind'],
          additionalProperties: false,
          properties: { kind: { type: 'string', enum: ['attestation_employeur', 'certificat_travail'] } },
        },
      },
    },
    async (request, reply) => {
      const caller = requireCaller(request);
      const issued = await documentServiceFor(ctx).issueCertificate(caller, 'tab', request.body.kind);
      void reply.header('cache-control', 'private, no-store').status(201);
      return { url: issued.url, expiresAt: issued.expiresAt.toISOString(), code: issued.code, verifyUrl: issued.verifyUrl, document: json(issued.document) };
    },
  );
}
