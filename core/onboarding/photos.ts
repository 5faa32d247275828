/** Which people have a directory photo (synchronized from Graph into the blob store). */
import type { BlobStore } from '../blob/blob-store.js';
import { photoKey } from '../directory/photos.js';

/** Ids among `ids` whose photo exists. Without a blob store, nobody has one. */
export async function peopleWithPhoto(blobs: BlobStore | undefined, ids: Iterable<string>): Promise<Set<string>> {
  const result = new Set<string>();
  if (!blobs) return result;
  await Promise.all(
    [...new Set(ids)].map(async (id) => {
      if (await blobs.head(photoKey(id)).catch(() => undefined)) result.add(id);
    }),
  );
  return result;
}

export { photoKey };
