/**
 * The cards of the FAQ: a direct answer (with its source link, "Utile / Pas utile" and "Poser la
 * question au service RH"), suggestions to pick from, and "I don't know" with the offer to ask
 * HR. Buttons carry only ids (the logged question, an entry); the bot checks them on return.
 */
import type { FaqEntry } from '../../core/kb/faq-entry.js';
import { colon, quote, t, type Lang } from '../i18n/strings.js';
import { adaptiveCard, executeAction, openUrlAction, textBlock, type AdaptiveCard, type CardAction, type CardElement } from './adaptive-card.js';

/** Verbs of the FAQ cards' buttons. */
export const FAQ_VERBS = { feedback: 'kb.feedback', pick: 'kb.pick', askHr: 'hr.ask' } as const;

/** What happened since the card was first shown (the card is rebuilt with it when a button is pressed). */
export interface AnswerCardState {
  feedback?: 'helpful' | 'not_helpful' | undefined;
  /** The HR request made from this question, once asked. */
  requestNumber?: number | undefined;
}

/** Longest button title; Teams cuts longer ones on phones anyway. */
const BUTTON_MAX = 60;
const short = (text: string, max = BUTTON_MAX) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function askHrPart(lang: Lang, questionId: number, state: AnswerCardState, title = t(lang, 'faqAskHr')): { body: CardElement[]; actions: CardAction[] } {
  if (state.requestNumber !== undefined) return { body: [textBlock(`✅ ${t(lang, 'hrRequestSent', { number: state.requestNumber })}`, { subtle: true, spacing: 'Medium' })], actions: [] };
  return { body: [], actions: [executeAction(title, FAQ_VERBS.askHr, { questionId })] };
}

/** A direct answer from the FAQ. */
export function answerCard(lang: Lang, entry: FaqEntry, questionId: number, state: AnswerCardState = {}): AdaptiveCard {
  const body: CardElement[] = [
    textBlock(entry.category ? `${t(lang, 'faqSourceTitle')} · ${entry.category}` : t(lang, 'faqSourceTitle'), { size: 'Small', subtle: true }),
    textBlock(entry.question, { weight: 'Bolder' }),
    textBlock(entry.answer),
  ];
  const actions: CardAction[] = [];
  if (entry.link) actions.push(openUrlAction(t(lang, 'faqOpenSource'), entry.link));
  if (state.feedback) {
    body.push(textBlock(t(lang, state.feedback === 'helpful' ? 'faqFeedbackThanks' : 'faqFeedbackThanksNotHelpful'), { subtle: true, spacing: 'Medium' }));
  } else {
    actions.push(
      executeAction(`👍 ${t(lang, 'faqHelpful')}`, FAQ_VERBS.feedback, { questionId, helpful: true }),
      executeAction(`👎 ${t(lang, 'faqNotHelpful')}`, FAQ_VERBS.feedback, { questionId, helpful: false }),
    );
  }
  const hr = askHrPart(lang, questionId, state);
  return adaptiveCard([...body, ...hr.body], [...actions, ...hr.actions]);
}

/** "Did you mean": one button per candidate, and the offer to ask HR. */
export function suggestionsCard(lang: Lang, question: string, candidates: readonly FaqEntry[], questionId: number, state: AnswerCardState = {}): AdaptiveCard {
  const hr = askHrPart(lang, questionId, state, `${t(lang, 'faqSuggestionsNone')}${colon(lang)}${t(lang, 'faqAskHr')}`);
  return adaptiveCard(
    [textBlock(t(lang, 'faqSuggestionsIntro', { question: short(question, 120) })), ...hr.body],
    [...candidates.map((entry) => executeAction(short(entry.question), FAQ_VERBS.pick, { questionId, entryId: entry.id })), ...hr.actions],
  );
}

/** "I don't know", with the offer to ask HR (the person confirms with the button). */
export function unknownCard(lang: Lang, question: string, questionId: number, state: AnswerCardState = {}, noFaq = false): AdaptiveCard {
  const hr = askHrPart(lang, questionId, state, t(lang, 'faqNoneConfirm'));
  return adaptiveCard(
    [
      textBlock(t(lang, 'faqNoneTitle'), { weight: 'Bolder' }),
      textBlock(noFaq ? `${t(lang, 'faqNoFaq')} ${quote(lang, short(question, 200))}` : t(lang, 'faqNone', { question: short(question, 200) })),
      ...hr.body,
    ],
    hr.actions,
  );
}

/** Plain-text summary of an answer, for notifications and clients without cards. */
export function answerSummary(entry: FaqEntry): string {
  return short(`${entry.question} — ${entry.answer}`, 200);
}
