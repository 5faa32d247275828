/**
 * Field reports as open data (the GIS layer served as OGC API – Features, and the GeoJSON/CSV
 * exports). Only what describes public space leaves here: never the reporter (name, key, person
 * id), the status history (who changed it) nor the category-specific fields. The description is
 * free text typed by the agent, which can name a resident or carry a phone number or a number
 * plate: it is published only when the commune turns it on (`OPEN_DATA_DESCRIPTIONS`), otherwise
 * it is null.
 */
import { sql, type Kysely } from 'kysely';
import type { Database, FieldReportStatus } from '../storage/schema.js';
import { formatReportNumber } from './reports.js';

/** One report as open data (flat: it is a CSV row as well as a feature's properties). */
export interface OpenDataReport {
  id: string;
  /** Keyset position (report numbers only grow). */
  seq: number;
  longitude: number;
  latitude: number;
  properties: OpenDataReportProperties;
}

/** The published attributes of a report. */
export interface OpenDataReportProperties {
  number: string;
  categoryCode: string;
  categoryLabel: string;
  /** Null unless the commune publishes descriptions (`OPEN_DATA_DESCRIPTIONS`). */
  description: string | null;
  status: FieldReportStatus;
  observedAt: string;
  createdAt: string;
  updatedAt: string;
  address: string | null;
  accuracyMetres: number;
  assetCode: string | null;
  photoCount: number;
}

/** The attribute names, in publication order (CSV columns after id, longitude, latitude). */
export const OPEN_DATA_PROPERTY_NAMES: ReadonlyArray<keyof OpenDataReportProperties> = [
  'number',
  'categoryCode',
  'categoryLabel',
  'description',
  'status',
  'observedAt',
  'createdAt',
  'updatedAt',
  'address',
  'accuracyMetres',
  'assetCode',
  'photoCount',
];

/** What the commune chose to publish. */
export interface OpenDataOptions {
  /** Publish the agents' free-text descriptions (off by default). */
  descriptions: boolean;
}

const PRIVATE: OpenDataOptions = { descriptions: false };

/** Filters of the layer. Time filters apply to `observedAt` (when the problem was seen). */
export interface OpenDataFilter {
  /** West, south, east, north in WGS 84 degrees; west > east crosses the antimeridian. */
  bbox?: readonly [number, number, number, number] | undefined;
  /** Observed at or after (inclusive). */
  observedFrom?: Date | undefined;
  /** Observed at or before (inclusive). */
  observedTo?: Date | undefined;
  /** Observed before (exclusive), for whole days. */
  observedBefore?: Date | undefined;
  status?: FieldReportStatus | undefined;
  category?: string | undefined;
}

function filtered(db: Kysely<Database>, filter: OpenDataFilter) {
  let q = db.selectFrom('field_reports as r').innerJoin('report_categories as c', 'c.id', 'r.category_id');
  const bbox = filter.bbox;
  if (bbox) {
    const [west, south, east, north] = bbox;
    q = q.where('r.latitude', '>=', south).where('r.latitude', '<=', north);
    q = west <= east ? q.where('r.longitude', '>=', west).where('r.longitude', '<=', east) : q.where((eb) => eb.or([eb('r.longitude', '>=', west), eb('r.longitude', '<=', east)]));
  }
  if (filter.observedFrom) q = q.where('r.observed_at', '>=', filter.observedFrom);
  if (filter.observedTo) q = q.where('r.observed_at', '<=', filter.observedTo);
  if (filter.observedBefore) q = q.where('r.observed_at', '<', filter.observedBefore);
  if (filter.status) q = q.where('r.status', '=', filter.status);
  if (filter.category) q = q.where('c.code', '=', filter.category);
  return q;
}

function withColumns(q: ReturnType<typeof filtered>) {
  return q
    .leftJoin('assets as a', 'a.id', 'r.asset_id')
    .select((eb) => [
      'r.id',
      'r.number',
      'r.latitude',
      'r.longitude',
      'r.accuracy_m',
      'r.address',
      'r.description',
      'r.status',
      'r.observed_at',
      'r.created_at',
      'r.updated_at',
      'c.code as category_code',
      'c.label_fr as category_label',
      'a.code as asset_code',
      eb.selectFrom('field_report_photos as p').select(eb.fn.countAll<number>().as('n')).whereRef('p.report_id', '=', 'r.id').as('photo_count'),
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof withColumns>['execute']>>[number];

function toOpenData(row: Row, options: OpenDataOptions): OpenDataReport {
  return {
    id: row.id,
    seq: Number(row.number),
    longitude: Number(row.longitude),
    latitude: Number(row.latitude),
    properties: {
      number: formatReportNumber(Number(row.number)),
      categoryCode: row.category_code,
      categoryLabel: row.category_label,
      description: options.descriptions ? row.description : null,
      status: row.status,
      observedAt: new Date(row.observed_at).toISOString(),
      createdAt: new Date(row.created_at).toISOString(),
      updatedAt: new Date(row.updated_at).toISOString(),
      address: row.address,
      accuracyMetres: Number(row.accuracy_m),
      assetCode: row.asset_code,
      photoCount: Number(row.photo_count ?? 0),
    },
  };
}

/**
 * One page in report-number order, after the keyset position `after` (exclusive). Ascending order
 * keeps paging stable while reports arrive: new ones land after the last page.
 */
export async function listOpenDataReports(
  db: Kysely<Database>,
  filter: OpenDataFilter,
  page: { after?: number | undefined; limit: number },
  options: OpenDataOptions = PRIVATE,
): Promise<{ items: OpenDataReport[]; more: boolean }> {
  let q = withColumns(filtered(db, filter));
  if (page.after !== undefined) q = q.where('r.number', '>', page.after);
  const rows = await q.orderBy('r.number').limit(page.limit + 1).execute();
  return { items: rows.slice(0, page.limit).map((row) => toOpenData(row, options)), more: rows.length > page.limit };
}

/** How many reports match the filter (OGC `numberMatched`). */
export async function countOpenDataReports(db: Kysely<Database>, filter: OpenDataFilter): Promise<number> {
  const row = await filtered(db, filter).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** One report by id, or undefined. */
export async function getOpenDataReport(db: Kysely<Database>, id: string, options: OpenDataOptions = PRIVATE): Promise<OpenDataReport | undefined> {
  const row = await withColumns(filtered(db, {})).where('r.id', '=', id).executeTakeFirst();
  return row ? toOpenData(row, options) : undefined;
}

/** Every matching report, read in batches (keyset), for streamed exports. */
export async function* iterateOpenDataReports(db: Kysely<Database>, filter: OpenDataFilter, options: OpenDataOptions = PRIVATE, batchSize = 2000): AsyncGenerator<OpenDataReport> {
  let after: number | undefined;
  for (;;) {
    const page = await listOpenDataReports(db, filter, { after, limit: batchSize }, options);
    yield* page.items;
    if (!page.more || page.items.length === 0) return;
    after = page.items.at(-1)!.seq;
  }
}

/** The layer's extent: bounding box of positions and interval of observation times (undefined when empty). */
export async function openDataExtent(
  db: Kysely<Database>,
): Promise<{ bbox: [number, number, number, number]; interval: [string, string] } | undefined> {
  const row = await db
    .selectFrom('field_reports')
    .select([
      sql<number | null>`min(longitude)`.as('west'),
      sql<number | null>`min(latitude)`.as('south'),
      sql<number | null>`max(longitude)`.as('east'),
      sql<number | null>`max(latitude)`.as('north'),
      sql<Date | string | null>`min(observed_at)`.as('first'),
      sql<Date | string | null>`max(observed_at)`.as('last'),
    ])
    .executeTakeFirstOrThrow();
  if (row.west === null || row.first === null || row.last === null) return undefined;
  return {
    bbox: [Number(row.west), Number(row.south), Number(row.east), Number(row.north)],
    interval: [new Date(row.first).toISOString(), new Date(row.last).toISOString()],
  };
}
