/**
 * Small talk: greetings, thanks, goodbyes and requests for help get a short friendly reply
 * instead of an FAQ search. A message is small talk only when every word of it is small talk
 * ("bonjour" is; "bonjour, combien de RTT ?" is a question).
 */
import type { Lang } from '../errors.js';
import { normalizeTokens } from './normalize.js';

/** What the agent meant. */
export type SmallTalkIntent = 'greeting' | 'thanks' | 'goodbye' | 'help' | 'ack';

const WORDS: Record<SmallTalkIntent, readonly string[]> = {
  greeting: ['bonjour', 'bonsoir', 'salut', 'coucou', 'hello', 'hi', 'hey', 'yo', 'allo', 'morning', 'good', 'bjr', 'slt', 'cc', 'wesh', 'there', 'everyone', 'tout', 'monde'],
  thanks: ['merci', 'thanks', 'thank', 'you', 'thx', 'beaucoup', 'mille', 'parfait', 'super', 'top', 'cool', 'genial', 'nickel', 'great', 'much', 'a', 'lot'],
  goodbye: ['au', 'revoir', 'bye', 'goodbye', 'ciao', 'tchao', 'plus', 'bientot', 'bonne', 'journee', 'soiree', 'semaine', 'day', 'see', 'later', 'a+'],
  help: ['aide', 'help', 'aidez', 'aider', 'moi', 'me', 'menu', 'sais', 'faire', 'que', 'tu', 'quoi', 'what', 'can', 'do', 'peux', 'fais', 'comment', 'ca', 'marche'],
  ack: ['ok', 'okay', 'oui', 'non', 'daccord', 'd', 'accord', 'ca', 'va', 'et', 'toi', 'vous', 'bien', 'how', 'are', 'tres', 'je', 'le', 'la', 'les', 's', 'il', 'te', 'plait', 'de', 'stp', 'svp', 'please', 'ah', 'euh'],
};

/** Words that decide the intent (the others only fill the sentence). */
const KEYS: Record<SmallTalkIntent, readonly string[]> = {
  greeting: ['bonjour', 'bonsoir', 'salut', 'coucou', 'hello', 'hi', 'hey', 'yo', 'allo', 'morning', 'bjr', 'slt', 'cc', 'wesh'],
  thanks: ['merci', 'thanks', 'thank', 'thx', 'parfait', 'super', 'top', 'cool', 'genial', 'nickel', 'great'],
  goodbye: ['revoir', 'bye', 'goodbye', 'ciao', 'tchao', 'bientot', 'later', 'journee', 'soiree'],
  help: ['aide', 'help', 'aidez', 'aider', 'menu'],
  ack: ['ok', 'okay', 'oui', 'daccord', 'accord'],
};

const ALL = new Set(Object.values(WORDS).flat());

const REPLIES: Record<SmallTalkIntent, Record<Lang, string>> = {
  greeting: {
    fr: 'Bonjour ! Pose-moi ta question RH (congés, paie, arrêt maladie, mutuelle, formation...), avec tes mots.',
    en: 'Hello! Ask me your HR question (leave, pay, sick leave, health insurance, training...), in your own words.',
  },
  thanks: { fr: 'Avec plaisir ! Autre chose ?', en: 'You are welcome! Anything else?' },
  goodbye: { fr: 'Bonne journée, à bientôt !', en: 'Have a good day, see you soon!' },
  help: {
    fr: "Je réponds aux questions RH à partir de la FAQ du service RH : congés, RTT, paie, arrêt maladie, accident de travail, mutuelle, formation, MFA... Écris ta question comme tu la poserais à un collègue. Si je ne sais pas, je te propose de la transmettre aux RH.",
    en: 'I answer HR questions from the HR team’s FAQ: leave, pay, sick leave, accidents at work, health insurance, training, MFA... Write your question as you would ask a colleague. If I do not know, I offer to pass it on to HR.',
  },
  ack: { fr: "D'accord ! Tu as une question RH ?", en: 'OK! Do you have an HR question?' },
};

/** The small-talk intent of a message, or null when it contains anything else. */
export function detectSmallTalk(text: string): SmallTalkIntent | null {
  const words = normalizeTokens(text).map((t) => t.text);
  if (words.length === 0 || words.length > 8) return null;
  if (!words.every((w) => ALL.has(w))) return null;
  // The first key word in priority order: a help request beats a greeting ("bonjour, aide").
  for (const intent of ['help', 'goodbye', 'thanks', 'greeting', 'ack'] as const) {
    if (words.some((w) => KEYS[intent].includes(w))) return intent;
  }
  // "au revoir" has no single key word of its own beyond "revoir"; "ça va ?" is an acknowledgement
  return words.includes('va') ? 'ack' : null;
}

/** The short reply to a small-talk intent. */
export function smallTalkReply(intent: SmallTalkIntent, lang: Lang): string {
  return REPLIES[intent][lang];
}
