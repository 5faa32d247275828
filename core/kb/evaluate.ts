/**
 * Evaluation of an FAQ answering system on a labelled question set (CSV `question,expected_id`;
 * empty expected id = out of scope; `__smalltalk__` = small talk). Works for the engine and for
 * any baseline that can be wrapped as a {@link AnswerFn}. Used by `bench/kb-eval.ts`, the tests,
 * and later `equipage kb eval`.
 */
import { parse } from 'csv-parse/sync';
import { EquipageError } from '../errors.js';
import type { FaqEngine, KbOutcome } from './faq-engine.js';
import { foldText } from './normalize.js';

/** Expected id of small-talk questions in an evaluation set. */
export const SMALLTALK_ID = '__smalltalk__';

/** One labelled question. `expectedId` is null when the question is out of scope. */
export interface LabelledQuestion {
  readonly question: string;
  readonly expectedId: string | null;
}

/** What a system answered, reduced to ids. */
export interface SystemAnswer {
  readonly outcome: KbOutcome;
  readonly id: string | null;
  readonly suggestions: readonly string[];
}

/** A system under evaluation. */
export type AnswerFn = (question: string) => SystemAnswer;

/** One question where the system gave a wrong direct answer, or missed. */
export interface Confusion {
  readonly question: string;
  readonly expectedId: string | null;
  readonly outcome: KbOutcome;
  readonly gotId: string | null;
  readonly suggestions: readonly string[];
  readonly kind: 'wrong-answer' | 'out-of-scope-answered' | 'missed' | 'smalltalk-missed';
}

/** Figures of one evaluation (percentages 0..100, one decimal). */
export interface EvaluationReport {
  readonly total: number;
  readonly inScope: number;
  readonly outOfScope: number;
  readonly smallTalk: number;
  /** In scope: the right entry is the direct answer. */
  readonly directCorrectPct: number;
  /** In scope: the right entry is the direct answer or among the suggestions. */
  readonly answerOrSuggestionPct: number;
  /** In scope: a wrong entry is given as the direct answer. */
  readonly wrongDirectPct: number;
  /** In scope: share answered with suggestions / with "none". */
  readonly suggestionsPct: number;
  readonly nonePct: number;
  /** Out of scope: share that got no direct answer. */
  readonly outOfScopeNoDirectPct: number;
  /** Small talk recognised as small talk. */
  readonly smallTalkPct: number;
  /** Wrong direct answers first (the worst outcome), then out-of-scope answered, then misses. */
  readonly confusions: Confusion[];
}

/** Parses an evaluation CSV (`question,expected_id`). */
export function parseQuestionsCsv(text: string, file = 'questions.csv'): LabelledQuestion[] {
  let records: string[][];
  try {
    records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
  } catch (error) {
    throw new EquipageError('EQP_ERR_KB_IMPORT_INVALID', { file, count: 1 }, { details: [{ row: null, column: null, message: `CSV illisible : ${(error as Error).message}`, messageEn: `unreadable CSV: ${(error as Error).message}` }] });
  }
  const header = (records[0] ?? []).map((h) => foldText(h).trim());
  const q = header.indexOf('question');
  const e = header.findIndex((h) => h === 'expected_id' || h === 'expected' || h === 'id');
  if (q < 0 || e < 0) {
    throw new EquipageError('EQP_ERR_KB_IMPORT_INVALID', { file, count: 1 }, {
      details: [{ row: 1, column: null, message: "l'en-tête doit être « question,expected_id »", messageEn: 'header must be "question,expected_id"' }],
    });
  }
  return records.slice(1)
    .filter((r) => (r[q] ?? '').trim() !== '')
    .map((r) => ({ question: r[q]!.trim(), expectedId: (r[e] ?? '').trim() === '' ? null : r[e]!.trim() }));
}

/** The engine as an {@link AnswerFn}. */
export function engineAnswerFn(engine: FaqEngine): AnswerFn {
  return (question) => {
    const answer = engine.ask(question);
    return { outcome: answer.outcome, id: answer.entry?.id ?? null, suggestions: answer.suggestions.map((s) => s.id) };
  };
}

const pct = (part: number, whole: number): number => (whole === 0 ? 0 : Math.round((1000 * part) / whole) / 10);

/** Runs every question through the system and computes the figures. */
export function evaluate(questions: readonly LabelledQuestion[], answer: AnswerFn): EvaluationReport {
  let inScope = 0, outOfScope = 0, smallTalk = 0;
  let directCorrect = 0, anyCorrect = 0, wrongDirect = 0, suggestions = 0, none = 0;
  let oosNoDirect = 0, smallTalkOk = 0;
  const confusions: Confusion[] = [];
  for (const { question, expectedId } of questions) {
    const got = answer(question);
    const base = { question, expectedId, outcome: got.outcome, gotId: got.id, suggestions: got.suggestions };
    if (expectedId === SMALLTALK_ID) {
      smallTalk += 1;
      if (got.outcome === 'smalltalk') smallTalkOk += 1;
      else confusions.push({ ...base, kind: 'smalltalk-missed' });
    } else if (expectedId === null) {
      outOfScope += 1;
      if (got.outcome !== 'answer') oosNoDirect += 1;
      else confusions.push({ ...base, kind: 'out-of-scope-answered' });
    } else {
      inScope += 1;
      if (got.outcome === 'answer') {
        if (got.id === expectedId) { directCorrect += 1; anyCorrect += 1; }
        else { wrongDirect += 1; confusions.push({ ...base, kind: 'wrong-answer' }); }
      } else {
        if (got.outcome === 'suggestions') suggestions += 1;
        else none += 1;
        if (got.suggestions.includes(expectedId)) anyCorrect += 1;
        else confusions.push({ ...base, kind: 'missed' });
      }
    }
  }
  const order = { 'wrong-answer': 0, 'out-of-scope-answered': 1, missed: 2, 'smalltalk-missed': 3 } as const;
  confusions.sort((a, b) => order[a.kind] - order[b.kind]);
  return {
    total: questions.length,
    inScope,
    outOfScope,
    smallTalk,
    directCorrectPct: pct(directCorrect, inScope),
    answerOrSuggestionPct: pct(anyCorrect, inScope),
    wrongDirectPct: pct(wrongDirect, inScope),
    suggestionsPct: pct(suggestions, inScope),
    nonePct: pct(none, inScope),
    outOfScopeNoDirectPct: pct(oosNoDirect, outOfScope),
    smallTalkPct: pct(smallTalkOk, smallTalk),
    confusions,
  };
}

/** The targets of the issue, checked against a report. */
export const KB_TARGETS = {
  answerOrSuggestionPct: 90,
  directCorrectPct: 80,
  wrongDirectPctMax: 3,
  outOfScopeNoDirectPct: 85,
} as const;

/** Human-readable summary lines of a report (French labels are for HR; figures are universal). */
export function formatReport(report: EvaluationReport, worst = 10): string {
  const lines = [
    `questions: ${report.total} (in scope ${report.inScope}, out of scope ${report.outOfScope}, small talk ${report.smallTalk})`,
    `in scope  — direct answer correct: ${report.directCorrectPct}% (target ≥ ${KB_TARGETS.directCorrectPct}%)`,
    `in scope  — correct as answer or suggestion: ${report.answerOrSuggestionPct}% (target ≥ ${KB_TARGETS.answerOrSuggestionPct}%)`,
    `in scope  — wrong direct answer: ${report.wrongDirectPct}% (target ≤ ${KB_TARGETS.wrongDirectPctMax}%)`,
    `in scope  — suggestions: ${report.suggestionsPct}%, none: ${report.nonePct}%`,
    `out of scope — no direct answer: ${report.outOfScopeNoDirectPct}% (target ≥ ${KB_TARGETS.outOfScopeNoDirectPct}%)`,
    `small talk recognised: ${report.smallTalkPct}%`,
  ];
  if (worst > 0 && report.confusions.length > 0) {
    lines.push('worst confusions:');
    for (const c of report.confusions.slice(0, worst)) {
      lines.push(`  [${c.kind}] "${c.question}" expected ${c.expectedId ?? '(none)'} → ${c.outcome}${c.gotId ? ` ${c.gotId}` : ''}${c.suggestions.length ? ` [${c.suggestions.join(', ')}]` : ''}`);
    }
  }
  return lines.join('\n');
}
