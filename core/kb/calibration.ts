/**
 * Confidence calibration: turns the ranked candidates of a question into an outcome — a direct
 * answer, a few suggestions, or "I don't know". A confidently wrong HR answer is the worst
 * outcome, so a direct answer needs the question's meaningful words to be covered by the entry
 * AND a clear lead over the runner-up.
 *
 * The numbers below were chosen on the TUNING set only (`tests/fixtures/kb/tuning-questions.csv`
 * against `core/kb/data/demo-faq.csv`; grid search: `npm run bench:kb-tune -- 0 --grid`): the
 * setting with the best in-scope direct-correct rate among those that keep, on that set, at most
 * 1% wrong direct answers and at least 88% of out-of-scope questions without a direct answer
 * (tuning figures: 77.3% direct, 97% answer or suggestion, 0.5% wrong, 88.5% out of scope).
 * The held-out set (`bench/kb/`) was never used to choose them.
 */

/** Features of one ranked candidate. */
export interface CandidateFeatures {
  /** Relevance score (BM25F over question+alternates, answer and category, with concept terms). */
  readonly score: number;
  /** Share (0..1) of the question's weighted terms found anywhere in the entry. */
  readonly coverage: number;
  /** Share (0..1) of the question's weighted terms found in the entry's question or alternates. */
  readonly questionCoverage: number;
}

/** Thresholds and weights of the decision (see the module comment for how they were chosen). */
export interface Calibration {
  /** Weight of a question word the FAQ does not know, relative to the FAQ's rarest word. */
  readonly unknownWeight: number;
  /** Multiplier of concept terms (HR vocabulary) relative to plain word stems. */
  readonly conceptBoost: number;
  /** Minimum confidence of the top candidate for a direct answer. */
  readonly answerMinConfidence: number;
  /** Minimum relative lead of the top candidate over the second: (s1 − s2) / s1. */
  readonly answerMinMargin: number;
  /** Minimum confidence for suggestions (below: "I don't know"). */
  readonly suggestMinConfidence: number;
  /** A candidate is suggested when its score is at least this share of the top score. */
  readonly suggestScoreRatio: number;
  /** At most this many suggestions. */
  readonly maxSuggestions: number;
}

/** Calibration chosen on the tuning set (see module comment). */
export const DEFAULT_CALIBRATION: Calibration = {
  unknownWeight: 0.8,
  conceptBoost: 1,
  answerMinConfidence: 0.5,
  answerMinMargin: 0.25,
  suggestMinConfidence: 0.25,
  suggestScoreRatio: 0.5,
  maxSuggestions: 3,
};

/** Confidence of a candidate: coverage of the question, counting matches in the question field more. */
export function confidenceOf(candidate: CandidateFeatures): number {
  return 0.5 * candidate.coverage + 0.5 * candidate.questionCoverage;
}

/** The decision for ranked candidates (best first). Indexes refer to `ranked`. */
export interface Decision {
  readonly outcome: 'answer' | 'suggestions' | 'none';
  readonly answer: number | null;
  readonly suggestions: number[];
  readonly confidence: number;
}

/** Applies the calibration to ranked candidates. */
export function decide(ranked: readonly CandidateFeatures[], calibration: Calibration = DEFAULT_CALIBRATION): Decision {
  const top = ranked[0];
  if (!top || top.score <= 0) return { outcome: 'none', answer: null, suggestions: [], confidence: 0 };
  const confidence = confidenceOf(top);
  const second = ranked[1];
  const margin = second ? (top.score - second.score) / top.score : 1;
  if (confidence >= calibration.answerMinConfidence && margin >= calibration.answerMinMargin) {
    return { outcome: 'answer', answer: 0, suggestions: [], confidence };
  }
  if (confidence >= calibration.suggestMinConfidence) {
    const suggestions: number[] = [];
    ranked.forEach((candidate, index) => {
      if (suggestions.length >= calibration.maxSuggestions) return;
      if (candidate.score >= calibration.suggestScoreRatio * top.score && confidenceOf(candidate) >= calibration.suggestMinConfidence * 0.75) {
        suggestions.push(index);
      }
    });
    return { outcome: 'suggestions', answer: null, suggestions, confidence };
  }
  return { outcome: 'none', answer: null, suggestions: [], confidence };
}
