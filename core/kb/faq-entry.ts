/** One entry of an HR FAQ, as imported from HR's spreadsheet. */
export interface FaqEntry {
  /** Given in the file, or derived from the normalized question (stable across re-imports). */
  readonly id: string;
  readonly question: string;
  /** Other phrasings of the question (the `alternates` / `variantes` column, split on `|`). */
  readonly alternates: readonly string[];
  readonly answer: string;
  readonly category: string | null;
  readonly link: string | null;
}

/** One problem found while importing an FAQ file: spreadsheet row (header = 1) and column name. */
export interface FaqProblem {
  readonly row: number | null;
  readonly column: string | null;
  /** What is wrong, in French (HR reads it). */
  readonly message: string;
  /** The same in English. */
  readonly messageEn: string;
}

/** Limits of an FAQ entry (the bot answers on a phone: answers stay short). */
export const FAQ_LIMITS = {
  answerMaxChars: 2000,
  questionMaxChars: 300,
  alternateMaxChars: 300,
  alternatesMax: 20,
  idMaxChars: 64,
  entriesMax: 20_000,
} as const;
