/**
 * HR requests: an agent's question handed over to the HR team ("Poser la question au service
 * RH"). Stored and numbered; HR takes, answers or closes them. Every state change is one
 * conditional UPDATE … WHERE status … RETURNING, so of two HR members clicking at the same time
 * exactly one wins, and nothing is written twice.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { ConversationTarget } from '../proactive/types.js';
import type { Database, HrRequestStatus } from '../storage/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Longest answer HR may give (it is shown on a phone, in a card). */
export const HR_ANSWER_MAX_CHARS = 4000;

/** A request as the bot shows it. */
export interface HrRequest {
  id: string;
  number: number;
  personId: string;
  personName: string;
  serviceName: string | null;
  question: string;
  lang: 'fr' | 'en';
  questionId: number | null;
  context: Record<string, unknown>;
  status: HrRequestStatus;
  createdAt: Date;
  takenBy: string | null;
  takenByName: string | null;
  answer: string | null;
  answeredBy: string | null;
  answeredByName: string | null;
  answeredAt: Date | null;
  closedBy: string | null;
  closedByName: string | null;
  draftId: number | null;
  channelActivityId: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when `value` can be a request id (anything else is refused before touching the database). */
export function isRequestId(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

function selectRequests(db: Db) {
  return db
    .selectFrom('hr_requests as r')
    .innerJoin('people as p', 'p.id', 'r.person_id')
    .leftJoin('services as s', 's.id', 'p.service_id')
    .leftJoin('people as t', 't.id', 'r.taken_by')
    .leftJoin('people as a', 'a.id', 'r.answered_by')
    .leftJoin('people as c', 'c.id', 'r.closed_by')
    .select([
      'r.id as id',
      'r.number as number',
      'r.person_id as personId',
      'p.display_name as personName',
      's.name as serviceName',
      'r.question as question',
      'r.lang as lang',
      'r.question_id as questionId',
      'r.context as context',
      'r.status as status',
      'r.created_at as createdAt',
      'r.taken_by as takenBy',
      't.display_name as takenByName',
      'r.answer as answer',
      'r.answered_by as answeredBy',
      'a.display_name as answeredByName',
      'r.answered_at as answeredAt',
      'r.closed_by as closedBy',
      'c.display_name as closedByName',
      'r.draft_id as draftId',
      'r.channel_activity_id as channelActivityId',
    ]);
}

function toRequest(row: Awaited<ReturnType<ReturnType<typeof selectRequests>['executeTakeFirstOrThrow']>>): HrRequest {
  return { ...row, number: Number(row.number), questionId: row.questionId === null ? null : Number(row.questionId), lang: row.lang === 'en' ? 'en' : 'fr' };
}

/** One request, or undefined (also for a malformed id). */
export async function getRequest(db: Db, id: unknown): Promise<HrRequest | undefined> {
  if (!isRequestId(id)) return undefined;
  const row = await selectRequests(db).where('r.id', '=', id.toLowerCase()).executeTakeFirst();
  return row ? toRequest(row) : undefined;
}

/**
 * Creates the request for a logged question (or returns the one already created for it: a
 * second click does not make a second request).
 */
export async function createRequest(
  db: Db,
  input: { personId: string; question: string; lang: 'fr' | 'en'; questionId: number | null; context?: Record<string, unknown> },
): Promise<{ request: HrRequest; created: boolean }> {
  const inserted = await db
    .insertInto('hr_requests')
    .values({ person_id: input.personId, question: input.question, lang: input.lang, question_id: input.questionId, context: JSON.stringify(input.context ?? {}) })
    .onConflict((oc) => oc.column('question_id').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return { request: (await getRequest(db, inserted.id))!, created: true };
  const existing = await db.selectFrom('hr_requests').select('id').where('question_id', '=', input.questionId).executeTakeFirstOrThrow();
  return { request: (await getRequest(db, existing.id))!, created: false };
}

/** Why a transition did not happen. */
export type TransitionRefusal = 'not_found' | 'already_taken' | 'already_answered' | 'already_closed' | 'not_answered' | 'draft_exists';

export type TransitionResult = { ok: true; request: HrRequest } | { ok: false; reason: TransitionRefusal; request: HrRequest | undefined };

async function refusal(db: Db, id: string, fallback: TransitionRefusal): Promise<TransitionResult> {
  const request = await getRequest(db, id);
  if (!request) return { ok: false, reason: 'not_found', request };
  const reason: TransitionRefusal =
    request.status === 'answered' ? 'already_answered' : request.status === 'closed' ? 'already_closed' : request.status === 'taken' ? 'already_taken' : fallback;
  return { ok: false, reason, request };
}

/** An HR member takes an open request (only one can). */
export async function takeRequest(db: Db, id: unknown, actorId: string): Promise<TransitionResult> {
  if (!isRequestId(id)) return { ok: false, reason: 'not_found', request: undefined };
  const updated = await db
    .updateTable('hr_requests')
    .set({ status: 'taken', taken_by: actorId, taken_at: new Date() })
    .where('id', '=', id.toLowerCase())
    .where('status', '=', 'open')
    .returning('id')
    .executeTakeFirst();
  if (!updated) return refusal(db, id, 'already_taken');
  return { ok: true, request: (await getRequest(db, updated.id))! };
}

/**
 * Answers a request: open, or taken by this same HR member. Exactly one answer is ever recorded.
 */
export async function answerRequest(db: Db, id: unknown, actorId: string, answer: string): Promise<TransitionResult> {
  if (!isRequestId(id)) return { ok: false, reason: 'not_found', request: undefined };
  const updated = await db
    .updateTable('hr_requests')
    .set({ status: 'answered', answer: answer.slice(0, HR_ANSWER_MAX_CHARS), answered_by: actorId, answered_at: new Date(), taken_by: sql`coalesce(taken_by, ${actorId}::uuid)`, taken_at: sql`coalesce(taken_at, now())` })
    .where('id', '=', id.toLowerCase())
    .where((eb) => eb.or([eb('status', '=', 'open'), eb.and([eb('status', '=', 'taken'), eb('taken_by', '=', actorId)])]))
    .returning('id')
    .executeTakeFirst();
  if (!updated) return refusal(db, id, 'already_taken');
  return { ok: true, request: (await getRequest(db, updated.id))! };
}

/** Closes a request without an answer (open, or taken by anyone: HR decides). */
export async function closeRequest(db: Db, id: unknown, actorId: string): Promise<TransitionResult> {
  if (!isRequestId(id)) return { ok: false, reason: 'not_found', request: undefined };
  const updated = await db
    .updateTable('hr_requests')
    .set({ status: 'closed', closed_by: actorId, closed_at: new Date() })
    .where('id', '=', id.toLowerCase())
    .where('status', 'in', ['open', 'taken'])
    .returning('id')
    .executeTakeFirst();
  if (!updated) return refusal(db, id, 'already_closed');
  return { ok: true, request: (await getRequest(db, updated.id))! };
}

/** Records the draft FAQ entry made from an answered request (once). */
export async function attachDraft(db: Db, id: string, draftId: number): Promise<boolean> {
  const updated = await db.updateTable('hr_requests').set({ draft_id: draftId }).where('id', '=', id).where('status', '=', 'answered').where('draft_id', 'is', null).returning('id').executeTakeFirst();
  return updated !== undefined;
}

/** Remembers which channel message shows the request (for later in-place updates). */
export async function setChannelActivity(db: Db, id: string, activityId: string): Promise<void> {
  await db.updateTable('hr_requests').set({ channel_activity_id: activityId }).where('id', '=', id).execute();
}

/** A person's requests, newest first. */
export async function listRequestsOf(db: Db, personId: string, limit = 10): Promise<HrRequest[]> {
  const rows = await selectRequests(db).where('r.person_id', '=', personId).orderBy('r.created_at', 'desc').orderBy('r.number', 'desc').limit(limit).execute();
  return rows.map(toRequest);
}

/** Requests still waiting for HR (open or taken), oldest first. */
export async function listPendingRequests(db: Db, limit = 50): Promise<HrRequest[]> {
  const rows = await selectRequests(db).where('r.status', 'in', ['open', 'taken']).orderBy('r.number').limit(limit).execute();
  return rows.map(toRequest);
}

/** Designates the HR team's channel (replacing any earlier one). */
export async function designateHrChannel(
  db: Db,
  input: { target: ConversationTarget; teamId: string | undefined; teamsChannelId: string | undefined },
  designatedBy: string,
): Promise<void> {
  const { target } = input;
  const values = {
    conversation_id: target.conversationId,
    service_url: target.serviceUrl,
    tenant_id: target.tenantId ?? null,
    bot_id: target.botId ?? null,
    team_id: input.teamId ?? null,
    channel_id: input.teamsChannelId ?? null,
    designated_by: designatedBy,
    designated_at: new Date(),
  };
  await db
    .insertInto('hr_channel')
    .values({ id: 1, ...values })
    .onConflict((oc) => oc.column('id').doUpdateSet(values))
    .execute();
}

/** The HR channel as an outbox target, or undefined when none is designated yet. */
export async function hrChannelTarget(db: Db): Promise<ConversationTarget | undefined> {
  const row = await db.selectFrom('hr_channel').selectAll().where('id', '=', 1).executeTakeFirst();
  if (!row) return undefined;
  return { serviceUrl: row.service_url, conversationId: row.conversation_id, tenantId: row.tenant_id ?? undefined, botId: row.bot_id ?? undefined, channelId: 'msteams' };
}
