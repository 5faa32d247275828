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
 * sibling entries share their topic words and only the other terms tell them apart; and whether it
 * also leads every other candidate on HR's phrasings alone and on its answer alone — two views
 * that agree are evidence, a candidate carried by one field only is fragile).
 * Method (`npm run bench:kb-tune -- --fit`), on TUNING data only:
 *  - tuning sets: the demo FAQ (`core/kb/data/demo-faq.csv`) with `tests/fixtures/kb/tuning-questions.csv`
 *    (short questions) and `tuning-questions-2.csv` (636 questions: long stories, tutoiement, SMS,
 *    typos, no accents, one word, ~13% English, ~13% out of scope, small talk); a second FAQ
 *    worded differently (`tests/fixtures/kb/tuning-faq-2.csv`, 44 entries, half without alternates,
 *    with `tuning-faq-2-questions.csv`); the first held-out set (`bench/kb/heldout-faq.csv` +
 *    `heldout-questions.csv`, 74 entries, 404 questions), the second (`bench/kb/heldout-v2/`,
 *    84 entries, 433 questions) and the third (`bench/kb/heldout-v3/`, 91 entries, 442 questions),
 *    all RETIRED as held-out sets after being measured and now tuning data; a fifth FAQ written by someone else (`tests/fixtures/kb/tuning-faq-3.csv`, 79 entries,
 *    with `tuning-faq-3-questions.csv`, 288 questions). Several FAQs, so the model has to transfer;
 *  - target: 1 when the top candidate is the expected entry, 0 when it is not or when the question
 *    is out of scope; L2-regularised logistic regression by batch gradient descent;
 *  - thresholds chosen FOR TRANSFER: each sample's confidence is taken from a model fitted without
 *    its FAQ (what the model says about an FAQ it has never seen; on its own FAQs it is
 *    over-confident), and on those out-of-FAQ confidences the margin floor and answer threshold give
 *    the most direct answers while, on EACH tuning set taken alone, wrong direct answers stay ≤ 2.5%
 *    and out-of-scope questions without a direct answer ≥ 88% (the issue's 3% / 85% with a margin);
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
 *    entry) and sibling entries told apart only by the kind of question, not weighting. What moved
 *    top-1 instead (pooled over the six tuning sets, 85.2% → 88.9%): question intents (intent.ts,
 *    +0.4); general HR vocabulary found missing on the tuning sets' misses, and phrasings that stop
 *    words had silently emptied ("trop perçu", "fait mal", "80 %", "en venant au taf") (+3);
 *    phrasing recall in the re-ranking (+0.5). English words are no longer typo-corrected into
 *    French ones ("come" → "code"), and English function words are stop words (neutral on top-1);
 *  - judged by leave-one-FAQ-out (model AND thresholds fitted without FAQ X, measured on X), the worst
 *    FAQ as well as the pool, as a new FAQ may look like the worst of them. Direct / answer or
 *    suggestion / wrong direct / out of scope without direct answer:
 *      demo 79.9 / 97.0 / 0.9 / 91.7;  FAQ 2 80.4 / 98.5 / 1.0 / 100;  v1 78.6 / 96.7 / 1.5 / 91.4;
 *      v2 64.3 / 92.1 / 2.2 / 87.9;  FAQ 3 62.4 / 93.2 / 1.7 / 100;  pooled 74.5 / 95.7 / 1.4 / 92.7
 *    (before the intents, lead features and vocabulary work, same five FAQs: demo 75.9 / 97.0 / 0.8
 *    / 90.8; FAQ 2 76.3 / 97.4 / 1.0 / 100; v1 73.5 / 95.2 / 2.4 / 91.4; v2 52.8 / 89.9 / 2.2 / 92.4;
 *    FAQ 3 53.2 / 86.5 / 1.3 / 97.5; pooled 68.2 / 94.0 / 1.4 / 93.0).
 *    Ranking alone (right entry first / among the first three): demo 94.1 / 99.0 (short questions)
 *    and 90.1 / 97.4 (varied), FAQ 2 94.3 / 99.5, v1 90.5 / 97.9, v2 84.0 / 95.2, FAQ 3 82.7 / 94.5
 *    (before: 92.6 / 99.0, 87.5 / 97.0, 91.8 / 97.9, 88.7 / 96.4, 79.2 / 91.6, 72.2 / 86.9).
 *  - Known limits: the issue's direct-answer target is NOT met on a new FAQ (about 62-64% on the two
 *    hardest left-out FAQs). There the right entry is first for 83-84% of the questions, and a
 *    threshold safe on every FAQ leaves many of those as suggestions; one threshold cannot suit every
 *    FAQ (v1 needs a higher one, v2 a lower one). Long messages (20 words or more) are the weakest
 *    kind: right entry first for about two thirds of them, but answered directly for only a third
 *    (leave-one-FAQ-out; 10-19 words: 80% first, 56% direct; `--fit` prints the breakdown). Weighting
 *    the story around the question less or more (contextWeight 0.2 to 1, story concepts kept at full
 *    weight, story terms left out of the confidence features, a length feature) moved none of these.
 *  - After v3 was retired into tuning (2026-12-04; blind it gave direct 42.3 / 83.0 / 1.6 / 96.9),
 *    leave-one-FAQ-out over the SIX FAQs, same method and features (DEFAULT_CALIBRATION unchanged:
 *    nothing below moved these figures): demo 81.2 / 96.8 / 1.2 / 91.7;  FAQ 2 78.9 / 98.5 / 1.0 / 100;
 *    v1 78.6 / 96.7 / 1.5 / 91.4;  v2 65.7 / 91.9 / 2.5 / 87.9;  v3 42.6 / 83.0 / 1.6 / 96.9;
 *    FAQ 3 62.0 / 94.1 / 0.8 / 100;  pooled 69.8 / 93.6 / 1.5 / 93.4 (v3 ranking alone 72.5 / 83.5).
 *    Left out, v3 scores what it scored blind: the confidence DOES transfer; v3 is a harder FAQ (no
 *    alternates, long answers, families of siblings) and its ranking is the limit. A threshold
 *    chosen on v3 alone (an oracle, `--sweep`) would give 46.4 direct, other FAQs +2 to +4, and v2
 *    needs a HIGHER one than the rest: no per-FAQ threshold (self-calibration at build time) can be
 *    learned or validated from six FAQs. Of v3's 100 wrong first entries, 60 have the right one 4th or
 *    lower or absent: paraphrases sharing no word with the entry, which no weighting recovers.
 *    Tried without leave-one-FAQ-out gain (±0.5 point, or worse): features for the crowd of close
 *    candidates, the lead over the third, an entry's own lead over its siblings (asked its own
 *    question at build time), stability when the heaviest term is dropped, pairwise products of the
 *    main features, a weaker L2 penalty (`--lambda`: +0.5 direct, but 2.7% wrong on v3); in the
 *    ranking: field weights and length normalisation, K1 0.8 (top-1 +0.4 pooled, direct −0.5), the
 *    answer's first sentence as an extra phrasing (top-1 −2), ranking long messages on their question
 *    clauses (top-1 −8 on 20 words or more), synonym rings learned from the other FAQs' questions
 *    (top-1 −3 to −20).
 *    Tried on nine FAQs (v4 and v5 retired into tuning, 2026-12-05), without gain: LibreOffice's
 *    French thesaurus (Debian mythes-fr, 4.6 MB) bridging a question word the FAQ never uses to the
 *    FAQ's words among its synonyms (weight 0.5, 3 rarest: top-1 −0.3 to −0.9 on v1, v2, v5; weight
 *    1, 5 synonyms: −0.5 to −1.4 everywhere); and learning from agents' own phrasings, simulated by
 *    adding the questions of one half of each set whose right entry the agent would pick among the
 *    suggestions as alternates, measured on the other half: direct −3.7 to +1.7, wrong up to +2.3
 *    points (v3), short questions only ±1: agents' messages make noisy phrasings, not the clean
 *    alternates HR writes (an FAQ without alternates stays the worst case: see faq-advice.ts).
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
  /** Best candidate only: relative lead (−1..1) of its best phrasing's score over every other candidate's best phrasing. */
  readonly phrasingLead?: number;
  /** Best candidate only: relative lead (−1..1) of its answer-and-category score over every other candidate's. */
  readonly answerLead?: number;
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
  readonly phrasingLead: number;
  readonly answerLead: number;
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
    bias: -2.62, coverage: 0.68, questionCoverage: 0.81, knownCoverage: 0.18, unknownShare: -0.5, matchedRare: 0.58, topTermHit: 0.25,
    termCount: 0.62, margin: 0.49, coverageGap: 0, answerOnly: -0.53, runnerUpCovers: -0.33, phrasingRecall: 1, answerCoverage: 0.54,
    unknownConceptShare: -0.14, questionCoverageGap: 0.65, sameCategory: 0.45, recallGap: 0.82, otherCoversMore: -0.05,
    contrast: 0.77, exclusiveShare: 0.2, phrasingLead: 0.56, answerLead: 0.27,
  },
  answerMinConfidence: 0.77,
  answerMinMargin: 0,
  suggestMinConfidence: 0.16,
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
    top.contrast ?? (second ? 0 : 1), top.exclusiveShare ?? 0, top.phrasingLead ?? (second ? 0 : 1), top.answerLead ?? (second ? 0 : 1)];
}

/** Names of the model's weights, in the order of {@link featureVector}. */
export const FEATURE_NAMES = [
  'coverage', 'questionCoverage', 'knownCoverage', 'unknownShare', 'matchedRare', 'topTermHit', 'termCount', 'margin', 'coverageGap', 'answerOnly', 'runnerUpCovers',
  'phrasingRecall', 'answerCoverage', 'unknownConceptShare', 'questionCoverageGap', 'sameCategory', 'recallGap', 'otherCoversMore',
  'contrast', 'exclusiveShare', 'phrasingLead', 'answerLead',
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
