/**
 * Matching a payroll file's name to an agent: a configurable pattern (`{matricule}_{period}.pdf` by
 * default) plus the common variants payroll software produces (`{matricule}-{period}.pdf`,
 * `{period}_{matricule}.pdf`, `BP_{matricule}_{yyyymm}.pdf`, `{matricule}.pdf`…). Case-insensitive;
 * `_`, `-`, `.` and spaces between fields are interchangeable. The matricule found here is only a
 * lookup key: it never becomes part of a storage key or a path.
 */

/** Placeholders a pattern may use. */
const PLACEHOLDERS: Record<string, string> = {
  matricule: '(?<matricule>[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9]))*?)',
  // 2026-10, 2026_10, 2026.10, 202610
  period: '(?<year>\\d{4})[-_. ]?(?<month>\\d{2})',
  yyyymm: '(?<year>\\d{4})(?<month>\\d{2})',
  yyyy: '(?<year>\\d{4})',
  mm: '(?<month>\\d{2})',
  // Free text such as a name: anything without a path separator.
  any: '[^/\\\\]*?',
};

/** Prefixes payroll exports put before the fields (BP_, bulletin-, paie_…). */
const PREFIX = '(?:bp|bs|bulletins?|paie|fiche|fdp|fp|payslip|salaire)[-_. ]';

/** The variants tried after the configured pattern. */
export const COMMON_PATTERNS: readonly string[] = [
  '{matricule}_{period}.pdf',
  '{period}_{matricule}.pdf',
  '{matricule}_{mm}_{yyyy}.pdf',
  '{matricule}_{period}_{any}.pdf',
  '{matricule}_{any}_{period}.pdf',
  '{matricule}.pdf',
];

/** A compiled pattern. */
export interface FileNamePattern {
  readonly source: string;
  /** The pattern alone. */
  readonly regex: RegExp;
  /** The pattern after one of the usual prefixes (`BP_`, `bulletin-`…). */
  readonly prefixed: RegExp;
}

/** Compiles a pattern (`{matricule}_{period}.pdf`) to an anchored, case-insensitive regex. */
export function compilePattern(pattern: string): FileNamePattern {
  let out = '';
  const re = /\{(\w+)\}|([-_. ])|([^{}\-_. ]+)|([{}])/g;
  let m: RegExpExecArray | null;
  const seen = new Set<string>();
  while ((m = re.exec(pattern))) {
    if (m[1] !== undefined) {
      const name = m[1].toLowerCase();
      const ph = PLACEHOLDERS[name];
      if (!ph) throw new Error(`unknown placeholder {${m[1]}} in ${pattern}`);
      // A group name may appear once in a regex: later repeats only need to match the same shape.
      out += seen.has(name) ? ph.replace(/\?<\w+>/g, '?:') : ph;
      seen.add(name);
    } else if (m[2] !== undefined) {
      // A separator before the extension stays a dot; between fields any separator is accepted.
      out += m[2] === '.' && /^\.pdf$/i.test(pattern.slice(m.index)) ? '\\.' : '[-_. ]';
    } else if (m[3] !== undefined) {
      out += m[3].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    } else {
      out += `\\${m[4]}`;
    }
  }
  return { source: pattern, regex: new RegExp(`^${out}$`, 'i'), prefixed: new RegExp(`^${PREFIX}${out}$`, 'i') };
}

/** What a file name says. */
export interface FileNameMatch {
  matricule: string;
  /** `YYYY-MM` when the name carries a period. */
  period: string | undefined;
  /** The pattern that matched. */
  pattern: string;
}

/** Compiles the configured pattern followed by the common variants (without repeats). */
export function compilePatterns(configured: string): FileNamePattern[] {
  const sources = [configured, ...COMMON_PATTERNS.filter((p) => p !== configured)];
  return sources.map(compilePattern);
}

/**
 * Every reading of a file's base name (`dir/x.pdf` → `x.pdf`) by `patterns`, with and without a
 * usual prefix: a name such as `BS-1234-2026-10.pdf` reads as matricule `BS-1234` or `1234`. The
 * caller keeps a reading only when exactly one agent fits, so an ambiguous name is never guessed.
 */
export function matchFileName(fileName: string, patterns: readonly FileNamePattern[]): FileNameMatch[] {
  const base = (fileName.split(/[/\\]/).pop() ?? fileName).normalize('NFC');
  const found = new Map<string, FileNameMatch>();
  for (const p of patterns) {
    for (const regex of [p.regex, p.prefixed]) {
      const m = regex.exec(base);
      if (!m?.groups?.matricule) continue;
      const { year, month } = m.groups;
      if (month !== undefined && (Number(month) < 1 || Number(month) > 12)) continue;
      const match = { matricule: m.groups.matricule, period: year && month ? `${year}-${month}` : undefined, pattern: p.source };
      const key = `${normalizeMatricule(match.matricule)}|${match.period ?? ''}`;
      if (!found.has(key)) found.set(key, match);
    }
  }
  return [...found.values()];
}

/**
 * Normalized form used to compare matricules: uppercase; numeric matricules lose leading zeros
 * ("004512" and "4512" are the same agent in most payroll exports).
 */
export function normalizeMatricule(value: string): string {
  const upper = value.trim().toUpperCase();
  return /^\d+$/.test(upper) ? upper.replace(/^0+(?=\d)/, '') : upper;
}
