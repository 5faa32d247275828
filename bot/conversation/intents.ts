/**
 * Recognizes the bot's few commands and the messages it must refuse politely (empty, too long,
 * emojis only). Matching is accent-, case- and punctuation-insensitive, in French and English.
 */
import { wordsOf } from '../i18n/language.js';

/** Longest message the bot reads; longer ones get a clear "too long" reply. */
export const MAX_MESSAGE_LENGTH = 2000;

export type Intent =
  | { kind: 'empty' }
  | { kind: 'attachmentOnly' }
  | { kind: 'tooLong'; length: number }
  | { kind: 'emojiOnly' }
  | { kind: 'help' }
  | { kind: 'whoAmI' }
  | { kind: 'greeting' }
  | { kind: 'thanks' }
  | { kind: 'myRequests' }
  | { kind: 'designateHrChannel' }
  | { kind: 'designateTeamChannel' }
  | { kind: 'question'; text: string };

const HELP = new Set(['aide', 'help', 'menu', 'commandes', 'commands', 'que sais tu faire', 'what can you do', 'aide moi', 'help me']);
const WHO_AM_I = new Set(['qui suis je', 'qui je suis', 'who am i', 'whoami', 'mon profil', 'ma fiche', 'my profile']);
const GREETINGS = new Set(['bonjour', 'salut', 'bonsoir', 'coucou', 'hello', 'hi', 'hey', 'good morning', 'good afternoon', 'good evening', 'bonjour equipage', 'hello equipage', 'salut equipage']);
const MY_REQUESTS = new Set(['mes demandes', 'mes demandes rh', 'mes questions', 'mes questions rh', 'my requests', 'my hr requests', 'my questions']);
const HR_CHANNEL = new Set(['canal rh', 'definir canal rh', 'definir le canal rh', 'designer canal rh', 'ce canal est le canal rh', 'canal du service rh', 'hr channel', 'set hr channel', 'set the hr channel', 'this is the hr channel']);
const TEAM_CHANNEL = new Set(['canal equipe', 'canal d equipe', 'canal de l equipe', 'canal de mon equipe', 'canal du service', 'canal de mon service', 'definir canal equipe', 'team channel', 'set team channel', 'this is our team channel', 'our team channel']);
const THANKS = new Set(['merci', 'merci beaucoup', 'merci bien', 'thanks', 'thank you', 'thanks a lot', 'thx']);

/** Pictographs, flags, and the joiners and modifiers that build emoji sequences. */
const EMOJI_PART = /[\p{Extended_Pictographic}\p{Regional_Indicator}\u{1F3FB}-\u{1F3FF}\u200d\ufe0f]/gu;
/** Keycap emojis: a digit, `#` or `*`, optionally VS16, then the combining keycap. */
const KEYCAP = /[0-9#*]\ufe0f?\u20e3/gu;

/** True when the text holds at least one emoji and nothing else but spaces and punctuation. */
export function isEmojiOnly(text: string): boolean {
  const withoutKeycaps = text.replace(KEYCAP, '');
  const hadKeycap = withoutKeycaps !== text;
  if (!hadKeycap && !/[\p{Extended_Pictographic}\p{Regional_Indicator}]/u.test(text)) return false;
  return withoutKeycaps.replace(EMOJI_PART, '').replace(/[\s\p{P}\p{S}]/gu, '') === '';
}

/** What a message asks for. `text` is the message with the bot's mention already removed. */
export function recognize(text: string, hasAttachments = false): Intent {
  const trimmed = text.trim();
  if (trimmed === '') return hasAttachments ? { kind: 'attachmentOnly' } : { kind: 'empty' };
  if (trimmed.length > MAX_MESSAGE_LENGTH) return { kind: 'tooLong', length: trimmed.length };
  if (isEmojiOnly(trimmed)) return { kind: 'emojiOnly' };
  const phrase = wordsOf(trimmed).join(' ');
  if (phrase === '' && /^\s*\?+\s*$/.test(trimmed)) return { kind: 'help' };
  if (HELP.has(phrase)) return { kind: 'help' };
  if (WHO_AM_I.has(phrase)) return { kind: 'whoAmI' };
  if (GREETINGS.has(phrase)) return { kind: 'greeting' };
  if (THANKS.has(phrase)) return { kind: 'thanks' };
  if (MY_REQUESTS.has(phrase)) return { kind: 'myRequests' };
  if (HR_CHANNEL.has(phrase)) return { kind: 'designateHrChannel' };
  if (TEAM_CHANNEL.has(phrase)) return { kind: 'designateTeamChannel' };
  return { kind: 'question', text: trimmed };
}
