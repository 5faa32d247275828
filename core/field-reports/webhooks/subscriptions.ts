/**
 * Webhook subscriptions of the connector's trigger: Power Automate creates one when a flow with
 * the trigger is saved (POST, answered 201 with a Location) and deletes it through that Location
 * when the flow or the trigger goes away. Every authenticated caller may subscribe; only the
 * caller who subscribed may delete.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { actorOf } from '../../audit/audit-log.js';
import type { Caller } from '../../auth/identity.js';
import { EquipageError } from '../../errors.js';
import type { Database, WebhookEventFilter } from '../../storage/schema.js';
import { findCategory } from '../categories.js';
import { problem, validationError } from '../problems.js';
import { checkCallbackUrl, type CallbackUrlPolicy } from './url-guard.js';

/** The body of CreateReportSubscription (already checked against the route's JSON schema). */
export interface SubscribeInput {
  callbackUrl: string;
  event?: WebhookEventFilter;
  category?: string;
  /** The receiver's own signing secret; generated when absent. */
  secret?: string;
}

/** A subscription as its creator sees it. */
export interface SubscriptionView {
  id: string;
  event: WebhookEventFilter;
  category?: string;
  createdAt: string;
  /** The generated signing secret, shown once (only when the caller did not choose one). */
  signingSecret?: string;
}

/**
 * The keys that identify the caller as a subscription's owner, the stored one first. The Entra
 * object id comes first because it never changes: a person id can appear (or change) when the
 * directory is synchronised after subscribing, and Power Automate's DELETE must still be accepted.
 */
export function ownerKeysOf(caller: Caller): string[] {
  const keys = caller.entraObjectId ? [`entra:${caller.entraObjectId}`] : [];
  const actor = actorOf(caller);
  if (!keys.includes(actor)) keys.push(actor);
  return keys;
}

/**
 * Active subscriptions one owner may hold: each receives every matching report change, so the
 * cap bounds the deliveries one caller can cause.
 */
export const MAX_SUBSCRIPTIONS_PER_OWNER = 50;

/** Creates a subscription; `EQP_ERR_WEBHOOK_URL_REJECTED` or `EQP_ERR_VALIDATION` when refused. */
export async function createSubscription(db: Kysely<Database>, caller: Caller, input: SubscribeInput, policy: CallbackUrlPolicy): Promise<SubscriptionView> {
  const callbackUrl = input.callbackUrl.trim();
  await checkCallbackUrl(callbackUrl, policy);
  if (input.category && !(await findCategory(db, input.category))) {
    throw validationError([problem('body.category', `catégorie inconnue : ${input.category}`, `unknown category: ${input.category}`)]);
  }
  const owner = ownerKeysOf(caller);
  const active = await db
    .selectFrom('webhook_subscriptions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('owner_key', 'in', owner)
    .where('disabled_at', 'is', null)
    .executeTakeFirstOrThrow();
  if (Number(active.n) >= MAX_SUBSCRIPTIONS_PER_OWNER) throw new EquipageError('EQP_ERR_WEBHOOK_LIMIT', { max: String(MAX_SUBSCRIPTIONS_PER_OWNER) });
  const generated = input.secret ? undefined : randomBytes(32).toString('base64url');
  const row = await db
    .insertInto('webhook_subscriptions')
    .values({
      owner_key: owner[0]!,
      // Kept byte for byte: Power Automate's URL carries a signature (`sig`) in its query.
      callback_url: callbackUrl,
      event_filter: input.event ?? 'all',
      category_code: input.category ?? null,
      secret: input.secret ?? generated!,
    })
    .returning(['id', 'event_filter', 'category_code', 'created_at'])
    .executeTakeFirstOrThrow();
  return {
    id: row.id,
    event: row.event_filter,
    ...(row.category_code ? { category: row.category_code } : {}),
    createdAt: new Date(row.created_at).toISOString(),
    ...(generated ? { signingSecret: generated } : {}),
  };
}

/**
 * Deletes (disables) a subscription and cancels its notifications not yet delivered. Deleting an
 * already deleted subscription succeeds (Power Automate may retry). `EQP_ERR_NOT_FOUND` when
 * unknown, `EQP_ERR_FORBIDDEN` when it belongs to someone else.
 */
export async function deleteSubscription(db: Kysely<Database>, caller: Caller, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('webhook_subscriptions').select(['owner_key', 'disabled_at']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!row) throw new EquipageError('EQP_ERR_NOT_FOUND', { what: `abonnement ${id} / subscription ${id}` });
    if (!ownerKeysOf(caller).includes(row.owner_key)) throw new EquipageError('EQP_ERR_FORBIDDEN');
    if (!row.disabled_at) {
      await trx.updateTable('webhook_subscriptions').set({ disabled_at: new Date(), disabled_reason: 'unsubscribed' }).where('id', '=', id).execute();
    }
    await trx
      .updateTable('webhook_deliveries')
      .set({ state: 'cancelled', last_error: 'subscription deleted', claimed_at: null })
      .where('subscription_id', '=', id)
      .where('state', 'in', ['pending', 'sending'])
      .execute();
  });
}
