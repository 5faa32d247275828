/**
 * Calibration search on the TUNING set only (demo FAQ + tests/fixtures/kb/tuning-questions.csv).
 * Prints the current figures and the best thresholds of a grid; the chosen values are then
 * written by hand into core/kb/calibration.ts. Never run against the held-out set.
 * Run: npm run bench:kb-tune
 */
import { readFileSync } from 'node:fs';
import { DEFAULT_CALIBRATION, type Calibration } from '../core/kb/calibration.js';
import { FaqEngine } from '../core/kb/faq-engine.js';
import { parseFaqCsv } from '../core/kb/faq-parser.js';
import { engineAnswerFn, evaluate, formatReport, parseQuestionsCsv } from '../core/kb/evaluate.js';

const faq = parseFaqCsv(readFileSync(new URL('../core/kb/data/demo-faq.csv', import.meta.url), 'utf8'));
const questions = parseQuestionsCsv(readFileSync(new URL('../tests/fixtures/kb/tuning-questions.csv', import.meta.url), 'utf8'));

const current = evaluate(questions, engineAnswerFn(FaqEngine.build(faq)));
console.log('current calibration on the tuning set:\n' + formatReport(current, Number(process.argv[2] ?? 40)));

if (process.argv.includes('--grid')) {
  let best: { objective: number; calibration: Calibration; line: string } | null = null;
  for (const unknownWeight of [0.4, 0.6, 0.8, 1.0]) {
    for (const conceptBoost of [1, 1.5, 2]) {
      for (const answerMinConfidence of [0.45, 0.5, 0.55, 0.6, 0.65, 0.7]) {
        for (const answerMinMargin of [0.1, 0.15, 0.2, 0.25, 0.3]) {
          for (const suggestMinConfidence of [0.25, 0.3, 0.35, 0.4]) {
            const calibration: Calibration = { ...DEFAULT_CALIBRATION, unknownWeight, conceptBoost, answerMinConfidence, answerMinMargin, suggestMinConfidence };
            const r = evaluate(questions, engineAnswerFn(FaqEngine.build(faq, { calibration })));
            const objective = r.directCorrectPct - 4 * r.wrongDirectPct - (100 - r.outOfScopeNoDirectPct) + 0.3 * r.answerOrSuggestionPct;
            const line = `${JSON.stringify({ unknownWeight, conceptBoost, answerMinConfidence, answerMinMargin, suggestMinConfidence })} direct ${r.directCorrectPct} any ${r.answerOrSuggestionPct} wrong ${r.wrongDirectPct} oos ${r.outOfScopeNoDirectPct}`;
            if (!best || objective > best.objective) best = { objective, calibration, line };
          }
        }
      }
    }
  }
  console.log('best on the tuning set:', best?.line);
}
