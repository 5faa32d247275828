import { readFileSync } from 'node:fs';
import { FaqEngine, detectLanguage } from '../../../core/kb/faq-engine.js';
import { parseFaqCsv } from '../../../core/kb/faq-parser.js';
import { engineAnswerFn, evaluate, parseQuestionsCsv } from '../../../core/kb/evaluate.js';

const read = (path: string): string => readFileSync(new URL(path, import.meta.url), 'utf8');
const demo = parseFaqCsv(read('../../../core/kb/data/demo-faq.csv'));
const engine = FaqEngine.build(demo);

describe('FAQ engine on the demo FAQ', () => {
  it.each([
    ['il me reste cb de congés ?', 'conges-solde'],
    ['c quoi le CET', 'cet-ouvrir'],
    ['jai oublié mon mdp', 'mot-de-passe'],
    ['ifse', 'ifse'],
    ['chaussures de securite', 'epi'],
    ['jme suis blessé au boulot', 'accident-declarer'],
    ['nbi c quoi', 'nbi'],
    ['how do I set up MFA', 'mfa-configurer'],
  ])('answers "%s" with %s (directly or as the first suggestion)', (question, id) => {
    const answer = engine.ask(question);
    expect(['answer', 'suggestions']).toContain(answer.outcome);
    expect(answer.entry?.id ?? answer.suggestions[0]?.id).toBe(id);
  });

  it('gives no direct answer to off-topic questions', () => {
    for (const question of ['recette de la blanquette de veau', 'qui a gagné le match hier soir', 'quel temps il va faire demain']) {
      expect(engine.ask(question).outcome).not.toBe('answer');
    }
  });

  it('replies to small talk, in the language of the agent', () => {
    expect(engine.ask('bonjour').outcome).toBe('smalltalk');
    expect(engine.ask('merci !').smallTalk?.intent).toBe('thanks');
    expect(engine.ask('thanks').smallTalk?.reply).toMatch(/welcome/);
    expect(engine.ask('aide').smallTalk?.intent).toBe('help');
    expect(engine.ask('bonjour, combien de RTT à 39h ?').outcome).not.toBe('smalltalk');
  });

  it('detects the language and reports a confidence between 0 and 1', () => {
    expect(detectLanguage('how many days of leave do I get')).toBe('en');
    expect(detectLanguage('jai combien de conges')).toBe('fr');
    const answer = engine.ask('combien de RTT à 39h');
    expect(answer.score).toBeGreaterThan(0);
    expect(answer.score).toBeLessThanOrEqual(1);
  });

  it('answers nothing for an empty FAQ or an empty question', () => {
    expect(FaqEngine.build([]).ask('mutuelle ?').outcome).toBe('none');
    expect(engine.ask('???').outcome).toBe('none');
  });

  it('meets the targets on its tuning set (calibrated there)', () => {
    const report = evaluate(parseQuestionsCsv(read('../../fixtures/kb/tuning-questions.csv')), engineAnswerFn(engine));
    expect(report.answerOrSuggestionPct).toBeGreaterThanOrEqual(90);
    expect(report.wrongDirectPct).toBeLessThanOrEqual(3);
    expect(report.outOfScopeNoDirectPct).toBeGreaterThanOrEqual(85);
    expect(report.smallTalkPct).toBe(100);
  });
});

describe('held-out evaluation (another commune’s FAQ, never tuned on)', () => {
  const faq = parseFaqCsv(read('../../../bench/kb/heldout-faq.csv'));
  const questions = parseQuestionsCsv(read('../../../bench/kb/heldout-questions.csv'));
  const report = evaluate(questions, engineAnswerFn(FaqEngine.build(faq)));

  it('is a real evaluation set: ≥ 300 questions, ~15% out of scope, a few small talk', () => {
    expect(report.total).toBeGreaterThanOrEqual(300);
    expect(report.outOfScope / report.total).toBeGreaterThan(0.1);
    expect(report.smallTalk).toBeGreaterThan(0);
    const ids = new Set(faq.map((e) => e.id));
    expect(questions.every((q) => q.expectedId === null || q.expectedId === '__smalltalk__' || ids.has(q.expectedId))).toBe(true);
  });

  // Floors at the level measured when this was written (see docs/benchmarks.md). The issue's
  // targets for the two safety figures are met; the direct-answer (≥ 80%) and answer-or-suggestion
  // (≥ 90%) targets are NOT met yet, so these two floors guard against regressions only.
  it('keeps wrong direct answers rare and out-of-scope questions unanswered (issue targets)', () => {
    expect(report.wrongDirectPct).toBeLessThanOrEqual(3);
    expect(report.outOfScopeNoDirectPct).toBeGreaterThanOrEqual(85);
    expect(report.smallTalkPct).toBeGreaterThanOrEqual(90);
  });

  it('does not regress on recall (floors below the issue targets, see comment)', () => {
    expect(report.answerOrSuggestionPct).toBeGreaterThanOrEqual(82);
    expect(report.directCorrectPct).toBeGreaterThanOrEqual(52);
  });
});
