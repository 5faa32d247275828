/** Command recognition, refusals and reply-language choice of the bot (pure functions). */
import { describe, expect, it } from '@jest/globals';
import { isEmojiOnly, MAX_MESSAGE_LENGTH, recognize } from '../../bot/conversation/intents.js';
import { chooseLanguage, detectTextLanguage, languageOfLocale } from '../../bot/i18n/language.js';

describe('recognize', () => {
  it.each([
    ['aide', 'help'],
    ['  AIDE !', 'help'],
    ['?', 'help'],
    ['Help', 'help'],
    ['Que sais-tu faire ?', 'help'],
    ['Qui suis-je ?', 'whoAmI'],
    ['qui suis je', 'whoAmI'],
    ['Who am I?', 'whoAmI'],
    ['Bonjour !', 'greeting'],
    ['hello', 'greeting'],
    ['Merci beaucoup', 'thanks'],
    ['Comment poser un congé ?', 'question'],
    ['aide-moi à trouver mon bulletin de paie', 'question'],
  ])('%p → %s', (text, kind) => {
    expect(recognize(text).kind).toBe(kind);
  });

  it('refuses empty, too long and emoji-only messages, and attachments without text', () => {
    expect(recognize('   ').kind).toBe('empty');
    expect(recognize('', true).kind).toBe('attachmentOnly');
    expect(recognize('x'.repeat(MAX_MESSAGE_LENGTH)).kind).toBe('question');
    expect(recognize('x'.repeat(MAX_MESSAGE_LENGTH + 1))).toEqual({ kind: 'tooLong', length: MAX_MESSAGE_LENGTH + 1 });
    expect(recognize('👍').kind).toBe('emojiOnly');
  });
});

describe('isEmojiOnly', () => {
  it('accepts emoji sequences, flags and keycaps with spaces and punctuation', () => {
    for (const text of ['👍', '🎉🎉 !', '👨‍👩‍👧', '🇫🇷', '👋🏽', '❤️', '1️⃣']) expect(isEmojiOnly(text)).toBe(true);
  });
  it('rejects text, digits and punctuation alone', () => {
    for (const text of ['merci 👍', '123', '#', '...', 'ok']) expect(isEmojiOnly(text)).toBe(false);
  });
});

describe('reply language', () => {
  it('detects clear English or French, and abstains otherwise', () => {
    expect(detectTextLanguage('who am I')).toBe('en');
    expect(detectTextLanguage('How do I get my payslip?')).toBe('en');
    expect(detectTextLanguage('Comment avoir mon bulletin ?')).toBe('fr');
    expect(detectTextLanguage('qui suis-je')).toBe('fr');
    expect(detectTextLanguage('CNAS')).toBeUndefined();
  });

  it('reads locales', () => {
    expect(languageOfLocale('en-US')).toBe('en');
    expect(languageOfLocale('fr-FR')).toBe('fr');
    expect(languageOfLocale('de-DE')).toBeUndefined();
    expect(languageOfLocale(undefined)).toBeUndefined();
  });

  it('prefers the message, then the Teams locale, then the directory, then French', () => {
    expect(chooseLanguage({ text: 'bonjour', locale: 'en-US' })).toBe('fr');
    expect(chooseLanguage({ text: 'CNAS', locale: 'en-GB', preferred: 'fr' })).toBe('en');
    expect(chooseLanguage({ text: 'CNAS', preferred: 'en' })).toBe('en');
    expect(chooseLanguage({ text: 'CNAS', locale: 'de-DE' })).toBe('fr');
  });
});
