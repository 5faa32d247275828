/**
 * The HR bot's conversation logic, free of any bot SDK: receives an {@link IncomingEvent}, looks
 * the sender up in the directory, and sends {@link Reply}s to a {@link ReplySink}.
 */
import type { Kysely } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../core/storage/schema.js';
import { profileCard, profileSummary } from '../cards/profile-card.js';
import { groupWelcomeCard, helpCard, welcomeCard, type Capabilities } from '../cards/welcome-card.js';
import { chooseLanguage } from '../i18n/language.js';
import { quote, t, type Lang } from '../i18n/strings.js';
import { findSender } from './directory.js';
import { MAX_MESSAGE_LENGTH, recognize } from './intents.js';
import type { BotAdded, IncomingEvent, IncomingMessage, PersonProfile, QuestionAnswerer, ReplySink } from './model.js';

export interface ConversationDeps {
  db: Kysely<Database>;
  logger: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error' | 'debug'>;
  /** The FAQ engine, once plugged in; without it, free-text questions get an honest "I can't yet". */
  faq?: QuestionAnswerer | undefined;
}

/** Handles one event of a conversation. */
export type ConversationHandler = (event: IncomingEvent, out: ReplySink) => Promise<void>;

/** Longest excerpt of a question echoed back in the fallback reply. */
const ECHO_LIMIT = 80;

/** Builds the conversation handler. */
export function createConversation(deps: ConversationDeps): ConversationHandler {
  const capabilities = (lang: Lang): Capabilities => ({ faqExamples: deps.faq?.examples(lang) ?? [] });

  async function onBotAdded(event: BotAdded, out: ReplySink): Promise<void> {
    if (event.scope !== 'personal') {
      const lang = chooseLanguage({ locale: event.locale });
      await out.send({ kind: 'card', card: groupWelcomeCard(lang, capabilities(lang)), summary: t(lang, 'welcomeGroupTitle') });
      return;
    }
    const person = await findSender(deps.db, event.sender);
    const lang = chooseLanguage({ locale: event.locale, preferred: person?.preferredLanguage });
    const firstName = person?.givenName ?? event.sender.name?.split(/\s+/)[0];
    const title = firstName ? t(lang, 'welcomeTitleNamed', { firstName }) : t(lang, 'welcomeTitle');
    await out.send({ kind: 'card', card: welcomeCard(lang, firstName, capabilities(lang)), summary: title });
  }

  async function onMessage(event: IncomingMessage, out: ReplySink): Promise<void> {
    // In group chats and channels the bot speaks only when spoken to.
    if (event.scope !== 'personal' && !event.mentionsBot) return;
    await out.typing();
    const intent = recognize(event.text, event.hasAttachments);
    const person = await findSender(deps.db, event.sender);
    const lang = chooseLanguage({ text: event.text.slice(0, MAX_MESSAGE_LENGTH), locale: event.locale, preferred: person?.preferredLanguage });
    const say = (text: string) => out.send({ kind: 'text', text });
    switch (intent.kind) {
      case 'empty':
        return say(t(lang, 'emptyMessage'));
      case 'attachmentOnly':
        return say(t(lang, 'attachmentOnly'));
      case 'tooLong':
        return say(t(lang, 'tooLong', { length: intent.length, max: MAX_MESSAGE_LENGTH }));
      case 'emojiOnly':
        return say(t(lang, 'emojiOnly'));
      case 'help':
        return out.send({ kind: 'card', card: helpCard(lang, capabilities(lang), event.scope !== 'personal'), summary: t(lang, 'helpTitle') });
      case 'whoAmI':
        if (!person) return say(t(lang, 'unknownPerson'));
        return out.send({ kind: 'card', card: profileCard(lang, person), summary: profileSummary(lang, person) });
      case 'greeting':
        return say(person ? t(lang, 'greetingNamed', { firstName: person.givenName }) : t(lang, 'greeting'));
      case 'thanks':
        return say(t(lang, 'thanks'));
      case 'question':
        return answerQuestion(intent.text, lang, person, out);
    }
  }

  async function answerQuestion(question: string, lang: Lang, person: PersonProfile | null, out: ReplySink): Promise<void> {
    if (deps.faq) {
      const replies = await deps.faq.answer(question, { lang, person });
      if (replies && replies.length > 0) {
        for (const reply of replies) await out.send(reply);
        return;
      }
    }
    const echo = question.length > ECHO_LIMIT ? `${question.slice(0, ECHO_LIMIT - 1)}…` : question;
    const commands = [t(lang, 'cmdHelp'), t(lang, 'cmdWhoAmI')].map((c) => quote(lang, c)).join(', ');
    await out.send({ kind: 'text', text: deps.faq ? t(lang, 'fallbackWithFaq', { question: echo }) : t(lang, 'fallback', { question: echo, commands }) });
  }

  return async (event, out) => {
    if (event.kind === 'botAdded') return onBotAdded(event, out);
    return onMessage(event, out);
  };
}

/** The apology sent when handling a message failed. */
export function turnErrorReply(locale: string | undefined): string {
  return t(chooseLanguage({ locale }), 'turnError');
}
