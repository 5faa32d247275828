/**
 * Renders open-data reports: GeoJSON features (RFC 7946, WGS 84 longitude/latitude) and CSV rows
 * (written by csv-stringify, cells starting with = + - @ tab or CR escaped against formula
 * injection), plus the streamed whole-layer exports.
 */
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { Feature, Point } from 'geojson';
import { OPEN_DATA_PROPERTY_NAMES, type OpenDataReport, type OpenDataReportProperties } from '../../../core/field-reports/open-data.js';
import { COLLECTION_PATH, GEOJSON_TYPE, JSON_TYPE, type OgcLink } from './common.js';

/** A report as a GeoJSON feature, with its OGC links when `base` is given. */
export function toFeature(report: OpenDataReport, base?: string): Feature<Point, OpenDataReportProperties> & { links?: OgcLink[] } {
  return {
    type: 'Feature',
    id: report.id,
    geometry: { type: 'Point', coordinates: [report.longitude, report.latitude] },
    properties: report.properties,
    ...(base
      ? {
          links: [
            { href: `${base}${COLLECTION_PATH}/items/${report.id}`, rel: 'self', type: GEOJSON_TYPE, title: report.properties.number },
            { href: `${base}${COLLECTION_PATH}`, rel: 'collection', type: JSON_TYPE, title: 'Signalements de terrain / Field reports' },
          ],
        }
      : {}),
  };
}

/** CSV columns: id, longitude, latitude, then the properties. */
export const CSV_COLUMNS = ['id', 'longitude', 'latitude', ...OPEN_DATA_PROPERTY_NAMES];

function csvRecord(report: OpenDataReport): Record<string, string | number | null> {
  return { id: report.id, longitude: report.longitude, latitude: report.latitude, ...report.properties };
}

/** Streams reports as CSV (UTF-8 with a header row, RFC 4180 quoting). */
export function csvStream(reports: AsyncIterable<OpenDataReport> | Iterable<OpenDataReport>): Readable {
  const stringifier = stringify({ header: true, columns: CSV_COLUMNS, escape_formulas: true, record_delimiter: 'windows', cast: { number: (n) => String(n) } });
  async function* records() {
    for await (const report of reports) yield csvRecord(report);
  }
  const source = Readable.from(records());
  source.on('error', (error) => stringifier.destroy(error));
  return source.pipe(stringifier);
}

/** Streams reports as one GeoJSON FeatureCollection, without holding them all in memory. */
export function geojsonStream(reports: AsyncIterable<OpenDataReport>, timeStamp: string): Readable {
  async function* chunks(): AsyncGenerator<string> {
    yield `{"type":"FeatureCollection","timeStamp":${JSON.stringify(timeStamp)},"features":[`;
    let first = true;
    let count = 0;
    for await (const report of reports) {
      yield (first ? '' : ',') + JSON.stringify(toFeature(report));
      first = false;
      count += 1;
    }
    yield `],"numberReturned":${count}}`;
  }
  return Readable.from(chunks());
}
