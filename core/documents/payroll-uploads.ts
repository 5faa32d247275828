/**
 * A payroll run uploaded by HR through the tab: the files are staged in the blob store under
 * `staging/payroll/{uploadId}/`, the same dry-run report as `equipage documents import` is made
 * from them, and a later call publishes exactly that upload with the same core functions as the
 * CLI (`planImport` then `publishPlan`, which enqueues the agents' notifications).
 *
 * - Publishing is idempotent: the first result is stored with the upload and answered again.
 * - Only payslips the HR member saw in the report are published: the run is planned again from the
 *   same bytes, and an agent whose file no longer matches (directory changed in between) is
 *   skipped as `changed_since_plan` rather than published unseen.
 * - Staged uploads expire (24 h by default): {@link purgeExpiredPayrollUploads} deletes them, and
 *   the source PDFs are deleted as soon as the run is published.
 * - Planning needs files on disk (the ZIP reader and the folder walk read paths): the upload is
 *   copied to a private temp folder for the duration of one call, then removed.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Kysely } from 'kysely';
import type { BlobStore } from '../blob/blob-store.js';
import { EquipageError } from '../errors.js';
import type { Database } from '../storage/schema.js';
import { planImport, planReport, type ImportPlan } from './import-plan.js';
import type { PayrollPreview, PayrollPublication } from './payroll-types.js';
import { assertPeriod } from './periods.js';
import { publishPlan } from './publish.js';

/** How long a staged upload may wait for its publication. */
export const PAYROLL_UPLOAD_TTL_MS = 24 * 3600 * 1000;

const PREFIX = 'staging/payroll/';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const manifestKey = (uploadId: string) => `${PREFIX}${uploadId}/manifest.json`;
const resultKey = (uploadId: string) => `${PREFIX}${uploadId}/result.json`;
const fileKey = (uploadId: string, index: number) => `${PREFIX}${uploadId}/files/${String(index).padStart(5, '0')}.bin`;

export interface PayrollUploadDeps {
  db: Kysely<Database>;
  blobs: BlobStore;
  now?: () => Date;
  ttlMs?: number;
}

/** One uploaded file, already in the staging area. */
export interface StagedFile {
  /** The name the browser gave (checked by {@link safeUploadName}). */
  name: string;
  key: string;
  size: number;
}

interface Manifest {
  uploadId: string;
  period: string;
  pattern: string;
  replace: boolean;
  kind: 'folder' | 'zip' | 'pdf';
  files: StagedFile[];
  uploadedBy: string;
  uploadedAt: string;
  expiresAt: string;
  preview: PayrollPreview;
}

/** A new upload id (the staging folder's name). */
export function newPayrollUploadId(): string {
  return randomUUID();
}

/**
 * The base name of an uploaded file, or a validation error: browsers send base names, but the
 * field is client-controlled, so directories, control characters and dot names are refused.
 */
export function safeUploadName(raw: string): string {
  const name = raw.split(/[\\/]/).at(-1) ?? '';
  if (name === '' || name === '.' || name === '..' || name.length > 200 || /[\x00-\x1f\x7f]/.test(name)) {
    throw new EquipageError('EQP_ERR_VALIDATION', { details: `file: nom de fichier refusé / file name refused (${JSON.stringify(raw.slice(0, 80))})` });
  }
  return name;
}

/** Streams one uploaded file into the staging area (the stream's own error, e.g. a size limit, is rethrown). */
export async function stagePayrollFile(blobs: BlobStore, uploadId: string, index: number, name: string, data: Readable): Promise<StagedFile> {
  const safe = safeUploadName(name);
  const key = fileKey(uploadId, index);
  const stored = await blobs.put(key, data, { contentType: 'application/octet-stream' });
  return { name: safe, key, size: stored.size };
}

/** Deletes everything staged for an upload (idempotent). */
export async function discardPayrollUpload(blobs: BlobStore, uploadId: string): Promise<void> {
  if (UUID.test(uploadId)) await deleteFolder(blobs, uploadId);
}

async function deleteFolder(blobs: BlobStore, segment: string): Promise<void> {
  const keys: string[] = [];
  for await (const info of blobs.list(`${PREFIX}${segment}/`)) keys.push(info.key);
  for (const key of keys) await blobs.delete(key);
}

function kindOf(files: StagedFile[]): Manifest['kind'] {
  if (files.length === 0) throw new EquipageError('EQP_ERR_VALIDATION', { details: 'file: un fichier ZIP ou PDF est requis / a ZIP or PDF file is required' });
  if (files.length === 1) {
    if (/\.zip$/i.test(files[0]!.name)) return 'zip';
    if (/\.pdf$/i.test(files[0]!.name)) return 'pdf';
    throw new EquipageError('EQP_ERR_VALIDATION', { details: 'file: un .zip ou un ou plusieurs .pdf / a .zip or one or more .pdf' });
  }
  if (files.some((f) => !/\.pdf$/i.test(f.name))) {
    throw new EquipageError('EQP_ERR_VALIDATION', { details: 'file: plusieurs fichiers doivent tous être des .pdf (ou un seul .zip) / several files must all be .pdf (or a single .zip)' });
  }
  const seen = new Set<string>();
  for (const f of files) {
    const lower = f.name.toLowerCase();
    if (seen.has(lower)) throw new EquipageError('EQP_ERR_VALIDATION', { details: `file: « ${f.name} » envoyé deux fois / sent twice` });
    seen.add(lower);
  }
  return 'folder';
}

/** Copies the staged files to a temp folder and plans the run from there; `work` is removed by the caller. */
async function planFromStaging(deps: PayrollUploadDeps, manifest: Pick<Manifest, 'period' | 'pattern' | 'kind' | 'files'>, work: string): Promise<ImportPlan> {
  const dir = manifest.kind === 'folder' ? path.join(work, 'run') : work;
  await mkdir(dir, { recursive: true });
  for (const file of manifest.files) {
    const { stream } = await deps.blobs.get(file.key);
    await pipeline(stream, createWriteStream(path.join(dir, file.name), { flags: 'wx', mode: 0o600 }));
  }
  const sourcePath = manifest.kind === 'folder' ? dir : path.join(dir, manifest.files[0]!.name);
  return planImport(deps.db, { period: manifest.period, sourcePath, pattern: manifest.pattern });
}

async function withWorkDir<T>(run: (work: string) => Promise<T>): Promise<T> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'equipage-payroll-'));
  try {
    return await run(work);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function readJson<T>(blobs: BlobStore, key: string): Promise<T | undefined> {
  if (!(await blobs.exists(key))) return undefined;
  return JSON.parse((await blobs.getBuffer(key)).toString('utf8')) as T;
}

const putJson = (blobs: BlobStore, key: string, value: unknown) => blobs.put(key, Buffer.from(JSON.stringify(value)), { contentType: 'application/json' });

/**
 * Plans the staged files and stores the report with the upload. On any error (bad period, not a
 * ZIP, unsafe archive) the staged files are deleted before the error is rethrown.
 */
export async function previewPayrollUpload(
  deps: PayrollUploadDeps,
  input: { uploadId: string; period: string; pattern: string; replace: boolean; files: StagedFile[]; uploadedBy: string },
): Promise<PayrollPreview> {
  try {
    assertPeriod(input.period);
    const kind = kindOf(input.files);
    const plan = await withWorkDir((work) => planFromStaging(deps, { period: input.period, pattern: input.pattern, kind, files: input.files }, work));
    const now = (deps.now ?? (() => new Date()))();
    const names = input.files.map((f) => f.name);
    const preview: PayrollPreview = {
      ...planReport(plan),
      sourcePath: names.join(', '),
      uploadId: input.uploadId,
      files: names,
      replace: input.replace,
      pattern: input.pattern,
      uploadedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + (deps.ttlMs ?? PAYROLL_UPLOAD_TTL_MS)).toISOString(),
    };
    const manifest: Manifest = {
      uploadId: input.uploadId,
      period: input.period,
      pattern: input.pattern,
      replace: input.replace,
      kind,
      files: input.files,
      uploadedBy: input.uploadedBy,
      uploadedAt: preview.uploadedAt,
      expiresAt: preview.expiresAt,
      preview,
    };
    await putJson(deps.blobs, manifestKey(input.uploadId), manifest);
    return preview;
  } catch (error) {
    await discardPayrollUpload(deps.blobs, input.uploadId);
    throw error;
  }
}

const inFlight = new WeakMap<BlobStore, Map<string, Promise<PayrollPublication>>>();

/**
 * Publishes a staged upload and enqueues the notifications (as `equipage documents import
 * --publish`). A second call answers the stored first result (`repeated: true`); two calls at once
 * in this process share one publication. Throws `EQP_ERR_NOT_FOUND` for an unknown or expired upload.
 */
export function publishPayrollUpload(deps: PayrollUploadDeps, uploadId: string, publishedBy: string): Promise<PayrollPublication> {
  let running = inFlight.get(deps.blobs);
  if (!running) inFlight.set(deps.blobs, (running = new Map()));
  const current = running.get(uploadId);
  if (current) return current.then((r) => ({ ...r, repeated: true }));
  const work = publishOnce(deps, uploadId, publishedBy).finally(() => running.delete(uploadId));
  running.set(uploadId, work);
  return work;
}

const notFound = () => new EquipageError('EQP_ERR_NOT_FOUND', { what: 'dépôt de paie (inconnu ou expiré) / payroll upload (unknown or expired)' });

async function publishOnce(deps: PayrollUploadDeps, uploadId: string, publishedBy: string): Promise<PayrollPublication> {
  if (!UUID.test(uploadId)) throw notFound();
  const done = await readJson<PayrollPublication>(deps.blobs, resultKey(uploadId));
  if (done) return { ...done, repeated: true };
  const manifest = await readJson<Manifest>(deps.blobs, manifestKey(uploadId));
  const now = (deps.now ?? (() => new Date()))();
  if (!manifest) throw notFound();
  if (new Date(manifest.expiresAt) <= now) {
    await discardPayrollUpload(deps.blobs, uploadId);
    throw notFound();
  }
  // The plan reads the staged files from the work folder when it publishes (one PDF per agent):
  // the folder stays until the publication is done.
  const { result, kept } = await withWorkDir(async (work) => {
    const plan = await planFromStaging(deps, manifest, work);
    // Publish what HR saw, nothing else.
    const seen = new Map(manifest.preview.matched.map((m) => [m.personId, m.sha256]));
    const matched = plan.matched.filter((m) => seen.get(m.personId) === m.sha256);
    return {
      result: await publishPlan(deps.db, deps.blobs, { ...plan, matched }, { replace: manifest.replace, publishedBy }),
      kept: new Set(matched.map((m) => m.personId)),
    };
  });
  const publication: PayrollPublication = {
    uploadId,
    period: manifest.period,
    publishedAt: now.toISOString(),
    publishedBy,
    repeated: false,
    published: result.published,
    skipped: [
      ...result.skipped,
      ...manifest.preview.matched
        .filter((m) => !kept.has(m.personId))
        .map((m) => ({ personId: m.personId, matricule: m.matricule, displayName: m.displayName, reason: 'changed_since_plan' as const, source: m.source })),
    ],
    failed: result.failed,
  };
  await putJson(deps.blobs, resultKey(uploadId), publication);
  // Published: the source PDFs have no further use; the manifest and result stay until expiry.
  for (const file of manifest.files) await deps.blobs.delete(file.key);
  return publication;
}

/**
 * Deletes staged uploads past their expiry, and leftovers with no manifest (an upload interrupted
 * mid-way) older than the time to live. Returns how many uploads were deleted.
 */
export async function purgeExpiredPayrollUploads(deps: Pick<PayrollUploadDeps, 'blobs' | 'now' | 'ttlMs'>): Promise<number> {
  const now = (deps.now ?? (() => new Date()))();
  const ttl = deps.ttlMs ?? PAYROLL_UPLOAD_TTL_MS;
  const uploads = new Map<string, { newest: number; hasManifest: boolean }>();
  for await (const info of deps.blobs.list(PREFIX)) {
    const id = info.key.slice(PREFIX.length).split('/')[0]!;
    const entry = uploads.get(id) ?? { newest: 0, hasManifest: false };
    entry.newest = Math.max(entry.newest, info.lastModified.getTime());
    if (info.key === manifestKey(id)) entry.hasManifest = true;
    uploads.set(id, entry);
  }
  let purged = 0;
  for (const [id, entry] of uploads) {
    let expired: boolean;
    if (entry.hasManifest) {
      const manifest = await readJson<Pick<Manifest, 'expiresAt'>>(deps.blobs, manifestKey(id)).catch(() => undefined);
      expired = !manifest || new Date(manifest.expiresAt) <= now;
    } else {
      expired = entry.newest + ttl <= now.getTime();
    }
    if (expired) {
      await deleteFolder(deps.blobs, id);
      purged++;
    }
  }
  return purged;
}
