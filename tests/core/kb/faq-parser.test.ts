import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { isEquipageError } from '../../../core/errors.js';
import type { FaqProblem } from '../../../core/kb/faq-entry.js';
import { parseFaqCsv, parseFaqFile, parseFaqXlsx } from '../../../core/kb/faq-parser.js';
import { stableId } from '../../../core/util/stable-id.js';

/** The problems listed by a rejected import. */
function problemsOf(fn: () => unknown): FaqProblem[] {
  try {
    fn();
  } catch (error) {
    if (isEquipageError(error, 'EQP_ERR_KB_IMPORT_INVALID')) return error.details as FaqProblem[];
    throw error;
  }
  throw new Error('expected the import to be rejected');
}

async function problemsOfAsync(promise: Promise<unknown>): Promise<FaqProblem[]> {
  try {
    await promise;
  } catch (error) {
    if (isEquipageError(error, 'EQP_ERR_KB_IMPORT_INVALID')) return error.details as FaqProblem[];
    throw error;
  }
  throw new Error('expected the import to be rejected');
}

describe('FAQ import (CSV)', () => {
  it('reads a comma-separated file with RFC 4180 quoting (commas, quotes, line breaks in fields)', () => {
    const csv = 'question,answer,alternates,link\n'
      + '"Combien de jours de congés, par an ?","25 jours ; dit ""cinq fois"" les obligations.\nDeuxième ligne.","CA | vacances",https://example.fr/conges\n';
    const [entry] = parseFaqCsv(csv);
    expect(entry).toEqual({
      id: stableId('faq', 'combien de jours de conges par an'),
      question: 'Combien de jours de congés, par an ?',
      alternates: ['CA', 'vacances'],
      answer: '25 jours ; dit "cinq fois" les obligations.\nDeuxième ligne.',
      category: null,
      link: 'https://example.fr/conges',
    });
  });

  it('reads a semicolon-separated file with a BOM and French, accented, upper-case headers', () => {
    const csv = '\uFEFFIdentifiant;QUESTION;Variantes;Réponse;Catégorie;Lien\r\nrtt-1;C\'est quoi les RTT ?;RTT, ARTT | jours RTT;Des jours de repos, selon ton cycle.;Temps de travail;\r\n';
    const [entry] = parseFaqCsv(csv);
    expect(entry).toMatchObject({ id: 'rtt-1', alternates: ['RTT, ARTT', 'jours RTT'], answer: 'Des jours de repos, selon ton cycle.', category: 'Temps de travail', link: null });
  });

  it('accepts headers without accents and in English, in any order, and ignores unknown columns', () => {
    const csv = 'notes,reponse,categorie,question\nx,Réponse A,Paie,Question A ?\n';
    expect(parseFaqCsv(csv)[0]).toMatchObject({ question: 'Question A ?', answer: 'Réponse A', category: 'Paie' });
  });

  it('keeps generated ids stable across re-imports of the same question (case, accents, punctuation aside)', () => {
    const first = parseFaqCsv('question,answer\nOù est ma fiche de paie ?,Sur l\'intranet.\n');
    const second = parseFaqCsv('answer;question\nAutre réponse;ou est ma FICHE de paie\n');
    expect(second[0]!.id).toBe(first[0]!.id);
  });

  it('rejects the whole file and lists every problem with row and column', () => {
    const long = 'x'.repeat(2001);
    const csv = [
      'id,question,answer,link',
      'a,Question 1 ?,Réponse 1,',
      'b,Question 2 ?,,',
      'a,Question 3 ?,Réponse 3,',
      `c,Question 4 ?,${long},`,
      'd,Question 5 ?,Réponse 5,ftp://example.fr',
      'e,,Réponse 6,',
      'f,Question 1 ?,Réponse 7,pas un lien',
    ].join('\n');
    const problems = problemsOf(() => parseFaqCsv(csv, 'rh.csv'));
    const summary = problems.map((p) => `${p.row}:${p.column?.split(' ')[0]}`);
    expect(summary).toEqual(['3:answer', '4:id', '5:answer', '6:link', '7:question', '8:link', '8:question']);
    expect(problems.find((p) => p.row === 4)!.message).toBe('identifiant « a » en double (déjà utilisé ligne 2)');
    expect(problems.find((p) => p.row === 4)!.messageEn).toContain('row 2');
    expect(problems.find((p) => p.row === 5)!.message).toBe('la réponse fait 2001 caractères (maximum 2000)');
    // Every problem is given in French (HR reads it) and in English.
    for (const p of problems) {
      expect(p.message).not.toBe(p.messageEn);
      expect(p.messageEn.length).toBeGreaterThan(0);
    }
    expect(problems[0]!.column).toBe('answer (C)');
  });

  it('reports missing required columns on the header row', () => {
    const problems = problemsOf(() => parseFaqCsv('question,category\nQ ?,Paie\n'));
    expect(problems).toEqual([expect.objectContaining({ row: 1, column: 'answer' })]);
  });

  it('rejects a file with no entry and skips blank lines without shifting row numbers', () => {
    expect(problemsOf(() => parseFaqCsv('question,answer\n\n')).length).toBe(1);
    const problems = problemsOf(() => parseFaqCsv('question,answer\nQ1 ?,R1\n\nQ3 ?,\n'));
    expect(problems).toEqual([expect.objectContaining({ row: 4 })]);
  });

  it('imports the demo FAQ: at least 80 valid entries with unique ids', async () => {
    const bytes = readFileSync(new URL('../../../core/kb/data/demo-faq.csv', import.meta.url));
    const entries = await parseFaqFile(bytes, 'demo-faq.csv');
    expect(entries.length).toBeGreaterThanOrEqual(80);
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
    expect(entries.every((e) => e.answer.length <= 2000)).toBe(true);
  });
});

describe('FAQ import (XLSX)', () => {
  async function workbook(sheets: Record<string, (string | { text: string; hyperlink: string })[][]>): Promise<Uint8Array> {
    const wb = new ExcelJS.Workbook();
    for (const [name, rows] of Object.entries(sheets)) {
      const sheet = wb.addWorksheet(name);
      for (const row of rows) sheet.addRow(row);
    }
    return new Uint8Array(await wb.xlsx.writeBuffer());
  }

  it('reads the first sheet only, with hyperlink cells', async () => {
    const bytes = await workbook({
      FAQ: [
        ['Question', 'Réponse', 'Variantes', 'Lien'],
        ['Comment configurer la MFA ?', 'Installe Authenticator.', 'MFA | double authentification', { text: 'aide', hyperlink: 'https://aka.ms/mfasetup' }],
      ],
      Brouillon: [['question', 'answer'], ['Ignorée ?', 'Oui']],
    });
    const entries = await parseFaqFile(bytes, 'faq.xlsx');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ question: 'Comment configurer la MFA ?', alternates: ['MFA', 'double authentification'], link: 'https://aka.ms/mfasetup' });
  });

  it('lists every problem of a workbook with row and column letter', async () => {
    const bytes = await workbook({ FAQ: [['id', 'question', 'answer'], ['x', 'Q1 ?', ''], ['x', 'Q2 ?', 'R2']] });
    const problems = await problemsOfAsync(parseFaqXlsx(bytes, 'faq.xlsx'));
    expect(problems.map((p) => [p.row, p.column])).toEqual([[2, 'answer (C)'], [3, 'id (A)']]);
  });

  it('refuses a file that is neither CSV nor XLSX', async () => {
    await expect(parseFaqFile(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 'faq.xlsx')).rejects.toMatchObject({ code: 'EQP_ERR_KB_FORMAT_UNSUPPORTED' });
  });
});
