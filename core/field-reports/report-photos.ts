/**
 * Adding a photo to an existing report (the agent took it after sending the report, or a
 * supervisor documents the repair). Same rules as the photos of a new report: a base64 data URI,
 * 5 MB at most (413), JPEG, PNG or WebP by their magic bytes (415), five photos per report at most.
 * Durable like a new report: the photo is stored first, then its row, the report's `updated_at`
 * and the idempotency key are committed in one transaction.
 */
import { randomUUID } from 'node:crypto';
import { actorOf } from '../audit/audit-log.js';
import { EquipageError } from '../errors.js';
import { findIdempotentResponse, requestHash, storeIdempotentResponse, type StoredResponse } from './idempotency.js';
import { decodePhotoDataUri, MAX_PHOTOS, PHOTO_EXTENSIONS, type DecodedPhoto } from './photos.js';
import { largeBuffers } from '../util/buffer-pool.js';
import { isSupervisor } from './report-status.js';
import { formatReportNumber, getFieldReport, type FieldReportDeps } from './reports.js';

/** The body of AddReportPhoto. */
export interface AddReportPhotoInput {
  photo: string;
}

export const ADD_PHOTO_OPERATION = 'AddReportPhoto';

/**
 * Adds one photo to a report: its reporter or a supervisor may. Returns 201 and the updated
 * report, or the stored response of a previous identical request with the same idempotency key.
 */
export async function addReportPhoto(
  deps: Pick<FieldReportDeps, 'db' | 'blobs' | 'caller' | 'preDecoded'>,
  reportId: string,
  input: AddReportPhotoInput,
  idempotencyKey?: string,
): Promise<StoredResponse> {
  const callerKey = actorOf(deps.caller);
  // Decoded (and hashed) once, for the fingerprint and the store; its error is thrown after the look-ups below.
  let photo: DecodedPhoto | undefined;
  let photoError: unknown;
  try {
    photo = decodePhotoDataUri(input.photo, 'body.photo', largeBuffers, deps.preDecoded);
  } catch (error) {
    photoError = error;
  }
  try {
    return await addDecodedPhoto(deps, reportId, input, idempotencyKey, callerKey, photo, photoError);
  } finally {
    // Stored (or refused): the decoded bytes go back to the pool.
    photo?.release();
  }
}

async function addDecodedPhoto(
  deps: Pick<FieldReportDeps, 'db' | 'blobs' | 'caller'>,
  reportId: string,
  input: AddReportPhotoInput,
  idempotencyKey: string | undefined,
  callerKey: string,
  photo: DecodedPhoto | undefined,
  photoError: unknown,
): Promise<StoredResponse> {
  const hash = requestHash(ADD_PHOTO_OPERATION, { reportId, ...input }, (path) => (path.length === 1 && path[0] === 'photo' ? photo?.fingerprint : undefined));
  if (idempotencyKey) {
    const previous = await findIdempotentResponse(deps.db, callerKey, idempotencyKey, ADD_PHOTO_OPERATION, hash);
    if (previous) return previous;
  }
  const report = await deps.db.selectFrom('field_reports').select(['id', 'number', 'reporter_key']).where('id', '=', reportId).executeTakeFirst();
  if (!report) throw new EquipageError('EQP_ERR_NOT_FOUND', { what: `signalement ${reportId} / report ${reportId}` });
  if (report.reporter_key !== callerKey && !(await isSupervisor(deps.db, deps.caller))) throw new EquipageError('EQP_ERR_FORBIDDEN');
  const number = formatReportNumber(Number(report.number));
  const countPhotos = async (db: FieldReportDeps['db']) =>
    Number((await db.selectFrom('field_report_photos').select((eb) => eb.fn.countAll().as('n')).where('report_id', '=', reportId).executeTakeFirstOrThrow()).n);
  // Checked before storing anything (and again in the transaction, for concurrent additions).
  if ((await countPhotos(deps.db)) >= MAX_PHOTOS) throw new EquipageError('EQP_ERR_REPORT_PHOTO_LIMIT', { number, max: MAX_PHOTOS });
  if (!photo) throw photoError;

  const photoId = randomUUID();
  // A unique name per attempt: a failed or concurrent attempt never overwrites a committed photo.
  const blobKey = `field-reports/${reportId}/photo-${photoId}.${PHOTO_EXTENSIONS[photo.contentType]}`;
  const put = await deps.blobs.put(blobKey, photo.data, { contentType: photo.contentType, sha256: photo.sha256, metadata: { report_id: reportId, photo_id: photoId } });
  try {
    return await deps.db.transaction().execute(async (trx) => {
      // Lock the report row: concurrent additions to one report take turns for the next position.
      await trx.selectFrom('field_reports').select('id').where('id', '=', reportId).forUpdate().executeTakeFirstOrThrow();
      const last = await trx
        .selectFrom('field_report_photos')
        .select((eb) => [eb.fn.max('position').as('last'), eb.fn.countAll().as('n')])
        .where('report_id', '=', reportId)
        .executeTakeFirstOrThrow();
      if (Number(last.n) >= MAX_PHOTOS) throw new EquipageError('EQP_ERR_REPORT_PHOTO_LIMIT', { number, max: MAX_PHOTOS });
      const position = last.last === null ? 0 : Number(last.last) + 1;
      await trx
        .insertInto('field_report_photos')
        .values({ id: photoId, report_id: reportId, position, blob_key: blobKey, content_type: photo.contentType, size_bytes: put.size, sha256: put.sha256 })
        .execute();
      await trx.updateTable('field_reports').set({ updated_at: new Date() }).where('id', '=', reportId).execute();
      const response: StoredResponse = { status: 201, body: await getFieldReport({ db: trx }, reportId) };
      if (idempotencyKey) {
        const first = await storeIdempotentResponse(trx, { callerKey, key: idempotencyKey, operation: ADD_PHOTO_OPERATION, hash, response });
        if (!first) throw new ConcurrentIdempotentRequest();
      }
      return response;
    });
  } catch (error) {
    // Nothing of this attempt was committed: remove its photo (best effort; an orphan is harmless).
    await deps.blobs.delete(blobKey).catch(() => undefined);
    // A concurrent request with the same key may have won the race: answer as it did.
    if (idempotencyKey && (error instanceof ConcurrentIdempotentRequest || (error instanceof EquipageError && error.code === 'EQP_ERR_REPORT_PHOTO_LIMIT'))) {
      const previous = await findIdempotentResponse(deps.db, callerKey, idempotencyKey, ADD_PHOTO_OPERATION, hash);
      if (previous) return previous;
    }
    throw error;
  }
}

/** Another request with the same idempotency key committed while this one ran. */
class ConcurrentIdempotentRequest extends Error {}
