/**
 * Proactive messages of the onboarding: the welcome message to the agent and the introduction
 * in the team's channel when an onboarding starts. They go through the durable outbox (deduped
 * by onboarding), to the conversation references the bot stored (`bot_conversations` for a
 * person, `service_channels` for a team). Without a reference, the notification is recorded as
 * "not yet reachable" and the tab says so.
 */
import type { Kysely, Transaction } from 'kysely';
import type { BlobStore } from '../blob/blob-store.js';
import { enqueueMessage } from '../proactive/outbox.js';
import type { ConversationTarget, OutgoingMessage } from '../proactive/types.js';
import type { Database, OnboardingNotificationKind } from '../storage/schema.js';
import { photoKey } from './photos.js';
import type { NotificationState, NotificationsView } from './types.js';
import { nextAllowedInstant, type QuietHours } from './working-days.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Largest photo embedded in the channel card (Teams caps a message at about 28 KB). */
const MAX_INLINE_PHOTO_BYTES = 16 * 1024;

/** The personal conversation of a person with the bot, as an outbox target. */
export async function personalTarget(db: Db, personId: string): Promise<ConversationTarget | null> {
  const row = await db.selectFrom('bot_conversations').selectAll().where('person_id', '=', personId).where('scope', '=', 'personal').executeTakeFirst();
  return row
    ? { serviceUrl: row.service_url, conversationId: row.conversation_id, tenantId: row.tenant_id ?? undefined, botId: row.bot_id ?? undefined, userId: row.user_id ?? undefined, channelId: row.channel_id ?? undefined }
    : null;
}

/** The channel conversation of a service's team, as an outbox target. */
export async function serviceChannelTarget(db: Db, serviceId: string | null): Promise<ConversationTarget | null> {
  if (!serviceId) return null;
  const row = await db.selectFrom('service_channels').selectAll().where('service_id', '=', serviceId).executeTakeFirst();
  return row ? { serviceUrl: row.service_url, conversationId: row.conversation_id, tenantId: row.tenant_id ?? undefined, botId: row.bot_id ?? undefined, channelId: 'msteams' } : null;
}

const card = (body: unknown[], actions: unknown[]) => ({ type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: '1.5', body, actions });
const formatDate = (isoDate: string, lang: string) =>
  new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${isoDate}T00:00:00Z`));

/** What the welcome and the introduction say. */
export interface ArrivalFacts {
  onboardingId: string;
  personId: string;
  givenName: string;
  displayName: string;
  jobTitle: string | null;
  language: string;
  serviceId: string | null;
  startDate: string;
  buddyName: string | null;
  managerName: string | null;
}

/** The welcome card to the agent, in their language. */
export function welcomeMessage(facts: ArrivalFacts, tabUrl: string): OutgoingMessage {
  const en = facts.language === 'en';
  const date = formatDate(facts.startDate, facts.language);
  const lines = en
    ? [`Welcome ${facts.givenName}! Your onboarding starts on ${date}.`, facts.managerName ? `Your manager: ${facts.managerName}.` : '', facts.buddyName ? `Your buddy: ${facts.buddyName}.` : '']
    : [`Bienvenue ${facts.givenName} ! Ton parcours d'arrivée commence le ${date}.`, facts.managerName ? `Ton responsable : ${facts.managerName}.` : '', facts.buddyName ? `Ton parrain ou ta marraine : ${facts.buddyName}.` : ''];
  const text = lines.filter(Boolean).join(' ');
  return {
    text,
    cards: [
      card(
        [
          { type: 'TextBlock', size: 'Large', weight: 'Bolder', wrap: true, text: en ? `Welcome, ${facts.givenName}!` : `Bienvenue, ${facts.givenName} !` },
          ...lines.slice(1).filter(Boolean).map((l) => ({ type: 'TextBlock', wrap: true, text: l })),
          { type: 'TextBlock', wrap: true, text: en ? `Everything for your first days is in “My onboarding”, from ${date}.` : `Tout ce qu'il faut pour tes premiers jours est dans « Mon arrivée », dès le ${date}.` },
        ],
        [{ type: 'Action.OpenUrl', title: en ? 'Open my onboarding' : 'Ouvrir mon arrivée', url: tabUrl }],
      ),
    ],
  };
}

/** The introduction in the team's channel (French: the channel is shared), with the photo when small. */
export function teamIntroMessage(facts: ArrivalFacts, photo: { bytes: Buffer; contentType: string } | null): OutgoingMessage {
  const date = formatDate(facts.startDate, 'fr');
  const role = facts.jobTitle ? `, ${facts.jobTitle}` : '';
  const text = `Bienvenue à ${facts.displayName}${role}, qui rejoint l'équipe le ${date}.${facts.buddyName ? ` Parrain ou marraine : ${facts.buddyName}.` : ''}`;
  const header = photo
    ? [
        {
          type: 'ColumnSet',
          columns: [
            { type: 'Column', width: 'auto', items: [{ type: 'Image', style: 'Person', size: 'Medium', altText: facts.displayName, url: `data:${photo.contentType};base64,${photo.bytes.toString('base64')}` }] },
            { type: 'Column', width: 'stretch', verticalContentAlignment: 'Center', items: [{ type: 'TextBlock', size: 'Large', weight: 'Bolder', wrap: true, text: facts.displayName }] },
          ],
        },
      ]
    : [{ type: 'TextBlock', size: 'Large', weight: 'Bolder', wrap: true, text: facts.displayName }];
  return {
    text,
    cards: [
      card(
        [
          ...header,
          {
            type: 'FactSet',
            facts: [
              ...(facts.jobTitle ? [{ title: 'Poste', value: facts.jobTitle }] : []),
              { title: 'Arrivée', value: date },
              ...(facts.buddyName ? [{ title: 'Parrain ou marraine', value: facts.buddyName }] : []),
            ],
          },
          { type: 'TextBlock', wrap: true, text: `Souhaitons-lui la bienvenue ! / Please welcome ${facts.displayName} to the team.` },
        ],
        [],
      ),
    ],
  };
}

async function smallPhoto(blobs: BlobStore | undefined, personId: string): Promise<{ bytes: Buffer; contentType: string } | null> {
  if (!blobs) return null;
  const info = await blobs.head(photoKey(personId)).catch(() => undefined);
  if (!info || info.size > MAX_INLINE_PHOTO_BYTES) return null;
  return { bytes: await blobs.getBuffer(photoKey(personId)), contentType: info.contentType };
}

async function record(db: Db, onboardingId: string, kind: OnboardingNotificationKind, outboundId: number | null): Promise<void> {
  const status = outboundId === null ? 'unreachable' : 'queued';
  await db
    .insertInto('onboarding_notifications')
    .values({ onboarding_id: onboardingId, kind, status, outbound_message_id: outboundId })
    .onConflict((oc) => oc.columns(['onboarding_id', 'kind']).doUpdateSet({ status, outbound_message_id: outboundId, updated_at: new Date() }))
    .execute();
}

/**
 * Enqueues the welcome message and the team introduction of a new onboarding (inside the
 * caller's transaction), outside quiet hours; records each as queued or not yet reachable.
 */
export async function enqueueWelcome(
  db: Db,
  blobs: BlobStore | undefined,
  facts: ArrivalFacts,
  options: { tabBaseUrl: string; quietHours: QuietHours; now: Date },
): Promise<NotificationsView> {
  const notBefore = nextAllowedInstant(options.now, options.quietHours);
  const personal = await personalTarget(db, facts.personId);
  let welcome: number | null = null;
  if (personal) {
    welcome = (await enqueueMessage(db as Kysely<Database>, { dedupeKey: `onboarding-welcome:${facts.onboardingId}`, target: personal, message: welcomeMessage(facts, `${options.tabBaseUrl}/tab/agent`), notBefore })).id;
  }
  await record(db, facts.onboardingId, 'welcome', welcome);
  const channel = await serviceChannelTarget(db, facts.serviceId);
  let intro: number | null = null;
  if (channel) {
    const photo = await smallPhoto(blobs, facts.personId);
    intro = (await enqueueMessage(db as Kysely<Database>, { dedupeKey: `onboarding-team-intro:${facts.onboardingId}`, target: channel, message: teamIntroMessage(facts, photo), notBefore })).id;
  }
  await record(db, facts.onboardingId, 'team_intro', intro);
  return { welcome: welcome === null ? 'unreachable' : 'queued', teamIntro: intro === null ? 'unreachable' : 'queued' };
}

/** Delivery state of the notifications of onboardings (from the outbox rows they point to). */
export async function notificationsOf(db: Kysely<Database>, onboardingIds: readonly string[]): Promise<Map<string, NotificationsView>> {
  const result = new Map<string, NotificationsView>();
  if (onboardingIds.length === 0) return result;
  const rows = await db
    .selectFrom('onboarding_notifications as n')
    .leftJoin('outbound_messages as m', 'm.id', 'n.outbound_message_id')
    .select(['n.onboarding_id', 'n.kind', 'n.status', 'm.status as delivery'])
    .where('n.onboarding_id', 'in', onboardingIds)
    .execute();
  for (const id of onboardingIds) result.set(id, { welcome: 'none', teamIntro: 'none' });
  for (const r of rows) {
    const state: NotificationState =
      r.status === 'unreachable' ? 'unreachable' : r.delivery === 'sent' ? 'sent' : r.delivery === 'failed' ? 'failed' : 'queued';
    const view = result.get(r.onboarding_id)!;
    if (r.kind === 'welcome') view.welcome = state;
    else view.teamIntro = state;
  }
  return result;
}
