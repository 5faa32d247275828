/**
 * Splitting one multi-page PDF of a whole payroll run into one PDF per agent: pdf.js (legacy build,
 * made for Node) reads each page's text, the page is assigned to the one known matricule it
 * mentions, consecutive pages of the same agent stay together (multi-page payslips), and pdf-lib
 * copies each agent's pages into a new document.
 */
import { PDFDocument } from 'pdf-lib';
import { normalizeMatricule } from './file-name-matching.js';

/** The text of each page (index 0 = page 1). */
export async function extractPageTexts(data: Uint8Array): Promise<string[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  // pdf.js detaches the buffer it is given: hand it a copy.
  const task = pdfjs.getDocument({ data: new Uint8Array(data), useSystemFonts: false, verbosity: 0, stopAtErrors: true });
  try {
    const doc = await task.promise;
    const texts: string[] = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const page = await doc.getPage(i);
      const content = await page.getTextContent();
      texts.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : ' ') : '')).join(''));
      page.cleanup();
    }
    return texts;
  } finally {
    await task.destroy();
  }
}

/**
 * The known matricules a text mentions, as whole tokens (M1001 does not match inside M10010).
 * `known` maps normalized matricules to any value (usually the person id).
 */
export function findMatricules(text: string, known: ReadonlyMap<string, unknown>): string[] {
  const found = new Set<string>();
  // Tokens with inner hyphens and their alphanumeric parts (payslips print "Matricule:M1001").
  for (const token of text.match(/[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*/g) ?? []) {
    const candidates = token.includes('-') ? [token, ...token.split('-')] : [token];
    for (const c of candidates) {
      const norm = normalizeMatricule(c);
      if (known.has(norm)) found.add(norm);
    }
  }
  return [...found];
}

/** A group of consecutive pages of one agent. */
export interface PageGroup {
  /** Normalized matricule. */
  matricule: string;
  /** 1-based page numbers, ascending. */
  pages: number[];
}

/** A page that could not be assigned. */
export interface UnassignedPage {
  page: number;
  reason: 'no_matricule_on_page' | 'several_matricules_on_page';
  matricules?: string[];
}

/**
 * Assigns pages to agents: a page mentioning exactly one known matricule belongs to it; consecutive
 * pages of the same matricule form one payslip. A page with none or several is left out (never
 * attached to a neighbour: a page whose owner is uncertain is not handed to anyone).
 */
export function groupPages(pageTexts: readonly string[], known: ReadonlyMap<string, unknown>): { groups: PageGroup[]; unassigned: UnassignedPage[] } {
  const groups: PageGroup[] = [];
  const unassigned: UnassignedPage[] = [];
  let current: PageGroup | undefined;
  pageTexts.forEach((text, index) => {
    const page = index + 1;
    const found = findMatricules(text, known);
    if (found.length !== 1) {
      unassigned.push(found.length === 0 ? { page, reason: 'no_matricule_on_page' } : { page, reason: 'several_matricules_on_page', matricules: found });
      current = undefined;
      return;
    }
    const matricule = found[0]!;
    if (current && current.matricule === matricule && current.pages.at(-1) === page - 1) {
      current.pages.push(page);
    } else {
      current = { matricule, pages: [page] };
      groups.push(current);
    }
  });
  return { groups, unassigned };
}

/** Copies pages (1-based) of a loaded PDF into a new PDF. */
export async function copyPages(source: PDFDocument, pages: readonly number[]): Promise<Buffer> {
  const out = await PDFDocument.create();
  const copied = await out.copyPages(source, pages.map((p) => p - 1));
  for (const page of copied) out.addPage(page);
  return Buffer.from(await out.save());
}

/** Loads a PDF with pdf-lib (for {@link copyPages}). */
export async function loadPdf(data: Uint8Array): Promise<PDFDocument> {
  return PDFDocument.load(data, { updateMetadata: false });
}
