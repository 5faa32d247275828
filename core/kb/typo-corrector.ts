/**
 * Typo correction against the words the engine knows (the FAQ's words and the HR vocabulary's):
 * "mutulle" → "mutuelle", "cnoges" → "conges". Candidates come from a deletion index (every word
 * and its one-letter deletions, as in SymSpell), so a lookup costs a few map reads whatever the
 * size of the FAQ; each candidate is then checked with the Damerau-Levenshtein distance
 * (`damerau-levenshtein`), which counts a swap of two letters as one edit.
 */
import damerauLevenshtein from 'damerau-levenshtein';

/** Words shorter than this are never corrected: too many short words are one edit apart. */
const MIN_LENGTH = 4;

function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i += 1) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

/** A typo corrector over a fixed set of known words with their frequency. */
export class TypoCorrector {
  private readonly frequency: Map<string, number>;
  private readonly index = new Map<string, string[]>();

  constructor(frequency: Map<string, number>) {
    this.frequency = frequency;
    for (const word of frequency.keys()) {
      if (word.length < MIN_LENGTH || /\d/.test(word)) continue;
      for (const key of [word, ...deletions(word)]) {
        const list = this.index.get(key);
        if (list) list.push(word);
        else this.index.set(key, [word]);
      }
    }
  }

  /** True when the word is known as it is. */
  has(word: string): boolean {
    return this.frequency.has(word);
  }

  /**
   * The closest known word (one edit for words up to 7 letters, two beyond), the most frequent
   * on a tie; null when the word is known, too short, or has no close neighbour.
   */
  correct(word: string): string | null {
    if (word.length < MIN_LENGTH || this.frequency.has(word) || /\d/.test(word)) return null;
    const maxDistance = word.length >= 8 ? 2 : 1;
    const seen = new Set<string>();
    let best: string | null = null;
    let bestDistance = Infinity;
    let bestFrequency = -1;
    for (const key of [word, ...deletions(word)]) {
      for (const candidate of this.index.get(key) ?? []) {
        if (seen.has(candidate)) continue;
        seen.add(candidate);
        // Same first letter: agents rarely get it wrong, and it avoids many false corrections.
        if (candidate[0] !== word[0]) continue;
        const distance = damerauLevenshtein(word, candidate).steps;
        if (distance > maxDistance) continue;
        const frequency = this.frequency.get(candidate) ?? 0;
        if (distance < bestDistance || (distance === bestDistance && frequency > bestFrequency)) {
          best = candidate;
          bestDistance = distance;
          bestFrequency = frequency;
        }
      }
    }
    return best;
  }
}
