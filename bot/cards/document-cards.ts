/**
 * Cards of the agent's documents: one document, the list of the latest ones, a fresh download
 * link, a generated certificate. Download buttons carry only the document id: pressing one asks
 * the bot for a fresh single-use 10-minute link (checked against the presser's identity).
 */
import type { DocumentSummary } from '../../core/documents/document-service.js';
import { colon, t, type Lang } from '../i18n/strings.js';
import { actionSet, adaptiveCard, container, executeAction, openUrlAction, textBlock, type AdaptiveCard, type CardAction, type CardElement } from './adaptive-card.js';

/** Verbs of the document buttons. `documents.open` is also what payslip notifications submit. */
export const DOCUMENT_VERBS = { open: 'documents.open', file: 'documents.file' } as const;

const titleOf = (lang: Lang, doc: DocumentSummary) => (lang === 'en' ? doc.titleEn : doc.title);
const size = (bytes: number, lang: Lang) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} ${lang === 'fr' ? 'Mo' : 'MB'}` : `${Math.max(1, Math.round(bytes / 1024))} ${lang === 'fr' ? 'ko' : 'KB'}`);
const date = (d: Date, lang: Lang) => new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'fr-FR', { dateStyle: 'medium', timeZone: 'Europe/Paris' }).format(d);

function buttons(lang: Lang, doc: DocumentSummary, fileConsent: boolean): CardAction[] {
  return [
    executeAction(t(lang, 'documentDownload'), DOCUMENT_VERBS.open, { documentId: doc.id }),
    ...(fileConsent ? [executeAction(t(lang, 'documentFileConsent'), DOCUMENT_VERBS.file, { documentId: doc.id })] : []),
  ];
}

/** One document, with its download button (and "get the file here" in personal chat). */
export function documentCard(lang: Lang, doc: DocumentSummary, options: { fileConsent: boolean }): AdaptiveCard {
  return adaptiveCard(
    [textBlock(titleOf(lang, doc), { weight: 'Bolder' }), textBlock(`${doc.fileName} · ${size(doc.sizeBytes, lang)} · ${date(doc.createdAt, lang)}`, { subtle: true, size: 'Small' })],
    buttons(lang, doc, options.fileConsent),
  );
}

/** The latest documents, each with its button. */
export function documentListCard(lang: Lang, docs: readonly DocumentSummary[], options: { fileConsent: boolean }): AdaptiveCard {
  const items: CardElement[] = docs.map((doc, i) =>
    container([textBlock(titleOf(lang, doc), { weight: 'Bolder' }), actionSet(buttons(lang, doc, options.fileConsent))], { separator: i > 0, spacing: 'Small' }),
  );
  return adaptiveCard([textBlock(t(lang, 'documentsListTitle'), { size: 'Medium', weight: 'Bolder' }), textBlock(t(lang, 'documentsListIntro', { count: docs.length }), { subtle: true }), ...items]);
}

/** A fresh link to a document (the card that replaces the pressed one). */
export function documentLinkCard(lang: Lang, doc: DocumentSummary, url: string, options: { fileConsent: boolean }): AdaptiveCard {
  return adaptiveCard(
    [textBlock(titleOf(lang, doc), { weight: 'Bolder' }), textBlock(t(lang, 'documentLinkReady'), { subtle: true })],
    [openUrlAction(t(lang, 'documentOpen'), url), executeAction(t(lang, 'documentNewLink'), DOCUMENT_VERBS.open, { documentId: doc.id }), ...(options.fileConsent ? [executeAction(t(lang, 'documentFileConsent'), DOCUMENT_VERBS.file, { documentId: doc.id })] : [])],
  );
}

/** A certificate just generated: its verification code and URL, and a download link. */
export function certificateCard(lang: Lang, doc: DocumentSummary, link: { url: string; code: string; verifyUrl: string }): AdaptiveCard {
  return adaptiveCard(
    [
      textBlock(titleOf(lang, doc), { weight: 'Bolder' }),
      textBlock(t(lang, 'certificateReady')),
      textBlock(`${t(lang, 'certificateCode')}${colon(lang)}**${link.code}**`),
      textBlock(`${t(lang, 'certificateVerify')}${colon(lang)}${link.verifyUrl}`, { subtle: true, size: 'Small' }),
      textBlock(t(lang, 'documentLinkReady'), { subtle: true, size: 'Small' }),
    ],
    [openUrlAction(t(lang, 'documentOpen'), link.url), executeAction(t(lang, 'documentNewLink'), DOCUMENT_VERBS.open, { documentId: doc.id })],
  );
}

/** Teams' FileConsentCard: asks the person to accept the file into their OneDrive and the chat. */
export function fileConsentAttachment(doc: DocumentSummary, lang: Lang) {
  return {
    contentType: 'application/vnd.microsoft.teams.card.file.consent',
    name: doc.fileName,
    content: { description: titleOf(lang, doc), sizeInBytes: doc.sizeBytes, acceptContext: { documentId: doc.id }, declineContext: { documentId: doc.id } },
  };
}
