/**
 * The agent's documents in the chat: "mon bulletin", "bulletin de paie de mars", "payslip for
 * september", "mes documents", "attestation employeur", "certificat de travail". Every button
 * carries only a document id: pressing it asks the document service for a fresh single-use
 * link for the presser, who must own the document (anything else is refused and audited there).
 * In personal chat the file can also come through Teams' file consent flow.
 */
import { isEquipageError } from '../../core/errors.js';
import { summarize, type DocumentService } from '../../core/documents/document-service.js';
import type { DocumentRequest } from '../../core/documents/periods.js';
import { formatPeriod } from '../../core/documents/periods.js';
import { callerFromTeams } from '../../core/documents/teams-identity.js';
import type { Caller } from '../../core/auth/identity.js';
import { certificateCard, documentCard, documentLinkCard, documentListCard, fileConsentAttachment } from '../cards/document-cards.js';
import { t } from '../i18n/strings.js';
import type { IncomingCardAction, IncomingEvent, IncomingFileConsent, IncomingMessage, TurnResult } from './model.js';
import { respond, type FlowDeps, type Turn } from './turn.js';

function callerOf(deps: FlowDeps, event: IncomingEvent): Promise<Caller> {
  return callerFromTeams(deps.db, { aadObjectId: event.sender.aadObjectId, upn: event.sender.upn, tenantId: event.tenantId, name: event.sender.name });
}

function service(deps: FlowDeps): DocumentService {
  return deps.documents!();
}

const fileConsentOn = (deps: FlowDeps, turn: Turn) => Boolean(deps.fileConsent) && turn.event.scope === 'personal';

/** Runs a document action; the service's refusals (not linked, access ended, not found) become a clear reply. */
async function guarded<T>(turn: Turn, run: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; text: string }> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    if (isEquipageError(error) && error.status < 500) return { ok: false, text: error.localized(turn.lang) };
    throw error;
  }
}

/** Answers a document request typed in the chat. */
export async function onDocumentRequest(deps: FlowDeps, turn: Turn<IncomingMessage>, request: DocumentRequest): Promise<void> {
  const { lang, out } = turn;
  if (turn.event.scope !== 'personal') return out.send({ kind: 'text', text: t(lang, 'documentsPrivateOnly') });
  const caller = await callerOf(deps, turn.event);
  const fileConsent = fileConsentOn(deps, turn);
  const say = (text: string) => out.send({ kind: 'text', text });
  if (request.kind === 'list') {
    const result = await guarded(turn, () => service(deps).listMine(caller, 'bot', { limit: 12 }));
    if (!result.ok) return say(result.text);
    if (result.value.length === 0) return say(t(lang, 'documentsListEmpty'));
    return out.send({ kind: 'card', card: documentListCard(lang, result.value, { fileConsent }), summary: t(lang, 'documentsListTitle') });
  }
  if (request.kind === 'payslip') {
    const result = await guarded(turn, () => service(deps).findPayslip(caller, 'bot', request.period));
    if (!result.ok) return say(result.text);
    if (!result.value) {
      if (request.period === undefined) return say(t(lang, 'payslipNoneYet'));
      return say(t(lang, 'payslipNotFound', { period: lang === 'fr' ? `de ${formatPeriod(request.period, 'fr')}` : `for ${formatPeriod(request.period, 'en')}` }));
    }
    const doc = result.value;
    return out.send({ kind: 'card', card: documentCard(lang, doc, { fileConsent }), summary: lang === 'en' ? doc.titleEn : doc.title });
  }
  const result = await guarded(turn, () => service(deps).issueCertificate(caller, 'bot', request.certificateKind));
  if (!result.ok) return say(result.text);
  const issued = result.value;
  return out.send({ kind: 'card', card: certificateCard(lang, issued.document, issued), summary: lang === 'en' ? issued.document.titleEn : issued.document.title });
}

/** "Télécharger" (and the payslip notification's button): a fresh link to the presser's own document. */
export async function onOpenDocument(deps: FlowDeps, turn: Turn<IncomingCardAction>): Promise<TurnResult> {
  if (turn.event.scope !== 'personal') return respond(turn, { text: t(turn.lang, 'documentsPrivateOnly') });
  const caller = await callerOf(deps, turn.event);
  const result = await guarded(turn, () => service(deps).issueLink(caller, 'bot', turn.event.data.documentId));
  if (!result.ok) return respond(turn, { text: result.text });
  const link = result.value;
  const card = documentLinkCard(turn.lang, link.document, link.url, { fileConsent: fileConsentOn(deps, turn) });
  return respond(turn, { card, summary: turn.lang === 'en' ? link.document.titleEn : link.document.title });
}

/** "Recevoir le fichier ici": offers the file with a FileConsentCard (personal chat only). */
export async function onOfferFile(deps: FlowDeps, turn: Turn<IncomingCardAction>): Promise<TurnResult> {
  if (!fileConsentOn(deps, turn)) return respond(turn, { text: t(turn.lang, 'documentsPrivateOnly') });
  const caller = await callerOf(deps, turn.event);
  const result = await guarded(turn, () => service(deps).getMine(caller, 'bot', turn.event.data.documentId, 'documents.offer'));
  if (!result.ok) return respond(turn, { text: result.text });
  const doc = summarize(result.value);
  const attachment = fileConsentAttachment(doc, turn.lang);
  await turn.out.send({ kind: 'attachment', ...attachment });
  return turn.event.via === 'execute' ? { invoke: { kind: 'message', text: t(turn.lang, 'fileOffered') } } : {};
}

/**
 * The person accepted (or declined) the file: the bot redeems a fresh single-use link for them
 * (the same checks and audit as a download) and uploads the file to the OneDrive URL Teams gave.
 */
export async function onFileConsent(deps: FlowDeps, turn: Turn<IncomingFileConsent>): Promise<TurnResult> {
  const { event, out } = turn;
  if (event.action === 'decline') {
    await out.send({ kind: 'text', text: t(turn.lang, 'fileDeclined') });
    return { invoke: { kind: 'ok' } };
  }
  const info = event.uploadInfo;
  // Teams gives a OneDrive upload session URL; anything but https is refused (no request to arbitrary hosts in clear).
  if (!info || !/^https:\/\/[^/]+\//.test(info.uploadUrl)) {
    return { invoke: { kind: 'error', status: 400, message: 'uploadInfo.uploadUrl is missing or not https' } };
  }
  const caller = await callerOf(deps, event);
  const docs = service(deps);
  const issued = await guarded(turn, () => docs.issueLink(caller, 'bot', event.context.documentId));
  if (!issued.ok) {
    await out.send({ kind: 'text', text: issued.text });
    return { invoke: { kind: 'ok' } };
  }
  const download = await docs.redeemLink(issued.value.token, { userAgent: 'teams-file-consent' });
  const chunks: Buffer[] = [];
  for await (const chunk of download.stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
  const body = Buffer.concat(chunks);
  const response = await fetch(info.uploadUrl, {
    method: 'PUT',
    headers: { 'content-type': 'application/pdf', 'content-length': String(body.length), 'content-range': `bytes 0-${body.length - 1}/${body.length}` },
    body,
    signal: AbortSignal.timeout(60_000),
  }).catch((error: unknown) => ({ ok: false, status: 0, statusText: (error as Error).message }) as const);
  if (!response.ok) {
    deps.logger.warn({ status: response.status }, 'file consent upload failed');
    await out.send({ kind: 'text', text: t(turn.lang, 'fileUploadFailed') });
    return { invoke: { kind: 'ok' } };
  }
  await out.send({
    kind: 'attachment',
    contentType: 'application/vnd.microsoft.teams.card.file.info',
    name: info.name,
    contentUrl: info.contentUrl,
    content: { uniqueId: info.uniqueId, fileType: info.fileType },
  });
  return { invoke: { kind: 'ok' } };
}
