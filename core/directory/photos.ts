/**
 * Profile photos from Graph into the blob store, under `people/{personId}/photo`. The photo's
 * `@odata.mediaEtag` is kept in the blob's metadata: an unchanged ETag means no download.
 */
import { createHash } from 'node:crypto';
import type { BlobStore } from '../blob/blob-store.js';
import type { GraphClient } from './graph-client.js';
import { getPhotoBytes, getPhotoInfo } from './graph-directory.js';

/** Blob key of a person's photo. */
export function photoKey(personId: string): string {
  return `people/${personId}/photo`;
}

/** Blob metadata key holding Graph's photo ETag. */
const ETAG_METADATA = 'graph_etag';

export type PhotoOutcome = 'updated' | 'removed' | 'unchanged' | 'none';

/** Brings one person's photo up to date. */
export async function syncPhoto(graph: GraphClient, blobs: BlobStore, personId: string, userId: string): Promise<PhotoOutcome> {
  const key = photoKey(personId);
  const [info, stored] = await Promise.all([getPhotoInfo(graph, userId), blobs.head(key)]);
  if (!info) {
    if (!stored) return 'none';
    await blobs.delete(key);
    return 'removed';
  }
  if (stored && info.etag && stored.metadata[ETAG_METADATA] === info.etag) return 'unchanged';
  const bytes = await getPhotoBytes(graph, userId);
  if (!bytes) {
    // The photo went away between the two requests.
    if (!stored) return 'none';
    await blobs.delete(key);
    return 'removed';
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const etag = info.etag ?? '';
  if (stored && stored.sha256 === sha256 && (stored.metadata[ETAG_METADATA] ?? '') === etag) return 'unchanged';
  await blobs.put(key, bytes, { contentType: info.contentType, metadata: info.etag ? { [ETAG_METADATA]: info.etag } : {} });
  return 'updated';
}
