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

  it('meets the targets on its tuning sets (calibrated there)', () => {
    const short = evaluate(parseQuestionsCsv(read('../../fixtures/kb/tuning-questions.csv')), engineAnswerFn(engine));
    expect(short.answerOrSuggestionPct).toBeGreaterThanOrEqual(90);
    expect(short.directCorrectPct).toBeGreaterThanOrEqual(80);
    expect(short.wrongDirectPct).toBeLessThanOrEqual(3);
    expect(short.outOfScopeNoDirectPct).toBeGreaterThanOrEqual(85);
    expect(short.smallTalkPct).toBe(100);
    // Long stories, SMS, typos, English, out of scope: the direct-answer target is not quite reached there (~80%).
    const varied = evaluate(parseQuestionsCsv(read('../../fixtures/kb/tuning-questions-2.csv')), engineAnswerFn(engine));
    expect(varied.total).toBeGreaterThanOrEqual(600);
    expect(varied.answerOrSuggestionPct).toBeGreaterThanOrEqual(90);
    expect(varied.directCorrectPct).toBeGreaterThanOrEqual(76);
    expect(varied.wrongDirectPct).toBeLessThanOrEqual(3);
    expect(varied.outOfScopeNoDirectPct).toBeGreaterThanOrEqual(85);
    expect(varied.smallTalkPct).toBeGreaterThanOrEqual(90);
  });

  it('transfers to a second tuning FAQ worded differently (no alternates on half the entries)', () => {
    const faq2 = parseFaqCsv(read('../../fixtures/kb/tuning-faq-2.csv'));
    const report = evaluate(parseQuestionsCsv(read('../../fixtures/kb/tuning-faq-2-questions.csv')), engineAnswerFn(FaqEngine.build(faq2)));
    expect(report.answerOrSuggestionPct).toBeGreaterThanOrEqual(95);
    expect(report.directCorrectPct).toBeGreaterThanOrEqual(77);
    expect(report.wrongDirectPct).toBeLessThanOrEqual(3);
    expect(report.outOfScopeNoDirectPct).toBeGreaterThanOrEqual(85);
  });

  it('reads the question of a long message rather than its story', () => {
    const answer = engine.ask("bonjour, ce matin en déchargeant le camion au dépôt je me suis fait mal au dos, j'ai rien dit à mon chef sur le moment, est-ce que je dois déclarer un accident ?");
    expect(answer.entry?.id ?? answer.suggestions[0]?.id).toBe('accident-declarer');
  });

  it('answers English questions on a French FAQ', () => {
    const answer = engine.ask('how do I claim my travel expenses?');
    expect(answer.lang).toBe('en');
    expect(answer.entry?.id ?? answer.suggestions[0]?.id).toBe('frais-deplacement');
  });
});

describe('retired held-out v1 (measured several times, now a tuning FAQ)', () => {
  const faq = parseFaqCsv(read('../../../bench/kb/heldout-faq.csv'));
  const report = evaluate(parseQuestionsCsv(read('../../../bench/kb/heldout-questions.csv')), engineAnswerFn(FaqEngine.build(faq)));

  // Calibrated with this set among the tuning sets: direct 78.6%, answer or suggestion 96.4%, wrong 1.5%, out of scope 91.4%.
  it('keeps its safety figures and does not regress', () => {
    expect(report.wrongDirectPct).toBeLessThanOrEqual(3);
    expect(report.outOfScopeNoDirectPct).toBeGreaterThanOrEqual(85);
    expect(report.answerOrSuggestionPct).toBeGreaterThanOrEqual(94);
    expect(report.directCorrectPct).toBeGreaterThanOrEqual(76);
  });
});

describe('retired held-out v2 (measured once blind, now a tuning FAQ)', () => {
  const faq = parseFaqCsv(read('../../../bench/kb/heldout-v2/faq.csv'));
  const report = evaluate(parseQuestionsCsv(read('../../../bench/kb/heldout-v2/questions.csv')), engineAnswerFn(FaqEngine.build(faq)));

  // Measured blind once (direct 47.2%, answer or suggestion 85.1%, wrong 0.8%, out of scope 98.5%), then
  // retired into tuning. With this set among the tuning sets: direct 62.1%, answer or suggestion 92.7%,
  // wrong 2.2%, out of scope 90.9%. The direct-answer target is NOT met on it: regression floors only.
  it('keeps its safety figures and does not regress (targets not met)', () => {
    expect(report.wrongDirectPct).toBeLessThanOrEqual(3);
    expect(report.outOfScopeNoDirectPct).toBeGreaterThanOrEqual(85);
    expect(report.answerOrSuggestionPct).toBeGreaterThanOrEqual(91);
    expect(report.directCorrectPct).toBeGreaterThanOrEqual(58);
  });
});

describe('retired held-out v3 (measured once blind on 2026-12-04, now a tuning FAQ)', () => {
  const faq = parseFaqCsv(read('../../../bench/kb/heldout-v3/faq.csv'));
  const report = evaluate(parseQuestionsCsv(read('../../../bench/kb/heldout-v3/questions.csv')), engineAnswerFn(FaqEngine.build(faq)));

  // Measured blind once: direct 42.3%, answer or suggestion 83%, wrong 1.6%, out of scope 96.9%
  // (MiniSearch 42.9% and Lunr 46.4% top-1 in the same run). The targets are NOT met on it.
  // Then retired into tuning (bench/kb/heldout-v3/README.md): the blind figures stay as a regression guard.
  it('keeps its safety figures and does not regress (targets not met)', () => {
    expect(report.total).toBe(442);
    expect(report.wrongDirectPct).toBeLessThanOrEqual(3);
    expect(report.outOfScopeNoDirectPct).toBeGreaterThanOrEqual(90);
    expect(report.answerOrSuggestionPct).toBeGreaterThanOrEqual(80);
    expect(report.directCorrectPct).toBeGreaterThanOrEqual(40);
  });
});

describe('held-out v4 (measured once blind on 2026-12-04; not a tuning set)', () => {
  const faq = parseFaqCsv(read('../../../bench/kb/heldout-v4/faq.csv'));
  const report = evaluate(parseQuestionsCsv(read('../../../bench/kb/heldout-v4/questions.csv')), engineAnswerFn(FaqEngine.build(faq)));

  // Measured blind once: direct 64.2%, answer or suggestion 93.1%, wrong 1.1%, out of scope 100%
  // (MiniSearch and Lunr 65% top-1 in the same run). Three targets met, the direct-answer one (80%) NOT.
  // A regression guard only: engine changes must not be driven by these questions (bench/kb/heldout-v4/README.md).
  it('keeps its safety figures and does not regress (direct-answer target not met)', () => {
    expect(report.total).toBe(435);
    expect(report.wrongDirectPct).toBeLessThanOrEqual(3);
    expect(report.outOfScopeNoDirectPct).toBeGreaterThanOrEqual(90);
    expect(report.answerOrSuggestionPct).toBeGreaterThanOrEqual(90);
    expect(report.directCorrectPct).toBeGreaterThanOrEqual(60);
  });
});

describe('held-out v5 (measured once blind on 2026-12-04; not a tuning set)', () => {
  const faq = parseFaqCsv(read('../../../bench/kb/heldout-v5/faq.csv'));
  const report = evaluate(parseQuestionsCsv(read('../../../bench/kb/heldout-v5/questions.csv')), engineAnswerFn(FaqEngine.build(faq)));

  // Measured blind once: direct 53.1%, answer or suggestion 87.9%, wrong 3.4%, out of scope 94.5%
  // (MiniSearch 44.1% and Lunr 55.3% top-1 in the same run). The direct, answer-or-suggestion and
  // wrong-answer targets are NOT met on it. A regression guard only (bench/kb/heldout-v5/README.md).
  it('does not regress (targets not met)', () => {
    expect(report.total).toBe(424);
    expect(report.wrongDirectPct).toBeLessThanOrEqual(3.5);
    expect(report.outOfScopeNoDirectPct).toBeGreaterThanOrEqual(90);
    expect(report.answerOrSuggestionPct).toBeGreaterThanOrEqual(87);
    expect(report.directCorrectPct).toBeGreaterThanOrEqual(52);
  });
});
