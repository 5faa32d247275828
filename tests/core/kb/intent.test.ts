import { FaqEngine } from '../../../core/kb/faq-engine.js';
import { questionIntents } from '../../../core/kb/intent.js';

describe('question intents', () => {
  it('reads "the steps to take" from function words, in French, SMS and English', () => {
    for (const text of ["Que faire en cas d'accident de service ?", 'jsuis malade je fais quoi', 'comment je pose mes vacances',
      'Comment poser mes congés ?', 'Quelles formalités accomplir ?', 'what should I do', 'koi faire']) {
      expect(questionIntents(text)).toContain('procedure');
    }
  });

  it('reads a request for a definition', () => {
    for (const text of ["Qu'est-ce que le CITIS ?", 'c quoi le CET', "c'est quoi la NBI", 'what is CNAS']) {
      expect(questionIntents(text)).toEqual(['definition']);
    }
  });

  it('reads a request for a place, and not the conjunction "ou"', () => {
    for (const text of ['Où puis-je consulter mes bulletins de paie ?', 'mes fiches de paye je les trouve ou', 'Where can I download my payslip?']) {
      expect(questionIntents(text)).toEqual(['where']);
    }
    expect(questionIntents('mutuelle ou prévoyance, c laquelle qui rembourse')).toEqual([]);
    expect(questionIntents('congés ou RTT ?')).toEqual([]);
  });

  it('finds no intent in questions about an amount, a date or a manner', () => {
    expect(questionIntents('Comment est calculé mon droit à congés ?')).toEqual([]);
    expect(questionIntents('Comment suis-je rémunéré pendant un congé de maladie ?')).toEqual([]);
    expect(questionIntents('combien de RTT à 39h')).toEqual([]);
  });

  it('tells apart two entries on one subject by the kind of question', () => {
    const entry = (id: string, question: string) => ({ id, question, alternates: [], answer: 'Voir le service du personnel.', category: null, link: null });
    const engine = FaqEngine.build([
      entry('at-definition', "Qu'est-ce qu'un accident de service ?"),
      entry('at-demarches', "Que faire en cas d'accident de service ?"),
    ]);
    expect(engine.rank('accident de service je fais quoi')[0]!.entry.id).toBe('at-demarches');
    expect(engine.rank("c'est quoi un accident de service")[0]!.entry.id).toBe('at-definition');
  });

  it('never counts an intent the FAQ does not phrase as an unknown word', () => {
    const engine = FaqEngine.build([{ id: 'rtt', question: 'Combien de jours de RTT ai-je ?', alternates: [], answer: 'Douze jours.', category: null, link: null }]);
    expect(engine.rank('RTT je fais quoi')[0]!.unknownShare).toBe(0);
  });
});
