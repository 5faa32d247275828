/**
 * French stemming through the Snowball algorithm (`snowball-stemmers`), on folded words, with a
 * few overrides for spellings agents mix up ("paye" and "paie").
 */
import snowball from 'snowball-stemmers';

const french = snowball.newStemmer('french');

/**
 * Overrides: spellings Snowball keeps apart although agents use them for the same thing (the verb
 * and its noun: "poser"/"posée", "s'inscrire"/"inscription", "démissionner"/"démission",
 * "décédé"/"décès"), and one word Snowball confuses with another ("retraite" and "retrait" —
 * retirement and the right to withdraw — must not share a stem).
 */
const GROUPS: Record<string, readonly string[]> = {
  pai: ['paye', 'payes', 'payer', 'paies', 'payee', 'payees', 'paiement', 'paiements'],
  pos: ['posee', 'posees'],
  inscri: ['inscrire', 'inscription', 'inscriptions', 'inscris', 'inscrit', 'inscrite', 'inscrits', 'inscrites'],
  mutat: ['mutation', 'mutations', 'muter', 'mute', 'mutee', 'mutes'],
  demission: ['demission', 'demissions', 'demissionner', 'demissionne', 'demissionnaire'],
  adhes: ['adherer', 'adhesion', 'adhere', 'adherent', 'adherente'],
  absenc: ['absence', 'absences', 'absent', 'absente', 'absents', 'absenter'],
  perd: ['perdre', 'perdu', 'perdue', 'perdus', 'perte', 'pertes'],
  deces: ['deces', 'decede', 'decedee', 'deceder'],
  mariag: ['mariage', 'mariages', 'marier', 'marie', 'mariee', 'maries'],
  recuper: ['recup', 'recuperer', 'recuperation', 'recupere'],
  teletravail: ['teletravailler', 'teletravaille', 'teletravail'],
  an: ['ans', 'annee', 'annees'],
  retraite: ['retraite', 'retraites', 'retraitee', 'retraitees'],
  // The month, not "mari" (whose stem it would share).
  mars: ['mars'],
};
const OVERRIDES: Record<string, string> = Object.fromEntries(
  Object.entries(GROUPS).flatMap(([stem, words]) => words.map((word) => [word, stem])),
);

const cache = new Map<string, string>();

/** Stem of a folded word; numbers and words of 3 letters or fewer are kept as they are. */
export function stemWord(word: string): string {
  if (word.length <= 3 || /^\d/.test(word)) return word;
  const override = OVERRIDES[word];
  if (override !== undefined) return override;
  let stem = cache.get(word);
  if (stem === undefined) {
    stem = french.stem(word);
    if (cache.size < 100_000) cache.set(word, stem);
  }
  return stem;
}
