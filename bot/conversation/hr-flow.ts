/**
 * Hand-over to HR ("Poser la question au service RH"): the agent's logged question becomes a
 * numbered HR request, posted as a card in the HR team's channel through the durable outbox.
 * HR members take, answer or close it from the card; each action is one atomic state change,
 * the card is rebuilt from the database (returned to the presser, updated in place for
 * everyone), and the agent is told in their personal chat.
 */
import { enqueueMessage } from '../../core/proactive/outbox.js';
import { findConversation } from '../../core/documents/notifications.js';
import {
  answerRequest,
  attachDraft,
  closeRequest,
  createRequest,
  designateHrChannel,
  getRequest,
  hrChannelTarget,
  listPendingRequests,
  listRequestsOf,
  setChannelActivity,
  takeRequest,
  type HrRequest,
  type TransitionResult,
} from '../../core/hr/hr-requests.js';
import type { ConversationTarget } from '../../core/proactive/types.js';
import { HR_ANSWER_INPUT, HR_VERBS, hrAnswerCard, hrRequestCard, hrRequestSummary, myRequestsCard } from '../cards/hr-cards.js';
import { t } from '../i18n/strings.js';
import { cardForLoggedQuestion, forged, loggedQuestionOf } from './faq-flow.js';
import type { IncomingCardAction, IncomingMessage, TurnResult } from './model.js';
import { targetOf } from './references.js';
import { respond, type FlowDeps, type Turn } from './turn.js';

const postKey = (request: HrRequest, conversationId: string) => `hr:request:${request.id}:post:${conversationId}`;

/** Posts a request's card in the HR channel (once per request and channel). */
async function postToHrChannel(deps: FlowDeps, request: HrRequest, target: ConversationTarget): Promise<boolean> {
  const { created } = await enqueueMessage(deps.db, { dedupeKey: postKey(request, target.conversationId), target, message: { cards: [hrRequestCard(request)] } });
  return created;
}

/**
 * Shows the request's new state on the HR channel's card for everyone: updates the posted
 * message in place (or, if it has not left the outbox yet, the message waiting to be posted).
 */
async function updateHrChannelCard(deps: FlowDeps, request: HrRequest): Promise<void> {
  const target = await hrChannelTarget(deps.db);
  if (!target) return;
  const key = postKey(request, target.conversationId);
  const card = hrRequestCard(request);
  let activityId = request.channelActivityId;
  if (!activityId) {
    const posted = await deps.db.selectFrom('outbound_messages').select(['status', 'activity_id']).where('dedupe_key', '=', key).executeTakeFirst();
    if (!posted) return;
    if (posted.status === 'pending') {
      await deps.db.updateTable('outbound_messages').set({ message: JSON.stringify({ cards: [card] }) }).where('dedupe_key', '=', key).where('status', '=', 'pending').execute();
      return;
    }
    if (!posted.activity_id) return;
    activityId = posted.activity_id;
    await setChannelActivity(deps.db, request.id, activityId);
  }
  await enqueueMessage(deps.db, { dedupeKey: `hr:request:${request.id}:update:${request.status}:${request.draftId ?? ''}`, target, message: { cards: [card], replaceActivityId: activityId } });
}

/** "Poser la question au service RH" on a card of the bot (or the confirmation after "I don't know"). */
export async function onAskHr(deps: FlowDeps, turn: Turn<IncomingCardAction>): Promise<TurnResult> {
  const { person, lang } = turn;
  if (!person) return respond(turn, { text: t(lang, 'hrRequestNotLinked') });
  const logged = await loggedQuestionOf(deps, turn.event.data.questionId, person.id);
  if (!logged) return forged(deps, turn, 'hr.ask');
  const engine = await deps.kb?.getEngine();
  const faqEntry = logged.entryId ? engine?.entries.find((e) => e.id === logged.entryId) : undefined;
  const { request, created } = await createRequest(deps.db, {
    personId: person.id,
    question: logged.question,
    lang: logged.lang,
    questionId: logged.id,
    context: { faqOutcome: logged.outcome, faqEntryId: logged.entryId, faqQuestion: faqEntry?.question ?? null, suggestions: logged.suggestions, scope: turn.event.scope },
  });
  if (created) {
    const target = await hrChannelTarget(deps.db);
    if (target && (await postToHrChannel(deps, request, target))) deps.notifyOutbox();
    await turn.out.send({ kind: 'text', text: t(lang, 'hrRequestReceived', { number: request.number }) });
  }
  if (turn.event.via === 'submit') return created ? {} : respond(turn, { text: t(lang, 'hrRequestAlready', { number: request.number }) });
  return respond(turn, await cardForLoggedQuestion(deps, lang, logged, {}));
}

/** "mes demandes" / "my requests". */
export async function onMyRequests(deps: FlowDeps, turn: Turn<IncomingMessage>): Promise<void> {
  const { person, lang, out } = turn;
  if (!person) return out.send({ kind: 'text', text: t(lang, 'unknownPerson') });
  const requests = await listRequestsOf(deps.db, person.id, 10);
  if (requests.length === 0) return out.send({ kind: 'text', text: t(lang, 'myRequestsEmpty') });
  return out.send({ kind: 'card', card: myRequestsCard(lang, requests), summary: t(lang, 'myRequestsTitle') });
}

/** An HR member designates this channel as the HR channel ("@Équipage canal RH"). */
export async function onDesignateHrChannel(deps: FlowDeps, turn: Turn<IncomingMessage>): Promise<void> {
  const { person, lang, out, event } = turn;
  if (event.scope !== 'channel') return out.send({ kind: 'text', text: t(lang, 'hrChannelWrongScope') });
  if (!person?.hrMember) return out.send({ kind: 'text', text: t(lang, 'hrChannelOnlyHr') });
  const target = targetOf(event.reference);
  delete target.userId;
  await designateHrChannel(deps.db, { target, teamId: event.reference.teamId, teamsChannelId: event.reference.teamsChannelId }, person.id);
  await deps.references.remember(person.id, 'team', event.reference);
  // Requests waiting for HR are posted in the new channel.
  const pending = await listPendingRequests(deps.db, 200);
  let posted = 0;
  for (const request of pending) if (await postToHrChannel(deps, request, target)) posted += 1;
  if (posted > 0) deps.notifyOutbox();
  await out.send({ kind: 'text', text: t(lang, 'hrChannelDesignated', { pending: posted }) });
}

function refusalNotice(result: Extract<TransitionResult, { ok: false }>): string {
  const r = result.request;
  switch (result.reason) {
    case 'not_found':
      return t('fr', 'hrNotFound');
    case 'already_taken':
      return t('fr', 'hrAlreadyTaken', { name: r?.takenByName ?? 'RH' });
    case 'already_answered':
      return t('fr', 'hrAlreadyAnswered', { name: r?.answeredByName ?? 'RH' });
    case 'already_closed':
      return t('fr', 'hrAlreadyClosed');
    case 'not_answered':
      return t('fr', 'hrNotAnswered');
    case 'draft_exists':
      return t('fr', 'hrDraftCreated', { id: r?.draftId ?? '?' });
  }
}

/** Tells the agent what became of their request (answer card, or closure), in their personal chat. */
async function notifyAgent(deps: FlowDeps, request: HrRequest): Promise<void> {
  const target = await findConversation(deps.db, request.personId);
  if (!target) {
    deps.logger.warn({ requestId: request.id }, 'HR request settled but the agent has no personal conversation with the bot');
    return;
  }
  const message =
    request.status === 'answered'
      ? { cards: [hrAnswerCard(request)] }
      : { text: t(request.lang, 'hrClosedNotice', { number: request.number, question: request.question.length > 80 ? `${request.question.slice(0, 79)}…` : request.question }) };
  await enqueueMessage(deps.db, { dedupeKey: `hr:request:${request.id}:agent:${request.status}`, target, message });
}

/** Take, answer, close, make a draft, refresh: the HR card's buttons. Only HR members act. */
export async function onHrCardAction(deps: FlowDeps, turn: Turn<IncomingCardAction>): Promise<TurnResult> {
  const { event, person } = turn;
  const requestId = event.data.requestId;
  const current = await getRequest(deps.db, requestId);
  if (event.verb === HR_VERBS.refresh) {
    // Read-only: anyone who sees the card in the HR channel gets its current state.
    if (!current || !person?.hrMember) return { invoke: { kind: 'error', status: 403, message: t('fr', 'hrOnlyHr') } };
    return respond(turn, { card: hrRequestCard(current), summary: hrRequestSummary(current) });
  }
  if (!person?.hrMember) {
    deps.logger.warn({ verb: event.verb, personId: person?.id ?? null }, 'HR card action by someone outside HR');
    await forged(deps, turn, event.verb);
    return event.via === 'execute' ? { invoke: { kind: 'message', text: t(turn.lang, 'hrOnlyHr') } } : {};
  }
  if (!current) return forged(deps, turn, event.verb);
  let result: TransitionResult;
  switch (event.verb) {
    case HR_VERBS.take:
      result = await takeRequest(deps.db, current.id, person.id);
      break;
    case HR_VERBS.answer: {
      const answer = typeof event.data[HR_ANSWER_INPUT] === 'string' ? (event.data[HR_ANSWER_INPUT] as string).trim() : '';
      if (!answer) return respond(turn, { card: hrRequestCard(current, t('fr', 'hrAnswerEmpty')), summary: hrRequestSummary(current) });
      result = await answerRequest(deps.db, current.id, person.id, answer);
      break;
    }
    case HR_VERBS.close:
      result = await closeRequest(deps.db, current.id, person.id);
      break;
    case HR_VERBS.draft: {
      if (current.status !== 'answered') {
        result = { ok: false, reason: 'not_answered', request: current };
        break;
      }
      if (current.draftId !== null) {
        result = { ok: false, reason: 'draft_exists', request: current };
        break;
      }
      const draft = await deps.kb!.addDraftEntry({ question: current.question, answer: current.answer ?? '', sourceRequestId: current.id, createdBy: person.id });
      await attachDraft(deps.db, current.id, draft.id);
      result = { ok: true, request: (await getRequest(deps.db, current.id))! };
      break;
    }
    default:
      return forged(deps, turn, event.verb);
  }
  if (!result.ok) {
    const latest = result.request ?? current;
    return respond(turn, { card: hrRequestCard(latest, refusalNotice(result)), summary: hrRequestSummary(latest) });
  }
  const request = result.request;
  await updateHrChannelCard(deps, request);
  if (event.verb === HR_VERBS.answer || event.verb === HR_VERBS.close) await notifyAgent(deps, request);
  deps.notifyOutbox();
  const notice = event.verb === HR_VERBS.draft ? t('fr', 'hrDraftCreated', { id: request.draftId ?? '?' }) : undefined;
  return respond(turn, { card: hrRequestCard(request, notice), summary: hrRequestSummary(request) });
}
