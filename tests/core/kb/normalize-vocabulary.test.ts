import { canonicalQuestion, foldText, normalizeTokens } from '../../../core/kb/normalize.js';
import { buildVocabulary, contentWords, parseVocabularyCsv, phraseWords } from '../../../core/kb/vocabulary.js';
import { stemWord } from '../../../core/kb/stemmer.js';
import { TypoCorrector } from '../../../core/kb/typo-corrector.js';

const words = (text: string): string[] => normalizeTokens(text).map((t) => t.text);
const concepts = (text: string, vocabulary = buildVocabulary()): string[] => vocabulary.match(contentWords(text).map(stemWord));

describe('normalization', () => {
  it('folds case, accents and ligatures', () => {
    expect(foldText('Congés ŒUVRES Prévoyance')).toBe('conges oeuvres prevoyance');
  });

  it('undoes elisions and SMS spellings', () => {
    expect(words("j'peux poser mes congés ?")).toEqual(['je', 'peux', 'poser', 'mes', 'conges']);
    expect(words('jpeux avoir cb de jours')).toEqual(['je', 'peux', 'avoir', 'combien', 'de', 'jours']);
    expect(words('chui malade, c koi la démarche')).toEqual(['je', 'suis', 'malade', 'c', 'est', 'quoi', 'la', 'demarche']);
    expect(words('l’IFSE c’est quand')).toEqual(['le', 'ifse', 'ce', 'est', 'quand']);
  });

  it('drops emoji and punctuation, splits numbers from units and collapses repeated letters', () => {
    expect(words('mutuelleee ??? 😅🙏')).toEqual(['mutuelle']);
    expect(words('combien de RTT à 39h et 3j')).toEqual(['combien', 'de', 'rtt', 'a', '39', 'heures', 'et', '3', 'jours']);
    // The hour unit stays a word so phrasings still read "heures sup" in "30h sup".
    expect(buildVocabulary().match(phraseWords('30h sup ce mois').map((w) => stemWord(w.word)))).toContain('heures_sup');
  });

  it('tells the abbreviation CA from "ça", AT from "at", CET from the demonstrative', () => {
    expect(words('ça va')).not.toContain('ca');
    expect(words('il me reste des CA')).toContain('ca');
    expect(words('combien de ca il me reste')).toContain('ca');
    expect(contentWords('je me suis blessé at work')).not.toContain('at');
    expect(contentWords('déclarer un AT')).toContain('at');
    expect(words('cet accident')).not.toContain('cet');
    expect(words('monetiser cet combien')).toContain('cet');
  });

  it('gives the same canonical question whatever the case, accents and punctuation', () => {
    expect(canonicalQuestion('Où est ma FICHE de paie ?')).toBe(canonicalQuestion('ou est ma fiche de paie'));
  });
});

describe('HR vocabulary', () => {
  it('maps abbreviations, synonyms, SMS and English to the same concept', () => {
    expect(concepts('il me reste des CA')).toContain('conge_annuel');
    expect(concepts('mes vacances')).toContain('conge_annuel');
    expect(concepts('annual leave')).toContain('conge_annuel');
    expect(concepts('déclarer un AT')).toContain('accident');
    expect(concepts('accident de service')).toContain('accident');
    expect(concepts('je me suis coupé')).toContain('accident');
    expect(concepts('ma mutuelle')).toContain('mutuelle');
    expect(concepts('health insurance')).toContain('mutuelle');
    expect(concepts('mdp oublié')).toContain('mot_de_passe');
    expect(concepts('comment installer authenticator')).toEqual(expect.arrayContaining(['installer', 'mfa']));
  });

  it('prefers the longest phrasing: an accident on the way to work is a "trajet", being sick is not an accident', () => {
    // `accident` comes only as the broader concept of `trajet` (CONCEPT_PARENTS), not as a match of its own.
    expect(concepts('accident de trajet')).toEqual(['trajet', 'accident']);
    expect(concepts('je suis tombé malade')).toEqual(['malade']);
  });

  it('keeps phrasings that hold a meaningful short word ("trop perçu", "fait mal", "80 %", "quel jour")', () => {
    const phrased = (text: string): string[] => buildVocabulary().match(phraseWords(text).map((w) => stemWord(w.word)));
    expect(phrased('on m a trop perçu le mois dernier')).toContain('erreur_paie');
    expect(phrased('je me suis fait mal en portant un carton')).toContain('accident');
    expect(phrased('je voudrais passer à 80%')).toContain('temps_partiel');
    expect(phrased('la paie tombe quel jour')).toEqual(expect.arrayContaining(['date_paie', 'paie', 'quand']));
    // The same words alone stay plain words.
    expect(phrased('trop tard')).toEqual([]);
    expect(phrased('le 80 de la rue')).toEqual([]);
  });

  it('reads informal work words as work ("taf", "boulot", "bosser")', () => {
    expect(words('en venant au taf')).toEqual(['en', 'venant', 'au', 'travail']);
    expect(concepts('en allant bosser')).toContain('trajet');
  });

  it('is extended by HR with a CSV file (new concept, or new terms for an existing one)', () => {
    const rings = parseVocabularyCsv('concept;termes\nconge_annuel;dayoffs | congés payés annuels\nchantier;chantier | intervention voirie\n');
    const vocabulary = buildVocabulary(rings);
    expect(concepts('mes dayoffs', vocabulary)).toContain('conge_annuel');
    expect(concepts('intervention voirie', vocabulary)).toContain('chantier');
    expect(concepts('mes dayoffs')).not.toContain('conge_annuel');
  });

  it('rejects an invalid vocabulary file with every problem listed', () => {
    expect(() => parseVocabularyCsv('concept,terms\n,abc\nx,\n')).toThrow(expect.objectContaining({
      code: 'EQP_ERR_KB_IMPORT_INVALID',
      details: [expect.objectContaining({ row: 2, column: 'concept' }), expect.objectContaining({ row: 3, column: 'termes' })],
    }));
  });
});

describe('typo correction', () => {
  const corrector = new TypoCorrector(new Map([['mutuelle', 3], ['conges', 9], ['prevoyance', 2], ['metro', 1]]));

  it('corrects one edit (including a swap of two letters) and two edits on long words when one deletion on each side meets', () => {
    expect(corrector.correct('mutulle')).toBe('mutuelle');
    expect(corrector.correct('cnoges')).toBe('conges');
    expect(corrector.correct('xonges')).toBeNull(); // the first letter is trusted
    expect(corrector.correct('prevoyence')).toBe('prevoyance');
  });

  it('leaves known, short, numeric and far words alone', () => {
    expect(corrector.correct('conges')).toBeNull();
    expect(corrector.correct('cgs')).toBeNull();
    expect(corrector.correct('1607')).toBeNull();
    expect(corrector.correct('blanquette')).toBeNull();
  });
});
