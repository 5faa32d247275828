/**
 * What agents can do with their own documents, whatever the surface (bot, tab, link): list them,
 * find a payslip by period, get a single-use download link, download through it, get a certificate
 * generated. The one rule: a person gets their own documents and nobody else's — not a manager, not
 * HR, not with another id in a request. Every delivery and every refusal is audited.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Readable } from 'node:stream';
import { actorOf } from '../audit/audit-log.js';
import type { Caller } from '../auth/identity.js';
import type { BlobStore } from '../blob/blob-store.js';
import type { Config } from '../config/config.js';
import { EquipageError } from '../errors.js';
import type { CertificateKind, Database, DocumentRow, Person } from '../storage/schema.js';
import { addDays, todayInParis } from '../util/dates.js';
import { CERTIFICATE_TITLES, generateCertificatePdf, newVerificationCode, normalizeVerificationCode } from './certificates.js';
import { auditDocumentEvent, type DocumentChannel } from './document-audit.js';
import { LINK_TTL_MS, newNonce, readSignedLink, signLink } from './links.js';
import { formatPeriod } from './periods.js';
import { documentBlobKey } from './publish.js';

/** What a person sees of one of their documents. */
export interface DocumentSummary {
  id: string;
  kind: 'payslip' | 'certificate';
  certificateKind: CertificateKind | null;
  period: string | null;
  version: number;
  title: string;
  titleEn: string;
  fileName: string;
  sizeBytes: number;
  createdAt: Date;
}

/** A single-use download link. */
export interface IssuedLink {
  url: string;
  token: string;
  expiresAt: Date;
  document: DocumentSummary;
}

/** A download in progress (after a link was redeemed). */
export interface DocumentDownload {
  document: DocumentSummary;
  stream: Readable;
  sizeBytes: number;
  sha256: string;
}

/** What `/verify/{code}` shows. */
export interface VerificationResult {
  code: string;
  kind: CertificateKind;
  title: string;
  titleEn: string;
  holder: string;
  issuedAt: Date;
  issuer: string;
  /** Whether the given file is the one issued (only when a file or hash was given). */
  fileMatches?: boolean;
}

export interface DocumentServiceOptions {
  db: Kysely<Database>;
  blobs: BlobStore;
  config: Config;
  /** HMAC key of links (see link-secret.ts). */
  linkSecret: Buffer;
  /** Clock, for tests. */
  now?: () => Date;
}

/** Summarizes a row for its owner. */
export function summarize(row: DocumentRow): DocumentSummary {
  const title =
    row.kind === 'payslip'
      ? { fr: `Bulletin de paie — ${formatPeriod(row.period!, 'fr')}`, en: `Payslip — ${formatPeriod(row.period!, 'en')}` }
      : { fr: CERTIFICATE_TITLES[row.certificate_kind!].fr, en: CERTIFICATE_TITLES[row.certificate_kind!].en };
  return {
    id: row.id,
    kind: row.kind,
    certificateKind: row.certificate_kind,
    period: row.period,
    version: row.version,
    title: row.version > 1 ? `${title.fr} (version ${row.version})` : title.fr,
    titleEn: row.version > 1 ? `${title.en} (version ${row.version})` : title.en,
    fileName: row.file_name,
    sizeBytes: row.size_bytes,
    createdAt: row.created_at,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The base URL links and verification URLs start with. */
export function publicBaseUrl(config: Config): string {
  if (config.server.publicBaseUrl) return config.server.publicBaseUrl;
  const host = config.server.host === '0.0.0.0' || config.server.host === '::' ? '127.0.0.1' : config.server.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.server.port}`;
}

/** The documents of agents, as agents reach them. */
export class DocumentService {
  private readonly db: Kysely<Database>;
  private readonly now: () => Date;

  constructor(private readonly options: DocumentServiceOptions) {
    this.db = options.db;
    this.now = options.now ?? (() => new Date());
  }

  /**
   * The caller's own HR record, if their access is open. Throws `EQP_ERR_PERSON_NOT_LINKED` (no
   * record) or `EQP_ERR_DOCUMENT_ACCESS_ENDED` (left longer ago than `LEAVER_ACCESS_DAYS`).
   */
  private async owner(caller: Caller, channel: DocumentChannel, action: string): Promise<Person> {
    const person = caller.personId ? await this.db.selectFrom('people').selectAll().where('id', '=', caller.personId).executeTakeFirst() : undefined;
    if (!person) {
      await auditDocumentEvent(this.db, { actor: actorOf(caller), action, channel, outcome: 'denied', details: { reason: 'person_not_linked' } });
      throw new EquipageError('EQP_ERR_PERSON_NOT_LINKED');
    }
    this.assertAccessOpen(person);
    return person;
  }

  /** Throws `EQP_ERR_DOCUMENT_ACCESS_ENDED` for a leaver past the access period. */
  private assertAccessOpen(person: Person): void {
    if (person.status !== 'left' || !person.left_at) return;
    const end = addDays(person.left_at, this.options.config.documents.leaverAccessDays);
    if (todayInParis(this.now()) > end) throw new EquipageError('EQP_ERR_DOCUMENT_ACCESS_ENDED', { date: end });
  }

  private async denyAccessEnded<T>(caller: Caller, channel: DocumentChannel, action: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof EquipageError && error.code === 'EQP_ERR_DOCUMENT_ACCESS_ENDED') {
        await auditDocumentEvent(this.db, { actor: actorOf(caller), action, channel, outcome: 'denied', ownerId: caller.personId, details: { reason: 'access_ended' } });
      }
      throw error;
    }
  }

  /** The caller's active documents, newest first (default: the last 12). */
  async listMine(caller: Caller, channel: DocumentChannel, options: { limit?: number } = {}): Promise<DocumentSummary[]> {
    return this.denyAccessEnded(caller, channel, 'documents.list', async () => {
      const person = await this.owner(caller, channel, 'documents.list');
      const rows = await this.db
        .selectFrom('documents')
        .selectAll()
        .where('person_id', '=', person.id)
        .where('status', '=', 'active')
        .orderBy('created_at', 'desc')
        .limit(1000)
        .execute();
      // Payslips sort by their period (a late correction of March stays in March), certificates by issue date.
      const month = (r: DocumentRow) => r.period ?? r.created_at.toISOString().slice(0, 7);
      const sorted = rows
        .sort((a, b) => month(b).localeCompare(month(a)) || b.created_at.getTime() - a.created_at.getTime())
        .slice(0, Math.min(Math.max(options.limit ?? 12, 1), 100));
      await auditDocumentEvent(this.db, { actor: person.id, action: 'documents.list', channel, outcome: 'success', ownerId: person.id, details: { count: sorted.length } });
      return sorted.map(summarize);
    });
  }

  /**
   * The caller's payslip for `period` (`YYYY-MM`), or the latest when `period` is undefined;
   * `undefined` when there is none.
   */
  async findPayslip(caller: Caller, channel: DocumentChannel, period: string | undefined): Promise<DocumentSummary | undefined> {
    return this.denyAccessEnded(caller, channel, 'documents.find', async () => {
      const person = await this.owner(caller, channel, 'documents.find');
      let query = this.db.selectFrom('documents').selectAll().where('person_id', '=', person.id).where('kind', '=', 'payslip').where('status', '=', 'active');
      if (period !== undefined) query = query.where('period', '=', period);
      const row = await query.orderBy('period', 'desc').limit(1).executeTakeFirst();
      await auditDocumentEvent(this.db, {
        actor: person.id,
        action: 'documents.find',
        channel,
        outcome: 'success',
        documentId: row?.id ?? null,
        ownerId: person.id,
        details: { period: period ?? 'latest', found: row !== undefined },
      });
      return row ? summarize(row) : undefined;
    });
  }

  /**
   * The caller's own active document `documentId`. Someone else's document, an archived or
   * replaced one, or a malformed id all answer the same `EQP_ERR_NOT_FOUND` (nothing tells another
   * person's document exists), and the attempt is audited as denied.
   */
  async getMine(caller: Caller, channel: DocumentChannel, documentId: unknown, action = 'documents.get'): Promise<DocumentRow> {
    return this.denyAccessEnded(caller, channel, action, async () => {
      const person = await this.owner(caller, channel, action);
      const id = typeof documentId === 'string' && UUID.test(documentId) ? documentId.toLowerCase() : undefined;
      const row = id ? await this.db.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
      if (!row || row.person_id !== person.id || row.status !== 'active') {
        await auditDocumentEvent(this.db, {
          actor: person.id,
          action,
          channel,
          outcome: 'denied',
          documentId: row?.id ?? null,
          ownerId: row?.person_id ?? null,
          details: { reason: !row ? 'not_found' : row.person_id !== person.id ? 'not_owner' : `status_${row.status}`, requested: String(documentId).slice(0, 100) },
        });
        throw new EquipageError('EQP_ERR_NOT_FOUND', { what: 'ce document / this document' });
      }
      return row;
    });
  }

  /** Issues a single-use, 10-minute download link to the caller's own document. */
  async issueLink(caller: Caller, channel: DocumentChannel, documentId: unknown): Promise<IssuedLink> {
    const row = await this.getMine(caller, channel, documentId, 'documents.link');
    const nonce = newNonce();
    const expiresAt = new Date(this.now().getTime() + LINK_TTL_MS);
    await this.db.insertInto('document_links').values({ nonce, person_id: row.person_id, document_id: row.id, channel, issued_at: this.now(), expires_at: expiresAt, used_at: null }).execute();
    const token = signLink(this.options.linkSecret, { personId: row.person_id, documentId: row.id, expiresAt: expiresAt.getTime(), nonce });
    await auditDocumentEvent(this.db, { actor: row.person_id, action: 'documents.link', channel, outcome: 'success', documentId: row.id, ownerId: row.person_id, details: { expiresAt: expiresAt.toISOString() } });
    return { url: `${publicBaseUrl(this.options.config)}/api/documents/download/${token}`, token, expiresAt, document: summarize(row) };
  }

  /**
   * Redeems a link: valid signature, issued by us, not expired, not used, still the owner's active
   * document. Throws `EQP_ERR_DOCUMENT_LINK_INVALID`, `…_EXPIRED` or `…_USED`; every outcome is audited.
   */
  async redeemLink(token: string, context: { ip?: string; userAgent?: string } = {}): Promise<DocumentDownload> {
    const details = { ip: context.ip, userAgent: context.userAgent?.slice(0, 200) };
    const claims = readSignedLink(this.options.linkSecret, token);
    const deny = async (code: 'EQP_ERR_DOCUMENT_LINK_INVALID' | 'EQP_ERR_DOCUMENT_LINK_EXPIRED' | 'EQP_ERR_DOCUMENT_LINK_USED', reason: string, ownerId?: string, documentId?: string): Promise<never> => {
      await auditDocumentEvent(this.db, {
        actor: ownerId ?? 'anonymous',
        action: 'documents.download',
        channel: 'link',
        outcome: 'denied',
        documentId: documentId ?? null,
        ownerId: ownerId ?? null,
        details: { reason, ...details },
      });
      throw new EquipageError(code);
    };
    if (!claims || !UUID.test(claims.documentId) || !UUID.test(claims.personId)) return deny('EQP_ERR_DOCUMENT_LINK_INVALID', 'bad_signature');
    const issued = await this.db.selectFrom('document_links').selectAll().where('nonce', '=', claims.nonce).executeTakeFirst();
    if (!issued || issued.person_id !== claims.personId || issued.document_id !== claims.documentId || issued.expires_at.getTime() !== claims.expiresAt) {
      return deny('EQP_ERR_DOCUMENT_LINK_INVALID', 'not_issued', claims.personId, claims.documentId);
    }
    const now = this.now();
    if (now.getTime() >= claims.expiresAt) return deny('EQP_ERR_DOCUMENT_LINK_EXPIRED', 'expired', claims.personId, claims.documentId);
    // Consume atomically: of two concurrent requests with the same link, one wins.
    const consumed = await this.db
      .updateTable('document_links')
      .set({ used_at: now })
      .where('nonce', '=', claims.nonce)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .returning('nonce')
      .executeTakeFirst();
    if (!consumed) return deny('EQP_ERR_DOCUMENT_LINK_USED', 'replayed', claims.personId, claims.documentId);
    const row = await this.db.selectFrom('documents').selectAll().where('id', '=', claims.documentId).executeTakeFirst();
    const person = await this.db.selectFrom('people').selectAll().where('id', '=', claims.personId).executeTakeFirst();
    if (!row || !person || row.person_id !== claims.personId || row.status !== 'active') {
      return deny('EQP_ERR_DOCUMENT_LINK_INVALID', row ? `document_${row.status}` : 'document_missing', claims.personId, claims.documentId);
    }
    try {
      this.assertAccessOpen(person);
    } catch (error) {
      await auditDocumentEvent(this.db, { actor: person.id, action: 'documents.download', channel: 'link', outcome: 'denied', documentId: row.id, ownerId: person.id, details: { reason: 'access_ended', ...details } });
      throw error;
    }
    const { stream, info } = await this.options.blobs.get(row.blob_key);
    await auditDocumentEvent(this.db, {
      actor: person.id,
      action: 'documents.download',
      channel: 'link',
      outcome: 'success',
      documentId: row.id,
      ownerId: person.id,
      details: { issuedVia: issued.channel, sha256: row.sha256, ...details },
    });
    return { document: summarize(row), stream, sizeBytes: info.size, sha256: row.sha256 };
  }

  /**
   * Generates a certificate for the caller from their HR record, stores it as their document, and
   * returns it with a download link.
   */
  async issueCertificate(caller: Caller, channel: DocumentChannel, kind: CertificateKind): Promise<IssuedLink & { code: string; verifyUrl: string }> {
    const person = await this.denyAccessEnded(caller, channel, 'documents.certificate', () => this.owner(caller, channel, 'documents.certificate'));
    const config = this.options.config;
    const communeName = config.documents.communeName ?? (config.localMode ? 'Ville de Beaulieu-sur-Aune' : undefined);
    if (!communeName) {
      throw new EquipageError('EQP_ERR_CONFIG_INVALID', { details: 'COMMUNE_NAME is required to issue certificates' }, { details: [{ key: 'COMMUNE_NAME', message: 'is required to issue certificates' }] });
    }
    const service = person.service_id ? await this.db.selectFrom('services').select('name').where('id', '=', person.service_id).executeTakeFirst() : undefined;
    const code = newVerificationCode();
    const verifyUrl = `${publicBaseUrl(config)}/verify/${code}`;
    const issuedAt = this.now();
    const pdf = await generateCertificatePdf({
      kind,
      communeName,
      displayName: person.display_name,
      jobTitle: person.job_title,
      serviceName: service?.name ?? null,
      hireDate: person.hire_date,
      leftAt: person.left_at,
      issuedAt,
      code,
      verifyUrl,
    });
    const documentId = randomUUID();
    const blobKey = documentBlobKey(person.id, documentId);
    const stored = await this.options.blobs.put(blobKey, pdf, { contentType: 'application/pdf', metadata: { kind: 'certificate', document_id: documentId } });
    try {
      await this.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('documents')
          .values({
            id: documentId,
            person_id: person.id,
            kind: 'certificate',
            certificate_kind: kind,
            period: null,
            version: 1,
            blob_key: blobKey,
            sha256: stored.sha256,
            size_bytes: stored.size,
            file_name: `${CERTIFICATE_TITLES[kind].file}-${todayInParis(issuedAt)}.pdf`,
            source_name: null,
            published_by: person.id,
            replaced_by: null,
            created_at: issuedAt,
            archived_at: null,
          })
          .execute();
        await trx.insertInto('certificates').values({ code, document_id: documentId, person_id: person.id, kind, issued_at: issuedAt, sha256: stored.sha256, issued_via: channel }).execute();
        await auditDocumentEvent(trx, { actor: person.id, action: 'documents.certificate', channel, outcome: 'success', documentId, ownerId: person.id, details: { kind, code } });
      });
    } catch (error) {
      await this.options.blobs.delete(blobKey).catch(() => undefined);
      throw error;
    }
    const link = await this.issueLink(caller, channel, documentId);
    return { ...link, code, verifyUrl };
  }

  /**
   * Public verification of a certificate: to whom and when it was issued; with `file` (or its
   * hash), whether that file is the one issued. `EQP_ERR_NOT_FOUND` for an unknown code.
   */
  async verifyCertificate(codeInput: string, check: { file?: Buffer; sha256?: string } = {}, context: { ip?: string } = {}): Promise<VerificationResult> {
    const code = normalizeVerificationCode(codeInput);
    const row = code
      ? await this.db
          .selectFrom('certificates')
          .innerJoin('people', 'people.id', 'certificates.person_id')
          .select(['certificates.code', 'certificates.kind', 'certificates.issued_at', 'certificates.sha256', 'certificates.document_id', 'people.display_name', 'people.id as person_id'])
          .where('certificates.code', '=', code)
          .executeTakeFirst()
      : undefined;
    const given = check.file ? createHash('sha256').update(check.file).digest('hex') : check.sha256?.toLowerCase();
    if (!row) {
      await auditDocumentEvent(this.db, { actor: 'anonymous', action: 'documents.verify', channel: 'verify', outcome: 'denied', details: { reason: 'unknown_code', code: codeInput.slice(0, 40), ip: context.ip } });
      throw new EquipageError('EQP_ERR_NOT_FOUND', { what: 'ce code de vérification / this verification code' });
    }
    const fileMatches = given === undefined ? undefined : given === row.sha256;
    await auditDocumentEvent(this.db, {
      actor: 'anonymous',
      action: 'documents.verify',
      channel: 'verify',
      outcome: 'success',
      documentId: row.document_id,
      ownerId: row.person_id,
      details: { code: row.code, fileChecked: given !== undefined, fileMatches, ip: context.ip },
    });
    const config = this.options.config;
    return {
      code: row.code,
      kind: row.kind,
      title: CERTIFICATE_TITLES[row.kind].fr,
      titleEn: CERTIFICATE_TITLES[row.kind].en,
      holder: row.display_name,
      issuedAt: row.issued_at,
      issuer: config.documents.communeName ?? (config.localMode ? 'Ville de Beaulieu-sur-Aune' : ''),
      ...(fileMatches === undefined ? {} : { fileMatches }),
    };
  }
}
