/**
 * The versioned store of documents to acknowledge (règlement intérieur, charte informatique,
 * consignes de sécurité…). A document is known by its key; its version is the SHA-256 of its
 * content. The current version of a key is the latest one HR published (bytes in the blob store,
 * a row in `onboarding_document_versions`), else the file shipped with the suite in
 * `tabs/documents/<key>.<ext>`. Templates reference documents by key.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { BlobStore } from '../blob/blob-store.js';
import { EquipageError } from '../errors.js';
import type { Database } from '../storage/schema.js';
import { PROJECT_ROOT } from '../util/project-root.js';

/** Where the documents shipped with the suite live. */
export const STATIC_DOCUMENTS_DIR = path.join(PROJECT_ROOT, 'tabs', 'documents');

/** Document keys: lowercase words joined by dashes. */
export const DOCUMENT_KEY = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.pdf': 'application/pdf',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
};

/** Content types HR may publish. */
export const PUBLISHABLE_TYPES = ['application/pdf', 'text/html; charset=utf-8', 'text/plain; charset=utf-8'] as const;

/** One version of a document. */
export interface DocumentVersion {
  key: string;
  sha256: string;
  contentType: string;
  size: number;
  source: 'static' | 'published';
  /** Title HR gave a published version; static files take the template's title. */
  title: string | null;
  /** The bytes of this version. */
  read(): Promise<Buffer>;
}

const staticCache = new Map<string, { mtimeMs: number; size: number; sha256: string }>();

async function staticVersion(key: string, dir: string): Promise<DocumentVersion | null> {
  if (!DOCUMENT_KEY.test(key)) return null;
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return null;
  }
  const name = names.find((n) => path.parse(n).name === key && CONTENT_TYPES[path.extname(n)] !== undefined);
  if (!name) return null;
  const file = path.join(dir, name);
  const info = await stat(file);
  let cached = staticCache.get(file);
  if (!cached || cached.mtimeMs !== info.mtimeMs || cached.size !== info.size) {
    const bytes = await readFile(file);
    cached = { mtimeMs: info.mtimeMs, size: info.size, sha256: createHash('sha256').update(bytes).digest('hex') };
    staticCache.set(file, cached);
  }
  return { key, sha256: cached.sha256, contentType: CONTENT_TYPES[path.extname(name)]!, size: info.size, source: 'static', title: null, read: () => readFile(file) };
}

function publishedVersion(
  blobs: BlobStore | undefined,
  row: { document_key: string; sha256: string; content_type: string; size_bytes: number; blob_key: string; title: string },
): DocumentVersion {
  return {
    key: row.document_key,
    sha256: row.sha256,
    contentType: row.content_type,
    size: row.size_bytes,
    source: 'published',
    title: row.title,
    read: async () => {
      if (!blobs) throw new EquipageError('EQP_ERR_NOT_READY');
      return blobs.getBuffer(row.blob_key);
    },
  };
}

/** The store; `blobs` is needed to read or publish HR's versions. */
export class DocumentStore {
  private readonly db: Kysely<Database>;
  private readonly blobs: BlobStore | undefined;
  private readonly staticDir: string;

  constructor(db: Kysely<Database>, blobs: BlobStore | undefined, staticDir: string = STATIC_DOCUMENTS_DIR) {
    this.db = db;
    this.blobs = blobs;
    this.staticDir = staticDir;
  }

  /** Current versions of `keys` (absent when a key has no version at all). */
  async current(keys: readonly string[]): Promise<Map<string, DocumentVersion>> {
    const wanted = [...new Set(keys)];
    const result = new Map<string, DocumentVersion>();
    if (wanted.length === 0) return result;
    const rows = await this.db
      .selectFrom('onboarding_document_versions')
      .selectAll()
      .where('document_key', 'in', wanted)
      .orderBy('created_at', 'desc')
      .execute();
    for (const row of rows) if (!result.has(row.document_key)) result.set(row.document_key, publishedVersion(this.blobs, row));
    for (const key of wanted) {
      if (result.has(key)) continue;
      const shipped = await staticVersion(key, this.staticDir);
      if (shipped) result.set(key, shipped);
    }
    return result;
  }

  /** One exact version (current or older), or null. */
  async version(key: string, sha256: string): Promise<DocumentVersion | null> {
    const row = await this.db
      .selectFrom('onboarding_document_versions')
      .selectAll()
      .where('document_key', '=', key)
      .where('sha256', '=', sha256)
      .executeTakeFirst();
    if (row) return publishedVersion(this.blobs, row);
    const shipped = await staticVersion(key, this.staticDir);
    return shipped?.sha256 === sha256 ? shipped : null;
  }

  /** Every key known: shipped files and published versions, with the latest title. */
  async list(): Promise<Array<{ key: string; title: string | null; sha256: string; source: 'static' | 'published' }>> {
    const names = await readdir(this.staticDir).catch(() => [] as string[]);
    const keys = new Set(names.map((n) => path.parse(n).name).filter((k) => DOCUMENT_KEY.test(k)));
    const rows = await this.db.selectFrom('onboarding_document_versions').select('document_key').distinct().execute();
    for (const r of rows) keys.add(r.document_key);
    const current = await this.current([...keys]);
    return [...current.values()].map((v) => ({ key: v.key, title: v.title, sha256: v.sha256, source: v.source })).sort((a, b) => a.key.localeCompare(b.key));
  }

  /** Publishes a new version of `key` (idempotent for identical content). */
  async publish(input: { key: string; title: string; contentType: string; bytes: Buffer; by: string }): Promise<DocumentVersion> {
    if (!this.blobs) throw new EquipageError('EQP_ERR_NOT_READY');
    if (!DOCUMENT_KEY.test(input.key)) throw new EquipageError('EQP_ERR_VALIDATION', { details: `document key “${input.key}”` });
    const sha256 = createHash('sha256').update(input.bytes).digest('hex');
    const blobKey = `onboarding-documents/${input.key}/${sha256}`;
    await this.blobs.put(blobKey, input.bytes, { contentType: input.contentType });
    await this.db
      .insertInto('onboarding_document_versions')
      .values({ document_key: input.key, sha256, title: input.title, content_type: input.contentType, blob_key: blobKey, size_bytes: input.bytes.length, created_by: input.by })
      .onConflict((oc) => oc.columns(['document_key', 'sha256']).doNothing())
      .execute();
    return (await this.version(input.key, sha256))!;
  }
}

/** Path under which the tab serves a document version. */
export function documentUrl(key: string, sha256: string): string {
  return `/tab/documents/${encodeURIComponent(key)}/${sha256}`;
}
