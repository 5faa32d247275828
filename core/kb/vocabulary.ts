/**
 * The HR vocabulary: concepts and the phrasings that name them (abbreviations, synonyms, SMS,
 * English). Built-in rings come from hr-vocabulary.ts; HR adds or extends rings with a CSV file
 * (`concept;termes`, see {@link parseVocabularyCsv}) merged at load. Matching works on stemmed
 * words, so one phrasing covers its plural, accents and common typos.
 */
import { parse } from 'csv-parse/sync';
import { EquipageError } from '../errors.js';
import type { FaqProblem } from './faq-entry.js';
import { BUILT_IN_RINGS, CONCEPT_PARENTS, STOP_WORDS } from './hr-vocabulary.js';
import { foldText, normalizeTokens } from './normalize.js';
import { stemWord } from './stemmer.js';

/** A concept and its phrasings, as written by people. */
export interface VocabularyRing {
  readonly concept: string;
  readonly terms: readonly string[];
}

/** Prefix of concept terms in the index, so that a concept never collides with a word stem. */
export const CONCEPT_PREFIX = '§';

/** A folded, stop-word-free word of a text, with its stem. */
export interface AnalyzedWord {
  readonly word: string;
  readonly stem: string;
}

/**
 * Stop words that still name something in HR phrasings ("médecin du *travail*", "changer de
 * *collectivité*", "heures *sup*"): dropped from the words that are scored, but kept in the word
 * sequence the vocabulary's phrasings are matched against, so a phrasing does not shrink to its
 * one generic word ("médecin du travail" must not make every "médecin" mean occupational health).
 */
const PHRASE_WORDS: ReadonlySet<string> = new Set([
  'chef', 'cheffe', 'responsable', 'collegue', 'collegues', 'mairie', 'commune', 'collectivite', 'ville', 'agent', 'agents',
  'service', 'boulot', 'taf', 'job', 'travail', 'heure', 'heures', 'semaine', 'semaines', 'mois', 'prendre', 'mettre', 'plus', 'moins',
  'contre', 'pendant', 'chez', 'trop', 'fait', 'quel', 'quelle', 'pourcent',
]);

/** A folded word of a text, flagged when it is a content word (scored) rather than a phrase-only word. */
export interface PhraseWord {
  readonly word: string;
  readonly content: boolean;
}

/**
 * Folds and tokenizes, drops function words, keeps the words phrasings need ({@link PHRASE_WORDS})
 * flagged as non-content. Abbreviations written in capitals are kept even when they spell a stop
 * word ("CA").
 */
export function phraseWords(text: string): PhraseWord[] {
  const out: PhraseWord[] = [];
  for (const token of normalizeTokens(text)) {
    if (token.text.length === 1 && !/\d/.test(token.text)) continue;
    if (!token.upper && STOP_WORDS.has(token.text)) {
      if (PHRASE_WORDS.has(token.text)) out.push({ word: token.text, content: false });
      continue;
    }
    out.push({ word: token.text, content: true });
  }
  return out;
}

/**
 * Folds, tokenizes and removes stop words. Abbreviations written in capitals are kept even when
 * they spell a stop word ("CA").
 */
export function contentWords(text: string): string[] {
  return phraseWords(text).filter((w) => w.content).map((w) => w.word);
}

interface TrieNode {
  children: Map<string, TrieNode>;
  concepts: Set<string> | null;
}

/** A compiled vocabulary: finds concepts in sequences of stems, longest phrasing first. */
export class Vocabulary {
  private readonly root: TrieNode = { children: new Map(), concepts: null };
  private readonly conceptNames = new Set<string>();
  private readonly surfaceWords = new Set<string>();

  constructor(rings: readonly VocabularyRing[]) {
    for (const ring of rings) {
      const concept = normalizeConceptName(ring.concept);
      this.conceptNames.add(concept);
      for (const term of ring.terms) {
        const words = phraseWords(term).map((w) => w.word);
        // A phrasing reduced to one word by stop words ("travailler de chez moi" → "travailler",
        // "nouveau né" → "nouveau") would make that word mean the concept everywhere: keep only
        // phrasings that stay specific.
        if (words.length === 0 || (words.length === 1 && term.trim().split(/\s+/).length >= 2)) continue;
        for (const word of words) this.surfaceWords.add(word);
        let node = this.root;
        for (const word of words) {
          const stem = stemWord(word);
          let child = node.children.get(stem);
          if (!child) {
            child = { children: new Map(), concepts: null };
            node.children.set(stem, child);
          }
          node = child;
        }
        (node.concepts ??= new Set()).add(concept);
      }
    }
  }

  /** Every concept name known to the vocabulary. */
  get concepts(): ReadonlySet<string> {
    return this.conceptNames;
  }

  /** Folded words used in the vocabulary's phrasings (for typo correction). */
  get words(): ReadonlySet<string> {
    return this.surfaceWords;
  }

  /**
   * Concepts found in a sequence of stems. At each position the longest phrasing wins and its
   * words are consumed, so "accident de trajet" yields `trajet`, not a match of `accident` on
   * "accident". Each concept found brings its broader concepts along (CONCEPT_PARENTS: `trajet`
   * → `accident`), on the same span.
   */
  match(stems: readonly string[]): string[] {
    return this.matchSpans(stems).map((span) => span.concept);
  }

  /** Like {@link match}, with the positions [start, end) of the stems each concept was found on. */
  matchSpans(stems: readonly string[]): { concept: string; start: number; end: number }[] {
    const found: { concept: string; start: number; end: number }[] = [];
    let i = 0;
    while (i < stems.length) {
      let node: TrieNode | undefined = this.root;
      let best: { end: number; concepts: Set<string> } | null = null;
      for (let j = i; j < stems.length && node; j += 1) {
        node = node.children.get(stems[j]!);
        if (node?.concepts) best = { end: j + 1, concepts: node.concepts };
      }
      if (best) {
        const concepts = new Set(best.concepts);
        for (const concept of best.concepts) for (const parent of CONCEPT_PARENTS[concept] ?? []) concepts.add(parent);
        for (const concept of concepts) found.push({ concept, start: i, end: best.end });
        i = best.end;
      } else {
        i += 1;
      }
    }
    return found;
  }
}

function normalizeConceptName(name: string): string {
  return foldText(name).trim().replace(/[^a-z0-9]+/g, '_');
}

/** Parses the built-in `concept: term | term` lines. */
export function parseRingLines(lines: readonly string[]): VocabularyRing[] {
  return lines.map((line) => {
    const colon = line.indexOf(':');
    const concept = line.slice(0, colon).trim();
    const terms = line.slice(colon + 1).split('|').map((t) => t.trim()).filter((t) => t.length > 0);
    return { concept, terms };
  });
}

/**
 * Parses an HR vocabulary file: CSV (comma or semicolon), header `concept` and `termes`/`terms`,
 * terms separated by `|`. A concept that already exists gets the new terms added; a new concept
 * is created. All-or-nothing: any bad row rejects the file with every problem listed.
 */
export function parseVocabularyCsv(text: string, file = 'vocabulary.csv'): VocabularyRing[] {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let records: string[][];
  try {
    records = parse(text, { bom: true, delimiter, relax_column_count: true, skip_empty_lines: true }) as string[][];
  } catch (error) {
    throw new EquipageError('EQP_ERR_KB_IMPORT_INVALID', { file, count: 1 }, {
      details: [{ row: null, column: null, message: `CSV illisible : ${(error as Error).message}`, messageEn: `unreadable CSV: ${(error as Error).message}` }],
    });
  }
  const header = (records[0] ?? []).map((h) => foldText(h).trim());
  const conceptCol = header.indexOf('concept');
  const termsCol = header.findIndex((h) => h === 'termes' || h === 'terms' || h === 'terme' || h === 'term');
  const problems: FaqProblem[] = [];
  if (conceptCol < 0) problems.push({ row: 1, column: 'concept', message: 'colonne « concept » absente', messageEn: 'missing column "concept"' });
  if (termsCol < 0) problems.push({ row: 1, column: 'termes', message: 'colonne « termes » absente (ou « terms »)', messageEn: 'missing column "termes" (or "terms")' });
  const rings: VocabularyRing[] = [];
  if (problems.length === 0) {
    records.slice(1).forEach((record, index) => {
      const row = index + 2;
      const concept = (record[conceptCol] ?? '').trim();
      const terms = (record[termsCol] ?? '').split('|').map((t) => t.trim()).filter((t) => t.length > 0);
      if (!/[\p{L}\p{N}]/u.test(concept)) problems.push({ row, column: 'concept', message: 'concept vide', messageEn: 'empty concept' });
      if (terms.length === 0) problems.push({ row, column: 'termes', message: 'aucun terme', messageEn: 'no terms' });
      else if (terms.some((t) => contentWords(t).length === 0)) {
        problems.push({ row, column: 'termes', message: "un terme n'est fait que de mots vides (le, de, pour…)", messageEn: 'a term is made only of stop words' });
      }
      rings.push({ concept, terms });
    });
  }
  if (problems.length > 0) {
    throw new EquipageError('EQP_ERR_KB_IMPORT_INVALID', { file, count: problems.length }, { details: problems });
  }
  return rings;
}

/** The built-in rings, optionally extended by HR's rings (same concept name = terms added). */
export function buildVocabulary(extra: readonly VocabularyRing[] = []): Vocabulary {
  return new Vocabulary([...parseRingLines(BUILT_IN_RINGS), ...extra]);
}
