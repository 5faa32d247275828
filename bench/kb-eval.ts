/**
 * HR FAQ evaluation on the HELD-OUT set (bench/kb/heldout-faq.csv + heldout-questions.csv): our
 * engine next to the two baselines, measured in the same run. Prints a table and writes it into
 * docs/benchmarks.md between the kb-eval markers (other sections are kept).
 * Run: npm run bench:kb
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { FaqEngine } from '../core/kb/faq-engine.js';
import { parseFaqCsv } from '../core/kb/faq-parser.js';
import { engineAnswerFn, evaluate, formatReport, KB_TARGETS, parseQuestionsCsv, type EvaluationReport } from '../core/kb/evaluate.js';
import { lunrBaseline, miniSearchBaseline } from './kb-baselines.js';

const read = (path: string): string => readFileSync(new URL(path, import.meta.url), 'utf8');
const heldoutFaq = parseFaqCsv(read('./kb/heldout-faq.csv'), 'heldout-faq.csv');
const heldoutQuestions = parseQuestionsCsv(read('./kb/heldout-questions.csv'), 'heldout-questions.csv');
const tuningFaq = parseFaqCsv(read('../core/kb/data/demo-faq.csv'), 'demo-faq.csv');
const tuningFaq2 = parseFaqCsv(read('../tests/fixtures/kb/tuning-faq-2.csv'), 'tuning-faq-2.csv');
const tuningSets: [string, EvaluationReport][] = [
  ['demo FAQ, short questions (tuning-questions.csv)', evaluate(parseQuestionsCsv(read('../tests/fixtures/kb/tuning-questions.csv')), engineAnswerFn(FaqEngine.build(tuningFaq)))],
  ['demo FAQ, varied questions (tuning-questions-2.csv)', evaluate(parseQuestionsCsv(read('../tests/fixtures/kb/tuning-questions-2.csv')), engineAnswerFn(FaqEngine.build(tuningFaq)))],
  ['second tuning FAQ (tuning-faq-2.csv)', evaluate(parseQuestionsCsv(read('../tests/fixtures/kb/tuning-faq-2-questions.csv')), engineAnswerFn(FaqEngine.build(tuningFaq2)))],
];

const systems: [string, EvaluationReport][] = [
  ['Équipage engine', evaluate(heldoutQuestions, engineAnswerFn(FaqEngine.build(heldoutFaq)))],
  ['MiniSearch (fuzzy 0.2, prefix)', evaluate(heldoutQuestions, miniSearchBaseline(heldoutFaq))],
  ['Lunr + lunr-languages fr', evaluate(heldoutQuestions, lunrBaseline(heldoutFaq))],
];

const row = (name: string, r: EvaluationReport): string =>
  `| ${name} | ${r.directCorrectPct}% | ${r.answerOrSuggestionPct}% | ${r.wrongDirectPct}% | ${r.outOfScopeNoDirectPct}% | ${r.smallTalk > 0 ? `${r.smallTalkPct}%` : '—'} |`;
const engine = systems[0]![1];
const table = [
  `Held-out set: ${heldoutFaq.length} FAQ entries (another commune's wording), ${engine.total} questions `
    + `(${engine.inScope} in scope, ${engine.outOfScope} out of scope, ${engine.smallTalk} small talk). `
    + 'Baselines: top result = direct answer. Thresholds were chosen on the tuning sets only.',
  '',
  '| System | In scope: direct answer correct | In scope: correct as answer or suggestion | In scope: wrong direct answer | Out of scope: no direct answer | Small talk |',
  '| --- | --- | --- | --- | --- | --- |',
  ...systems.map(([name, r]) => row(name, r)),
  `| Targets | ≥ ${KB_TARGETS.directCorrectPct}% | ≥ ${KB_TARGETS.answerOrSuggestionPct}% | ≤ ${KB_TARGETS.wrongDirectPctMax}% | ≥ ${KB_TARGETS.outOfScopeNoDirectPct}% | |`,
  '',
  'For reference, the engine on its tuning sets (calibrated there; see core/kb/calibration.ts for the cross-validated figures):',
  '',
  ...tuningSets.map(([name, t]) => `- ${name}, ${t.total} questions: direct ${t.directCorrectPct}%, answer or suggestion ${t.answerOrSuggestionPct}%, `
    + `wrong direct ${t.wrongDirectPct}%, out of scope without direct answer ${t.outOfScopeNoDirectPct}%.`),
  '',
  'Worst confusions of the engine on the held-out set:',
  '',
  ...engine.confusions.slice(0, 12).map((c) =>
    `- [${c.kind}] “${c.question}” — expected ${c.expectedId ?? '(none)'}, got ${c.outcome}${c.gotId ? ` ${c.gotId}` : ''}${c.suggestions.length ? ` [${c.suggestions.join(', ')}]` : ''}`),
].join('\n');

for (const [name, r] of systems) console.log(`\n== ${name}\n${formatReport(r, name === 'Équipage engine' ? 25 : 0)}`);
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
