/**
 * Free-text HR questions, answered from HR's FAQ: a direct answer, suggestions to pick from, or
 * "I don't know" with the offer to ask HR; small talk gets a short reply. Every question is
 * logged (for `equipage kb report`), and "Utile / Pas utile" is recorded on the logged question.
 */
import type { KbAnswer } from '../../core/kb/faq-engine.js';
import type { FaqEntry } from '../../core/kb/faq-entry.js';
import { answerCard, answerSummary, suggestionsCard, unknownCard, type AnswerCardState } from '../cards/faq-cards.js';
import { t, type Lang } from '../i18n/strings.js';
import type { IncomingCardAction, TurnResult } from './model.js';
import { respond, type FlowDeps, type Turn } from './turn.js';

/** Channel recorded in the question log for questions asked in Teams. */
export const QUESTION_LOG_CHANNEL = 'teams';

/** A logged question as the bot reads it back (only its asker may use it). */
export interface LoggedQuestion {
  id: number;
  personId: string | null;
  question: string;
  lang: Lang;
  outcome: KbAnswer['outcome'];
  entryId: string | null;
  suggestions: string[];
}

/** The logged question `id` if `personId` asked it; undefined otherwise (forged or unknown id). */
export async function loggedQuestionOf(deps: FlowDeps, id: unknown, personId: string | null): Promise<LoggedQuestion | undefined> {
  const questionId = typeof id === 'number' ? id : typeof id === 'string' && /^\d{1,15}$/.test(id) ? Number(id) : NaN;
  if (!Number.isSafeInteger(questionId) || questionId <= 0 || personId === null) return undefined;
  // The question may have been logged an instant ago: its row may still be in the write-behind buffer.
  await deps.kb?.flushQuestions?.();
  const row = await deps.db
    .selectFrom('kb_questions')
    .select(['id', 'person_id', 'question', 'lang', 'outcome', 'entry_id', 'suggestions'])
    .where('id', '=', questionId)
    .where('person_id', '=', personId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: Number(row.id),
    personId: row.person_id,
    question: row.question,
    lang: row.lang === 'en' ? 'en' : 'fr',
    outcome: row.outcome as KbAnswer['outcome'],
    entryId: row.entry_id,
    suggestions: Array.isArray(row.suggestions) ? (row.suggestions as unknown[]).filter((s): s is string => typeof s === 'string') : [],
  };
}

async function entriesById(deps: FlowDeps): Promise<Map<string, FaqEntry>> {
  const engine = await deps.kb?.getEngine();
  return new Map((engine?.entries ?? []).map((e) => [e.id, e]));
}

/** Rebuilds the card first shown for a logged question, with what happened since (feedback, HR request). */
export async function cardForLoggedQuestion(deps: FlowDeps, lang: Lang, logged: LoggedQuestion, state: AnswerCardState, shownEntryId?: string) {
  const entries = await entriesById(deps);
  const request = await deps.db.selectFrom('hr_requests').select('number').where('question_id', '=', logged.id).executeTakeFirst();
  const fullState = { ...state, requestNumber: request ? Number(request.number) : undefined };
  const entry = entries.get(shownEntryId ?? logged.entryId ?? '');
  if (entry) return { card: answerCard(lang, entry, logged.id, fullState), summary: answerSummary(entry) };
  const candidates = logged.suggestions.map((id) => entries.get(id)).filter((e): e is FaqEntry => e !== undefined);
  if (logged.outcome === 'suggestions' && candidates.length > 0) return { card: suggestionsCard(lang, logged.question, candidates, logged.id, fullState), summary: t(lang, 'faqSuggestionsIntro', { question: logged.question.slice(0, 80) }) };
  return { card: unknownCard(lang, logged.question, logged.id, fullState, entries.size === 0), summary: t(lang, 'faqNoneTitle') };
}

/** Answers a free-text question. */
export async function answerQuestion(deps: FlowDeps, turn: Turn, question: string): Promise<void> {
  const { lang, person, out } = turn;
  const engine = await deps.kb!.getEngine();
  const answer: KbAnswer = engine
    ? engine.ask(question, lang)
    : { outcome: 'none', entry: null, suggestions: [], score: 0, lang, smallTalk: null };
  const questionId = await deps.kb!.logQuestion({
    personId: person?.id ?? null,
    channel: QUESTION_LOG_CHANNEL,
    question,
    lang,
    outcome: answer.outcome,
    entryId: answer.entry?.id ?? null,
    suggestions: answer.suggestions.map((e) => e.id),
    score: answer.score,
  });
  switch (answer.outcome) {
    case 'smalltalk':
      return out.send({ kind: 'text', text: answer.smallTalk!.reply });
    case 'answer':
      return out.send({ kind: 'card', card: answerCard(lang, answer.entry!, questionId), summary: answerSummary(answer.entry!) });
    case 'suggestions':
      return out.send({ kind: 'card', card: suggestionsCard(lang, question, answer.suggestions, questionId), summary: t(lang, 'faqSuggestionsIntro', { question: question.slice(0, 80) }) });
    case 'none':
      return out.send({ kind: 'card', card: unknownCard(lang, question, questionId, {}, !engine), summary: t(lang, 'faqNoneTitle') });
  }
}

/** "Utile / Pas utile": recorded on the person's own logged question only. */
export async function onFeedback(deps: FlowDeps, turn: Turn<IncomingCardAction>): Promise<TurnResult> {
  const { data } = turn.event;
  const logged = await loggedQuestionOf(deps, data.questionId, turn.person?.id ?? null);
  if (!logged || typeof data.helpful !== 'boolean' || !deps.kb) return forged(deps, turn, 'kb.feedback');
  await deps.kb.recordFeedback({ questionId: logged.id, personId: logged.personId, helpful: data.helpful });
  const feedback = data.helpful ? 'helpful' : 'not_helpful';
  if (turn.event.via === 'submit') return respond(turn, { text: t(turn.lang, data.helpful ? 'faqFeedbackThanks' : 'faqFeedbackThanksNotHelpful') });
  const shown = typeof data.entryId === 'string' ? data.entryId : undefined;
  return respond(turn, await cardForLoggedQuestion(deps, turn.lang, logged, { feedback }, shown));
}

/** A suggestion picked: its answer, still tied to the logged question (feedback, ask HR). */
export async function onPick(deps: FlowDeps, turn: Turn<IncomingCardAction>): Promise<TurnResult> {
  const { data } = turn.event;
  const logged = await loggedQuestionOf(deps, data.questionId, turn.person?.id ?? null);
  const entryId = typeof data.entryId === 'string' ? data.entryId : undefined;
  if (!logged || !entryId || !logged.suggestions.includes(entryId)) return forged(deps, turn, 'kb.pick');
  const entry = (await entriesById(deps)).get(entryId);
  if (!entry) return respond(turn, { text: t(turn.lang, 'faqQuestionGone') });
  const card = answerCard(turn.lang, entry, logged.id);
  // Feedback given on this card is about the picked entry.
  for (const action of card.actions ?? []) if (action.verb === 'kb.feedback') (action.data as Record<string, unknown>).entryId = entry.id;
  return respond(turn, { card, summary: answerSummary(entry) });
}

/** A button whose data does not match anything the sender may do: refused, said clearly, logged. */
export async function forged(deps: FlowDeps, turn: Turn<IncomingCardAction>, verb: string): Promise<TurnResult> {
  const data = JSON.stringify(turn.event.data).slice(0, 300);
  deps.logger.warn({ verb, personId: turn.person?.id ?? null, data }, 'card action refused');
  await deps.db
    .insertInto('audit_log')
    .values({
      actor: turn.person?.id ?? `entra:${turn.event.sender.aadObjectId ?? turn.event.sender.channelUserId}`,
      action: verb,
      subject_type: null,
      subject_id: null,
      channel: 'bot',
      outcome: 'denied',
      details: JSON.stringify({ reason: 'forged_or_foreign', data }),
    })
    .execute();
  return respond(turn, { text: t(turn.lang, 'forgedAction') });
}
