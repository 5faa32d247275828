/**
 * French stemming through the Snowball algorithm (`snowball-stemmers`), on folded words, with a
 * few overrides for spellings agents mix up ("paye" and "paie").
 */
import snowball from 'snowball-stemmers';

const french = snowball.newStemmer('french');

/** Spellings that Snowball would keep apart although agents use them for the same word. */
const OVERRIDES: Record<string, string> = {
  paye: 'pai',
  payes: 'pai',
  payer: 'pai',
  paies: 'pai',
};

const cache = new Map<string, string>();

/** Stem of a folded word; numbers and words of 3 letters or fewer are kept as they are. */
export function stemWord(word: string): string {
  if (word.length <= 3 || /^\d/.test(word)) return word;
  const override = OVERRIDES[word];
  if (override !== undefined) return override;
  let stem = cache.get(word);
  if (stem === undefined) {
    stem = french.stem(word);
    if (cache.size < 100_000) cache.set(word, stem);
  }
  return stem;
}
