/**
 * HR publishes a payroll run from the tab, as `equipage documents import` does from the CLI:
 * - `POST /api/tab/hr/payroll/preview` (multipart: `period` YYYY-MM, optional `pattern` and
 *   `replace`, one ZIP, one multi-page PDF or several PDFs): stages the upload and answers the
 *   dry-run report.
 * - `POST /api/tab/hr/payroll/:uploadId/publish`: publishes that upload and notifies the agents;
 *   calling it again answers the first result.
 * HR only: anyone else gets `EQP_ERR_FORBIDDEN`, audited. Uploads larger than
 * `PAYROLL_UPLOAD_MAX_MB` (all files together) get `EQP_ERR_PAYLOAD_TOO_LARGE`.
 */
import { Readable } from 'node:stream';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actorOf, recordAudit } from '../../core/audit/audit-log.js';
import type { Caller } from '../../core/auth/identity.js';
import type { PayrollPreview, PayrollPublication } from '../../core/documents/payroll-types.js';
import {
  discardPayrollUpload,
  newPayrollUploadId,
  previewPayrollUpload,
  publishPayrollUpload,
  purgeExpiredPayrollUploads,
  stagePayrollFile,
  type StagedFile,
} from '../../core/documents/payroll-uploads.js';
import { EquipageError, isEquipageError } from '../../core/errors.js';
import { requireCaller } from '../../server/auth/authenticate.js';
import type { AppContext } from '../../server/context.js';
import { PRIVATE_NO_STORE, uuidParam } from './deps.js';

const MAX_FILES = 5000;

/** Counts bytes across every file of one request and fails the stream past the limit. */
class UploadBudget {
  used = 0;
  constructor(readonly limit: number) {}
  /** `source`, failing with `EQP_ERR_PAYLOAD_TOO_LARGE` once the request's total passes the limit. */
  meter(source: Readable): Readable {
    const generate = async function* (this: UploadBudget) {
      for await (const chunk of source as AsyncIterable<Buffer>) {
        this.used += chunk.length;
        if (this.used > this.limit) throw this.tooLarge();
        yield chunk;
      }
    };
    return Readable.from(generate.call(this), { objectMode: false });
  }
  tooLarge(): EquipageError {
    return new EquipageError('EQP_ERR_PAYLOAD_TOO_LARGE', { limit: `${Math.round(this.limit / 1024 / 1024)} Mo` });
  }
}

function hrOnly(ctx: AppContext, request: FastifyRequest, action: string, subjectId: string | null): Promise<Caller> {
  const caller = requireCaller(request);
  if (caller.hrMember) return Promise.resolve(caller);
  return recordAudit(ctx.storage.db, caller, { action, subjectType: 'payroll_upload', subjectId, channel: 'tab', outcome: 'denied' }).then(() => {
    throw new EquipageError('EQP_ERR_FORBIDDEN');
  });
}

const isOn = (value: string | undefined) => value !== undefined && /^(1|true|on|yes)$/i.test(value.trim());

/** Registers the routes (in their own scope: the multipart parser applies here only). */
export async function registerHrPayrollRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const limit = ctx.config.documents.payrollUploadMaxBytes;
  await app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: limit, files: MAX_FILES, fields: 10, fieldSize: 1024, parts: MAX_FILES + 10 } });

    scope.post('/api/tab/hr/payroll/preview', { preHandler: app.authenticate }, async (request, reply): Promise<PayrollPreview> => {
      const caller = await hrOnly(ctx, request, 'documents.payroll.preview', null);
      if (!request.isMultipart()) throw new EquipageError('EQP_ERR_VALIDATION', { details: 'body: multipart/form-data attendu / expected' });
      // Expired uploads go when a new one comes, besides the daily retention run.
      await purgeExpiredPayrollUploads({ blobs: ctx.blobs }).catch((error: unknown) => request.log.warn({ err: error }, 'payroll staging purge failed'));
      const uploadId = newPayrollUploadId();
      const budget = new UploadBudget(limit);
      const fields: Record<string, string> = {};
      const files: StagedFile[] = [];
      try {
        for await (const part of request.parts()) {
          if (part.type === 'field') {
            if (typeof part.value === 'string') fields[part.fieldname] = part.value;
            continue;
          }
          const staged = await stagePayrollFile(ctx.blobs, uploadId, files.length, part.filename, budget.meter(part.file));
          if (part.file.truncated) throw budget.tooLarge();
          files.push(staged);
        }
      } catch (error) {
        await discardPayrollUpload(ctx.blobs, uploadId);
        if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE' || (error as { code?: string }).code === 'FST_FILES_LIMIT') throw budget.tooLarge();
        throw error;
      }
      const period = (fields.period ?? '').trim();
      const pattern = fields.pattern?.trim() || ctx.config.documents.filePattern;
      const replace = isOn(fields.replace);
      try {
        if (!/\{matricule\}/.test(pattern)) throw new EquipageError('EQP_ERR_VALIDATION', { details: 'pattern: doit contenir {matricule} / must contain {matricule}' });
        const preview = await previewPayrollUpload({ db: ctx.storage.db, blobs: ctx.blobs }, { uploadId, period, pattern, replace, files, uploadedBy: actorOf(caller) });
        await recordAudit(ctx.storage.db, caller, {
          action: 'documents.payroll.preview',
          subjectType: 'payroll_upload',
          subjectId: uploadId,
          channel: 'tab',
          outcome: 'success',
          details: { period, files: files.length, bytes: budget.used, matched: preview.matched.length, unmatched: preview.unmatched.length, missing: preview.missing.length, duplicates: preview.duplicates.length },
        });
        void reply.header('cache-control', PRIVATE_NO_STORE);
        return preview;
      } catch (error) {
        await discardPayrollUpload(ctx.blobs, uploadId);
        if (isEquipageError(error)) {
          await recordAudit(ctx.storage.db, caller, { action: 'documents.payroll.preview', subjectType: 'payroll_upload', subjectId: uploadId, channel: 'tab', outcome: 'error', details: { code: error.code } }).catch(() => undefined);
        }
        throw error;
      }
    });

    scope.post<{ Params: { uploadId: string } }>(
      '/api/tab/hr/payroll/:uploadId/publish',
      { preHandler: app.authenticate, schema: { params: { type: 'object', properties: { uploadId: uuidParam }, required: ['uploadId'] } } },
      async (request, reply): Promise<PayrollPublication> => {
        const uploadId = request.params.uploadId.toLowerCase();
        const caller = await hrOnly(ctx, request, 'documents.payroll.publish', uploadId);
        const result = await publishPayrollUpload({ db: ctx.storage.db, blobs: ctx.blobs }, uploadId, `tab:${actorOf(caller)}`);
        await recordAudit(ctx.storage.db, caller, {
          action: 'documents.payroll.publish',
          subjectType: 'payroll_upload',
          subjectId: uploadId,
          channel: 'tab',
          outcome: 'success',
          details: { period: result.period, repeated: result.repeated, published: result.published.length, skipped: result.skipped.length, failed: result.failed.length },
        });
        void reply.header('cache-control', PRIVATE_NO_STORE);
        return result;
      },
    );
  });
}
