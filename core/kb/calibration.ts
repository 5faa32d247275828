/**
 * Confidence calibration: turns the ranked candidates of a question into an outcome — a direct
 * answer, a few suggestions, or "I don't know". A confidently wrong HR answer is the worst
 * outcome, so a direct answer needs a high estimated probability of being right AND a lead over
 * the runner-up.
 *
 * The confidence is a logistic model over features of the best candidate (how much of the
 * question it covers, how much of the question the FAQ does not know at all, how many rare words
 * it matches, whether it matches the question's most discriminative word, its lead over the
 * runner-up). Method (`npm run bench:kb-tune -- --fit`), on TUNING data only:
 *  - tuning sets: the demo FAQ (`core/kb/data/demo-faq.csv`) with `tests/fixtures/kb/tuning-questions.csv`
 *    and `tuning-questions-2.csv` (long stories, SMS, typos, English, out of scope...), and a second
 *    FAQ of another wording (`tests/fixtures/kb/tuning-faq-2.csv` with its own questions), so the
 *    model must transfer across FAQs;
 *  - target: 1 when the top candidate is the expected entry, 0 when it is not or when the question
 *    is out of scope; L2-regularised logistic regression by gradient descent;
 *  - thresholds: the lowest answer threshold whose wrong-direct rate stays ≤ 1.5% and whose
 *    out-of-scope direct answers stay ≤ 8% (stricter than the 3% / 15%, to leave room for
 *    a new FAQ), then the suggestion threshold that keeps out-of-scope questions mostly unanswered;
 *  - checked by 5-fold cross-validation over the questions and by leave-one-FAQ-out (fit on one
 *    FAQ, measure on the other); the figures are in the module comment of bench/kb-tune.ts.
 * The held-out set (`bench/kb/`) was never used to choose them.
 */

/** Features of one ranked candidate. */
export interface CandidateFeatures {
  /** Relevance score (BM25F over question+alternates, answer and category, with concept terms). */
  readonly score: number;
  /** Share (0..1) of the question's weighted terms found anywhere in the entry (unknown words count in the total). */
  readonly coverage: number;
  /** Share (0..1) of the question's weighted terms found in the entry's question or alternates. */
  readonly questionCoverage: number;
  /** Share (0..1) of the question's terms KNOWN to the FAQ that the entry covers. */
  readonly knownCoverage: number;
  /** Share (0..1) of the question's weight made of words the FAQ does not know at all (same for every candidate). */
  readonly unknownShare: number;
  /** Matched weight in units of the FAQ's rarest word, capped at 4 and scaled to 0..1. */
  readonly matchedRare: number;
  /** 1 when the entry contains the question's most discriminative known term. */
  readonly topTermHit: number;
}

/** Weights of the logistic confidence model. */
export interface ConfidenceModel {
  readonly bias: number;
  readonly coverage: number;
  readonly questionCoverage: number;
  readonly knownCoverage: number;
  readonly unknownShare: number;
  readonly matchedRare: number;
  readonly topTermHit: number;
  readonly margin: number;
}

/** Thresholds and weights of the decision (see the module comment for how they were chosen). */
export interface Calibration {
  /** Weight of a question word the FAQ does not know, relative to the FAQ's rarest word. */
  readonly unknownWeight: number;
  /** Multiplier of concept terms (HR vocabulary) relative to plain word stems. */
  readonly conceptBoost: number;
  /** Weight of terms that say what kind of question it is ("combien", "quand"...) rather than its subject. */
  readonly minorWeight: number;
  /** Weight of the words of a long message outside its question-bearing clauses (see segment.ts). */
  readonly contextWeight: number;
  /** The logistic confidence model. */
  readonly model: ConfidenceModel;
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

/** Calibration chosen on the tuning sets (see module comment). */
export const DEFAULT_CALIBRATION: Calibration = {
  unknownWeight: 0.8,
  conceptBoost: 1,
  contextWeight: 0.5,
  minorWeight: 0.5,
  model: { bias: -2.07, coverage: 0.97, questionCoverage: 1.34, knownCoverage: 0.39, unknownShare: -0.6, matchedRare: 1.45, topTermHit: 0.3, margin: 1.61 },
  answerMinConfidence: 0.79,
  answerMinMargin: 0.1,
  suggestMinConfidence: 0.21,
  suggestScoreRatio: 0.5,
  maxSuggestions: 3,
};

/** Relative lead of the best candidate over the runner-up (1 when alone). */
export function marginOf(ranked: readonly CandidateFeatures[]): number {
  const top = ranked[0];
  if (!top || top.score <= 0) return 0;
  const second = ranked[1];
  return second ? Math.max(0, (top.score - second.score) / top.score) : 1;
}

/** The feature vector of a candidate, in the order of {@link FEATURE_NAMES}. */
export function featureVector(candidate: CandidateFeatures, margin: number): number[] {
  return [candidate.coverage, candidate.questionCoverage, candidate.knownCoverage, candidate.unknownShare, candidate.matchedRare, candidate.topTermHit, margin];
}

/** Names of the model's weights, in the order of {@link featureVector}. */
export const FEATURE_NAMES = ['coverage', 'questionCoverage', 'knownCoverage', 'unknownShare', 'matchedRare', 'topTermHit', 'margin'] as const;

/** Probability (0..1) that the candidate is the right entry, from the logistic model. */
export function confidenceOf(candidate: CandidateFeatures, margin: number, model: ConfidenceModel = DEFAULT_CALIBRATION.model): number {
  const x = featureVector(candidate, margin);
  let z = model.bias;
  FEATURE_NAMES.forEach((name, i) => { z += model[name] * x[i]!; });
  return 1 / (1 + Math.exp(-z));
}

/** Relevance of a candidate for ranking: how much of the question it covers, question field counted more. */
export function coverageOf(candidate: Pick<CandidateFeatures, 'coverage' | 'questionCoverage'>): number {
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
  const margin = marginOf(ranked);
  const confidence = confidenceOf(top, margin, calibration.model);
  if (confidence >= calibration.answerMinConfidence && margin >= calibration.answerMinMargin) {
    return { outcome: 'answer', answer: 0, suggestions: [], confidence };
  }
  if (confidence >= calibration.suggestMinConfidence) {
    const suggestions: number[] = [];
    ranked.forEach((candidate, index) => {
      if (suggestions.length >= calibration.maxSuggestions) return;
      if (candidate.score >= calibration.suggestScoreRatio * top.score && candidate.knownCoverage > 0) suggestions.push(index);
    });
    return { outcome: 'suggestions', answer: null, suggestions, confidence };
  }
  return { outcome: 'none', answer: null, suggestions: [], confidence };
}
