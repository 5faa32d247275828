/**
 * Field reports: an agent reports a problem seen in the street (category, description, position,
 * optional asset, category-specific fields, up to five photos). A report acknowledged with 201 is
 * durable: its row, its photos' keys, its first status and its idempotency key are committed in
 * one transaction, after the photos themselves are stored.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import { actorOf } from '../audit/audit-log.js';
import type { Caller } from '../auth/identity.js';
import type { BlobStore } from '../blob/blob-store.js';
import { EquipageError } from '../errors.js';
import type { Database, FieldReportStatus, FieldReportsTable } from '../storage/schema.js';
import { categoryIdIfUnchanged, findCategorySnapshot, isStaleCategoryError, validateCategoryFields, type CategorySnapshot } from './categories.js';
import { findIdempotentResponse, requestHash, storeIdempotentResponse, type StoredResponse } from './idempotency.js';
import { enqueueForwarding, open311Views } from './open311/outbox.js';
import { decodePhotoDataUri, MAX_PHOTOS, PHOTO_EXTENSIONS, type DecodedPhoto, type PreDecodedDataUris } from './photos.js';
import { largeBuffers } from '../util/buffer-pool.js';
import { problem, validationError } from './problems.js';
import type { FieldProblem, FieldReportView, PhotoView, StatusChangeView } from './types.js';

/** What a use case needs: storage, files and who calls. */
export interface FieldReportDeps {
  db: Kysely<Database>;
  blobs: BlobStore;
  caller: Caller;
  /** Forward new reports to Open311 (OPEN311_ENDPOINT set): their outbox row is written with them. */
  forwardToOpen311?: boolean;
  /** Photos the transport already decoded from the request's bytes (their placeholders in the body). */
  preDecoded?: PreDecodedDataUris;
}

/** The body of CreateFieldReport (already checked against the route's JSON schema). */
export interface CreateFieldReportInput {
  category: string;
  description: string;
  location: { latitude: number; longitude: number; accuracy: number; address?: string };
  assetId?: string;
  observedAt?: string;
  fields?: Record<string, unknown>;
  photos?: string[];
}

export const CREATE_OPERATION = 'CreateFieldReport';

/** Formats the human-facing number: `SIG-000042`. */
export function formatReportNumber(n: number): string {
  return `SIG-${String(n).padStart(6, '0')}`;
}

const ALLOWED_CLOCK_AHEAD_MS = 5 * 60 * 1000;

/** What the checks of a new report found, ready to store. */
interface CheckedReport {
  category: CategorySnapshot;
  fields: Record<string, unknown>;
  asset: { id: string; code: string; name: string; kind: string } | undefined;
  observedAt: Date;
  description: string;
  photos: DecodedPhoto[];
}

/** Attempts when one must be redone (stale remembered category, expired key in the way). */
const CREATE_ATTEMPTS = 3;

/**
 * Creates a report, or answers from a previous identical request with the same idempotency key.
 * Returns the HTTP status and body to send (201 and the report, or the stored response).
 *
 * A first request, the common case, reads nothing before its transaction. The key is not looked
 * up first: it is inserted with the report, and only a conflict (a retry, rare) or a refused
 * body leads to reading the stored response. The category comes from memory when possible, and
 * the insert itself checks that it did not change meanwhile (else the attempt is redone with the
 * category read afresh).
 */
export async function createFieldReport(deps: FieldReportDeps, input: CreateFieldReportInput, idempotencyKey?: string): Promise<StoredResponse> {
  // Decoded (and hashed) once: for the checks, the request's fingerprint and the blob store.
  const photos = decodePhotos(input.photos ?? [], deps.preDecoded);
  try {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await attemptCreate(deps, input, photos, idempotencyKey, attempt > 1);
      } catch (error) {
        if (!(error instanceof RedoAttempt) || attempt >= CREATE_ATTEMPTS) throw error;
      }
    }
  } finally {
    // Every attempt's writes are settled: the decoded bytes go back to the pool.
    for (const photo of photos.photos) photo.release();
  }
}

/** The body's photos decoded, or the first photo's error (checked after the other fields). */
interface DecodedPhotos {
  photos: DecodedPhoto[];
  error?: unknown;
}

function decodePhotos(uris: readonly string[], preDecoded: PreDecodedDataUris | undefined): DecodedPhotos {
  if (uris.length > MAX_PHOTOS) return { photos: [] };
  const photos: DecodedPhoto[] = [];
  try {
    for (const [index, uri] of uris.entries()) photos.push(decodePhotoDataUri(uri, `body.photos.${index}`, largeBuffers, preDecoded));
    return { photos };
  } catch (error) {
    for (const photo of photos) photo.release();
    return { photos: [], error };
  }
}

async function attemptCreate(
  deps: FieldReportDeps,
  input: CreateFieldReportInput,
  decoded: DecodedPhotos,
  idempotencyKey: string | undefined,
  freshCategory: boolean,
): Promise<StoredResponse> {
  const callerKey = actorOf(deps.caller);
  const hash = requestHash(CREATE_OPERATION, input, (path) =>
    path.length === 2 && path[0] === 'photos' && typeof path[1] === 'number' ? decoded.photos[path[1]]?.fingerprint : undefined,
  );
  const previousResponse = async () => (idempotencyKey ? findIdempotentResponse(deps.db, callerKey, idempotencyKey, CREATE_OPERATION, hash) : undefined);

  let checked: CheckedReport;
  try {
    checked = await checkNewReport(deps.db, input, decoded, freshCategory);
  } catch (error) {
    // A retry gets the original answer even if its body would be refused today (category since
    // deactivated...), and a key reused with another body gets 422 rather than this error.
    const previous = await previousResponse();
    if (previous) return previous;
    throw error;
  }
  const { category, asset, observedAt, description, photos } = checked;

  const reportId = randomUUID();
  const stored: Array<PhotoView & { blobKey: string }> = [];
  try {
    for (const [position, photo] of photos.entries()) {
      const blobKey = `field-reports/${reportId}/photo-${position + 1}.${PHOTO_EXTENSIONS[photo.contentType]}`;
      const put = await deps.blobs.put(blobKey, photo.data, { contentType: photo.contentType, sha256: photo.sha256, metadata: { report_id: reportId, position: String(position) } });
      stored.push({ id: randomUUID(), position, contentType: photo.contentType, size: put.size, sha256: put.sha256, blobKey });
    }

    const values = {
      id: reportId,
      description,
      latitude: input.location.latitude,
      longitude: input.location.longitude,
      accuracy_m: input.location.accuracy,
      address: input.location.address?.trim() || null,
      asset_id: asset?.id ?? null,
      observed_at: observedAt,
      fields: JSON.stringify(checked.fields),
      reporter_key: callerKey,
      reporter_person_id: deps.caller.personId,
      reporter_name: deps.caller.displayName,
    };
    const photoRows = stored.map((p) => ({ id: p.id, report_id: reportId, position: p.position, blob_key: p.blobKey, content_type: p.contentType, size_bytes: p.size, sha256: p.sha256 }));
    const { row } = category;
    return await deps.db.transaction().execute(async (trx) => {
      // Only what the database decides comes back (each returned column costs, PGlite parses it
      // on the main thread): `updated_at` and the first status's `changed_at` are the same now().
      const generated = await trx
        .insertInto('field_reports')
        .values({ ...values, category_id: categoryIdIfUnchanged(category) })
        .returning(['number', 'created_at'])
        .executeTakeFirstOrThrow()
        .catch((error: unknown) => {
          if (isStaleCategoryError(error, 'category_id')) throw new StaleCategory();
          // The asset was removed (an assets import with --prune) after it was checked: check again.
          if (isMissingAssetError(error)) throw new RedoAttempt();
          throw error;
        });
      if (photoRows.length > 0) await trx.insertInto('field_report_photos').values(photoRows).execute();
      // Its `changed_at` defaults to now(), the transaction's start, as the report's `created_at`.
      await trx.insertInto('field_report_status_history').values({ report_id: reportId, status: 'new', changed_by: callerKey, comment: null }).execute();
      // Same transaction: a report acknowledged here cannot miss its way to Open311.
      const forwarding = deps.forwardToOpen311 ? await enqueueForwarding(trx, reportId, row.service_code) : undefined;
      const view = toReportView(
        { ...values, fields: checked.fields as FieldReportView['fields'], status: 'new', number: generated.number, created_at: generated.created_at, updated_at: generated.created_at },
        { code: row.code, label: row.label_fr },
        asset,
        stored.map(({ blobKey: _, ...p }) => p),
      );
      if (forwarding) view.open311 = { status: forwarding, updatedAt: view.createdAt };
      view.statusHistory = [{ status: 'new', changedAt: view.createdAt, changedBy: deps.caller.displayName }];
      const response: StoredResponse = { status: 201, body: view };
      if (idempotencyKey) {
        const first = await storeIdempotentResponse(trx, { callerKey, key: idempotencyKey, operation: CREATE_OPERATION, hash, response });
        if (!first) throw new ConcurrentIdempotentRequest();
      }
      return response;
    });
  } catch (error) {
    // Nothing of this attempt was committed: remove its photos (best effort; orphans are harmless).
    await Promise.all(stored.map((p) => deps.blobs.delete(p.blobKey).catch(() => undefined)));
    if (error instanceof ConcurrentIdempotentRequest) {
      const previous = await previousResponse();
      if (previous) return previous;
      // The key's row had expired, and is now removed: the key is new again.
      throw new RedoAttempt();
    }
    throw error;
  }
}

/**
 * Checks a new report before anything is stored: 400 with every problem found, then the photos'
 * own errors (413, 415, 400). The category (and asset) are read while the photos are decoded.
 */
async function checkNewReport(db: Kysely<Database>, input: CreateFieldReportInput, decoded: DecodedPhotos, freshCategory: boolean): Promise<CheckedReport> {
  const categoryQuery = findCategorySnapshot(db, input.category, freshCategory);
  const assetQuery = input.assetId ? db.selectFrom('assets').select(['id', 'code', 'name', 'kind']).where('id', '=', input.assetId).executeTakeFirst() : undefined;
  // Settled before any return or throw below, so that neither can reject unobserved.
  const lookups = Promise.all([categoryQuery, assetQuery]);
  const problems: FieldProblem[] = [];
  const observedAt = input.observedAt ? new Date(input.observedAt) : new Date();
  if (Number.isNaN(observedAt.getTime())) problems.push(problem('body.observedAt', 'date et heure invalides', 'invalid date and time'));
  else if (observedAt.getTime() > Date.now() + ALLOWED_CLOCK_AHEAD_MS) problems.push(problem('body.observedAt', 'date dans le futur', 'date in the future'));
  const description = input.description.trim();
  if (description.length < 3) problems.push(problem('body.description', 'décris le problème en quelques mots', 'describe the problem in a few words'));
  const uris = input.photos ?? [];
  if (uris.length > MAX_PHOTOS) problems.push(problem('body.photos', `${MAX_PHOTOS} photos au plus`, `at most ${MAX_PHOTOS} photos`));
  const { photos, error: photoError } = decoded;
  const [category, asset] = await lookups;
  const checks: FieldProblem[] = [];
  if (!category) checks.push(problem('body.category', `catégorie inconnue : ${input.category}`, `unknown category: ${input.category}`));
  const fields = category ? validateCategoryFields(category.row.fields, input.fields ?? {}, 'body.fields') : { values: {}, problems: [] };
  checks.push(...fields.problems);
  if (input.assetId && !asset) checks.push(problem('body.assetId', 'équipement inconnu', 'unknown asset'));
  // Same order as the body's fields: category, fields, asset, then the rest.
  problems.unshift(...checks);
  if (problems.length > 0) {
    // Refused on a remembered category: the category may have changed, confirm with a fresh read.
    if (category && !freshCategory && fields.problems.length > 0) throw new StaleCategory();
    throw validationError(problems);
  }
  if (photoError) throw photoError;
  return { category: category!, fields: fields.values, asset, observedAt, description, photos };
}

/** Whether `error` is the insert's foreign key to `assets` finding no row. */
function isMissingAssetError(error: unknown): boolean {
  const e = error as { code?: unknown; constraint?: unknown } | null;
  return typeof e === 'object' && e !== null && e.code === '23503' && typeof e.constraint === 'string' && e.constraint.includes('asset_id');
}

/** This attempt must be redone (with the category read afresh). */
class RedoAttempt extends Error {}

/** The remembered category changed before the insert. */
class StaleCategory extends RedoAttempt {}

/** Another request with the same idempotency key committed while this one ran. */
class ConcurrentIdempotentRequest extends Error {}

function iso(value: Date | string): string {
  return new Date(value).toISOString();
}

/** The columns a report's view is built from. */
type ReportViewColumns = Pick<
  Selectable<FieldReportsTable>,
  'id' | 'number' | 'description' | 'latitude' | 'longitude' | 'accuracy_m' | 'address' | 'observed_at' | 'fields' | 'status' | 'reporter_name' | 'created_at' | 'updated_at'
>;

function toReportView(
  row: ReportViewColumns,
  category: { code: string; label: string },
  asset: { id: string; code: string; name: string; kind: string } | undefined,
  photos: PhotoView[],
): FieldReportView {
  return {
    id: row.id,
    number: formatReportNumber(Number(row.number)),
    category,
    description: row.description,
    location: {
      latitude: Number(row.latitude),
      longitude: Number(row.longitude),
      accuracy: Number(row.accuracy_m),
      ...(row.address ? { address: row.address } : {}),
    },
    ...(asset ? { asset: { id: asset.id, code: asset.code, name: asset.name, kind: asset.kind } } : {}),
    observedAt: iso(row.observed_at),
    fields: typeof row.fields === 'string' ? (JSON.parse(row.fields) as FieldReportView['fields']) : row.fields,
    status: row.status,
    reporter: { displayName: row.reporter_name },
    photos,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

function baseReportQuery(db: Kysely<Database>) {
  return db
    .selectFrom('field_reports as r')
    .innerJoin('report_categories as c', 'c.id', 'r.category_id')
    .leftJoin('assets as a', 'a.id', 'r.asset_id')
    .selectAll('r')
    .select(['c.code as category_code', 'c.label_fr as category_label', 'a.code as asset_code', 'a.name as asset_name', 'a.kind as asset_kind']);
}

type ReportRow = Awaited<ReturnType<ReturnType<typeof baseReportQuery>['execute']>>[number];

async function toViews(db: Kysely<Database>, rows: ReportRow[]): Promise<FieldReportView[]> {
  if (rows.length === 0) return [];
  const photoRows = await db
    .selectFrom('field_report_photos')
    .selectAll()
    .where(
      'report_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('position')
    .execute();
  const forwarding = await open311Views(
    db,
    rows.map((r) => r.id),
  );
  const history = await statusHistories(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    ...toReportView(
      r,
      { code: r.category_code, label: r.category_label },
      r.asset_id && r.asset_code ? { id: r.asset_id, code: r.asset_code, name: r.asset_name!, kind: r.asset_kind! } : undefined,
      photoRows
        .filter((p) => p.report_id === r.id)
        .map((p) => ({ id: p.id, position: p.position, contentType: p.content_type, size: p.size_bytes, sha256: p.sha256 })),
    ),
    ...(forwarding.has(r.id) ? { open311: forwarding.get(r.id)! } : {}),
    statusHistory: history.get(r.id) ?? [],
  }));
}

/** Status histories of reports, oldest first, with the display name of who made each change. */
async function statusHistories(db: Kysely<Database>, reportIds: string[]): Promise<Map<string, StatusChangeView[]>> {
  const rows = await db
    .selectFrom('field_report_status_history as h')
    .innerJoin('field_reports as r', 'r.id', 'h.report_id')
    // changed_by is the actor key: a person id when the directory knows the caller.
    .leftJoin('people as p', (join) => join.on(sql`p.id::text`, '=', sql.ref('h.changed_by')))
    .select(['h.report_id', 'h.status', 'h.changed_at', 'h.changed_by', 'h.comment', 'p.display_name', 'r.reporter_key', 'r.reporter_name'])
    .where('h.report_id', 'in', reportIds)
    .orderBy('h.changed_at')
    .orderBy('h.id')
    .execute();
  const out = new Map<string, StatusChangeView[]>();
  for (const h of rows) {
    // A caller unknown to the directory is keyed by e-mail or Entra id: never shown, a neutral label
    // instead (the view reaches every API caller and webhook receiver). System actors (open311) are.
    const changedBy = h.display_name ?? (h.changed_by === h.reporter_key ? h.reporter_name : /^(upn|entra):/.test(h.changed_by) ? 'Agent' : h.changed_by);
    const list = out.get(h.report_id) ?? [];
    list.push({ status: h.status, changedAt: iso(h.changed_at), changedBy, ...(h.comment ? { comment: h.comment } : {}) });
    out.set(h.report_id, list);
  }
  return out;
}

/**
 * One report. Reports describe public space, so every authenticated agent of the commune may read
 * them; only the reporter's display name is shown. `EQP_ERR_NOT_FOUND` when unknown.
 */
export async function getFieldReport(deps: Pick<FieldReportDeps, 'db'>, id: string): Promise<FieldReportView> {
  const row = await baseReportQuery(deps.db).where('r.id', '=', id).executeTakeFirst();
  if (!row) throw new EquipageError('EQP_ERR_NOT_FOUND', { what: `signalement ${id} / report ${id}` });
  return (await toViews(deps.db, [row]))[0]!;
}

/** Filters and paging of {@link listFieldReports}. */
export interface ListFieldReportsQuery {
  mine?: boolean | undefined;
  status?: FieldReportStatus | undefined;
  category?: string | undefined;
  /** Reports created at or after (ISO date-time). */
  from?: string | undefined;
  /** Reports created before (ISO date-time). */
  to?: string | undefined;
  top: number;
  /** Opaque cursor from a previous page. */
  skipToken?: string | undefined;
}

/** Encodes the keyset cursor: the last report number seen (numbers only grow, newest first). */
export function encodeSkipToken(lastNumber: number): string {
  return Buffer.from(JSON.stringify({ n: lastNumber })).toString('base64url');
}

function decodeSkipToken(token: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { n?: unknown };
    if (typeof parsed.n === 'number' && Number.isSafeInteger(parsed.n) && parsed.n > 0) return parsed.n;
  } catch {
    // Reported below.
  }
  throw validationError([problem('querystring.skipToken', 'jeton de page invalide', 'invalid page token')]);
}

/** Reports newest first, filtered; `nextSkipToken` is set when there may be more. */
export async function listFieldReports(
  deps: Pick<FieldReportDeps, 'db' | 'caller'>,
  query: ListFieldReportsQuery,
): Promise<{ value: FieldReportView[]; nextSkipToken?: string }> {
  const problems: FieldProblem[] = [];
  const from = query.from ? new Date(query.from) : undefined;
  const to = query.to ? new Date(query.to) : undefined;
  if (from && Number.isNaN(from.getTime())) problems.push(problem('querystring.from', 'date et heure invalides', 'invalid date and time'));
  if (to && Number.isNaN(to.getTime())) problems.push(problem('querystring.to', 'date et heure invalides', 'invalid date and time'));
  if (from && to && from > to) problems.push(problem('querystring.to', 'la fin précède le début', 'the end is before the start'));
  if (problems.length) throw validationError(problems);
  const after = query.skipToken ? decodeSkipToken(query.skipToken) : undefined;

  let q = baseReportQuery(deps.db);
  if (query.mine) q = q.where('r.reporter_key', '=', actorOf(deps.caller));
  if (query.status) q = q.where('r.status', '=', query.status);
  if (query.category) q = q.where('c.code', '=', query.category);
  if (from) q = q.where('r.created_at', '>=', from);
  if (to) q = q.where('r.created_at', '<', to);
  if (after !== undefined) q = q.where('r.number', '<', after);
  const rows = await q.orderBy('r.number', 'desc').limit(query.top + 1).execute();
  const page = rows.slice(0, query.top);
  const value = await toViews(deps.db, page);
  return rows.length > query.top ? { value, nextSkipToken: encodeSkipToken(Number(page.at(-1)!.number)) } : { value };
}
