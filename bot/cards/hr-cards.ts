/**
 * Cards of HR requests: the card posted in the HR team's channel (take, answer, close, turn into
 * an FAQ draft — rebuilt from the stored request after every action, and refreshed by Teams
 * through Universal Actions, so everyone sees the current state), the answer relayed to the
 * agent, and the agent's list of requests.
 */
import type { HrRequest } from '../../core/hr/hr-requests.js';
import { HR_ANSWER_MAX_CHARS } from '../../core/hr/hr-requests.js';
import type { HrRequestStatus } from '../../core/storage/schema.js';
import { colon, quote, t, type Lang, type StringKey } from '../i18n/strings.js';
import { adaptiveCard, container, executeAction, factSet, textBlock, type AdaptiveCard, type CardAction, type CardElement } from './adaptive-card.js';

/** Verbs of the HR channel card's buttons. */
export const HR_VERBS = { take: 'hr.take', answer: 'hr.answer', close: 'hr.close', draft: 'hr.draft', refresh: 'hr.refresh' } as const;

/** Id of the answer field of the HR card (its value arrives in the action's data). */
export const HR_ANSWER_INPUT = 'hrAnswer';

const STATUS_KEYS: Record<HrRequestStatus, StringKey> = { open: 'statusOpen', taken: 'statusTaken', answered: 'statusAnswered', closed: 'statusClosed' };

/** The status in words. */
export function statusLabel(lang: Lang, status: HrRequestStatus): string {
  return t(lang, STATUS_KEYS[status]);
}

const dateTime = (date: Date, lang: Lang) =>
  new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'fr-FR', { dateStyle: 'short', timeStyle: 'short', timeZone: 'Europe/Paris' }).format(date);

/** The card of a request in the HR channel, for its current state. HR works in French. */
export function hrRequestCard(request: HrRequest, notice?: string): AdaptiveCard {
  const lang: Lang = 'fr';
  const facts = [
    { title: 'Agent', value: request.personName },
    { title: 'Service', value: request.serviceName ?? t(lang, 'whoAmIUnknownValue') },
    { title: 'Reçue le', value: dateTime(request.createdAt, lang) },
    { title: 'Statut', value: statusLabel(lang, request.status) },
  ];
  if (request.takenByName && request.status !== 'open') facts.push({ title: 'Pris en charge par', value: request.takenByName });
  if (request.lang === 'en') facts.push({ title: 'Langue', value: 'anglais' });
  const body: CardElement[] = [
    textBlock(`Demande RH n° ${request.number}`, { size: 'Medium', weight: 'Bolder' }),
    factSet(facts),
    textBlock('Question', { weight: 'Bolder', spacing: 'Medium' }),
    textBlock(request.question),
  ];
  const faq = request.context.faqQuestion;
  if (typeof faq === 'string' && faq) body.push(textBlock(`La FAQ avait proposé${colon(lang)}${quote(lang, faq)}`, { subtle: true, size: 'Small' }));
  const actions: CardAction[] = [];
  if (request.status === 'open' || request.status === 'taken') {
    body.push({ type: 'Input.Text', id: HR_ANSWER_INPUT, isMultiline: true, maxLength: HR_ANSWER_MAX_CHARS, placeholder: 'Ta réponse à l’agent', label: 'Réponse', spacing: 'Medium' });
    if (request.status === 'open') actions.push(executeAction('Je m’en occupe', HR_VERBS.take, { requestId: request.id }));
    actions.push(executeAction('Envoyer la réponse', HR_VERBS.answer, { requestId: request.id }, { style: 'positive' }));
    actions.push(executeAction('Clore sans réponse', HR_VERBS.close, { requestId: request.id }, { style: 'destructive' }));
  } else if (request.status === 'answered') {
    body.push(
      container([textBlock(`Réponse de ${request.answeredByName ?? 'RH'}`, { weight: 'Bolder' }), textBlock(request.answer ?? '')], { separator: true, spacing: 'Medium' }),
    );
    if (request.draftId === null) actions.push(executeAction('Créer un brouillon de FAQ', HR_VERBS.draft, { requestId: request.id }));
    else body.push(textBlock(`Brouillon de FAQ n° ${request.draftId} créé.`, { subtle: true }));
  } else {
    body.push(textBlock(`Close sans réponse par ${request.closedByName ?? 'RH'}.`, { subtle: true, spacing: 'Medium' }));
  }
  if (notice) body.push(textBlock(notice, { weight: 'Bolder', spacing: 'Medium' }));
  const card = adaptiveCard(body, actions);
  // Teams asks the bot for the current card when someone views it; the bot answers from the database.
  card.refresh = { action: executeAction('Actualiser', HR_VERBS.refresh, { requestId: request.id }) };
  return card;
}

/** Summary of the HR card, for notifications. */
export function hrRequestSummary(request: HrRequest): string {
  return `Demande RH n° ${request.number} de ${request.personName} : ${request.question.slice(0, 120)}`;
}

/** The answer relayed to the agent: the same kind of card as an FAQ answer. */
export function hrAnswerCard(request: HrRequest): AdaptiveCard {
  const lang = request.lang;
  return adaptiveCard([
    textBlock(t(lang, 'hrAnsweredTitle', { number: request.number }), { size: 'Small', subtle: true }),
    textBlock(request.question, { weight: 'Bolder' }),
    textBlock(request.answer ?? ''),
    textBlock(t(lang, 'hrAnsweredBy', { name: request.answeredByName ?? 'RH' }), { size: 'Small', subtle: true }),
  ]);
}

/** The agent's requests and where they stand. */
export function myRequestsCard(lang: Lang, requests: readonly HrRequest[]): AdaptiveCard {
  const items = requests.map((r, i) =>
    container(
      [
        textBlock(t(lang, 'requestLine', { number: r.number, status: statusLabel(lang, r.status) }), { weight: 'Bolder' }),
        textBlock(r.question.length > 200 ? `${r.question.slice(0, 199)}…` : r.question, { subtle: true }),
        ...(r.status === 'answered' && r.answer ? [textBlock(r.answer)] : []),
      ],
      { separator: i > 0, spacing: 'Medium' },
    ),
  );
  return adaptiveCard([textBlock(t(lang, 'myRequestsTitle'), { size: 'Medium', weight: 'Bolder' }), ...items]);
}
