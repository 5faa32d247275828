/**
 * Reports for the OGC API tests, created through the field-ops connector's real API (two
 * reporters, two categories, distinct positions and observation times, one with a photo and one
 * whose description starts like a spreadsheet formula), plus what must never be published.
 */
import { PNG } from 'pngjs';
import { DEMO_TOWN_CENTRE } from '../../../core/seed/demo-assets.js';
import type { TestContext } from '../../helpers/test-context.js';

export const REPORTERS = ['kevin.martin@beaulieu-sur-aune.fr', 'mehdi.haddad@beaulieu-sur-aune.fr'];

/** What the tests know of a created report. */
export interface CreatedReport {
  id: string;
  number: string;
  latitude: number;
  longitude: number;
  observedAt: string;
  category: string;
  description: string;
}

const DAY = 24 * 3600 * 1000;
export const FIRST_OBSERVED = Date.parse('2026-01-01T09:30:00.000Z');
export const FORMULA_DESCRIPTION = '=HYPERLINK("http://evil.example/","cliquez ici") dépôt devant le gymnase';

function pngDataUri(): string {
  const png = new PNG({ width: 4, height: 4 });
  png.data.fill(120);
  return `data:image/png;base64,${PNG.sync.write(png).toString('base64')}`;
}

/** Report `i`: a position on a diagonal north-east of the town centre, observed on day `i`. */
export function reportInput(i: number, count: number) {
  const lightning = i % 3 === 0;
  return {
    category: lightning ? 'eclairage-public' : 'chaussee-degradee',
    description: i === count - 1 ? FORMULA_DESCRIPTION : `Problème numéro ${i} signalé rue de la Gare`,
    location: { latitude: DEMO_TOWN_CENTRE.latitude + i * 0.001, longitude: DEMO_TOWN_CENTRE.longitude + i * 0.0005, accuracy: 5, address: `${i + 1} rue de la Gare` },
    observedAt: new Date(FIRST_OBSERVED + i * DAY).toISOString(),
    fields: lightning ? { lightState: 'éteinte' } : { size: '30 cm à 1 m' },
    ...(i === 1 ? { photos: [pngDataUri(), pngDataUri()] } : {}),
  };
}

/** Creates `count` reports and returns them in creation order. */
export async function createReports(t: TestContext, count: number, offset = 0): Promise<CreatedReport[]> {
  const out: CreatedReport[] = [];
  for (let i = offset; i < offset + count; i++) {
    const input = reportInput(i, offset + count);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/connectors/fieldops/v1/reports',
      headers: { 'x-equipage-local-user': REPORTERS[i % REPORTERS.length]! },
      payload: input,
    });
    if (res.statusCode !== 201) throw new Error(`report ${i} not created: ${res.statusCode} ${res.body}`);
    const body = res.json() as { id: string; number: string };
    out.push({ id: body.id, number: body.number, latitude: input.location.latitude, longitude: input.location.longitude, observedAt: input.observedAt, category: input.category, description: input.description });
  }
  return out;
}

/** Everything identifying the reporters, as stored: none of it may appear in open data. */
export async function personalStrings(t: TestContext): Promise<string[]> {
  const rows = await t.ctx.storage.db.selectFrom('field_reports').select(['reporter_key', 'reporter_person_id', 'reporter_name']).execute();
  const people = await t.ctx.storage.db.selectFrom('people').select(['upn', 'display_name', 'id']).where('upn', 'in', REPORTERS).execute();
  const strings = new Set<string>();
  for (const r of rows) for (const v of [r.reporter_key, r.reporter_person_id, r.reporter_name]) if (v) strings.add(v);
  for (const p of people) for (const v of [p.upn, p.display_name, p.id]) if (v) strings.add(v);
  if (strings.size < 4) throw new Error('fixture: expected reporters in the database');
  return [...strings];
}
