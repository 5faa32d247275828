import { confidenceOf, decide, DEFAULT_CALIBRATION, featureVector, FEATURE_NAMES, type CandidateFeatures } from '../../../core/kb/calibration.js';
import { translateEnglish } from '../../../core/kb/english.js';
import { FaqEngine } from '../../../core/kb/faq-engine.js';
import { segmentMessage } from '../../../core/kb/segment.js';
import { stemWord } from '../../../core/kb/stemmer.js';
import { buildVocabulary, contentWords, phraseWords } from '../../../core/kb/vocabulary.js';

const candidate = (over: Partial<CandidateFeatures>): CandidateFeatures => ({
  score: 10, coverage: 1, questionCoverage: 1, knownCoverage: 1, unknownShare: 0, matchedRare: 0.5, topTermHit: 1, termCount: 0.5,
  phrasingRecall: 1, answerCoverage: 1, unknownConceptShare: 0, category: null, ...over,
});

describe('segmentation of long messages', () => {
  it('keeps a short message whole', () => {
    expect(segmentMessage('combien de RTT à 39h ?')).toEqual([{ text: 'combien de RTT à 39h ?', focus: true }]);
  });

  it('marks the question-bearing clause of a story as the focus', () => {
    const segments = segmentMessage("Bonjour, ce matin j'ai glissé dans le couloir de l'école. Est-ce que je dois remplir une déclaration d'accident ?");
    expect(segments.filter((s) => s.focus).map((s) => s.text)).toEqual(["Est-ce que je dois remplir une déclaration d'accident ?"]);
    expect(segments.some((s) => !s.focus && s.text.includes('glissé'))).toBe(true);
  });

  it('takes the clause before a question that has almost no subject', () => {
    const segments = segmentMessage('nous sommes le 20 décembre et il me reste 12 jours de congés, vais-je les perdre ?');
    expect(segments.every((s) => s.focus)).toBe(true);
  });

  it('pulls in one clause only, not a chain of short story clauses', () => {
    const segments = segmentMessage("hier au dépôt je rangeais des cartons en hauteur, je suis tombé de l'escabeau, j'ai le bras bloqué, je fais quoi ?");
    expect(segments.map((s) => s.focus)).toEqual([false, false, true, true]);
  });

  it('falls back to the last clause when nothing looks like a question', () => {
    const segments = segmentMessage('Bonjour, je suis au service des espaces verts depuis deux ans. Je voudrais connaître mes droits à la formation');
    expect(segments[segments.length - 1]!.focus).toBe(true);
    expect(segments[0]!.focus).toBe(false);
  });
});

describe('English glossary', () => {
  it('translates general working-life words and ignores unknown ones', () => {
    expect(translateEnglish('expenses')).toEqual(['frais']);
    expect(translateEnglish('payslip')).toEqual(['bulletin', 'paie']);
    expect(translateEnglish('an')).toEqual([]);
    expect(translateEnglish('zzz')).toBeNull();
  });
});

describe('morphology and phrasings', () => {
  it('gives verbs and their nouns one stem, and keeps "retraite" apart from "retrait"', () => {
    expect(stemWord('inscrire')).toBe(stemWord('inscription'));
    expect(stemWord('demissionner')).toBe(stemWord('demission'));
    expect(stemWord('decede')).toBe(stemWord('deces'));
    expect(stemWord('annee')).toBe(stemWord('an'));
    expect(stemWord('retraite')).not.toBe(stemWord('retrait'));
    // The month is not the husband ("mari" → parent_proche).
    expect(stemWord('mars')).not.toBe(stemWord('mari'));
  });

  it('drops colloquial narrative words that typo correction would turn into HR words ("marre" → "marie")', () => {
    expect(contentWords("j'en ai marre de ces trucs, j'ai pas pu, ils etaient la")).toEqual([]);
  });

  it('keeps generic words in phrasings without scoring them', () => {
    expect(phraseWords('médecin du travail')).toEqual([{ word: 'medecin', content: true }, { word: 'travail', content: false }]);
    expect(contentWords('médecin du travail')).toEqual(['medecin']);
  });

  it('gives a narrow concept its broader one (annual leave is leave, ordinary sick leave is sick leave)', () => {
    const vocabulary = buildVocabulary();
    const concepts = (text: string): string[] => vocabulary.match(phraseWords(text).map((w) => stemWord(w.word)));
    expect(concepts('mes vacances')).toEqual(expect.arrayContaining(['conge_annuel', 'conge']));
    expect(concepts('congé de maladie ordinaire')).toEqual(expect.arrayContaining(['cmo', 'arret', 'malade']));
    expect(concepts('accident de trajet')).toEqual(expect.arrayContaining(['trajet', 'accident']));
    expect(concepts('un congé')).not.toContain('conge_annuel');
  });

  it('does not let a phrasing shrink to one generic word', () => {
    const vocabulary = buildVocabulary();
    const concepts = (text: string): string[] => vocabulary.match(phraseWords(text).map((w) => stemWord(w.word)));
    expect(concepts('médecin du travail')).toContain('medecine_travail');
    expect(concepts('mon médecin')).not.toContain('medecine_travail');
    expect(concepts('nouveau badge')).not.toContain('naissance');
    expect(concepts('avancement de grade')).not.toContain('acompte');
    expect(concepts('changer de collectivité')).toContain('mutation');
  });
});

describe('calibration', () => {
  it('has one model weight per feature', () => {
    expect(featureVector([candidate({})])).toHaveLength(FEATURE_NAMES.length);
    for (const name of FEATURE_NAMES) expect(typeof DEFAULT_CALIBRATION.model[name]).toBe('number');
  });

  it('is less confident when the question names an HR topic the FAQ does not cover', () => {
    const known = confidenceOf([candidate({ unknownShare: 0.3, unknownConceptShare: 0 }), candidate({ score: 3, knownCoverage: 0.3 })]);
    const unknownTopic = confidenceOf([candidate({ unknownShare: 0.3, unknownConceptShare: 0.3 }), candidate({ score: 3, knownCoverage: 0.3 })]);
    expect(unknownTopic).toBeLessThan(known);
  });

  it('is less confident when the best phrasing is barely covered by the question', () => {
    const full = confidenceOf([candidate({ phrasingRecall: 1 }), candidate({ score: 3, knownCoverage: 0.3, phrasingRecall: 0.2 })]);
    const partial = confidenceOf([candidate({ phrasingRecall: 0.2 }), candidate({ score: 3, knownCoverage: 0.3, phrasingRecall: 0.2 })]);
    expect(partial).toBeLessThan(full);
  });

  it('is more confident with a clear lead than with a runner-up that covers the question as well', () => {
    const alone = confidenceOf([candidate({}), candidate({ score: 3, knownCoverage: 0.3 })]);
    const tied = confidenceOf([candidate({}), candidate({ score: 9.5 })]);
    expect(alone).toBeGreaterThan(tied);
  });

  it('is more confident when the best holds the terms that tell it from the runner-up', () => {
    const distinct = confidenceOf([candidate({ contrast: 1, exclusiveShare: 0.4 }), candidate({ score: 8 })]);
    const shared = confidenceOf([candidate({ contrast: 0, exclusiveShare: 0 }), candidate({ score: 8 })]);
    expect(distinct).toBeGreaterThan(shared);
  });

  it('measures the contrast of the two best entries on the terms only one of them holds', () => {
    const entry = (id: string, question: string) => ({ id, question, alternates: [], answer: 'Voir le service.', category: null, link: null });
    const engine = FaqEngine.build([
      entry('cet-ouvrir', 'Comment ouvrir un compte épargne-temps ?'),
      entry('cet-utiliser', 'Comment utiliser les jours épargnés sur mon CET ?'),
    ]);
    const [top] = engine.rank('utiliser les jours de mon compte epargne temps');
    expect(top!.entry.id).toBe('cet-utiliser');
    expect(top!.contrast).toBeGreaterThan(0);
    expect(top!.exclusiveShare).toBeGreaterThan(0);
    expect(FaqEngine.build([entry('seule', 'Comment ouvrir un compte épargne-temps ?')]).rank('compte epargne temps')[0]!.contrast).toBe(1);
  });

  it('measures whether the best entry also leads on its phrasings alone and on its answer alone', () => {
    const entry = (id: string, question: string, answer: string) => ({ id, question, alternates: [], answer, category: null, link: null });
    const engine = FaqEngine.build([
      entry('badge-perdu', "J'ai perdu mon badge d'accès", 'Signalez la perte au service des bâtiments, qui désactive le badge.'),
      entry('parking', 'Où me garer ?', 'Le parking du personnel est derrière la mairie ; un badge ouvre la barrière.'),
    ]);
    const [top] = engine.rank('badge perdu');
    expect(top!.entry.id).toBe('badge-perdu');
    expect(top!.phrasingLead).toBe(1);
    expect(top!.answerLead).toBeGreaterThan(-1);
    expect(top!.answerLead).toBeLessThanOrEqual(1);
    const leading = confidenceOf([candidate({ phrasingLead: 1, answerLead: 1 }), candidate({ score: 8 })]);
    const carriedByOneField = confidenceOf([candidate({ phrasingLead: -0.5, answerLead: -0.5 }), candidate({ score: 8 })]);
    expect(leading).toBeGreaterThan(carriedByOneField);
  });

  it('does not typo-correct English words into French ones', () => {
    const entry = (id: string, question: string) => ({ id, question, alternates: [], answer: 'Voir le service.', category: null, link: null });
    const engine = FaqEngine.build([entry('malade', 'Que faire si je suis malade ?'), entry('prime', 'Quand est versée la prime annuelle ?')]);
    // "price" is one letter away from "prime": in a French question it would be corrected, not in an English one.
    expect(engine.rank("I'm sick, what is the price of a doctor visit?").map((c) => c.entry.id)).toEqual(['malade']);
    expect(engine.rank('je suis malade, quel est le price').map((c) => c.entry.id)).toContain('prime');
  });

  it('answers, suggests or declines according to the confidence', () => {
    expect(decide([candidate({}), candidate({ score: 2, knownCoverage: 0.2 })]).outcome).toBe('answer');
    const close = decide([candidate({}), candidate({ score: 9.8 })]);
    expect(close.outcome).toBe('suggestions');
    expect(close.suggestions).toEqual([0, 1]);
    const weak = candidate({
      coverage: 0.1, questionCoverage: 0, knownCoverage: 0.2, unknownShare: 0.9, matchedRare: 0.05, topTermHit: 0, termCount: 0.1,
      phrasingRecall: 0.1, answerCoverage: 0.1, unknownConceptShare: 0.5,
    });
    expect(decide([weak, { ...weak, score: 9.9 }]).outcome).toBe('none');
    expect(decide([]).outcome).toBe('none');
  });
});
