/**
 * HR's arrivals export, read back by a CSV parser as a spreadsheet would: `;`, CRLF, BOM, every
 * awkward cell intact, formulas defused.
 */
import { parse } from 'csv-parse/sync';
import { arrivalsToCsv } from '../../../core/onboarding/hr-arrivals.js';
import type { HrArrival } from '../../../core/onboarding/types.js';

const arrival = (overrides: { displayName: string; jobTitle: string | null; service: string; template: string }): HrArrival =>
  ({
    agent: { displayName: overrides.displayName, jobTitle: overrides.jobTitle },
    service: { id: 's1', name: overrides.service },
    manager: null,
    templateName: overrides.template,
    startDate: '2026-01-05',
    status: 'planned',
    progress: { done: 1, total: 3, percent: 33, overdue: 0 },
  }) as unknown as HrArrival;

describe('arrivals CSV export', () => {
  it('writes cells a parser reads back intact, with formulas defused', () => {
    const csv = arrivalsToCsv([
      arrival({ displayName: '=HYPERLINK("http://x")', jobTitle: 'Jardinière; chef', service: 'Espaces "verts"', template: 'Accueil\nterrain' }),
      arrival({ displayName: 'Inès Boucher', jobTitle: null, service: '+33 1 23', template: '@modèle' }),
    ]);
    expect(csv.startsWith('\uFEFFAgent;Poste;')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    const rows = parse(csv, { delimiter: ';', bom: true, record_delimiter: '\r\n' }) as string[][];
    expect(rows).toHaveLength(3);
    expect(rows[1]).toEqual(["'=HYPERLINK(\"http://x\")", 'Jardinière; chef', 'Espaces "verts"', '', 'Accueil\nterrain', '2026-01-05', 'prévue', '1', '3', '33', '0']);
    expect(rows[2]!.slice(0, 5)).toEqual(['Inès Boucher', '', "'+33 1 23", '', "'@modèle"]);
  });

  it('writes the header alone when there is no arrival', () => {
    expect(arrivalsToCsv([])).toBe("\uFEFFAgent;Poste;Service;Responsable;Modèle;Date d'arrivée;Statut;Étapes faites;Étapes au total;Avancement (%);Étapes en retard\r\n");
  });
});
