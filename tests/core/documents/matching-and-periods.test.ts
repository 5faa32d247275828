import { compilePattern, compilePatterns, matchFileName, normalizeMatricule } from '../../../core/documents/file-name-matching.js';
import { addMonths, frenchOfPeriod, interpretDocumentRequest, parsePeriodRequest } from '../../../core/documents/periods.js';
import { findMatricules, groupPages } from '../../../core/documents/pdf-split.js';
import { unsafeEntryName } from '../../../core/documents/zip-reader.js';

describe('file-name matching', () => {
  const patterns = compilePatterns('{matricule}_{period}.pdf');
  const one = (name: string) => matchFileName(name, patterns).map((m) => `${m.matricule}|${m.period ?? ''}`);

  it.each([
    ['M1001_2026-10.pdf', 'M1001|2026-10'],
    ['m1001_2026-10.PDF', 'm1001|2026-10'],
    ['M1001-2026-10.pdf', 'M1001|2026-10'],
    ['M1001_202610.pdf', 'M1001|2026-10'],
    ['BP_M1001_202610.pdf', 'M1001|2026-10'],
    ['bulletin-M1001-2026_10.pdf', 'M1001|2026-10'],
    ['2026-10_M1001.pdf', 'M1001|2026-10'],
    ['M1001.pdf', 'M1001|'],
    ['sub/dir/M1001_2026-10.pdf', 'M1001|2026-10'],
    ['M1001_10_2026.pdf', 'M1001|2026-10'],
  ])('reads %s', (name, expected) => {
    expect(one(name)).toContain(expected);
  });

  it('gives every reading of an ambiguous name, so the caller can refuse it', () => {
    // "BS-1234" could be a matricule, or "BS-" a prefix before "1234".
    expect(one('BS-1234-2026-10.pdf')).toEqual(expect.arrayContaining(['BS-1234|2026-10', '1234|2026-10']));
  });

  it('does not match other files', () => {
    expect(one('notes.txt')).toEqual([]);
    expect(one('M1001_2026-13.pdf').filter((r) => r.endsWith('2026-13'))).toEqual([]);
  });

  it('honors a custom pattern with a literal prefix', () => {
    const custom = compilePattern('PAIE{yyyy}{mm}-{matricule}.pdf');
    expect(matchFileName('paie202610-A77.pdf', [custom])).toEqual([{ matricule: 'A77', period: '2026-10', pattern: 'PAIE{yyyy}{mm}-{matricule}.pdf' }]);
  });

  it('normalizes matricules (case, leading zeros of numeric ones)', () => {
    expect(normalizeMatricule('m1001')).toBe('M1001');
    expect(normalizeMatricule('004512')).toBe('4512');
    expect(normalizeMatricule('A0045')).toBe('A0045');
  });

  it('rejects zip-slip entry names', () => {
    expect(unsafeEntryName('../M1001_2026-10.pdf')).toBeDefined();
    expect(unsafeEntryName('a/../../etc/passwd')).toBeDefined();
    expect(unsafeEntryName('/abs/M1001.pdf')).toBeDefined();
    expect(unsafeEntryName('C:/x/M1001.pdf')).toBeDefined();
    expect(unsafeEntryName('a\\..\\M1001.pdf')).toBeDefined();
    expect(unsafeEntryName('2026-10/M1001_2026-10.pdf')).toBeUndefined();
  });
});

describe('page grouping', () => {
  const known = new Map([['M1001', 1], ['M1002', 2], ['M10010', 3]]);
  it('finds whole matricules only', () => {
    expect(findMatricules('Matricule : M10010', known)).toEqual(['M10010']);
    expect(findMatricules('Matricule:M1001.', known)).toEqual(['M1001']);
    expect(findMatricules('nothing here', known)).toEqual([]);
  });
  it('keeps consecutive pages together and never attaches an unknown page to a neighbour', () => {
    const { groups, unassigned } = groupPages(['M1001', 'M1002 p1', 'M1002 p2', 'no id', 'M1001 M1002', 'M1001'], known);
    expect(groups).toEqual([
      { matricule: 'M1001', pages: [1] },
      { matricule: 'M1002', pages: [2, 3] },
      { matricule: 'M1001', pages: [6] },
    ]);
    expect(unassigned.map((u) => [u.page, u.reason])).toEqual([
      [4, 'no_matricule_on_page'],
      [5, 'several_matricules_on_page'],
    ]);
  });
});

describe('period requests', () => {
  const now = new Date('2026-10-15T10:00:00Z');
  it.each([
    ['mon bulletin', undefined],
    ['bulletin de paie de mars', '2026-03'],
    ['bulletin de novembre', '2025-11'],
    ['fiche de paie du mois dernier', '2026-09'],
    ['payslip for september', '2026-09'],
    ['payslip last month', '2026-09'],
    ['bulletin de mars 2025', '2025-03'],
    ['bulletin 03/2025', '2025-03'],
    ['bulletin 2025-03', '2025-03'],
    ["bulletin d'août", '2026-08'],
    ['Bulletin de Décembre', '2025-12'],
    ['payslip for march 2025', '2025-03'],
  ])('%s → %s', (text, expected) => {
    expect(parsePeriodRequest(text, now)).toBe(expected);
  });

  it('recognizes what is asked', () => {
    expect(interpretDocumentRequest('mon bulletin', now)).toEqual({ kind: 'payslip', period: undefined });
    expect(interpretDocumentRequest('fiche de paie du mois dernier', now)).toEqual({ kind: 'payslip', period: '2026-09' });
    expect(interpretDocumentRequest('mes documents', now)).toEqual({ kind: 'list' });
    expect(interpretDocumentRequest('attestation employeur', now)).toEqual({ kind: 'certificate', certificateKind: 'attestation_employeur' });
    expect(interpretDocumentRequest('certificat de travail', now)).toEqual({ kind: 'certificate', certificateKind: 'certificat_travail' });
    expect(interpretDocumentRequest('combien de jours de congés ?', now)).toBeUndefined();
  });

  it('formats periods', () => {
    expect(frenchOfPeriod('2026-10')).toBe("d'octobre 2026");
    expect(frenchOfPeriod('2026-03')).toBe('de mars 2026');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
  });
});
