/**
 * Payroll periods (`YYYY-MM`) and how people name them: "bulletin de mars", "fiche de paie du mois
 * dernier", "payslip for september", "mars 2025", "03/2025". Month names are matched here (chrono's
 * French parser needs a day to see a month); relative phrases ("le mois dernier", "2 months ago")
 * go through chrono-node's French and English parsers.
 */
import * as chrono from 'chrono-node';
import { EquipageError } from '../errors.js';

const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** True when `value` is a period `YYYY-MM`. */
export function isPeriod(value: unknown): value is string {
  return typeof value === 'string' && PERIOD.test(value);
}

/** Checks a period given on the command line; throws `EQP_ERR_DOCUMENT_IMPORT_SOURCE_INVALID`. */
export function assertPeriod(value: unknown): asserts value is string {
  if (!isPeriod(value)) {
    throw new EquipageError('EQP_ERR_DOCUMENT_IMPORT_SOURCE_INVALID', { path: String(value), reason: 'la période doit être AAAA-MM / the period must be YYYY-MM' });
  }
}

/** The period `YYYY-MM` of a date, in Europe/Paris. */
export function periodOf(date: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit' }).format(date).slice(0, 7);
}

/** Adds `months` (may be negative) to a period. */
export function addMonths(period: string, months: number): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

const MONTHS_FR = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "octobre 2026" / "October 2026". */
export function formatPeriod(period: string, lang: 'fr' | 'en' = 'fr'): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return lang === 'fr' ? `${MONTHS_FR[m - 1]} ${y}` : `${MONTHS_EN[m - 1]} ${y}`;
}

/** "d'octobre 2026" / "de mars 2026": French elision before a vowel. */
export function frenchOfPeriod(period: string): string {
  const label = formatPeriod(period, 'fr');
  return /^[aeiouy]/.test(label) ? `d'${label}` : `de ${label}`;
}

/** Month names and abbreviations (accents removed, lowercase) → month number. */
const MONTH_WORDS: Record<string, number> = {
  janvier: 1, janv: 1, january: 1, jan: 1,
  fevrier: 2, fevr: 2, fev: 2, february: 2, feb: 2,
  mars: 3, march: 3, mar: 3,
  avril: 4, avr: 4, april: 4, apr: 4,
  mai: 5, may: 5,
  juin: 6, june: 6, jun: 6,
  juillet: 7, juil: 7, july: 7, jul: 7,
  aout: 8, august: 8, aug: 8,
  septembre: 9, sept: 9, september: 9, sep: 9,
  octobre: 10, october: 10, oct: 10,
  novembre: 11, november: 11, nov: 11,
  decembre: 12, december: 12, dec: 12,
};

/** Lowercase, accents removed, apostrophes as spaces. */
export function normalizeText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[’'`]/g, ' ');
}

function pad(m: number): string {
  return String(m).padStart(2, '0');
}

/**
 * The most recent `month` not after `current` (a payslip asked for by month name alone is the
 * last one published for that month, never a future one).
 */
function latestOccurrence(month: number, current: string): string {
  const [cy, cm] = current.split('-').map(Number) as [number, number];
  return month <= cm ? `${cy}-${pad(month)}` : `${cy - 1}-${pad(month)}`;
}

/**
 * The period a request names, or `undefined` when it names none ("mon bulletin").
 * `now` anchors relative phrases and month names without a year.
 */
export function parsePeriodRequest(text: string, now: Date = new Date()): string | undefined {
  const current = periodOf(now);
  const norm = normalizeText(text);

  // Numeric forms: 2025-03, 2025/03, 03/2025, 03-2025, 202503.
  let m = /\b(20\d{2})[-/.](0?[1-9]|1[0-2])\b/.exec(norm);
  if (m) return `${m[1]}-${pad(Number(m[2]))}`;
  m = /\b(0?[1-9]|1[0-2])[-/.](20\d{2})\b/.exec(norm);
  if (m) return `${m[2]}-${pad(Number(m[1]))}`;
  m = /\b(20\d{2})(0[1-9]|1[0-2])\b/.exec(norm);
  if (m) return `${m[1]}-${m[2]}`;

  // Month names, optionally followed by a year ("mars 2025", "september").
  const words = norm.split(/[^a-z0-9]+/).filter(Boolean);
  for (let i = 0; i < words.length; i++) {
    const month = MONTH_WORDS[words[i]!];
    if (month === undefined) continue;
    // Short English words that are also ordinary words only count next to a year or a payslip word.
    if ((words[i] === 'may' || words[i] === 'mar' || words[i] === 'jun' || words[i] === 'dec') && !/^20\d{2}$/.test(words[i + 1] ?? '') && !/(payslip|pay|bulletin|paie|for|of)$/.test(words[i - 1] ?? '')) continue;
    const year = words[i + 1];
    if (year && /^20\d{2}$/.test(year)) return `${year}-${pad(month)}`;
    return latestOccurrence(month, current);
  }

  // Relative phrases: "le mois dernier", "il y a 2 mois", "last month", "2 months ago".
  for (const parser of [chrono.fr, chrono.en]) {
    for (const result of parser.parse(text, now)) {
      if (result.start.isCertain('month') && result.start.isCertain('year')) {
        const y = result.start.get('year');
        const mo = result.start.get('month');
        if (y && mo) return `${y}-${pad(mo)}`;
      }
    }
  }
  if (/\b(ce mois|ce mois ci|this month)\b/.test(norm)) return current;
  return undefined;
}

/** What a person asks for about documents. */
export type DocumentRequest =
  | { kind: 'payslip'; period: string | undefined }
  | { kind: 'list' }
  | { kind: 'certificate'; certificateKind: 'attestation_employeur' | 'certificat_travail' };

/**
 * Recognizes a document request in a message: a payslip (with its period when named), the list of
 * documents, or a certificate. `undefined` when the message is about something else (the FAQ
 * engine answers it then).
 */
export function interpretDocumentRequest(text: string, now: Date = new Date()): DocumentRequest | undefined {
  const norm = normalizeText(text);
  if (/\b(certificat de travail|work certificate|certificate of employment)\b/.test(norm)) {
    return { kind: 'certificate', certificateKind: 'certificat_travail' };
  }
  if (/\b(attestation (d )?employeur|attestation de travail|employer (certificate|attestation|letter)|employment (certificate|attestation|letter))\b/.test(norm)) {
    return { kind: 'certificate', certificateKind: 'attestation_employeur' };
  }
  if (/\b(bulletins?|fiches? de paie|fiches? de salaire|feuilles? de paie|payslips?|pay slips?|pay stubs?|salary slips?)\b/.test(norm)) {
    if (/\b(bulletins|fiches|feuilles|payslips|pay slips|tous|toutes|all)\b/.test(norm) && parsePeriodRequest(text, now) === undefined) return { kind: 'list' };
    return { kind: 'payslip', period: parsePeriodRequest(text, now) };
  }
  if (/\b(mes documents|mes docs|my documents|my docs|documents?)\b/.test(norm)) return { kind: 'list' };
  return undefined;
}
