/**
 * `GET /verify/:code`: public check of a certificate — to whom and when it was issued (HTML in
 * French with English; JSON with `Accept: application/json`). `POST /verify/:code` with the PDF
 * (form upload `file`, or the raw body as `application/pdf`) also says whether that file is the
 * one issued, by SHA-256.
 */
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { documentServiceFor } from '../../../core/documents/create-service.js';
import type { VerificationResult } from '../../../core/documents/document-service.js';
import { EquipageError, isEquipageError } from '../../../core/errors.js';
import type { AppContext } from '../../context.js';
import { errorBody } from '../../errors.js';
import { escapeHtml, page, wantsHtml } from './html.js';

const MAX_UPLOAD = 20 * 1024 * 1024;

function frenchDateTime(date: Date): string {
  return new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'long', timeStyle: 'short' }).format(date);
}

function renderResult(code: string, result: VerificationResult): string {
  const match =
    result.fileMatches === undefined
      ? ''
      : result.fileMatches
        ? `<p class="ok"><strong>Le fichier est authentique</strong> : il est identique au document délivré. <span class="en" lang="en">The file is authentic: identical to the issued document.</span></p>`
        : `<p class="ko"><strong>Le fichier ne correspond pas</strong> au document délivré (modifié, ou un autre document). <span class="en" lang="en">The file does NOT match the issued document (altered, or another document).</span></p>`;
  return page(
    `Vérification ${code}`,
    `<h1>Vérification d'un document <span class="en" lang="en">/ Document check</span></h1>
<p class="ok">Ce code correspond à un document délivré. <span class="en" lang="en">This code matches an issued document.</span></p>
<dl>
<dt>Document</dt><dd>${escapeHtml(result.title)} <span class="en" lang="en">(${escapeHtml(result.titleEn)})</span></dd>
<dt>Délivré à <span class="en" lang="en">/ Issued to</span></dt><dd>${escapeHtml(result.holder)}</dd>
<dt>Le <span class="en" lang="en">/ On</span></dt><dd>${escapeHtml(frenchDateTime(result.issuedAt))}</dd>
<dt>Par <span class="en" lang="en">/ By</span></dt><dd>${escapeHtml(result.issuer)}</dd>
<dt>Code</dt><dd><code>${escapeHtml(result.code)}</code></dd>
</dl>
${match}
<form method="post" enctype="multipart/form-data" action="/verify/${encodeURIComponent(result.code)}">
<p><label>Vérifier un fichier PDF <span class="en" lang="en">/ Check a PDF file</span> : <input type="file" name="file" accept="application/pdf" required></label></p>
<p><button type="submit">Vérifier / Check</button></p>
</form>`,
  );
}

async function answer(request: FastifyRequest, reply: FastifyReply, ctx: AppContext, code: string, file: Buffer | undefined) {
  void reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
  const html = wantsHtml(request.headers.accept);
  try {
    const result = await documentServiceFor(ctx).verifyCertificate(code, file ? { file } : {}, { ip: request.ip });
    if (!html) return reply.send({ ...result, issuedAt: result.issuedAt.toISOString() });
    return reply.type('text/html; charset=utf-8').send(renderResult(code, result));
  } catch (error) {
    if (!html || !isEquipageError(error)) throw error;
    const body = errorBody(error).error;
    return reply
      .status(error.status)
      .type('text/html; charset=utf-8')
      .send(page('Vérification', `<h1>Vérification d'un document <span class="en" lang="en">/ Document check</span></h1><p class="ko">${escapeHtml(body.message)}</p><p class="en" lang="en">${escapeHtml(body.messageEn)}</p>`));
  }
}

/** Registers the routes (in their own scope: the multipart parser applies here only). */
export async function registerVerifyRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await app.register(async (scope) => {
    await scope.register(multipart, { limits: { files: 1, fileSize: MAX_UPLOAD, fields: 5, parts: 6 } });
    scope.addContentTypeParser(['application/pdf', 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: MAX_UPLOAD }, (_request, body, done) => done(null, body));

    scope.get<{ Params: { code: string } }>('/verify/:code', async (request, reply) => answer(request, reply, ctx, request.params.code, undefined));

    scope.post<{ Params: { code: string } }>('/verify/:code', { bodyLimit: MAX_UPLOAD }, async (request, reply) => {
      let file: Buffer | undefined;
      if (request.isMultipart()) {
        const part = await request.file();
        if (part) {
          file = await part.toBuffer().catch((error: unknown) => {
            if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new EquipageError('EQP_ERR_PAYLOAD_TOO_LARGE', { limit: '20 Mo' });
            throw error;
          });
        }
      } else if (Buffer.isBuffer(request.body)) {
        file = request.body;
      }
      if (!file || file.length === 0) throw new EquipageError('EQP_ERR_VALIDATION', { details: 'file: un fichier PDF est requis / a PDF file is required' });
      return answer(request, reply, ctx, request.params.code, file);
    });
  });
}
