/** The `field-reports` collection document, shared by `/collections` and `/collections/field-reports`. */
import type { Kysely } from 'kysely';
import { openDataExtent } from '../../../core/field-reports/open-data.js';
import type { Database } from '../../../core/storage/schema.js';
import { COLLECTION_ID, COLLECTION_PATH, CRS84, CSV_TYPE, GEOJSON_TYPE, JSON_TYPE, OPEN_DATA_BASE_PATH, type OgcLink } from './common.js';

/** Builds the collection's description with its extent computed from the data. */
export async function collectionDocument(db: Kysely<Database>, base: string): Promise<Record<string, unknown>> {
  const extent = await openDataExtent(db);
  const links: OgcLink[] = [
    { href: `${base}${COLLECTION_PATH}`, rel: 'self', type: JSON_TYPE, title: 'Cette collection / This collection' },
    { href: `${base}${COLLECTION_PATH}/items`, rel: 'items', type: GEOJSON_TYPE, title: 'Signalements (GeoJSON) / Reports (GeoJSON)' },
    { href: `${base}${COLLECTION_PATH}/items?f=csv`, rel: 'items', type: CSV_TYPE, title: 'Signalements (CSV) / Reports (CSV)' },
    { href: `${base}${OPEN_DATA_BASE_PATH}/field-reports.geojson`, rel: 'enclosure', type: GEOJSON_TYPE, title: 'Export complet (GeoJSON) / Full export (GeoJSON)' },
    { href: `${base}${OPEN_DATA_BASE_PATH}/field-reports.csv`, rel: 'enclosure', type: CSV_TYPE, title: 'Export complet (CSV) / Full export (CSV)' },
  ];
  return {
    id: COLLECTION_ID,
    title: 'Signalements de terrain / Field reports',
    description:
      "Problèmes de l'espace public signalés par les agents de la commune (sans données personnelles). " +
      'Public-space problems reported by the commune’s field agents (no personal data). datetime filters observedAt.',
    itemType: 'feature',
    crs: [CRS84],
    storageCrs: CRS84,
    extent: {
      spatial: { bbox: [extent?.bbox ?? [-180, -90, 180, 90]], crs: CRS84 },
      temporal: { interval: [extent?.interval ?? [null, null]], trs: 'http://www.opengis.net/def/uom/ISO-8601/0/Gregorian' },
    },
    links,
  };
}
