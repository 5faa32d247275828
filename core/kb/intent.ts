/**
 * Question intents: what KIND of answer a question asks for, read from the function words that
 * the rest of the engine drops as stop words ("que faire", "je fais comment", "c'est quoi").
 * Sibling entries share their subject ("accident de service": what to do / how am I paid / what
 * is the CITIS); the kind of question is often the only thing that tells them apart, and it is
 * written in words no stemmer keeps. Patterns are general French and English question forms, not
 * tied to any FAQ ("où" is folded to "ou" like the conjunction: only "ou" next to a verb of finding
 * counts). Both the questions and the FAQ's own phrasings (question and alternates) go
 * through them, so an intent only counts when HR phrased an entry that way.
 */
import { normalizeTokens } from './normalize.js';

/** Action verbs (folded) after "comment" that make it a "how do I do it" question. */
const ACTION_VERBS = [
  'faire', 'fais', 'fait', 'proceder', 'demander', 'demande', 'poser', 'pose', 'obtenir', 'declarer', 'declare', 'signaler', 'signale',
  'inscrire', 'inscris', 'beneficier', 'deposer', 'depose', 'envoyer', 'envoie', 'prevenir', 'previens', 'saisir', 'saisis',
  'transmettre', 'transmets', 'justifier', 'prendre', 'prends', 'solliciter', 'effectuer', 'remplir', 'adherer', 'souscrire',
].join('|');

/** Intent name → pattern on the folded, SMS-expanded, elision-free token text (padded with spaces). */
const INTENTS: readonly (readonly [string, RegExp])[] = [
  // The steps to take: "que faire", "je fais quoi", "comment (je) déclarer", "démarches", "what should I do".
  ['procedure', new RegExp(
    ' (que|quoi) faire | (je|on) (fais|fait|dois faire) (quoi|comment) | faire comment | comment (je |j |on |dois je |puis je |faut il |peut on |se |me |m |le |la |les )?('
    + ACTION_VERBS + ') | (procedure|procedures|demarche|demarches|formalite|formalites) | marche a suivre '
    + '| what (should|do|must|can|shall) i do | what do i (have|need) to do | how do i (request|apply|ask|declare|report|claim|book|sign|do) ',
  )],
  // A place to find something: "où trouver", "où puis-je consulter", "je les trouve où", "where".
  ['where', new RegExp(
    ' ou (trouver|consulter|voir|telecharger|recuperer|se trouve|se trouvent|sont|puis je|je peux|peut on|on peut|je trouve|trouve t on) '
    + '| (trouve|trouver|consulter|voir|telecharger) (ca |les |le |la |mes |mon |ma )?ou $| where ',
  )],
  // A definition: "c'est quoi", "qu'est-ce que", "ça veut dire quoi", "what is".
  ['definition', new RegExp(
    ' ce est quoi | c est quoi | que est ce que | que est ce qu | que est ce | veut dire | signifie | definition | a quoi (sert|servent|correspond|correspondent) '
    + '| what (is|are) | what s ',
  )],
];

/** Intents of a text (question or FAQ phrasing), by name. */
export function questionIntents(text: string): string[] {
  const padded = ` ${normalizeTokens(text).map((t) => t.text).join(' ')} `;
  return INTENTS.filter(([, pattern]) => pattern.test(padded)).map(([name]) => name);
}
