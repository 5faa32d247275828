/**
 * HR FAQ evaluation on the HELD-OUT set (bench/kb/heldout-v6/faq.csv + questions.csv, written
 * blind by someone who never saw the engine, its code or its data, and never used to tune): our
 * engine next to the two baselines, measured in the same run. Earlier held-out sets were retired into
 * tuning data once measured (v1: bench/kb/heldout-faq.csv, measured several times; v2:
 * bench/kb/heldout-v2/ to heldout-v5/, each measured once, then used to tune the next
 * engine): they are still reported,
 * as "retired, now tuning", so their figures are not read as held-out figures. Prints the figures
 * (and the engine's worst confusions, on the console only) and writes the figures into
 * docs/benchmarks.md between the kb-eval markers (other sections are kept).
 * Run: npm run bench:kb
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { FaqEngine } from '../core/kb/faq-engine.js';
import type { FaqEntry } from '../core/kb/faq-entry.js';
import { parseFaqCsv } from '../core/kb/faq-parser.js';
import { engineAnswerFn, evaluate, formatReport, KB_TARGETS, parseQuestionsCsv, type EvaluationReport, type LabelledQuestion } from '../core/kb/evaluate.js';
import { lunrBaseline, miniSearchBaseline } from './kb-baselines.js';

const read = (path: string): string => readFileSync(new URL(path, import.meta.url), 'utf8');

interface EvalSet { label: string; faqPath: string; faq: FaqEntry[]; questions: LabelledQuestion[]; note?: string }
const load = (label: string, faqPath: string, questionsPath: string, note?: string): EvalSet => ({
  label,
  faqPath,
  ...(note ? { note } : {}),
  faq: parseFaqCsv(read(faqPath), faqPath.split('/').pop()),
  questions: parseQuestionsCsv(read(questionsPath), questionsPath.split('/').pop()),
});
const HELDOUT_DIR = './kb/heldout-v6/';
if (!existsSync(new URL(`${HELDOUT_DIR}faq.csv`, import.meta.url)) || !existsSync(new URL(`${HELDOUT_DIR}questions.csv`, import.meta.url))) {
  console.error(`bench/${HELDOUT_DIR.slice(2)}faq.csv and questions.csv are missing: the blind held-out set must be written before this benchmark runs.`);
  process.exit(1);
}
const heldout = load('Held-out v6', `${HELDOUT_DIR}faq.csv`, `${HELDOUT_DIR}questions.csv`);
const RETIRED_NOTE = "Measured earlier as a held-out set, it is now one of the tuning FAQs, so the engine's figure here is not a held-out figure.";
// Earlier sets, still reported: each measured blind once, then retired into the tuning sets.
const earlier: EvalSet[] = [
  load('Held-out v5 (measured blind once on 2026-12-04: direct 53.1%, answer or suggestion 87.9%, wrong 3.4%, out of scope 94.5%; retired, now tuning)', './kb/heldout-v5/faq.csv', './kb/heldout-v5/questions.csv', RETIRED_NOTE),
  load('Held-out v4 (measured blind once on 2026-12-04: direct 64.2%, answer or suggestion 93.1%, wrong 1.1%, out of scope 100%; retired, now tuning)', './kb/heldout-v4/faq.csv', './kb/heldout-v4/questions.csv', RETIRED_NOTE),
  load('Held-out v3 (retired, now tuning)', './kb/heldout-v3/faq.csv', './kb/heldout-v3/questions.csv', RETIRED_NOTE),
  load('Held-out v2 (retired, now tuning)', './kb/heldout-v2/faq.csv', './kb/heldout-v2/questions.csv', RETIRED_NOTE),
  load('Held-out v1 (retired, now tuning)', './kb/heldout-faq.csv', './kb/heldout-questions.csv', RETIRED_NOTE),
];

/** The engine and both baselines on one set. */
const systemsOn = (set: EvalSet): [string, EvaluationReport][] => [
  ['Équipage engine', evaluate(set.questions, engineAnswerFn(FaqEngine.build(set.faq)))],
  ['MiniSearch (fuzzy 0.2, prefix)', evaluate(set.questions, miniSearchBaseline(set.faq))],
  ['Lunr + lunr-languages fr', evaluate(set.questions, lunrBaseline(set.faq))],
];
const heldoutSystems = systemsOn(heldout);
const earlierSystems = earlier.map((set) => [set, systemsOn(set)] as const);

const tuningFaq = parseFaqCsv(read('../core/kb/data/demo-faq.csv'), 'demo-faq.csv');
const tuningFiles: [string, string, string][] = [
  ['demo FAQ, short questions (tuning-questions.csv)', '../core/kb/data/demo-faq.csv', '../tests/fixtures/kb/tuning-questions.csv'],
  ['demo FAQ, varied questions (tuning-questions-2.csv)', '../core/kb/data/demo-faq.csv', '../tests/fixtures/kb/tuning-questions-2.csv'],
  ['second tuning FAQ (tuning-faq-2.csv)', '../tests/fixtures/kb/tuning-faq-2.csv', '../tests/fixtures/kb/tuning-faq-2-questions.csv'],
  ['third tuning FAQ (tuning-faq-3.csv)', '../tests/fixtures/kb/tuning-faq-3.csv', '../tests/fixtures/kb/tuning-faq-3-questions.csv'],
];
const tuningSets: [string, EvaluationReport][] = tuningFiles
  .filter(([, faq, questions]) => existsSync(new URL(faq, import.meta.url)) && existsSync(new URL(questions, import.meta.url)))
  .map(([name, faq, questions]) => [
    name,
    evaluate(parseQuestionsCsv(read(questions)), engineAnswerFn(faq.endsWith('demo-faq.csv') ? FaqEngine.build(tuningFaq) : FaqEngine.build(parseFaqCsv(read(faq))))),
  ]);

const row = (name: string, r: EvaluationReport): string =>
  `| ${name} | ${r.directCorrectPct}% | ${r.answerOrSuggestionPct}% | ${r.wrongDirectPct}% | ${r.outOfScopeNoDirectPct}% | ${r.smallTalk > 0 ? `${r.smallTalkPct}%` : '—'} |`;
const header = [
  '| System | In scope: direct answer correct | In scope: correct as answer or suggestion | In scope: wrong direct answer | Out of scope: no direct answer | Small talk |',
  '| --- | --- | --- | --- | --- | --- |',
];
const targets = `| Targets | ≥ ${KB_TARGETS.directCorrectPct}% | ≥ ${KB_TARGETS.answerOrSuggestionPct}% | ≤ ${KB_TARGETS.wrongDirectPctMax}% | ≥ ${KB_TARGETS.outOfScopeNoDirectPct}% | |`;
const describe = (set: EvalSet, r: EvaluationReport): string =>
  `${set.faq.length} FAQ entries, ${r.total} questions (${r.inScope} in scope, ${r.outOfScope} out of scope, ${r.smallTalk} small talk)`;
const engine = heldoutSystems[0]![1];
const table = [
  `**Held-out set v6** (bench/kb/heldout-v6/, written blind for another employer, a département of 2,300 agents — road crews, collège staff, foster carers —, never used to tune): ${describe(heldout, engine)}. `
    + 'Baselines: top result = direct answer. The engine was calibrated on the tuning sets only and measured here once.',
  '',
  ...header,
  ...heldoutSystems.map(([name, r]) => row(name, r)),
  targets,
  '',
  ...earlierSystems.flatMap(([set, systems]) => [
    `${set.label}: bench/${set.faqPath.slice(2)}, ${describe(set, systems[0]![1])}. `
      + (set.note ?? ''),
    '',
    ...header,
    ...systems.map(([name, r]) => row(name, r)),
    '',
  ]),
  'For reference, the engine on its other tuning sets (calibrated there; see core/kb/calibration.ts for the leave-one-FAQ-out figures):',
  '',
  ...tuningSets.map(([name, t]) => `- ${name}, ${t.total} questions: direct ${t.directCorrectPct}%, answer or suggestion ${t.answerOrSuggestionPct}%, `
    + `wrong direct ${t.wrongDirectPct}%, out of scope without direct answer ${t.outOfScopeNoDirectPct}%.`),
].join('\n');

// Held-out question text stays out of the docs: confusions are printed to the console only.
for (const [name, r] of heldoutSystems) console.log(`\n== ${heldout.label} — ${name}\n${formatReport(r, name === 'Équipage engine' ? 25 : 0)}`);
for (const [set, systems] of earlierSystems) for (const [name, r] of systems) console.log(`\n== ${set.label} — ${name}\n${formatReport(r, 0)}`);
for (const [name, t] of tuningSets) console.log(`\n== Engine on the tuning set: ${name}\n${formatReport(t, 0)}`);

const docPath = new URL('../docs/benchmarks.md', import.meta.url);
const START = '<!-- kb-eval:start -->';
const END = '<!-- kb-eval:end -->';
const section = `${START}\n${table}\n${END}`;
let doc = existsSync(docPath) ? readFileSync(docPath, 'utf8') : '# Benchmarks\n';
if (doc.includes(START) && doc.includes(END)) {
  doc = doc.slice(0, doc.indexOf(START)) + section + doc.slice(doc.indexOf(END) + END.length);
} else {
  doc = `${doc.trimEnd()}\n\n## HR FAQ engine: answer quality (\`npm run bench:kb\`)\n\n${section}\n`;
}
writeFileSync(docPath, doc);
console.log('\nwritten to docs/benchmarks.md');
