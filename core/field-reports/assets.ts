/**
 * The commune's assets (trees, street lights, benches, buildings, hydrants...): search by text,
 * near a position, or both.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../storage/schema.js';
import type { AssetView } from './types.js';

export interface AssetSearch {
  /** Words matched (case- and accent-insensitively) against name, code and address. */
  text?: string | undefined;
  /** Centre and radius (metres) of a search near a position. */
  near?: { latitude: number; longitude: number; radius: number } | undefined;
  kind?: string | undefined;
  top: number;
}

const EARTH_RADIUS_M = 6_371_000;
// The searched words are folded as assets.search_text is (lowercase, French diacritics stripped:
// migration 0014), so no `unaccent` extension is needed.

function fold(text: string): string {
  // œ and æ as the database folds them (migration 0014): « œuvre » and « oeuvre » meet.
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/œ/g, 'oe').replace(/æ/g, 'ae');
}

/** Searches assets; near a position they come nearest first, with their distance. */
export async function searchAssets(db: Kysely<Database>, search: AssetSearch): Promise<AssetView[]> {
  let query = db.selectFrom('assets').select(['id', 'code', 'kind', 'name', 'address', 'latitude', 'longitude']);
  if (search.kind) query = query.where('kind', '=', search.kind);
  const words = fold(search.text ?? '').split(/[^\p{L}\p{N}-]+/u).filter(Boolean);
  for (const word of words) {
    const pattern = `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    // search_text is the row folded the same way, once, by a trigger (migration 0014).
    query = query.where('search_text', 'like', pattern);
  }
  if (search.near) {
    const { latitude, longitude, radius } = search.near;
    // A bounding box first (cheap, indexable), then the exact great-circle distance.
    const dLat = (radius / EARTH_RADIUS_M) * (180 / Math.PI);
    const dLon = dLat / Math.max(Math.cos((latitude * Math.PI) / 180), 1e-6);
    const distance = sql<number>`(${EARTH_RADIUS_M}::double precision * 2 * asin(sqrt(
      power(sin(radians(latitude - ${latitude}::double precision) / 2), 2) +
      cos(radians(${latitude}::double precision)) * cos(radians(latitude)) * power(sin(radians(longitude - ${longitude}::double precision) / 2), 2)
    )))`;
    const rows = await query
      .select(distance.as('distance'))
      .where('latitude', '>=', latitude - dLat)
      .where('latitude', '<=', latitude + dLat)
      .where('longitude', '>=', longitude - dLon)
      .where('longitude', '<=', longitude + dLon)
      .where(distance, '<=', radius)
      .orderBy('distance')
      .orderBy('code')
      .limit(search.top)
      .execute();
    return rows.map((r) => ({ ...toView(r), distance: Math.round(Number(r.distance)) }));
  }
  const rows = await query.orderBy('code').limit(search.top).execute();
  return rows.map(toView);
}

function toView(r: { id: string; code: string; kind: string; name: string; address: string | null; latitude: number; longitude: number }): AssetView {
  return {
    id: r.id,
    code: r.code,
    kind: r.kind,
    name: r.name,
    ...(r.address ? { address: r.address } : {}),
    latitude: Number(r.latitude),
    longitude: Number(r.longitude),
  };
}
