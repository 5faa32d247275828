/**
 * Calibration of the FAQ engine on the TUNING sets only (never the held-out set, bench/kb/heldout-v2/):
 *  - t1: demo FAQ + tests/fixtures/kb/tuning-questions.csv (short questions);
 *  - t2: demo FAQ + tests/fixtures/kb/tuning-questions-2.csv (long stories, SMS, typos, English, out of scope);
 *  - f2: tests/fixtures/kb/tuning-faq-2.csv (a second FAQ, other wording) + its questions;
 *  - v1: the first held-out set (bench/kb/heldout-faq.csv + heldout-questions.csv), retired after
 *    being measured several times and now tuning data (a third FAQ, for leave-one-FAQ-out).
 * Prints the engine's figures on each set with the current calibration. With `--fit`, fits the
 * logistic confidence model and the thresholds of core/kb/calibration.ts (method in its module
 * comment), and reports 5-fold cross-validated figures and leave-one-FAQ-out figures, so the
 * chosen values are judged on questions they were not fitted on. The values are then copied by
 * hand into DEFAULT_CALIBRATION. `--grid` also searches the ranking weights (unknown words,
 * concepts, context clauses) by cross-validated objective. Figures of the current calibration
 * are quoted in core/kb/calibration.ts.
 * Run: npm run bench:kb-tune [-- --fit] [-- --grid] [-- --worst=40]
 */
import { existsSync, readFileSync } from 'node:fs';
import { DEFAULT_CALIBRATION, FEATURE_NAMES, featureVector, marginOf, type Calibration, type ConfidenceModel } from '../core/kb/calibration.js';
import { FaqEngine } from '../core/kb/faq-engine.js';
import { parseFaqCsv } from '../core/kb/faq-parser.js';
import { engineAnswerFn, evaluate, formatReport, parseQuestionsCsv, SMALLTALK_ID, type LabelledQuestion } from '../core/kb/evaluate.js';
import { detectSmallTalk } from '../core/kb/small-talk.js';
import type { FaqEntry } from '../core/kb/faq-entry.js';

const url = (path: string): URL => new URL(path, import.meta.url);
const read = (path: string): string => readFileSync(url(path), 'utf8');
interface TuningSet { name: string; faqName: string; faq: FaqEntry[]; questions: LabelledQuestion[] }
const demo = parseFaqCsv(read('../core/kb/data/demo-faq.csv'));
const sets: TuningSet[] = [
  { name: 't1', faqName: 'demo', faq: demo, questions: parseQuestionsCsv(read('../tests/fixtures/kb/tuning-questions.csv')) },
  { name: 't2', faqName: 'demo', faq: demo, questions: parseQuestionsCsv(read('../tests/fixtures/kb/tuning-questions-2.csv')) },
];
if (existsSync(url('../tests/fixtures/kb/tuning-faq-2.csv'))) {
  sets.push({
    name: 'f2', faqName: 'faq2', faq: parseFaqCsv(read('../tests/fixtures/kb/tuning-faq-2.csv')),
    questions: parseQuestionsCsv(read('../tests/fixtures/kb/tuning-faq-2-questions.csv')),
  });
}
// The first held-out set, retired after being measured several times: now tuning data.
sets.push({
  name: 'v1', faqName: 'v1', faq: parseFaqCsv(read('./kb/heldout-faq.csv')), questions: parseQuestionsCsv(read('./kb/heldout-questions.csv')),
});
const worstArg = process.argv.find((a) => a.startsWith('--worst='));
const worst = worstArg ? Number(worstArg.slice('--worst='.length)) : 0;

for (const set of sets) {
  const report = evaluate(set.questions, engineAnswerFn(FaqEngine.build(set.faq)));
  console.log(`\n== ${set.name} (${set.questions.length} questions)\n${formatReport(report, worst)}`);
}

/** One question seen through the engine: the features of its best candidate and what a decision would give. */
interface Sample {
  set: string;
  faqName: string;
  expected: string | null;
  x: number[];
  y: number;
  margin: number;
  ids: string[];
  scores: number[];
}

function samplesOf(calibration: Calibration): Sample[] {
  const out: Sample[] = [];
  for (const set of sets) {
    const engine = FaqEngine.build(set.faq, { calibration });
    for (const q of set.questions) {
      if (q.expectedId === SMALLTALK_ID || detectSmallTalk(q.question) !== null) continue;
      const ranked = engine.rank(q.question);
      const margin = marginOf(ranked);
      const top = ranked[0];
      out.push({
        set: set.name, faqName: set.faqName, expected: q.expectedId,
        x: featureVector(ranked),
        y: top && top.entry.id === q.expectedId ? 1 : 0,
        margin, ids: ranked.map((c) => c.entry.id), scores: ranked.map((c) => c.score),
      });
    }
  }
  return out;
}

/** L2-regularised logistic regression by batch gradient descent (features are all 0..1). */
function fitLogistic(samples: readonly Sample[], lambda = 0.01, epochs = 3000, rate = 0.5): number[] {
  const dims = FEATURE_NAMES.length;
  const w = new Array<number>(dims + 1).fill(0);
  for (let epoch = 0; epoch < epochs; epoch += 1) {
    const grad = new Array<number>(dims + 1).fill(0);
    for (const s of samples) {
      let z = w[0]!;
      for (let i = 0; i < dims; i += 1) z += w[i + 1]! * s.x[i]!;
      const err = 1 / (1 + Math.exp(-z)) - s.y;
      grad[0] = grad[0]! + err;
      for (let i = 0; i < dims; i += 1) grad[i + 1] = grad[i + 1]! + err * s.x[i]!;
    }
    for (let i = 0; i <= dims; i += 1) w[i] = w[i]! - rate * (grad[i]! / samples.length + (i > 0 ? lambda * w[i]! : 0));
  }
  return w;
}

const prob = (w: readonly number[], x: readonly number[]): number => {
  let z = w[0]!;
  for (let i = 0; i < x.length; i += 1) z += w[i + 1]! * x[i]!;
  return 1 / (1 + Math.exp(-z));
};

interface Figures { direct: number; any: number; wrong: number; oos: number; n: number }
function figures(samples: readonly Sample[], w: readonly number[], answerMin: number, suggestMin: number, calibration: Calibration, marginMin = calibration.answerMinMargin): Figures {
  let inScope = 0, direct = 0, any = 0, wrong = 0, oos = 0, oosOk = 0;
  for (const s of samples) {
    const p = s.ids.length === 0 ? 0 : prob(w, s.x);
    const answered = p >= answerMin && s.margin >= marginMin;
    const suggestions = !answered && p >= suggestMin
      ? s.ids.filter((_, i) => s.scores[i]! >= calibration.suggestScoreRatio * s.scores[0]!).slice(0, calibration.maxSuggestions) : [];
    if (s.expected === null) { oos += 1; if (!answered) oosOk += 1; continue; }
    inScope += 1;
    if (answered) { if (s.y === 1) { direct += 1; any += 1; } else wrong += 1; } else if (suggestions.includes(s.expected)) any += 1;
  }
  const pct = (a: number, b: number): number => (b === 0 ? 0 : (100 * a) / b);
  return { direct: pct(direct, inScope), any: pct(any, inScope), wrong: pct(wrong, inScope), oos: pct(oosOk, oos), n: samples.length };
}

const MAX_WRONG = 2;
const MIN_OOS = 90;
interface Thresholds { answerMin: number; suggestMin: number; marginMin: number }
/**
 * The margin floor and answer threshold with the most direct answers while the safety limits hold
 * on EVERY tuning set taken alone (not only on their pool: a new FAQ may look like the worst of
 * them), then the suggestion threshold.
 */
function chooseThresholds(samples: readonly Sample[], w: readonly number[], calibration: Calibration): Thresholds {
  let best: { direct: number; answerMin: number; marginMin: number } = { direct: -1, answerMin: 0.95, marginMin: 0.1 };
  const bySet = [...new Set(samples.map((s) => s.set))].map((name) => samples.filter((s) => s.set === name));
  for (const marginMin of [0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3]) {
    for (let t = 0.95; t >= 0.3; t -= 0.01) {
      const f = figures(samples, w, t, 0, calibration, marginMin);
      const unsafe = bySet.some((list) => {
        const g = figures(list, w, t, 0, calibration, marginMin);
        return g.wrong > MAX_WRONG || (g.oos < MIN_OOS && list.some((s) => s.expected === null));
      });
      if (unsafe) break;
      if (f.direct > best.direct) best = { direct: f.direct, answerMin: t, marginMin };
    }
  }
  const { answerMin, marginMin } = best;
  const base = figures(samples, w, answerMin, 0.05, calibration, marginMin);
  let suggestMin = 0.05;
  for (let t = 0.05; t <= answerMin; t += 0.01) {
    // Suggestions to an out-of-scope question are harmless; keep recall within half a point of the most permissive.
    if (figures(samples, w, answerMin, t, calibration, marginMin).any >= base.any - 0.5) suggestMin = t;
  }
  return { answerMin: round(answerMin), suggestMin: round(suggestMin), marginMin };
}

const fmt = (f: Figures): string => `direct ${f.direct.toFixed(1)} any ${f.any.toFixed(1)} wrong ${f.wrong.toFixed(1)} oos ${f.oos.toFixed(1)} (n=${f.n})`;

function crossValidate(samples: readonly Sample[], calibration: Calibration, folds = 5): Figures {
  let inScope = 0, direct = 0, any = 0, wrong = 0, oos = 0, oosOk = 0;
  for (let k = 0; k < folds; k += 1) {
    const train = samples.filter((_, i) => i % folds !== k);
    const test = samples.filter((_, i) => i % folds === k);
    const w = fitLogistic(train, 0.01, 1500);
    const t = chooseThresholds(train, w, calibration);
    const f = figures(test, w, t.answerMin, t.suggestMin, calibration, t.marginMin);
    const testIn = test.filter((s) => s.expected !== null).length;
    const testOos = test.length - testIn;
    inScope += testIn; oos += testOos;
    direct += (f.direct * testIn) / 100; any += (f.any * testIn) / 100; wrong += (f.wrong * testIn) / 100; oosOk += (f.oos * testOos) / 100;
  }
  const pct = (a: number, b: number): number => (b === 0 ? 0 : (100 * a) / b);
  return { direct: pct(direct, inScope), any: pct(any, inScope), wrong: pct(wrong, inScope), oos: pct(oosOk, oos), n: samples.length };
}

function report(calibration: Calibration, verbose: boolean): { objective: number; w: number[]; thresholds: Thresholds } {
  const samples = samplesOf(calibration);
  const w = fitLogistic(samples);
  const thresholds = chooseThresholds(samples, w, calibration);
  const cv = crossValidate(samples, calibration);
  const objective = cv.direct + 0.5 * cv.any - 10 * Math.max(0, cv.wrong - 2) - Math.max(0, 90 - cv.oos);
  if (verbose) {
    const at = (list: readonly Sample[]): Figures => figures(list, w, thresholds.answerMin, thresholds.suggestMin, calibration, thresholds.marginMin);
    console.log(`\nfitted on all tuning sets: ${fmt(at(samples))}`);
    for (const set of sets) console.log(`  ${set.name}: ${fmt(at(samples.filter((s) => s.set === set.name)))}`);
    console.log(`5-fold cross-validated: ${fmt(cv)}`);
    for (const t of [0.5, 0.6, 0.7, 0.8, 0.9]) console.log(`  answer threshold ${t}: ${fmt(figures(samples, w, t, thresholds.suggestMin, calibration, thresholds.marginMin))}`);
    const faqs = [...new Set(sets.map((s) => s.faqName))];
    if (faqs.length > 1) {
      const pooled = { direct: 0, any: 0, wrong: 0, oos: 0, inScope: 0, outOfScope: 0 };
      for (const faq of faqs) {
        const train = samples.filter((s) => s.faqName !== faq);
        const test = samples.filter((s) => s.faqName === faq);
        const wf = fitLogistic(train);
        const t = chooseThresholds(train, wf, calibration);
        const f = figures(test, wf, t.answerMin, t.suggestMin, calibration, t.marginMin);
        const testIn = test.filter((s) => s.expected !== null).length;
        pooled.inScope += testIn; pooled.outOfScope += test.length - testIn;
        pooled.direct += f.direct * testIn; pooled.any += f.any * testIn; pooled.wrong += f.wrong * testIn; pooled.oos += f.oos * (test.length - testIn);
        console.log(`leave-one-FAQ-out, fitted without ${faq}, measured on ${faq}: ${fmt(f)} (answer threshold ${t.answerMin})`);
      }
      console.log(`leave-one-FAQ-out, pooled: ${fmt({
        direct: pooled.direct / pooled.inScope, any: pooled.any / pooled.inScope, wrong: pooled.wrong / pooled.inScope,
        oos: pooled.oos / pooled.outOfScope, n: samples.length,
      })}`);
    }
    const model = Object.fromEntries([['bias', round(w[0]!)], ...FEATURE_NAMES.map((n, i) => [n, round(w[i + 1]!)])]) as unknown as ConfidenceModel;
    console.log(`\nmodel: ${JSON.stringify(model)}\nanswerMinConfidence: ${thresholds.answerMin}, answerMinMargin: ${thresholds.marginMin}, suggestMinConfidence: ${thresholds.suggestMin}`);
  }
  return { objective, w, thresholds };
}
const round = (x: number): number => Math.round(x * 100) / 100;

if (process.argv.includes('--grid')) {
  let best: { objective: number; line: string } | null = null;
  for (const unknownWeight of [0.4, 0.6, 0.8, 1.0]) {
    for (const conceptBoost of [1, 1.5]) {
      for (const contextWeight of [0.3, 0.5, 0.7]) {
        const calibration = { ...DEFAULT_CALIBRATION, unknownWeight, conceptBoost, contextWeight };
        const { objective } = report(calibration, false);
        const line = JSON.stringify({ unknownWeight, conceptBoost, contextWeight, objective: round(objective) });
        console.log(line);
        if (!best || objective > best.objective) best = { objective, line };
      }
    }
  }
  console.log('best:', best?.line);
}
if (process.argv.includes('--fit')) report(DEFAULT_CALIBRATION, true);
