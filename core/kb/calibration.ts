/**
 * Confidence calibration: turns the ranked candidates of a question into an outcome — a direct
 * answer, a few suggestions, or "I don't know". A confidently wrong HR answer is the worst
 * outcome, so a direct answer needs a high estimated probability of being right AND a lead over
 * the runner-up.
 *
 * The confidence is a logistic model over features of the best candidate and its runners-up (how
 * much of the question it covers, in its question/alternates or only in its answer; how much of its
 * best phrasing the question covers in turn; how much of the question the FAQ does not know at all,
 * and how much of it is an HR concept of the built-in vocabulary that no entry covers — an HR topic
 * the FAQ lacks; how many rare words it matches; whether it holds the question's most
 * discriminative word; its lead over the runner-up in score, coverage and phrasing recall; whether
 * the runner-up is of the same category or a lower candidate covers more of the question; and its
 * CONTRAST with the runner-up: the lead on the question terms only one of the two holds, since
 * sibling entries share their topic words and only the other terms tell them apart).
 * Method (`npm run bench:kb-tune -- --fit`), on TUNING data only:
 *  - tuning sets: the demo FAQ (`core/kb/data/demo-faq.csv`) with `tests/fixtures/kb/tuning-questions.csv`
 *    (short questions) and `tuning-questions-2.csv` (636 questions: long stories, tutoiement, SMS,
 *    typos, no accents, one word, ~13% English, ~13% out of scope, small talk); a second FAQ
 *    worded differently (`tests/fixtures/kb/tuning-faq-2.csv`, 44 entries, half without alternates,
 *    with `tuning-faq-2-questions.csv`); the first held-out set (`bench/kb/heldout-faq.csv` +
 *    `heldout-questions.csv`, 74 entries, 404 questions) and the second (`bench/kb/heldout-v2/`,
 *    84 entries, 433 questions), both RETIRED as held-out sets after being measured and now tuning
 *    data. Several FAQs, so the model has to transfer;
 *  - target: 1 when the top candidate is the expected entry, 0 when it is not or when the question
 *    is out of scope; L2-regularised logistic regression by batch gradient descent;
 *  - thresholds chosen FOR TRANSFER: each sample's confidence is taken from a model fitted without
 *    its FAQ (what the model says about an FAQ it has never seen; on its own FAQs it is
 *    over-confident), and on those out-of-FAQ confidences the margin floor and answer threshold give
 *    the most direct answers while, on EACH tuning set taken alone, wrong direct answers stay ≤ 2.5%
 *    and out-of-scope questions without a direct answer ≥ 88% (the 3% / 85% with a margin);
 *    then the highest suggestion threshold that keeps answer-or-suggestion recall within 0.5 point.
 *    Up to 4 suggestions scoring at least 30% of the best (`--suggest`: +1.5 points of answer or
 *    suggestion over 3 at 50%, at no cost);
 *  - ranking weights (unknown words, concepts, context clauses) by a grid on the cross-validated
 *    objective (`--grid`; the landscape is flat, ±1 point). A question word inside an HR concept
 *    the FAQ knows weighs 0.3 (`conceptWordWeight`, chosen by leave-one-FAQ-out among 1 / 0.6 / 0.4
 *    / 0.3 / 0.15): the concept already counts it, and counting it twice favoured entries that use
 *    the same surface word; it cut the worst left-out FAQ's wrong answers from 3.9% to 2.7%. BM25F
 *    field weights, saturation, re-ranking by coverage, a learned pairwise re-ranker and a
 *    contrastive swap of the two best were also tried and are flat (±0.5 point of top-1 on every
 *    FAQ): the ranking errors left are mostly vocabulary gaps (paraphrases sharing no word with the
 *    entry), not weighting;
 *  - judged by leave-one-FAQ-out (model AND thresholds fitted without FAQ X, measured on X), the worst
 *    FAQ as well as the pool, as a new FAQ may look like the worst of them. Direct / answer or
 *    suggestion / wrong direct / out of scope without direct answer:
 *      demo 75.1 / 97.0 / 0.8 / 90.8;  FAQ 2 75.8 / 97.4 / 1.0 / 100;  v1 74.7 / 94.9 / 2.7 / 91.4;
 *      v2 51.4 / 89.3 / 2.0 / 95.5;  pooled 69.9 / 95.0 / 1.5 / 93.1
 *    (before, with thresholds chosen in-sample, 3 suggestions, no contrast features, concept words
 *    counted twice and without the last vocabulary additions: demo 75.5 / 95.7 / 0.8 / 94.5; FAQ 2
 *    63.4 / 93.8 / 0 / 100; v1 72.3 / 92.6 / 4.5 / 93.1; v2 47.2 / 85.1 / 0.8 / 98.5; pooled 67.2 /
 *    92.5 / 1.5 / 95.8).
 *    Ranking alone (right entry first / among the first three): demo 92.6 / 99.0 (short questions)
 *    and 87.5 / 97.0 (varied), FAQ 2 91.8 / 97.9, v1 88.7 / 96.4, v2 79.2 / 91.6 (before: 95.6 / 98.0,
 *    88.3 / 97.0, 88.1 / 96.9, 87.5 / 95.8, 77.0 / 88.5).
 *  - Known limits: the accuracy targets are NOT met on a new FAQ. On v2 the right entry is
 *    first for only 79% of the questions, which caps direct answers; one threshold cannot suit every
 *    FAQ (v1 needs a higher one, v2 a lower one).
 * The blind held-out set of the day is never read, used to fit or choose these values: it is measured
 * once, by `npm run bench:kb`, after the engine is final.
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
  /** Share (0..1) of the best-matching phrasing's own weighted terms that the question contains (the other direction of coverage). */
  readonly phrasingRecall: number;
  /** Share (0..1) of the question's weighted terms found in the entry's answer or category. */
  readonly answerCoverage: number;
  /** Share (0..1) of the question's weight made of HR concepts (built-in vocabulary) that no entry covers: an HR topic the FAQ lacks. */
  readonly unknownConceptShare: number;
  /** Category of the entry (two candidates of one category are close neighbours). */
  readonly category: string | null;
  /**
   * Best candidate only: lead over the runner-up on the question terms only one of the two holds,
   * (own − rival) / (own + rival), −1..1 (1 without a runner-up, 0 when they hold the same terms).
   */
  readonly contrast?: number;
  /** Best candidate only: share (0..1) of the question's weight held by it and not by the runner-up. */
  readonly exclusiveShare?: number;
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
  readonly phrasingRecall: number;
  readonly answerCoverage: number;
  readonly unknownConceptShare: number;
  readonly questionCoverageGap: number;
  readonly sameCategory: number;
  readonly recallGap: number;
  readonly otherCoversMore: number;
  readonly contrast: number;
  readonly exclusiveShare: number;
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
  /** Weight of a question word that is part of an HR concept the FAQ knows (the concept already counts it). */
  readonly conceptWordWeight: number;
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
  conceptWordWeight: 0.3,
  minorWeight: 0.5,
  model: {
    bias: -2.72, coverage: 0.66, questionCoverage: 0.78, knownCoverage: 0.27, unknownShare: -0.39, matchedRare: 0.66, topTermHit: 0.26,
    termCount: 0.5, margin: 0.61, coverageGap: 0.08, answerOnly: -0.56, runnerUpCovers: -0.4, phrasingRecall: 1.09, answerCoverage: 0.5,
    unknownConceptShare: -0.1, questionCoverageGap: 0.78, sameCategory: 0.39, recallGap: 1.12, otherCoversMore: -0.12,
    contrast: 0.7, exclusiveShare: 0.27,
  },
  answerMinConfidence: 0.75,
  answerMinMargin: 0.2,
  suggestMinConfidence: 0.12,
  suggestScoreRatio: 0.3,
  maxSuggestions: 4,
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
    marginOf(ranked), coverageGap, top.questionCoverage === 0 ? 1 : 0, coverageGap < 0.05 ? 1 : 0,
    top.phrasingRecall, top.answerCoverage, top.unknownConceptShare,
    Math.max(-1, Math.min(1, top.questionCoverage - (second?.questionCoverage ?? 0))),
    second && top.category !== null && top.category === second.category ? 1 : 0,
    Math.max(-1, Math.min(1, top.phrasingRecall - (second?.phrasingRecall ?? 0))),
    Math.max(0, ...ranked.slice(1, 5).map((c) => c.knownCoverage - top.knownCoverage)),
    top.contrast ?? (second ? 0 : 1), top.exclusiveShare ?? 0];
}

/** Names of the model's weights, in the order of {@link featureVector}. */
export const FEATURE_NAMES = [
  'coverage', 'questionCoverage', 'knownCoverage', 'unknownShare', 'matchedRare', 'topTermHit', 'termCount', 'margin', 'coverageGap', 'answerOnly', 'runnerUpCovers',
  'phrasingRecall', 'answerCoverage', 'unknownConceptShare', 'questionCoverageGap', 'sameCategory', 'recallGap', 'otherCoversMore',
  'contrast', 'exclusiveShare',
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
