/**
 * The HR bot's conversation logic, free of any bot SDK: receives an {@link IncomingEvent}, looks
 * the sender up in the directory, routes it (commands, documents, HR requests, FAQ questions,
 * card buttons) and sends {@link Reply}s to a {@link ReplySink}. Invokes get a {@link TurnResult}.
 */
import { onDesignateTeamChannel } from './team-channel-flow.js';
import { interpretDocumentRequest } from '../../core/documents/periods.js';
import { profileCard, profileSummary } from '../cards/profile-card.js';
import { DOCUMENT_VERBS } from '../cards/document-cards.js';
import { FAQ_VERBS } from '../cards/faq-cards.js';
import { HR_VERBS } from '../cards/hr-cards.js';
import { groupWelcomeCard, helpCard, welcomeCard, type Capabilities } from '../cards/welcome-card.js';
import { chooseLanguage } from '../i18n/language.js';
import { quote, t, type Lang } from '../i18n/strings.js';
import { createSenderLookup } from './directory.js';
import { onDocumentRequest, onFileConsent, onOfferFile, onOpenDocument } from './documents-flow.js';
import { answerQuestion, forged, onFeedback, onPick } from './faq-flow.js';
import { onAskHr, onDesignateHrChannel, onHrCardAction, onMyRequests } from './hr-flow.js';
import { MAX_MESSAGE_LENGTH, recognize } from './intents.js';
import type { BotAdded, IncomingCardAction, IncomingEvent, IncomingMessage, PersonProfile, ReplySink, TurnResult } from './model.js';
import { createReferenceStore } from './references.js';
import type { ConversationDeps, FlowDeps, Turn } from './turn.js';

export type { ConversationDeps } from './turn.js';

/** Handles one event of a conversation; invokes return what to answer. */
export type ConversationHandler = (event: IncomingEvent, out: ReplySink) => Promise<TurnResult | void>;

/** Longest excerpt of a question echoed back in the fallback reply. */
const ECHO_LIMIT = 80;

/** How many FAQ questions the welcome and help cards show as examples. */
const EXAMPLE_COUNT = 3;

/** Builds the conversation handler. */
export function createConversation(conversationDeps: ConversationDeps): ConversationHandler {
  const deps: FlowDeps = {
    ...conversationDeps,
    notifyOutbox: conversationDeps.notifyOutbox ?? (() => undefined),
    now: conversationDeps.now ?? (() => new Date()),
    references: createReferenceStore(conversationDeps.db),
  };
  const findSender = createSenderLookup(deps.db, { ttlMs: conversationDeps.directoryCacheMs ?? 30_000 });

  async function capabilities(lang: Lang): Promise<Capabilities> {
    const engine = await deps.kb?.getEngine();
    // The FAQ is HR's, in French: its questions make good examples for French speakers.
    const faqExamples = lang === 'fr' && engine ? engine.entries.slice(0, EXAMPLE_COUNT).map((e) => e.question) : [];
    return { faqExamples, faq: engine !== undefined, documents: deps.documents !== undefined };
  }

  async function onBotAdded(event: BotAdded, person: PersonProfile | null, out: ReplySink): Promise<void> {
    if (event.scope !== 'personal') {
      const lang = chooseLanguage({ locale: event.locale });
      await out.send({ kind: 'card', card: groupWelcomeCard(lang, await capabilities(lang)), summary: t(lang, 'welcomeGroupTitle') });
      return;
    }
    const lang = chooseLanguage({ locale: event.locale, preferred: person?.preferredLanguage });
    const firstName = person?.givenName ?? event.sender.name?.split(/\s+/)[0];
    const title = firstName ? t(lang, 'welcomeTitleNamed', { firstName }) : t(lang, 'welcomeTitle');
    await out.send({ kind: 'card', card: welcomeCard(lang, firstName, await capabilities(lang)), summary: title });
  }

  async function onMessage(event: IncomingMessage, person: PersonProfile | null, out: ReplySink): Promise<void> {
    // In group chats and channels the bot speaks only when spoken to.
    if (event.scope !== 'personal' && !event.mentionsBot) return;
    await out.typing();
    const intent = recognize(event.text, event.hasAttachments);
    const lang = chooseLanguage({ text: event.text.slice(0, MAX_MESSAGE_LENGTH), locale: event.locale, preferred: person?.preferredLanguage });
    const turn: Turn<IncomingMessage> = { event, person, lang, out };
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
        return out.send({ kind: 'card', card: helpCard(lang, await capabilities(lang), event.scope !== 'personal'), summary: t(lang, 'helpTitle') });
      case 'whoAmI':
        if (!person) return say(t(lang, 'unknownPerson'));
        return out.send({ kind: 'card', card: profileCard(lang, person), summary: profileSummary(lang, person) });
      case 'greeting':
        return say(person ? t(lang, 'greetingNamed', { firstName: person.givenName }) : t(lang, 'greeting'));
      case 'thanks':
        return say(t(lang, 'thanks'));
      case 'myRequests':
        return onMyRequests(deps, turn);
      case 'designateHrChannel':
        return onDesignateHrChannel(deps, turn);
      case 'designateTeamChannel':
        return onDesignateTeamChannel(deps, turn);
      case 'question': {
        const documentRequest = deps.documents ? interpretDocumentRequest(intent.text, deps.now()) : undefined;
        if (documentRequest) return onDocumentRequest(deps, turn, documentRequest);
        if (deps.kb) return answerQuestion(deps, turn, intent.text);
        const question = intent.text;
        const echo = question.length > ECHO_LIMIT ? `${question.slice(0, ECHO_LIMIT - 1)}…` : question;
        const commands = [t(lang, 'cmdHelp'), t(lang, 'cmdWhoAmI')].map((c) => quote(lang, c)).join(', ');
        return say(t(lang, 'fallback', { question: echo, commands }));
      }
    }
  }

  async function onCardAction(event: IncomingCardAction, person: PersonProfile | null, out: ReplySink): Promise<TurnResult> {
    const lang = chooseLanguage({ locale: event.locale, preferred: person?.preferredLanguage });
    const turn: Turn<IncomingCardAction> = { event, person, lang, out };
    switch (event.verb) {
      case FAQ_VERBS.feedback:
        return onFeedback(deps, turn);
      case FAQ_VERBS.pick:
        return onPick(deps, turn);
      case FAQ_VERBS.askHr:
        return onAskHr(deps, turn);
      case HR_VERBS.take:
      case HR_VERBS.answer:
      case HR_VERBS.close:
      case HR_VERBS.draft:
      case HR_VERBS.refresh:
        return onHrCardAction(deps, turn);
      case DOCUMENT_VERBS.open:
        if (!deps.documents) return forged(deps, turn, event.verb);
        return onOpenDocument(deps, turn);
      case DOCUMENT_VERBS.file:
        if (!deps.documents) return forged(deps, turn, event.verb);
        return onOfferFile(deps, turn);
      default:
        return forged(deps, turn, event.verb || '(none)');
    }
  }

  return async (event, out) => {
    const person = await findSender(event.sender);
    // Every personal-chat activity keeps the person's conversation reference fresh (notifications use it).
    if (person && event.scope === 'personal') await deps.references.remember(person.id, 'personal', event.reference);
    switch (event.kind) {
      case 'installed':
        return;
      case 'botAdded':
        return onBotAdded(event, person, out);
      case 'message':
        return onMessage(event, person, out);
      case 'cardAction':
        return onCardAction(event, person, out);
      case 'fileConsent': {
        if (!deps.documents) return { invoke: { kind: 'error', status: 400, message: 'documents are not available' } };
        const lang = chooseLanguage({ locale: event.locale, preferred: person?.preferredLanguage });
        return onFileConsent(deps, { event, person, lang, out });
      }
    }
  };
}

/** The apology sent when handling a message failed. */
export function turnErrorReply(locale: string | undefined): string {
  return t(chooseLanguage({ locale }), 'turnError');
}
