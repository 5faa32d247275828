/**
 * "J'ai lu et j'accepte": the agent acknowledges the current version of each document their
 * template lists. An acknowledgment records the time and the version (SHA-256 of the content);
 * when a new version is published, the document asks again.
 */
import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit-log.js';
import type { BlobStore } from '../blob/blob-store.js';
import { EquipageError } from '../errors.js';
import type { Database, Onboarding, TemplateContent } from '../storage/schema.js';
import { stableId } from '../util/stable-id.js';
import { viewerRelation } from './authorization.js';
import { DocumentStore, documentUrl } from './document-store.js';
import type { OnboardingDeps } from './onboarding-service.js';
import { findOnboarding } from './onboarding-store.js';
import { loadTemplateVersions, versionKey } from './template-versions.js';
import type { AcknowledgeResponse, DocumentView } from './types.js';

const iso = (d: Date | string) => (d instanceof Date ? d : new Date(d)).toISOString();

/** The documents of a plan with the agent's acknowledgments; `canAcknowledge` for the agent only. */
export async function documentsOf(
  db: Kysely<Database>,
  blobs: BlobStore | undefined,
  onboarding: Pick<Onboarding, 'id' | 'person_id'>,
  documents: TemplateContent['documents'],
  canAcknowledge: boolean,
): Promise<DocumentView[]> {
  if (documents.length === 0) return [];
  const store = new DocumentStore(db, blobs);
  const [current, acks] = await Promise.all([
    store.current(documents.map((d) => d.key)),
    db
      .selectFrom('onboarding_acknowledgments')
      .select(['document_key', 'sha256', 'acknowledged_at'])
      .where('person_id', '=', onboarding.person_id)
      .where('document_key', 'in', documents.map((d) => d.key))
      .execute(),
  ]);
  return documents.map((d) => {
    const version = current.get(d.key);
    const mine = acks.filter((a) => a.document_key === d.key);
    const ack = version ? mine.find((a) => a.sha256 === version.sha256) : undefined;
    return {
      key: d.key,
      title: d.title,
      url: version ? documentUrl(d.key, version.sha256) : null,
      sha256: version?.sha256 ?? null,
      acknowledgedAt: ack ? iso(ack.acknowledged_at) : null,
      newVersion: !ack && mine.length > 0,
      canAcknowledge: canAcknowledge && version !== undefined,
    };
  });
}

/**
 * Records that the agent read and accepts version `sha256` of document `key` of their onboarding.
 * Only the agent themself may; an outdated version answers DOCUMENT_VERSION_OUTDATED. Idempotent.
 */
export async function acknowledgeDocument(deps: OnboardingDeps, onboardingId: string, key: string, sha256: string): Promise<AcknowledgeResponse> {
  const { db, caller } = deps;
  const onboarding = await findOnboarding(db, onboardingId);
  if (!onboarding) throw new EquipageError('EQP_ERR_NOT_FOUND', { what: `onboarding ${onboardingId}` });
  const audit = (outcome: 'success' | 'denied', details: Record<string, unknown>) =>
    recordAudit(db, caller, { action: 'onboarding.document.acknowledge', subjectType: 'onboarding', subjectId: onboarding.id, channel: deps.channel, outcome, details: { document: key, sha256, ...details } });
  if (viewerRelation(caller, onboarding) !== 'self' || onboarding.status === 'cancelled') {
    await audit('denied', { person: onboarding.person_id });
    throw new EquipageError('EQP_ERR_FORBIDDEN');
  }
  const templates = await loadTemplateVersions(db, [{ templateId: onboarding.template_id, version: onboarding.template_version }]);
  const listed = templates.get(versionKey(onboarding.template_id, onboarding.template_version))?.content.documents.find((d) => d.key === key);
  if (!listed) throw new EquipageError('EQP_ERR_NOT_FOUND', { what: `document ${key}` });
  const current = (await new DocumentStore(db, deps.blobs).current([key])).get(key);
  if (!current) throw new EquipageError('EQP_ERR_NOT_FOUND', { what: `document ${key}` });
  if (current.sha256 !== sha256) throw new EquipageError('EQP_ERR_DOCUMENT_VERSION_OUTDATED', { title: listed.title });
  const inserted = await db
    .insertInto('onboarding_acknowledgments')
    .values({
      id: stableId('onboarding-ack', `${onboarding.person_id}:${key}:${sha256}`),
      onboarding_id: onboarding.id,
      person_id: onboarding.person_id,
      document_key: key,
      sha256,
      title: listed.title,
      channel: deps.channel,
    })
    .onConflict((oc) => oc.columns(['person_id', 'document_key', 'sha256']).doNothing())
    .returning('id')
    .executeTakeFirst();
  await audit('success', { changed: inserted !== undefined });
  const [document] = await documentsOf(db, deps.blobs, onboarding, [listed], true);
  return { document: document!, changed: inserted !== undefined };
}
