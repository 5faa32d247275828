/**
 * `GET /api/documents/download/:token`: opens a signed, single-use, 10-minute link (no sign-in:
 * links open from Teams mobile in the system browser). Streams the PDF as an attachment; refusals
 * are 403/410 with a coded error (an HTML page for browsers, JSON otherwise).
 */
import type { FastifyInstance } from 'fastify';
import { documentServiceFor } from '../../../core/documents/create-service.js';
import { isEquipageError } from '../../../core/errors.js';
import type { AppContext } from '../../context.js';
import { errorBody } from '../../errors.js';
import { escapeHtml, page, wantsHtml } from './html.js';

/** `attachment` with an ASCII fallback name and the UTF-8 one (RFC 6266). */
export function attachmentHeader(fileName: string): string {
  const ascii = fileName.normalize('NFD').replace(/[^\x20-\x7e]/g, '').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** Registers the route. */
export function registerDownloadRoute(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Params: { token: string } }>('/api/documents/download/:token', async (request, reply) => {
    void reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
    try {
      const download = await documentServiceFor(ctx).redeemLink(request.params.token, { ip: request.ip, userAgent: request.headers['user-agent'] });
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', attachmentHeader(download.document.fileName))
        .header('content-length', String(download.sizeBytes))
        .header('x-content-sha256', download.sha256)
        .send(download.stream);
    } catch (error) {
      if (!isEquipageError(error) || !wantsHtml(request.headers.accept)) throw error;
      const body = errorBody(error).error;
      return reply
        .status(error.status)
        .type('text/html; charset=utf-8')
        .send(page('Équipage — document', `<h1>Document</h1><p class="ko">${escapeHtml(body.message)}</p><p class="en" lang="en">${escapeHtml(body.messageEn)}</p><p><small>${escapeHtml(body.code)}</small></p>`));
    }
  });
}
