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

/**
 * Regression floors on the evaluation FAQs other than the demo's: the figures each was measured at
 * (blind once for v2 to v5; see each set's README.md and docs/benchmarks.md), never tuned on the
 * sets still held out (v4, v5). The targets are NOT met on v2 to v5: floors only.
 */
const GUARDS = [
  // Tuning data since; calibrated with it: direct 78.6%, answer or suggestion 96.4%, wrong 1.5%, out of scope 91.4%.
  { name: 'retired held-out v1 (measured several times, now a tuning FAQ)', faq: 'heldout-faq.csv', questions: 'heldout-questions.csv', total: undefined, wrongMax: 3, outOfScopeMin: 85, answerOrSuggestionMin: 94, directMin: 76 },
  // Blind: direct 47.2%, A-or-S 85.1%, wrong 0.8%, OOS 98.5%; as tuning data: 62.1 / 92.7 / 2.2 / 90.9.
  { name: 'retired held-out v2 (measured once blind, now a tuning FAQ)', faq: 'heldout-v2/faq.csv', questions: 'heldout-v2/questions.csv', total: undefined, wrongMax: 3, outOfScopeMin: 85, answerOrSuggestionMin: 91, directMin: 58 },
  // Blind: direct 42.3%, A-or-S 83%, wrong 1.6%, OOS 96.9% (MiniSearch 42.9%, Lunr 46.4% top-1).
  { name: 'retired held-out v3 (measured once blind on 2026-12-04, now a tuning FAQ)', faq: 'heldout-v3/faq.csv', questions: 'heldout-v3/questions.csv', total: 442, wrongMax: 3, outOfScopeMin: 90, answerOrSuggestionMin: 80, directMin: 40 },
  // Blind: direct 64.2%, A-or-S 93.1%, wrong 1.1%, OOS 100% (MiniSearch and Lunr 65% top-1).
  { name: 'retired held-out v4 (measured once blind on 2026-12-04, now a tuning FAQ)', faq: 'heldout-v4/faq.csv', questions: 'heldout-v4/questions.csv', total: 435, wrongMax: 3, outOfScopeMin: 90, answerOrSuggestionMin: 90, directMin: 60 },
  // Blind: direct 53.1%, A-or-S 87.9%, wrong 3.4%, OOS 94.5% (MiniSearch 44.1%, Lunr 55.3% top-1).
  { name: 'retired held-out v5 (measured once blind on 2026-12-04, now a tuning FAQ)', faq: 'heldout-v5/faq.csv', questions: 'heldout-v5/questions.csv', total: 424, wrongMax: 3.5, outOfScopeMin: 90, answerOrSuggestionMin: 87, directMin: 52 },
  // Blind: direct 49.3%, A-or-S 86.8%, wrong 2.3%, OOS 100% (MiniSearch 46%, Lunr 54.3% top-1).
  { name: 'held-out v6 (measured once blind on 2026-12-05; not a tuning set)', faq: 'heldout-v6/faq.csv', questions: 'heldout-v6/questions.csv', total: 407, wrongMax: 3, outOfScopeMin: 95, answerOrSuggestionMin: 86, directMin: 48 },
];

describe.each(GUARDS)('$name', ({ faq: faqFile, questions, total, wrongMax, outOfScopeMin, answerOrSuggestionMin, directMin }) => {
  const faq = parseFaqCsv(read(`../../../bench/kb/${faqFile}`));
  const report = evaluate(parseQuestionsCsv(read(`../../../bench/kb/${questions}`)), engineAnswerFn(FaqEngine.build(faq)));

  it('keeps its safety figures and does not regress', () => {
    if (total !== undefined) expect(report.total).toBe(total);
    expect(report.wrongDirectPct).toBeLessThanOrEqual(wrongMax);
    expect(report.outOfScopeNoDirectPct).toBeGreaterThanOrEqual(outOfScopeMin);
    expect(report.answerOrSuggestionPct).toBeGreaterThanOrEqual(answerOrSuggestionMin);
    expect(report.directCorrectPct).toBeGreaterThanOrEqual(directMin);
  });
});
