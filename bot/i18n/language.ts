/**
 * Picks the language of a reply: French by default; English when the person writes in English,
 * or when their Teams client (or their directory record) says English and the message does not
 * look French.
 */
import type { Lang } from './strings.js';

/** Words that are frequent in short English messages and rare in French ones (and vice versa). */
const EN_WORDS = new Set([
  'the', 'i', 'am', 'is', 'are', 'my', 'you', 'your', 'what', 'who', 'how', 'when', 'where', 'why',
  'can', 'do', 'does', 'help', 'hello', 'hi', 'hey', 'thanks', 'thank', 'please', 'to', 'of', 'for', 'with', 'and',
  'get', 'need', 'want', 'have', 'morning', 'evening', 'this', 'that', 'it', 'in',
]);
const FR_WORDS = new Set([
  'le', 'la', 'les', 'un', 'une', 'des', 'je', 'suis', 'tu', 'es', 'est', 'mon', 'ma', 'mes', 'ton', 'ta', 'qui',
  'que', 'quoi', 'comment', 'quand', 'ou', 'pourquoi', 'aide', 'bonjour', 'salut', 'bonsoir', 'coucou', 'merci',
  'sil', 'vous', 'plait', 'pour', 'avec', 'et', 'de', 'du', 'au', 'aux', 'faire', 'avoir', 'besoin', 'veux', 'peux',
  'ce', 'cette', 'dans', 'sur', 'quel', 'quelle', 'mes', 'moi',
]);

/** Lowercase, accents removed, words only (apostrophes join: "s'il" → "sil"). */
export function wordsOf(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/['’]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** The language a message is written in, when its words say so clearly; undefined otherwise. */
export function detectTextLanguage(text: string): Lang | undefined {
  let en = 0;
  let fr = 0;
  for (const word of wordsOf(text)) {
    if (EN_WORDS.has(word)) en += 1;
    if (FR_WORDS.has(word)) fr += 1;
  }
  if (/[éèêàçùûôîœ]/i.test(text)) fr += 1;
  if (en > fr) return 'en';
  if (fr > en) return 'fr';
  return undefined;
}

/** `en` for an English BCP 47 locale (`en`, `en-US`, `en-GB`…), `fr` for a French one. */
export function languageOfLocale(locale: string | null | undefined): Lang | undefined {
  const primary = locale?.trim().toLowerCase().split(/[-_]/)[0];
  if (primary === 'en') return 'en';
  if (primary === 'fr') return 'fr';
  return undefined;
}

/**
 * The reply language: the message's own language when clear, then the Teams locale, then the
 * person's preferred language in the directory, then French.
 */
export function chooseLanguage(input: { text?: string; locale?: string | undefined; preferred?: string | null | undefined }): Lang {
  return (
    (input.text ? detectTextLanguage(input.text) : undefined) ??
    languageOfLocale(input.locale) ??
    languageOfLocale(input.preferred) ??
    'fr'
  );
}
