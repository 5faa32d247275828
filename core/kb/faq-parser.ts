/**
 * Import of HR's FAQ spreadsheet: CSV (comma or semicolon, UTF-8 with or without BOM, RFC 4180
 * quoting, via `csv-parse`) or XLSX (first sheet, via `exceljs`). Columns are found by header
 * name, case- and accent-insensitive, French or English. The import is all-or-nothing: any
 * invalid row rejects the whole file, and the error lists every problem with row and column.
 */
import { parse } from 'csv-parse/sync';
import { EquipageError } from '../errors.js';
import { stableId } from '../util/stable-id.js';
import { FAQ_LIMITS, type FaqEntry, type FaqProblem } from './faq-entry.js';
import { canonicalQuestion, foldText } from './normalize.js';

type Field = 'id' | 'question' | 'alternates' | 'answer' | 'category' | 'link';

/** Accepted header names (folded, spaces and punctuation removed). */
const HEADER_NAMES: Record<Field, readonly string[]> = {
  id: ['id', 'identifiant', 'ref', 'reference'],
  question: ['question'],
  alternates: ['alternates', 'alternate', 'alternatives', 'variantes', 'variante', 'variants', 'reformulations', 'synonymes'],
  answer: ['answer', 'reponse'],
  category: ['category', 'categorie', 'theme', 'rubrique'],
  link: ['link', 'lien', 'url'],
};

/** A cell as read from the file: its text, and for XLSX hyperlinks, the link target. */
interface Cell {
  readonly text: string;
  readonly hyperlink?: string;
}

/** The result of validating a table: entries when there is no problem. */
export interface FaqValidation {
  readonly entries: FaqEntry[];
  readonly problems: FaqProblem[];
}

function headerKey(text: string): string {
  return foldText(text).replace(/[^a-z0-9]/g, '').replace(/s$/, '');
}

function fieldOfHeader(text: string): Field | null {
  const key = headerKey(text);
  for (const [field, names] of Object.entries(HEADER_NAMES) as [Field, readonly string[]][]) {
    if (names.some((name) => headerKey(name) === key)) return field;
  }
  return null;
}

/** Spreadsheet column letter of a 0-based index (0 → A, 26 → AA). */
function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/**
 * Validates a table whose first row is the header. Row numbers in problems are spreadsheet
 * rows (header = 1); columns are given as written in the header, with their letter.
 */
export function validateFaqTable(rows: readonly (readonly Cell[])[]): FaqValidation {
  const problems: FaqProblem[] = [];
  const header = rows[0] ?? [];
  const columns = new Map<Field, number>();
  header.forEach((cell, index) => {
    const field = fieldOfHeader(cell.text);
    if (field === null) return;
    if (columns.has(field)) {
      problems.push({ row: 1, column: `${cell.text} (${columnLetter(index)})`, message: `colonne en double pour « ${field} »`, messageEn: `duplicate column for "${field}"` });
    } else {
      columns.set(field, index);
    }
  });
  for (const required of ['question', 'answer'] as const) {
    if (!columns.has(required)) {
      problems.push({ row: 1, column: required, message: `colonne obligatoire « ${required === 'answer' ? 'réponse' : 'question'} » absente (ou « ${required} »)`, messageEn: `missing required column "${required}" (or "${required === 'answer' ? 'réponse' : 'question'}")` });
    }
  }
  if (problems.length > 0) return { entries: [], problems };

  const colName = (field: Field): string => {
    const index = columns.get(field)!;
    return `${header[index]!.text.trim()} (${columnLetter(index)})`;
  };
  const get = (row: readonly Cell[], field: Field): Cell | null => {
    const index = columns.get(field);
    return index === undefined ? null : (row[index] ?? null);
  };

  const entries: FaqEntry[] = [];
  const idRows = new Map<string, number>();
  const questionRows = new Map<string, number>();
  rows.slice(1).forEach((row, offset) => {
    const rowNumber = offset + 2;
    if (row.every((cell) => cell.text.trim() === '')) return;
    const rowProblems: FaqProblem[] = [];
    const problem = (field: Field, message: string, messageEn: string): void => {
      rowProblems.push({ row: rowNumber, column: colName(field), message, messageEn });
    };

    const question = (get(row, 'question')?.text ?? '').trim();
    const answer = (get(row, 'answer')?.text ?? '').trim();
    if (question === '') problem('question', 'la question est vide', 'question is missing');
    else if (question.length > FAQ_LIMITS.questionMaxChars) problem('question', `la question dépasse ${FAQ_LIMITS.questionMaxChars} caractères`, `question is longer than ${FAQ_LIMITS.questionMaxChars} characters`);
    if (answer === '') problem('answer', 'la réponse est vide', 'answer is missing');
    else if (answer.length > FAQ_LIMITS.answerMaxChars) {
      problem('answer', `la réponse fait ${answer.length} caractères (maximum ${FAQ_LIMITS.answerMaxChars})`, `answer is ${answer.length} characters long (maximum ${FAQ_LIMITS.answerMaxChars})`);
    }

    const alternates = (get(row, 'alternates')?.text ?? '').split('|').map((a) => a.trim()).filter((a) => a.length > 0);
    if (alternates.length > FAQ_LIMITS.alternatesMax) problem('alternates', `plus de ${FAQ_LIMITS.alternatesMax} variantes`, `more than ${FAQ_LIMITS.alternatesMax} alternates`);
    if (alternates.some((a) => a.length > FAQ_LIMITS.alternateMaxChars)) {
      problem('alternates', `une variante dépasse ${FAQ_LIMITS.alternateMaxChars} caractères`, `an alternate is longer than ${FAQ_LIMITS.alternateMaxChars} characters`);
    }

    const linkCell = get(row, 'link');
    const link = (linkCell?.hyperlink ?? linkCell?.text ?? '').trim();
    if (link !== '' && !isHttpUrl(link)) problem('link', `« ${link} » n'est pas un lien http(s) valide`, `"${link}" is not a valid http(s) link`);

    let id = (get(row, 'id')?.text ?? '').trim();
    if (id !== '') {
      if (id.length > FAQ_LIMITS.idMaxChars || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(id)) {
        problem('id', `l'identifiant « ${id} » ne doit contenir que des lettres, chiffres, « . », « _ » ou « - » (${FAQ_LIMITS.idMaxChars} au plus)`, `id "${id}" must be letters, digits, ".", "_" or "-" (at most ${FAQ_LIMITS.idMaxChars})`);
      } else if (idRows.has(id)) {
        problem('id', `identifiant « ${id} » en double (déjà utilisé ligne ${idRows.get(id)})`, `duplicate id "${id}" (already used on row ${idRows.get(id)})`);
      } else {
        idRows.set(id, rowNumber);
      }
    }
    if (question !== '') {
      const canonical = canonicalQuestion(question);
      const firstRow = questionRows.get(canonical);
      if (firstRow !== undefined) problem('question', `même question que la ligne ${firstRow}`, `same question as row ${firstRow}`);
      else questionRows.set(canonical, rowNumber);
      if (id === '') {
        id = stableId('faq', canonical);
        if (idRows.has(id) && firstRow === undefined) problem('question', `l'identifiant généré ${id} est déjà utilisé ligne ${idRows.get(id)}`, `generated id ${id} already used on row ${idRows.get(id)}`);
        idRows.set(id, rowNumber);
      }
    }

    const category = (get(row, 'category')?.text ?? '').trim();
    if (rowProblems.length > 0) problems.push(...rowProblems);
    else entries.push({ id, question, alternates, answer, category: category === '' ? null : category, link: link === '' ? null : link });
  });

  if (problems.length === 0 && entries.length === 0) problems.push({ row: null, column: null, message: 'le fichier ne contient aucune entrée', messageEn: 'the file has no entry' });
  if (entries.length > FAQ_LIMITS.entriesMax) problems.push({ row: null, column: null, message: `plus de ${FAQ_LIMITS.entriesMax} entrées`, messageEn: `more than ${FAQ_LIMITS.entriesMax} entries` });
  return { entries: problems.length === 0 ? entries : [], problems };
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.includes('.');
  } catch {
    return false;
  }
}

function fail(file: string, problems: FaqProblem[]): never {
  throw new EquipageError('EQP_ERR_KB_IMPORT_INVALID', { file, count: problems.length }, { details: problems });
}

/** Reads the CSV table (delimiter detected on the header line: `;` or `,`). */
export function readCsvTable(text: string, file = 'faq.csv'): Cell[][] {
  const content = text.replace(/^\uFEFF/, '');
  const firstLine = content.split(/\r?\n/, 1)[0] ?? '';
  const semicolons = firstLine.match(/;/g)?.length ?? 0;
  const commas = firstLine.match(/,/g)?.length ?? 0;
  const delimiter = semicolons > commas ? ';' : ',';
  try {
    const records = parse(content, { delimiter, relax_column_count: true, skip_empty_lines: false, bom: true }) as string[][];
    return records.map((record) => record.map((text) => ({ text })));
  } catch (error) {
    const err = error as Error & { lines?: number };
    return fail(file, [{ row: err.lines ?? null, column: null, message: `CSV illisible : ${err.message}`, messageEn: `unreadable CSV: ${err.message}` }]);
  }
}

/** Reads the first sheet of an XLSX workbook. */
export async function readXlsxTable(bytes: Uint8Array, file = 'faq.xlsx'): Promise<Cell[][]> {
  // Loaded on first use: ~8 MB of heap that every garbage collection of a server would otherwise mark.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch (error) {
    throw new EquipageError('EQP_ERR_KB_FORMAT_UNSUPPORTED', { file }, { cause: error });
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return fail(file, [{ row: null, column: null, message: "le classeur n'a aucune feuille", messageEn: 'the workbook has no sheet' }]);
  const rows: Cell[][] = [];
  const width = sheet.columnCount;
  for (let r = 1; r <= sheet.rowCount; r += 1) {
    const row = sheet.getRow(r);
    const cells: Cell[] = [];
    for (let c = 1; c <= width; c += 1) {
      const cell = row.getCell(c);
      const value = cell.value as unknown;
      const hyperlink = value !== null && typeof value === 'object' && 'hyperlink' in value
        ? String((value as { hyperlink: unknown }).hyperlink)
        : undefined;
      cells.push(hyperlink === undefined ? { text: cell.text ?? '' } : { text: cell.text ?? '', hyperlink });
    }
    rows.push(cells);
  }
  return rows;
}

/** Parses a CSV FAQ; throws `EQP_ERR_KB_IMPORT_INVALID` listing every problem. */
export function parseFaqCsv(text: string, file = 'faq.csv'): FaqEntry[] {
  const { entries, problems } = validateFaqTable(readCsvTable(text, file));
  if (problems.length > 0) fail(file, problems);
  return entries;
}

/** Parses an XLSX FAQ (first sheet); throws `EQP_ERR_KB_IMPORT_INVALID` listing every problem. */
export async function parseFaqXlsx(bytes: Uint8Array, file = 'faq.xlsx'): Promise<FaqEntry[]> {
  const { entries, problems } = validateFaqTable(await readXlsxTable(bytes, file));
  if (problems.length > 0) fail(file, problems);
  return entries;
}

/** Parses an FAQ file, CSV or XLSX, recognised by its content (ZIP signature) or its name. */
export async function parseFaqFile(bytes: Uint8Array, file: string): Promise<FaqEntry[]> {
  const isZip = bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  const lower = file.toLowerCase();
  if (isZip || lower.endsWith('.xlsx')) return parseFaqXlsx(bytes, file);
  if (lower.endsWith('.xls') || lower.endsWith('.ods')) throw new EquipageError('EQP_ERR_KB_FORMAT_UNSUPPORTED', { file });
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  if (text.includes('\u0000')) throw new EquipageError('EQP_ERR_KB_FORMAT_UNSUPPORTED', { file });
  return parseFaqCsv(text, file);
}
