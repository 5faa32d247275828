/**
 * The commune's assets (trees, street lights, benches, hydrants...), loaded by the IT department
 * from its GIS (`equipage fieldops assets import`): a GeoJSON FeatureCollection of points (RFC 7946,
 * WGS 84, `[longitude, latitude]`), or a CSV with a header row. Each asset is identified by its
 * `code` (the GIS's own identifier): an import updates the assets it names, adds the new ones, and
 * with `prune` removes those it no longer names — except assets that reports point at, which stay.
 *
 * Columns / properties, case- and accent-insensitive, French or English: `code`, `kind` / `type`,
 * `name` / `nom`, `address` / `adresse` (optional), and in CSV `latitude` / `lat`, `longitude` /
 * `lon` / `lng`. Any other property or column is kept as a detail of the asset (text, number or
 * yes/no). All or nothing: one invalid asset refuses the file, with every problem listed.
 */
import { parse } from 'csv-parse/sync';
import { EquipageError } from '../errors.js';
import { foldText } from '../kb/normalize.js';
import type { Kysely, Selectable } from 'kysely';
import type { AssetsTable, Database } from '../storage/schema.js';
import { stableId } from '../util/stable-id.js';

/** One asset of a file, checked: the columns of `assets` but its id. */
export type AssetDefinition = Omit<Selectable<AssetsTable>, 'id' | 'created_at' | 'details' | 'search_text'> & { details: Record<string, string | number | boolean> };

/** Where a problem is: a row (CSV, header = 1) or a feature (GeoJSON, first = 1), and a column. */
export interface AssetFileProblem {
  row: number | null;
  column: string | null;
  message: string;
}

const MAX_ASSETS = 200_000;
const CODE = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}$/;
const ALIASES: Record<string, keyof Omit<AssetDefinition, 'details'>> = {
  code: 'code',
  id: 'code',
  kind: 'kind',
  type: 'kind',
  name: 'name',
  nom: 'name',
  address: 'address',
  adresse: 'address',
  latitude: 'latitude',
  lat: 'latitude',
  longitude: 'longitude',
  lon: 'longitude',
  lng: 'longitude',
};

const columnOf = (name: string) => ALIASES[foldText(name.trim())];

function invalid(file: string, problems: AssetFileProblem[]): EquipageError {
  return new EquipageError('EQP_ERR_FIELDOPS_IMPORT_INVALID', { file, count: problems.length }, { details: problems.slice(0, 200) });
}

/** Checks one asset's values (already split into known columns and details). */
function checkAsset(raw: Partial<Record<keyof Omit<AssetDefinition, 'details'>, unknown>>, details: Record<string, unknown>, row: number, problems: AssetFileProblem[]): AssetDefinition | undefined {
  const before = problems.length;
  const text = (column: keyof typeof raw, max: number, required: boolean): string | null => {
    const value = raw[column];
    const s = value === undefined || value === null ? '' : String(value).trim();
    if (s === '') {
      if (required) problems.push({ row, column, message: 'valeur obligatoire / required value' });
      return null;
    }
    if (s.length > max) problems.push({ row, column, message: `${max} caractères au plus / at most ${max} characters` });
    return s;
  };
  const code = text('code', 64, true);
  if (code && !CODE.test(code)) problems.push({ row, column: 'code', message: 'lettres, chiffres et . _ : / - seulement / letters, digits and . _ : / - only' });
  const kind = text('kind', 40, true);
  const name = text('name', 120, true);
  const address = text('address', 200, false);
  const coordinate = (column: 'latitude' | 'longitude', limit: number): number => {
    const value = raw[column];
    // Decimal degrees only (a decimal comma is accepted): no hexadecimal, no exponent games.
    const n = typeof value === 'number' ? value : typeof value === 'string' && /^[+-]?\d+([.,]\d+)?$/.test(value.trim()) ? Number(value.trim().replace(',', '.')) : Number.NaN;
    if (!Number.isFinite(n) || Math.abs(n) > limit) problems.push({ row, column, message: `nombre entre -${limit} et ${limit} attendu (WGS 84) / a number between -${limit} and ${limit} expected (WGS 84)` });
    return n;
  };
  const latitude = coordinate('latitude', 90);
  const longitude = coordinate('longitude', 180);
  const kept: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(details)) {
    if (value === null || value === undefined || value === '') continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') kept[key.trim().slice(0, 60)] = typeof value === 'string' ? value.trim().slice(0, 500) : value;
    else problems.push({ row, column: key, message: 'texte, nombre ou oui/non attendu / text, number or boolean expected' });
  }
  if (problems.length > before) return undefined;
  return { code: code!, kind: kind!, name: name!, address, latitude, longitude, details: kept };
}

type KnownColumn = keyof Omit<AssetDefinition, 'details'>;

/**
 * Which column of `names` holds each known field: the canonical name (`code`, `kind`...) wins over
 * an alias (`id`, `type`, `nom`...), whatever their order; two aliases of one field are ambiguous.
 */
function resolveColumns(names: readonly string[]): { columns: Map<string, KnownColumn>; ambiguous: Array<[KnownColumn, string[]]> } {
  const candidates = new Map<KnownColumn, string[]>();
  for (const name of names) {
    const column = columnOf(name);
    if (column) candidates.set(column, [...(candidates.get(column) ?? []), name]);
  }
  const columns = new Map<string, KnownColumn>();
  const ambiguous: Array<[KnownColumn, string[]]> = [];
  for (const [column, named] of candidates) {
    const canonical = named.filter((n) => foldText(n.trim()) === column);
    const chosen = canonical.length === 1 ? canonical : named.length === 1 ? named : [];
    if (chosen.length === 1) columns.set(chosen[0]!, column);
    else ambiguous.push([column, named]);
  }
  return { columns, ambiguous };
}

function splitColumns(record: Record<string, unknown>, columns: ReadonlyMap<string, KnownColumn>): { known: Partial<Record<KnownColumn, unknown>>; details: Record<string, unknown> } {
  const known: Partial<Record<KnownColumn, unknown>> = {};
  const details: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    const column = columns.get(key);
    if (column) known[column] = value;
    else details[key] = value;
  }
  return { known, details };
}

const ambiguityProblems = (ambiguous: Array<[KnownColumn, string[]]>, row: number | null): AssetFileProblem[] =>
  ambiguous.map(([column, named]) => ({ row, column, message: `plusieurs colonnes pour « ${column} » : ${named.join(', ')} / several columns for it` }));

/** A parsed asset (undefined when refused) and its row: the feature's rank, or the CSV file's line. */
type ParsedRow = { asset: AssetDefinition | undefined; row: number };

function parseGeoJson(text: string, file: string, problems: AssetFileProblem[]): ParsedRow[] {
  let json: { type?: unknown; features?: unknown };
  try {
    json = JSON.parse(text) as typeof json;
  } catch (error) {
    throw invalid(file, [{ row: null, column: null, message: `JSON invalide / invalid JSON: ${(error as Error).message}` }]);
  }
  if (json?.type !== 'FeatureCollection' || !Array.isArray(json.features)) {
    throw invalid(file, [{ row: null, column: null, message: 'une FeatureCollection GeoJSON est attendue / a GeoJSON FeatureCollection is expected' }]);
  }
  if (json.features.length > MAX_ASSETS) throw invalid(file, [{ row: null, column: null, message: `${MAX_ASSETS} équipements au plus / at most ${MAX_ASSETS} assets` }]);
  return json.features.map((feature: { type?: unknown; geometry?: { type?: unknown; coordinates?: unknown } | null; properties?: unknown; id?: unknown }, i: number) => {
    const row = i + 1;
    const coordinates = feature?.geometry?.coordinates;
    if (feature?.type !== 'Feature' || feature.geometry?.type !== 'Point' || !Array.isArray(coordinates) || coordinates.length < 2) {
      problems.push({ row, column: 'geometry', message: 'un point (Point, [longitude, latitude]) est attendu / a Point geometry is expected' });
      return { asset: undefined, row };
    }
    const properties = feature.properties && typeof feature.properties === 'object' ? (feature.properties as Record<string, unknown>) : {};
    const { columns, ambiguous } = resolveColumns(Object.keys(properties));
    if (ambiguous.length > 0) {
      problems.push(...ambiguityProblems(ambiguous, row));
      return { asset: undefined, row };
    }
    const { known, details } = splitColumns(properties, columns);
    // The feature's own id stands for the code when the properties have none.
    if (known.code === undefined && (typeof feature.id === 'string' || typeof feature.id === 'number')) known.code = feature.id;
    return { asset: checkAsset({ ...known, longitude: coordinates[0], latitude: coordinates[1] }, details, row, problems), row };
  });
}

function parseCsvAssets(text: string, file: string, problems: AssetFileProblem[]): ParsedRow[] {
  const firstLine = text.slice(0, text.indexOf('\n') >>> 0);
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let rows: Array<{ record: string[]; info: { lines: number } }>;
  try {
    // `info`: the file's own line number of each record (blank lines and multi-line cells count).
    rows = parse(text, { delimiter, bom: true, relax_column_count: true, skip_empty_lines: true, info: true }) as unknown as typeof rows;
  } catch (error) {
    throw invalid(file, [{ row: null, column: null, message: `CSV illisible / unreadable CSV: ${(error as Error).message}` }]);
  }
  const [first, ...body] = rows;
  if (!first) throw invalid(file, [{ row: null, column: null, message: 'fichier vide / empty file' }]);
  const header = first.record;
  const missing = (['code', 'kind', 'name', 'latitude', 'longitude'] as const).filter((c) => !header.some((h) => columnOf(h) === c));
  if (missing.length > 0) throw invalid(file, missing.map((c) => ({ row: first.info.lines, column: c, message: 'colonne absente / missing column' })));
  const { columns, ambiguous } = resolveColumns(header);
  if (ambiguous.length > 0) throw invalid(file, ambiguityProblems(ambiguous, first.info.lines));
  if (body.length > MAX_ASSETS) throw invalid(file, [{ row: null, column: null, message: `${MAX_ASSETS} équipements au plus / at most ${MAX_ASSETS} assets` }]);
  return body.map(({ record: cells, info }) => {
    // More cells than columns: an unquoted separator inside a value (an address with a comma...).
    if (cells.length > header.length) {
      problems.push({ row: info.lines, column: null, message: `${cells.length} valeurs pour ${header.length} colonnes : mettez entre guillemets les valeurs qui contiennent « ${delimiter} » / more values than columns: quote values containing the separator` });
      return { asset: undefined, row: info.lines };
    }
    const record: Record<string, unknown> = {};
    header.forEach((h, k) => {
      record[h] = cells[k] ?? '';
    });
    const { known, details } = splitColumns(record, columns);
    return { asset: checkAsset(known, details, info.lines, problems), row: info.lines };
  });
}

/**
 * Parses an assets file (GeoJSON when it starts with `{`, else CSV with `,` or `;`). Throws
 * `EQP_ERR_FIELDOPS_IMPORT_INVALID` listing every problem (duplicate codes included).
 */
export function parseAssetsFile(text: string, file = 'assets'): AssetDefinition[] {
  const clean = text.replace(/^\uFEFF/, '');
  const problems: AssetFileProblem[] = [];
  const geoJson = clean.trimStart().startsWith('{');
  const parsed = geoJson ? parseGeoJson(clean, file, problems) : parseCsvAssets(clean, file, problems);
  const seen = new Map<string, number>();
  for (const { asset, row } of parsed) {
    if (!asset) continue;
    const first = seen.get(asset.code);
    if (first !== undefined) problems.push({ row, column: 'code', message: `code « ${asset.code} » déjà utilisé (${geoJson ? 'élément' : 'ligne'} ${first}) / duplicate code` });
    else seen.set(asset.code, row);
  }
  if (parsed.length === 0) problems.push({ row: null, column: null, message: 'aucun équipement / no asset' });
  if (problems.length > 0) throw invalid(file, problems);
  // No problem: every row gave an asset (a refused one always adds its problem).
  return parsed.map((p) => p.asset!);
}

/** What an assets import did. */
export interface AssetImportResult {
  created: number;
  updated: number;
  removed: number;
  /** Assets absent from the file but kept, because reports point at them (with `prune`). */
  keptReferenced: number;
}

const BATCH = 500;

/**
 * Writes the assets in one transaction (all or nothing), in batches; `onProgress` after each.
 * With `prune`, assets the file no longer names are removed unless reports point at them.
 */
export async function importAssets(
  db: Kysely<Database>,
  assets: readonly AssetDefinition[],
  options: { actor: string; prune?: boolean; onProgress?: (done: number, total: number) => void },
): Promise<AssetImportResult> {
  return db.transaction().execute(async (trx) => {
    const existing = new Set((await trx.selectFrom('assets').select('code').execute()).map((r) => r.code));
    let created = 0;
    for (let at = 0; at < assets.length; at += BATCH) {
      const batch = assets.slice(at, at + BATCH);
      created += batch.filter((a) => !existing.has(a.code)).length;
      await trx
        .insertInto('assets')
        .values(batch.map((a) => ({ id: stableId('asset', a.code), code: a.code, kind: a.kind, name: a.name, address: a.address, latitude: a.latitude, longitude: a.longitude, details: JSON.stringify(a.details) })))
        .onConflict((oc) =>
          oc.column('code').doUpdateSet((eb) => ({
            kind: eb.ref('excluded.kind'),
            name: eb.ref('excluded.name'),
            address: eb.ref('excluded.address'),
            latitude: eb.ref('excluded.latitude'),
            longitude: eb.ref('excluded.longitude'),
            details: eb.ref('excluded.details'),
          })),
        )
        .execute();
      options.onProgress?.(Math.min(at + BATCH, assets.length), assets.length);
    }
    let removed = 0;
    let keptReferenced = 0;
    if (options.prune) {
      const named = new Set(assets.map((a) => a.code));
      const absent = [...existing].filter((code) => !named.has(code));
      for (let at = 0; at < absent.length; at += BATCH) {
        const codes = absent.slice(at, at + BATCH);
        // Locked first: a report being created with one of them holds a key-share lock, so this
        // waits for it to commit, and the check below sees it (read committed: a new snapshot).
        await trx.selectFrom('assets').select('id').where('code', 'in', codes).forUpdate().execute();
        const referenced = await trx
          .selectFrom('assets as a')
          .select('a.code')
          .where('a.code', 'in', codes)
          .where((eb) => eb.exists(eb.selectFrom('field_reports as r').select('r.id').whereRef('r.asset_id', '=', 'a.id')))
          .execute();
        const keep = new Set(referenced.map((r) => r.code));
        keptReferenced += keep.size;
        const removable = codes.filter((c) => !keep.has(c));
        if (removable.length > 0) removed += Number((await trx.deleteFrom('assets').where('code', 'in', removable).executeTakeFirst()).numDeletedRows);
      }
    }
    const result = { created, updated: assets.length - created, removed, keptReferenced };
    await trx
      .insertInto('audit_log')
      .values({ actor: options.actor, action: 'fieldops.assets.import', subject_type: 'assets', subject_id: null, channel: 'cli', outcome: 'success', details: JSON.stringify(result) })
      .execute();
    return result;
  });
}
