/**
 * The HR FAQ answering engine: pure, in memory, offline. `FaqEngine.build(entries)` indexes the
 * FAQ; `ask(question)` answers directly, suggests a few entries, replies to small talk, or says
 * it does not know.
 *
 * How a question meets an entry:
 *  1. both go through the same analysis: normalization (accents, SMS, elisions), stop words,
 *     French stemming (with verb/noun overrides), and HR concepts from the vocabulary ("AT" and
 *     "accident de service" → `accident`; a narrow concept also counts as its broader one:
 *     "vacances" → `conge_annuel` and `conge`). French questions also get typo correction (against the FAQ's
 *     and vocabulary's words), English words translated (english.ts), and, for long messages,
 *     a lower weight for the clauses around the question (segment.ts). The kind of question (intent.ts:
 *     the steps to take, a definition) is read from the function words of the question and of HR's
 *     phrasings, and counts as a minor term: it tells apart siblings that share their subject;
 *  2. entries are scored with BM25F over three fields (each question or alternate on its own,
 *     the best one counting; then answer; then category), IDF over stems and concepts, so rare,
 *     discriminative words dominate; words that only say what kind of question it is ("combien",
 *     "quand", "passer") weigh less; the short list is re-ranked by coverage of the question;
 *  3. calibration.ts estimates the probability that the best entry is right (coverage, unknown
 *     words, rare words matched, lead over the runner-up...) and decides. Question words the FAQ
 *     does not know count against confidence: that is how a question outside the FAQ ends in
 *     "I don't know". Whether the best entry also leads on HR's phrasings alone and on its answer
 *     alone (two independent views) is part of that estimate.
 */
import type { Lang } from '../errors.js';
import { coverageOf, DEFAULT_CALIBRATION, decide, type Calibration, type CandidateFeatures } from './calibration.js';
import { translateEnglish } from './english.js';
import type { FaqEntry } from './faq-entry.js';
import { STOP_WORDS } from './hr-vocabulary.js';
import { questionIntents } from './intent.js';
import { normalizeTokens } from './normalize.js';
import { segmentMessage } from './segment.js';
import { detectSmallTalk, smallTalkReply, type SmallTalkIntent } from './small-talk.js';
import { stemWord } from './stemmer.js';
import { TypoCorrector } from './typo-corrector.js';
import { buildVocabulary, CONCEPT_PREFIX, phraseWords, type PhraseWord, type Vocabulary } from './vocabulary.js';

/** Outcome of a question. */
export type KbOutcome = 'answer' | 'suggestions' | 'none' | 'smalltalk';

/** What the engine answers. */
export interface KbAnswer {
  readonly outcome: KbOutcome;
  /** The entry given as the direct answer. */
  readonly entry: FaqEntry | null;
  /** Entries to pick from (outcome `suggestions`). */
  readonly suggestions: FaqEntry[];
  /** Confidence of the best candidate, 0..1 (1 for small talk). */
  readonly score: number;
  /** Language of the question (or the one asked for). */
  readonly lang: Lang;
  /** For small talk: the intent and the reply to show. */
  readonly smallTalk: { readonly intent: SmallTalkIntent; readonly reply: string } | null;
}

/** A ranked candidate, with the features calibration uses (exposed for evaluation and tuning). */
export interface RankedCandidate extends CandidateFeatures {
  readonly entry: FaqEntry;
}

/** Build options. */
export interface FaqEngineOptions {
  /** Vocabulary (default: built-in HR vocabulary). */
  readonly vocabulary?: Vocabulary;
  /** Calibration (default: {@link DEFAULT_CALIBRATION}). */
  readonly calibration?: Calibration;
}

/** BM25F parameters: field weights and saturation. Standard values; fields favour HR's own question wording. */
const FIELD_WEIGHTS = { question: 3, answer: 1, category: 0.5 } as const;
const FIELD_B = { question: 0.5, answer: 0.75, category: 0.3 } as const;
const K1 = 1.2;
const TOP_K = 8;
/** Candidates kept before re-ranking by coverage (the returned list is cut to the limit asked). */
const SHORTLIST = 30;
const RERANK_BASE = 0.25;
/**
 * Weight of phrasing recall (how much of the entry's own phrasing the question covers) in the
 * re-ranking: between a general entry and a more specific sibling that the question only half
 * describes ("AT ?": accident at work, not the commuting accident), the general one wins.
 */
const RERANK_RECALL = 0.1;

type FieldName = keyof typeof FIELD_WEIGHTS;

interface Posting {
  readonly docs: Int32Array;
  /** Saturated, field-weighted term frequency × idf, precomputed at build. */
  readonly contributions: Float64Array;
  /** 1 when the term occurs in the entry's question or alternates. */
  readonly inQuestion: Uint8Array;
  readonly idf: number;
}

const ENGLISH_MARKERS = new Set([
  'how', 'what', 'when', 'where', 'why', 'who', 'which', 'do', 'does', 'can', 'i', 'my', 'the', 'is', 'are', 'get', 'should',
  'leave', 'sick', 'work', 'pay', 'paid', 'please', 'need', 'want', 'have', 'off', 'lost', 'forgot', 'much', 'many', 'days',
  'thanks', 'thank', 'hello', 'hi', 'bye', 'goodbye', 'help',
]);
const FRENCH_MARKERS = new Set([
  'je', 'j', 'mon', 'ma', 'mes', 'le', 'la', 'les', 'de', 'des', 'du', 'est', 'comment', 'combien', 'quand', 'pour', 'c', 'que',
  'quoi', 'un', 'une', 'et', 'ou', 'jai', 'ai', 'suis', 'peux', 'faire', 'pas', 'en', 'on', 'il', 'ca', 'conges', 'jours',
]);

/** Language of a question: English when English markers outnumber French ones. */
export function detectLanguage(text: string): Lang {
  let en = 0;
  let fr = 0;
  for (const token of normalizeTokens(text)) {
    if (ENGLISH_MARKERS.has(token.text)) en += 1;
    if (FRENCH_MARKERS.has(token.text)) fr += 1;
  }
  return en > fr ? 'en' : 'fr';
}

/**
 * Terms that say what kind of question it is ("combien", "quand", "demander", "nouveau") rather
 * than what it is about, and generic verbs of motion and doing ("passer un concours", "passer à
 * 80 %", "partir en vacances", "partir à la retraite"): they help tell neighbours apart but must
 * not outweigh the subject of a question. They weigh `minorWeight` (calibration).
 */
const MINOR_TERMS: ReadonlySet<string> = new Set([
  ...['combien', 'quand', 'nouveau', 'demande'].map((c) => CONCEPT_PREFIX + c),
  ...['combien', 'nombre', 'quand', 'demande', 'demander', 'passer', 'partir', 'venir', 'arriver', 'trouver', 'voir', 'recevoir',
    'contacter', 'utiliser', 'obtenir', 'avoir', 'droit'].map(stemWord),
]);

/** Prefix of question-intent terms (intent.ts): concept-like terms that say what kind of answer is asked for. */
const INTENT_PREFIX = `${CONCEPT_PREFIX}?`;

/** True for terms that say what kind of question it is rather than what it is about (intents included). */
const isMinor = (term: string): boolean => MINOR_TERMS.has(term) || term.startsWith(INTENT_PREFIX);

/** True when the sorted doc list holds `d` (binary search). */
function hasDoc(docs: Int32Array, d: number): boolean {
  let lo = 0;
  let hi = docs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = docs[mid]!;
    if (v === d) return true;
    if (v < d) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** Weight of a question word that was typo-corrected: a correction may be a guess ("meteo" → "metro"). */
const CORRECTED_WEIGHT = 0.5;

/** The engine over one FAQ. Build once per import; `ask` is synchronous and allocation-light. */
export class FaqEngine {
  readonly entries: readonly FaqEntry[];
  private readonly vocabulary: Vocabulary;
  private readonly calibration: Calibration;
  /** Entry-level postings: answer + category contributions, and whether the term is anywhere in the entry. */
  private readonly postings = new Map<string, Posting>();
  /** Phrasing-level postings: each question or alternate is scored on its own, the best one counts. */
  private readonly phrasingPostings = new Map<string, { units: Int32Array; contributions: Float64Array }>();
  private readonly unitDoc: Int32Array;
  private readonly knownStems = new Set<string>();
  private readonly corrector: TypoCorrector;
  private readonly maxIdf: number;
  private readonly scores: Float64Array;
  private readonly matched: Float64Array;
  private readonly bestUnitScore: Float64Array;
  private readonly bestUnitMatched: Float64Array;
  private readonly unitScores: Float64Array;
  private readonly unitMatched: Float64Array;
  /** Per phrasing: total weight of its own terms, and the part of it the question matched (phrasing recall). */
  private readonly unitTotal: Float64Array;
  private readonly unitHit: Float64Array;
  private readonly bestUnitRecall: Float64Array;
  /** Per entry: question weight matched by terms found in the answer or category. */
  private readonly answerMatched: Float64Array;

  private constructor(entries: readonly FaqEntry[], options: FaqEngineOptions) {
    this.entries = entries;
    this.vocabulary = options.vocabulary ?? buildVocabulary();
    this.calibration = options.calibration ?? DEFAULT_CALIBRATION;
    const n = entries.length;

    const wordFrequency = new Map<string, number>();
    const analyse = (text: string, phrasing = false): Map<string, number> & { length?: number } => {
      const words = phraseWords(text);
      for (const { word } of words) wordFrequency.set(word, (wordFrequency.get(word) ?? 0) + 1);
      const terms = this.termsOf(words);
      // The kind of question (steps, definition) is read from HR's phrasings only: an answer's wording says nothing of it.
      if (phrasing) for (const intent of questionIntents(text)) terms.push(INTENT_PREFIX + intent);
      const tf = new Map<string, number>() as Map<string, number> & { length?: number };
      for (const term of terms) tf.set(term, (tf.get(term) ?? 0) + 1);
      tf.length = terms.length;
      return tf;
    };
    const unitTf: (Map<string, number> & { length?: number })[] = [];
    const unitDoc: number[] = [];
    const answerTf: (Map<string, number> & { length?: number })[] = [];
    const categoryTf: (Map<string, number> & { length?: number })[] = [];
    entries.forEach((entry, d) => {
      for (const phrasing of [entry.question, ...entry.alternates]) {
        unitTf.push(analyse(phrasing, true));
        unitDoc.push(d);
      }
      answerTf.push(analyse(entry.answer));
      categoryTf.push(analyse(entry.category ?? ''));
    });
    for (const word of this.vocabulary.words) if (!wordFrequency.has(word)) wordFrequency.set(word, 1);
    this.corrector = new TypoCorrector(wordFrequency);
    this.unitDoc = Int32Array.from(unitDoc);

    const average = (list: { length?: number }[]): number => {
      const total = list.reduce((a, b) => a + (b.length ?? 0), 0);
      return list.length > 0 && total > 0 ? total / list.length : 1;
    };
    const avgUnit = average(unitTf);
    const avgAnswer = average(answerTf);
    const avgCategory = average(categoryTf);
    const weighted = (tf: number, length: number, field: FieldName, avg: number): number =>
      tf === 0 ? 0 : (FIELD_WEIGHTS[field] * tf) / (1 - FIELD_B[field] + FIELD_B[field] * (length / avg));

    // Document frequency over entries (a term in any field of an entry counts once).
    const docsOf = new Map<string, Set<number>>();
    const inQuestionOf = new Map<string, Set<number>>();
    const add = (map: Map<string, Set<number>>, term: string, d: number): void => {
      const set = map.get(term);
      if (set) set.add(d);
      else map.set(term, new Set([d]));
    };
    unitTf.forEach((tf, u) => { for (const term of tf.keys()) { add(docsOf, term, unitDoc[u]!); add(inQuestionOf, term, unitDoc[u]!); } });
    answerTf.forEach((tf, d) => { for (const term of tf.keys()) add(docsOf, term, d); });
    categoryTf.forEach((tf, d) => { for (const term of tf.keys()) add(docsOf, term, d); });

    let maxIdf = 0;
    const idfOf = new Map<string, number>();
    for (const [term, docSet] of docsOf) {
      const docs = [...docSet].sort((a, b) => a - b);
      const idf = Math.log(1 + (n - docs.length + 0.5) / (docs.length + 0.5));
      idfOf.set(term, idf);
      maxIdf = Math.max(maxIdf, idf);
      const contributions = new Float64Array(docs.length);
      const inQuestion = new Uint8Array(docs.length);
      const inQuestionDocs = inQuestionOf.get(term);
      docs.forEach((d, i) => {
        const w = weighted(answerTf[d]!.get(term) ?? 0, answerTf[d]!.length ?? 0, 'answer', avgAnswer)
          + weighted(categoryTf[d]!.get(term) ?? 0, categoryTf[d]!.length ?? 0, 'category', avgCategory);
        contributions[i] = w === 0 ? 0 : (idf * w) / (K1 + w);
        inQuestion[i] = inQuestionDocs?.has(d) ? 1 : 0;
      });
      this.postings.set(term, { docs: Int32Array.from(docs), contributions, inQuestion, idf });
      if (!term.startsWith(CONCEPT_PREFIX)) this.knownStems.add(term);
    }
    const unitsOf = new Map<string, number[]>();
    unitTf.forEach((tf, u) => { for (const term of tf.keys()) { const l = unitsOf.get(term); if (l) l.push(u); else unitsOf.set(term, [u]); } });
    for (const [term, units] of unitsOf) {
      const idf = idfOf.get(term)!;
      const contributions = new Float64Array(units.length);
      units.forEach((u, i) => {
        const w = weighted(unitTf[u]!.get(term)!, unitTf[u]!.length ?? 0, 'question', avgUnit);
        contributions[i] = (idf * w) / (K1 + w);
      });
      this.phrasingPostings.set(term, { units: Int32Array.from(units), contributions });
    }
    const unitTotal = new Float64Array(unitDoc.length);
    unitTf.forEach((tf, u) => {
      for (const term of tf.keys()) unitTotal[u] = unitTotal[u]! + idfOf.get(term)! * this.termBoost(term);
    });
    this.unitTotal = unitTotal;
    this.maxIdf = maxIdf > 0 ? maxIdf : 1;
    this.scores = new Float64Array(n);
    this.matched = new Float64Array(n);
    this.bestUnitScore = new Float64Array(n);
    this.bestUnitMatched = new Float64Array(n);
    this.unitScores = new Float64Array(unitDoc.length);
    this.unitMatched = new Float64Array(unitDoc.length);
    this.unitHit = new Float64Array(unitDoc.length);
    this.bestUnitRecall = new Float64Array(n);
    this.answerMatched = new Float64Array(n);
  }

  /** Weight multiplier of a term: concepts boosted, terms that only say what kind of question it is lowered. */
  private termBoost(term: string): number {
    return (term.startsWith(CONCEPT_PREFIX) ? this.calibration.conceptBoost : 1) * (isMinor(term) ? this.calibration.minorWeight : 1);
  }

  /** Indexes the entries. */
  static build(entries: readonly FaqEntry[], options: FaqEngineOptions = {}): FaqEngine {
    return new FaqEngine(entries, options);
  }

  /** Stems of the content words and concept terms of the whole word sequence. */
  private termsOf(words: readonly PhraseWord[]): string[] {
    const stems = words.filter((w) => w.content).map((w) => stemWord(w.word));
    const concepts = this.vocabulary.match(words.map((w) => stemWord(w.word))).map((c) => CONCEPT_PREFIX + c);
    return [...stems, ...concepts];
  }

  /**
   * Weighted terms of a question: content words (English ones translated, typos corrected against
   * the FAQ's words) stemmed, plus HR concepts. Words of a long message outside its question-bearing
   * clauses get the context weight (segment.ts); corrected words and the concepts they alone bring
   * are flagged, as a correction may be a guess ("meteo" → "metro").
   */
  private questionTerms(question: string): Map<string, { weight: number; corrected: boolean }> {
    const terms = new Map<string, { weight: number; corrected: boolean }>();
    const english = detectLanguage(question) === 'en';
    const put = (term: string, weight: number, corrected: boolean): void => {
      const known = terms.get(term);
      if (!known) terms.set(term, { weight, corrected });
      else terms.set(term, { weight: Math.max(known.weight, weight), corrected: known.corrected && corrected });
    };
    for (const segment of segmentMessage(question)) {
      const weight = segment.focus ? 1 : this.calibration.contextWeight;
      const original = phraseWords(segment.text);
      const words: PhraseWord[] = [];
      const corrected = new Set<string>();
      for (const item of original) {
        const { word } = item;
        const french = english && item.content ? translateEnglish(word) : null;
        // Translations obey the same stop words as French text ("unused" → "non pris": "non" is not a term).
        if (french) { for (const w of french) if (w.length > 1) words.push({ word: w, content: !STOP_WORDS.has(w) }); continue; }
        // No typo correction in English: an English word the glossary lacks is not a misspelt French one ("come" is not "code").
        if (!item.content || english || this.corrector.has(word) || this.knownStems.has(stemWord(word))) { words.push(item); continue; }
        const fixed = this.corrector.correct(word);
        if (fixed === null) { words.push(item); continue; }
        corrected.add(stemWord(fixed));
        words.push({ word: fixed, content: true });
      }
      // Concepts from the words as written (English phrasings of the vocabulary) and as translated/corrected.
      const originalSpans = this.vocabulary.matchSpans(original.map((w) => stemWord(w.word)));
      const before = new Set(originalSpans.map((span) => span.concept));
      for (const concept of before) put(CONCEPT_PREFIX + concept, weight, false);
      const spans = this.vocabulary.matchSpans(words.map((w) => stemWord(w.word)));
      for (const { concept } of spans) {
        if (!before.has(concept)) put(CONCEPT_PREFIX + concept, weight, corrected.size > 0 && !english);
      }
      // The kind of question counts only when the FAQ phrases some entry that way: never as an unknown term.
      for (const intent of questionIntents(segment.text)) if (this.postings.has(INTENT_PREFIX + intent)) put(INTENT_PREFIX + intent, weight, false);
      // A word that names a concept the FAQ knows is not "unknown" even if the FAQ words it otherwise
      // ("blessé" for an FAQ that only says "accident"): the concept carries its meaning.
      const inKnownConcept = new Set<number>();
      for (const span of spans) {
        if (!this.postings.has(CONCEPT_PREFIX + span.concept)) continue;
        for (let k = span.start; k < span.end; k += 1) inKnownConcept.add(k);
      }
      // A word the FAQ knows inside such a span weighs less: the concept already counts it, and
      // counting it twice favours the entries that happen to use the same surface word.
      const spanWordWeight = weight * this.calibration.conceptWordWeight;
      words.forEach(({ word, content }, k) => {
        if (!content) return;
        const stem = stemWord(word);
        if (!this.postings.has(stem) && inKnownConcept.has(k)) return;
        put(stem, inKnownConcept.has(k) ? spanWordWeight : weight, corrected.has(stem));
      });
    }
    return terms;
  }

  /** Candidates ranked by relevance, with their features; empty when nothing matches. */
  rank(question: string, limit = TOP_K): RankedCandidate[] {
    const terms = this.questionTerms(question);
    if (terms.size === 0) return [];
    const { unknownWeight, conceptBoost, minorWeight } = this.calibration;
    let totalWeight = 0;
    let knownWeight = 0;
    let unknownTotal = 0;
    let knownTerms = 0;
    let unknownConcepts = 0;
    let topTerm: Posting | null = null;
    let topTermWeight = 0;
    const touched: number[] = [];
    // Known question terms and their weights, to compare the two best candidates term by term.
    const knownPostings: Posting[] = [];
    const knownWeights: number[] = [];
    const touchedUnits: number[] = [];
    for (const [term, info] of terms) {
      const isConcept = term.startsWith(CONCEPT_PREFIX);
      const boost = (isConcept ? conceptBoost : 1) * (isMinor(term) ? minorWeight : 1) * info.weight;
      const posting = this.postings.get(term);
      if (!posting) {
        // A word (or an HR concept) the FAQ does not know: the question may be about something else.
        const penalty = unknownWeight * this.maxIdf * boost;
        totalWeight += penalty;
        unknownTotal += penalty;
        if (isConcept) unknownConcepts += penalty;
        continue;
      }
      const weight = posting.idf * boost;
      totalWeight += weight;
      knownWeight += weight;
      knownTerms += 1;
      knownPostings.push(posting);
      knownWeights.push(info.corrected ? weight * CORRECTED_WEIGHT : weight);
      if (weight > topTermWeight && !info.corrected) { topTermWeight = weight; topTerm = posting; }
      const credit = info.corrected ? weight * CORRECTED_WEIGHT : weight;
      for (let i = 0; i < posting.docs.length; i += 1) {
        const d = posting.docs[i]!;
        if (this.matched[d] === 0) touched.push(d);
        this.scores[d] = this.scores[d]! + posting.contributions[i]! * boost;
        this.matched[d] = this.matched[d]! + credit;
        if (posting.contributions[i]! > 0) this.answerMatched[d] = this.answerMatched[d]! + credit;
      }
      const phrasings = this.phrasingPostings.get(term);
      if (phrasings) {
        for (let i = 0; i < phrasings.units.length; i += 1) {
          const u = phrasings.units[i]!;
          if (this.unitMatched[u] === 0) touchedUnits.push(u);
          this.unitScores[u] = this.unitScores[u]! + phrasings.contributions[i]! * boost;
          this.unitMatched[u] = this.unitMatched[u]! + credit;
          this.unitHit[u] = this.unitHit[u]! + posting.idf * (isConcept ? conceptBoost : 1) * (isMinor(term) ? minorWeight : 1) * (info.corrected ? CORRECTED_WEIGHT : 1);
        }
      }
    }
    for (const u of touchedUnits) {
      const d = this.unitDoc[u]!;
      if (this.unitScores[u]! > this.bestUnitScore[d]!) {
        this.bestUnitScore[d] = this.unitScores[u]!;
        this.bestUnitMatched[d] = this.unitMatched[u]!;
        this.bestUnitRecall[d] = this.unitTotal[u]! > 0 ? Math.min(1, this.unitHit[u]! / this.unitTotal[u]!) : 0;
      }
      this.unitScores[u] = 0;
      this.unitMatched[u] = 0;
      this.unitHit[u] = 0;
    }
    for (const d of touched) this.scores[d] = this.scores[d]! + this.bestUnitScore[d]!;
    // Keep the best `limit` candidates (small insertion list: limit is tiny).
    const best: number[] = [];
    const keep = Math.max(limit, SHORTLIST);
    for (const d of touched) {
      const score = this.scores[d]!;
      if (best.length < keep || score > this.scores[best[best.length - 1]!]!) {
        let pos = best.length;
        while (pos > 0 && this.scores[best[pos - 1]!]! < score) pos -= 1;
        best.splice(pos, 0, d);
        if (best.length > keep) best.pop();
      }
    }
    const unknownShare = totalWeight > 0 ? unknownTotal / totalWeight : 0;
    const docOf = new Map<RankedCandidate, number>();
    const ranked: RankedCandidate[] = best.map((d) => {
      const matched = this.matched[d]!;
      const features = {
        score: this.scores[d]!,
        coverage: totalWeight > 0 ? matched / totalWeight : 0,
        questionCoverage: totalWeight > 0 ? this.bestUnitMatched[d]! / totalWeight : 0,
        knownCoverage: knownWeight > 0 ? matched / knownWeight : 0,
        unknownShare,
        matchedRare: Math.min(matched / this.maxIdf, 4) / 4,
        topTermHit: topTerm !== null && hasDoc(topTerm.docs, d) ? 1 : 0,
        termCount: Math.min(knownTerms, 8) / 8,
        phrasingRecall: this.bestUnitRecall[d]!,
        answerCoverage: totalWeight > 0 ? this.answerMatched[d]! / totalWeight : 0,
        unknownConceptShare: totalWeight > 0 ? unknownConcepts / totalWeight : 0,
        category: this.entries[d]!.category,
      };
      // Re-rank the short list: relevance weighted by how much of the question the entry covers (and a
      // little by how much of the entry the question covers), so an entry that merely repeats one word
      // many times does not beat one that covers the question.
      const candidate = { entry: this.entries[d]!, ...features, score: features.score * (RERANK_BASE + coverageOf(features) + RERANK_RECALL * features.phrasingRecall) };
      docOf.set(candidate, d);
      return candidate;
    });
    ranked.sort((a, b) => b.score - a.score);
    // Agreement of the two fields: is the best candidate also the best on HR's phrasings alone, and on
    // its answer alone? A lead in both is evidence; a candidate carried by one field only is fragile.
    let phrasingLead = 0;
    let answerLead = 0;
    if (ranked.length > 0) {
      const d0 = docOf.get(ranked[0]!)!;
      const lead = (own: number, other: number): number => (Math.max(own, other) > 0 ? (own - other) / Math.max(own, other) : 0);
      let otherPhrasing = 0;
      let otherAnswer = 0;
      for (const d of best) {
        if (d === d0) continue;
        otherPhrasing = Math.max(otherPhrasing, this.bestUnitScore[d]!);
        otherAnswer = Math.max(otherAnswer, this.scores[d]! - this.bestUnitScore[d]!);
      }
      phrasingLead = lead(this.bestUnitScore[d0]!, otherPhrasing);
      answerLead = lead(this.scores[d0]! - this.bestUnitScore[d0]!, otherAnswer);
    }
    ranked.length = Math.min(ranked.length, limit);
    if (ranked.length > 0) {
      // Contrast of the two best: the question's terms that one holds and the other does not. Terms
      // both hold say nothing about which is right (sibling entries share their topic words), so
      // the lead on the other terms tells neighbours apart whatever the FAQ's size or wording.
      const d0 = docOf.get(ranked[0]!)!;
      const d1 = ranked.length > 1 ? docOf.get(ranked[1]!)! : -1;
      let own = 0;
      let rival = 0;
      for (let t = 0; t < knownPostings.length; t += 1) {
        const docs = knownPostings[t]!.docs;
        const in0 = hasDoc(docs, d0);
        const in1 = d1 >= 0 && hasDoc(docs, d1);
        if (in0 && !in1) own += knownWeights[t]!;
        else if (in1 && !in0) rival += knownWeights[t]!;
      }
      const contrast = d1 < 0 ? 1 : own + rival > 0 ? (own - rival) / (own + rival) : 0;
      ranked[0] = { ...ranked[0]!, contrast, exclusiveShare: totalWeight > 0 ? own / totalWeight : 0, phrasingLead, answerLead };
    }
    for (const d of touched) {
      this.scores[d] = 0;
      this.matched[d] = 0;
      this.bestUnitScore[d] = 0;
      this.bestUnitMatched[d] = 0;
      this.bestUnitRecall[d] = 0;
      this.answerMatched[d] = 0;
    }
    return ranked;
  }

  /** Answers a question: direct answer, suggestions, small talk, or none. */
  ask(question: string, lang?: Lang): KbAnswer {
    const language = lang ?? detectLanguage(question);
    const intent = detectSmallTalk(question);
    if (intent !== null) {
      return { outcome: 'smalltalk', entry: null, suggestions: [], score: 1, lang: language, smallTalk: { intent, reply: smallTalkReply(intent, language) } };
    }
    const ranked = this.rank(question);
    const decision = decide(ranked, this.calibration);
    const round = (x: number): number => Math.round(x * 1000) / 1000;
    return {
      outcome: decision.outcome,
      entry: decision.answer === null ? null : ranked[decision.answer]!.entry,
      suggestions: decision.suggestions.map((i) => ranked[i]!.entry),
      score: round(decision.confidence),
      lang: language,
      smallTalk: null,
    };
  }
}
