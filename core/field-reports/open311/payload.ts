/**
 * What a report becomes in Open311: the form fields of `POST requests.json`. The description
 * starts with the report number (`SIG-000042 — …`): Open311 has no client reference field, so this
 * marker is how the forwarder recognizes a request it may already have created (see forwarder.ts).
 */
import type { Kysely } from 'kysely';
import type { Database, Open311AttributeMap } from '../../storage/schema.js';
import { photoLink } from '../photo-links.js';
import { formatReportNumber } from '../reports.js';

/** GeoReport v2 caps `description` at 4,000 characters. */
export const MAX_DESCRIPTION = 4000;

/** How links to photos are made (no secret or no public URL: no `media_url`). */
export interface MediaLinkOptions {
  secret: Buffer | undefined;
  publicBaseUrl: string | undefined;
  ttlMs: number;
}

/** The marker that starts the description of the request of report number `n`. */
export function reportMarker(number: number): string {
  return `${formatReportNumber(number)} — `;
}

function fieldText(value: string | number | boolean): string {
  return typeof value === 'boolean' ? (value ? 'oui' : 'non') : String(value);
}

/** Builds the form fields of a report (without api_key and jurisdiction_id, which the client adds). */
export async function buildPayload(db: Kysely<Database>, reportId: string, serviceCode: string, media: MediaLinkOptions, now: Date): Promise<{ fields: URLSearchParams; marker: string } | undefined> {
  const report = await db
    .selectFrom('field_reports as r')
    .innerJoin('report_categories as c', 'c.id', 'r.category_id')
    .select(['r.number', 'r.description', 'r.latitude', 'r.longitude', 'r.address', 'r.fields', 'c.label_fr', 'c.fields as category_fields', 'c.open311_attributes'])
    .where('r.id', '=', reportId)
    .executeTakeFirst();
  if (!report) return undefined;
  const photo = await db.selectFrom('field_report_photos').select('id').where('report_id', '=', reportId).orderBy('position').limit(1).executeTakeFirst();

  const values = (typeof report.fields === 'string' ? JSON.parse(report.fields) : report.fields) as Record<string, string | number | boolean>;
  const definitions = (typeof report.category_fields === 'string' ? JSON.parse(report.category_fields) : report.category_fields) as Array<{ key: string; label: string }>;
  // Category fields travel in the text (people read it), and as the jurisdiction's attributes
  // where the category maps them (their codes and value keys are the jurisdiction's, not ours).
  const details = Object.entries(values).map(([key, value]) => `${definitions.find((d) => d.key === key)?.label ?? key} : ${fieldText(value)}`);
  const marker = reportMarker(Number(report.number));
  const text = [`${marker}${report.label_fr}`, report.description, ...(details.length ? [details.join(' ; ')] : [])].join('\n');

  const fields = new URLSearchParams();
  fields.set('service_code', serviceCode);
  fields.set('lat', String(report.latitude));
  fields.set('long', String(report.longitude));
  if (report.address) fields.set('address_string', report.address);
  fields.set('description', text.slice(0, MAX_DESCRIPTION));
  const attributes = (typeof report.open311_attributes === 'string' ? JSON.parse(report.open311_attributes) : report.open311_attributes) as Open311AttributeMap;
  for (const [key, mapping] of Object.entries(attributes)) {
    const value = Object.hasOwn(values, key) ? values[key] : undefined;
    if (value === undefined || value === null || value === '') continue;
    // Booleans as GeoReport's `true`/`false`, numbers as written, choices through the value map.
    const raw = String(value);
    fields.append(`attribute[${mapping.code}]`, mapping.values && Object.hasOwn(mapping.values, raw) ? mapping.values[raw]! : raw);
  }
  if (photo && media.secret && media.publicBaseUrl) {
    fields.set('media_url', photoLink(media.secret, media.publicBaseUrl, photo.id, new Date(now.getTime() + media.ttlMs)));
  }
  return { fields, marker };
}
