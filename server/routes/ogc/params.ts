/**
 * The query parameters of the items request (OGC API – Features Part 1): `bbox` (CRS84, 4 or 6
 * numbers, the antimeridian may be crossed), `datetime` (an instant, a date, or an interval with
 * open ends `..`), `limit` (1…1000, larger values clamped to 1000 as the standard asks), the
 * keyset `cursor` of the next link, and the `status`/`category` property filters.
 */
import type { OpenDataFilter } from '../../../core/field-reports/open-data.js';
import { problem, validationError } from '../../../core/field-reports/problems.js';
import { FIELD_REPORT_STATUSES } from '../../../core/field-reports/types.js';
import type { FieldProblem } from '../../../core/field-reports/types.js';
import type { FieldReportStatus } from '../../../core/storage/schema.js';
import { single } from './common.js';

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

/** Parameters every items request may carry. */
export const ITEMS_PARAMETERS = ['bbox', 'bbox-crs', 'datetime', 'limit', 'cursor', 'status', 'category', 'f'] as const;

/** A parsed items request. */
export interface ItemsQuery {
  filter: OpenDataFilter;
  limit: number;
  after: number | undefined;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const CATEGORY = /^[a-z0-9][a-z0-9-]{0,63}$/;
const DAY_MS = 24 * 3600 * 1000;

/** One end of a time expression: the first and last millisecond it covers. */
function timeBounds(text: string): { start: Date; endExclusive: Date } | undefined {
  if (DATE_TIME.test(text)) {
    const at = new Date(text);
    if (Number.isNaN(at.getTime())) return undefined;
    return { start: at, endExclusive: new Date(at.getTime() + 1) };
  }
  if (DATE.test(text)) {
    const day = new Date(`${text}T00:00:00Z`);
    if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== text) return undefined;
    return { start: day, endExclusive: new Date(day.getTime() + DAY_MS) };
  }
  return undefined;
}

/** Parses `datetime` into an observedAt filter; adds problems when invalid. */
export function parseDatetime(raw: string, problems: FieldProblem[]): Pick<OpenDataFilter, 'observedFrom' | 'observedBefore'> {
  const bad = () => {
    problems.push(problem('querystring.datetime', `date ou intervalle invalide : ${raw}`, `invalid instant or interval: ${raw}`));
    return {};
  };
  const parts = raw.split('/');
  if (parts.length === 1) {
    const at = timeBounds(parts[0]!);
    return at ? { observedFrom: at.start, observedBefore: at.endExclusive } : bad();
  }
  if (parts.length !== 2) return bad();
  const open = (s: string) => s === '..' || s === '';
  const [startText, endText] = parts as [string, string];
  const start = open(startText) ? undefined : timeBounds(startText);
  const end = open(endText) ? undefined : timeBounds(endText);
  if ((!open(startText) && !start) || (!open(endText) && !end)) return bad();
  if (start && end && start.start >= end.endExclusive) {
    problems.push(problem('querystring.datetime', 'la fin précède le début', 'the end is before the start'));
    return {};
  }
  return { ...(start ? { observedFrom: start.start } : {}), ...(end ? { observedBefore: end.endExclusive } : {}) };
}

/** Parses `bbox` (west,south,east,north or with heights, CRS84). */
export function parseBbox(raw: string, problems: FieldProblem[]): OpenDataFilter['bbox'] {
  const parts = raw.split(',').map((s) => s.trim());
  const numbers = parts.map((s) => (NUMBER.test(s) ? Number(s) : Number.NaN));
  if ((numbers.length !== 4 && numbers.length !== 6) || numbers.some((n) => !Number.isFinite(n))) {
    problems.push(problem('querystring.bbox', 'bbox attend 4 nombres : ouest,sud,est,nord', 'bbox takes 4 numbers: west,south,east,north'));
    return undefined;
  }
  // With 6 numbers the heights (3rd and 6th) are ignored: reports have none.
  const [west, south, east, north] = numbers.length === 6 ? [numbers[0]!, numbers[1]!, numbers[3]!, numbers[4]!] : (numbers as [number, number, number, number]);
  if (Math.abs(west) > 180 || Math.abs(east) > 180 || Math.abs(south) > 90 || Math.abs(north) > 90) {
    problems.push(problem('querystring.bbox', 'bbox hors des limites (longitude ±180, latitude ±90)', 'bbox out of range (longitude ±180, latitude ±90)'));
    return undefined;
  }
  if (south > north) {
    problems.push(problem('querystring.bbox', 'le sud de la bbox dépasse son nord', 'the bbox south is above its north'));
    return undefined;
  }
  return [west, south, east, north];
}

/** Encodes the keyset cursor of the next page: the last report number returned. */
export function encodeCursor(lastSeq: number): string {
  return Buffer.from(JSON.stringify({ n: lastSeq })).toString('base64url');
}

function decodeCursor(token: string, problems: FieldProblem[]): number | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { n?: unknown };
    if (typeof parsed.n === 'number' && Number.isSafeInteger(parsed.n) && parsed.n >= 0) return parsed.n;
  } catch {
    // Reported below.
  }
  problems.push(problem('querystring.cursor', 'curseur de page invalide', 'invalid page cursor'));
  return undefined;
}

/** Parses the items query; throws `EQP_ERR_VALIDATION` listing every problem. */
export function parseItemsQuery(query: Record<string, unknown>): ItemsQuery {
  const problems: FieldProblem[] = [];
  const filter: OpenDataFilter = {};
  const bbox = single(query, 'bbox');
  if (bbox !== undefined) filter.bbox = parseBbox(bbox, problems);
  const bboxCrs = single(query, 'bbox-crs');
  if (bboxCrs !== undefined && bboxCrs !== 'http://www.opengis.net/def/crs/OGC/1.3/CRS84') {
    problems.push(problem('querystring.bbox-crs', 'seul CRS84 est pris en charge', 'only CRS84 is supported'));
  }
  const datetime = single(query, 'datetime');
  if (datetime !== undefined) Object.assign(filter, parseDatetime(datetime, problems));
  let limit = DEFAULT_LIMIT;
  const rawLimit = single(query, 'limit');
  if (rawLimit !== undefined) {
    if (!/^\d+$/.test(rawLimit) || Number(rawLimit) < 1) problems.push(problem('querystring.limit', 'limit attend un entier ≥ 1', 'limit takes an integer ≥ 1'));
    else limit = Math.min(Number(rawLimit), MAX_LIMIT);
  }
  const cursor = single(query, 'cursor');
  const after = cursor !== undefined ? decodeCursor(cursor, problems) : undefined;
  const status = single(query, 'status');
  if (status !== undefined) {
    if ((FIELD_REPORT_STATUSES as readonly string[]).includes(status)) filter.status = status as FieldReportStatus;
    else problems.push(problem('querystring.status', `statut inconnu : ${status}`, `unknown status: ${status}`));
  }
  const category = single(query, 'category');
  if (category !== undefined) {
    if (CATEGORY.test(category)) filter.category = category;
    else problems.push(problem('querystring.category', 'code de catégorie invalide', 'invalid category code'));
  }
  if (problems.length > 0) throw validationError(problems);
  return { filter, limit, after };
}
