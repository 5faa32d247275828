/**
 * Every card the bot sends is a valid Adaptive Card for schema 1.5, as the official
 * `adaptivecards` renderer library parses and validates it.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from '@jest/globals';
import { adaptiveCard, textBlock, type AdaptiveCard } from '../../bot/cards/adaptive-card.js';
import { profileCard } from '../../bot/cards/profile-card.js';
import { groupWelcomeCard, helpCard, welcomeCard } from '../../bot/cards/welcome-card.js';
import type { PersonProfile } from '../../bot/conversation/model.js';
import { answerCard, suggestionsCard, unknownCard } from '../../bot/cards/faq-cards.js';
import { hrAnswerCard, hrRequestCard, myRequestsCard } from '../../bot/cards/hr-cards.js';
import { certificateCard, documentCard, documentLinkCard, documentListCard } from '../../bot/cards/document-cards.js';
import { payslipAvailableMessage } from '../../core/documents/notifications.js';
import type { DocumentSummary } from '../../core/documents/document-service.js';
import type { FaqEntry } from '../../core/kb/faq-entry.js';
import type { HrRequest } from '../../core/hr/hr-requests.js';

const require = createRequire(import.meta.url);
// The UMD bundle is the build meant for plain script environments such as Node.
const AC = require('adaptivecards/dist/adaptivecards.js') as typeof import('adaptivecards');

/** Problems the official library reports for `card` at target version 1.5. */
function problems(card: unknown): string[] {
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  const parsed = new AC.AdaptiveCard();
  parsed.parse(card as any, context);
  const found: string[] = [];
  for (let i = 0; i < context.eventCount; i++) found.push(context.getEventAt(i).message);
  for (const event of parsed.validateProperties().validationEvents) found.push(event.message);
  return found;
}

const person: PersonProfile = {
  id: 'p1',
  displayName: 'Lucas Fontaine',
  givenName: 'Lucas',
  jobTitle: 'Agent de voirie',
  serviceName: 'Voirie',
  managerName: null,
  site: null,
  preferredLanguage: 'fr',
  hrMember: false,
};

const noFaq = { faqExamples: [] };
const withFaq = { faqExamples: ['Comment poser un congé ?', 'Quand suis-je payé ?'] };

const cards: Array<[string, AdaptiveCard]> = [];
for (const lang of ['fr', 'en'] as const) {
  cards.push(
    [`welcome ${lang}`, welcomeCard(lang, 'Lucas', noFaq)],
    [`welcome ${lang}, unnamed, with FAQ`, welcomeCard(lang, undefined, withFaq)],
    [`group welcome ${lang}`, groupWelcomeCard(lang, withFaq)],
    [`help ${lang}`, helpCard(lang, noFaq, false)],
    [`help ${lang} in a group, with FAQ`, helpCard(lang, withFaq, true)],
    [`profile ${lang}`, profileCard(lang, person)],
  );
}

const entry: FaqEntry = { id: 'conges-nombre', question: 'Combien de jours de congés ?', alternates: [], answer: '25 jours ouvrés.', category: 'Congés', link: 'https://intranet.example/conges' };
const other: FaqEntry = { ...entry, id: 'rtt', question: 'Combien de RTT ?', link: null, category: null };
const request: HrRequest = {
  id: '3f1c1c9e-8a47-4b53-9f0e-1b2c3d4e5f60', number: 12, personId: 'p1', personName: 'Lucas Fontaine', serviceName: 'Voirie', question: 'Puis-je venir avec mon chien ?', lang: 'fr',
  questionId: 4, context: { faqQuestion: 'Combien de jours de congés ?' }, status: 'open', createdAt: new Date('2026-10-01T08:00:00Z'), takenBy: null, takenByName: null,
  answer: null, answeredBy: null, answeredByName: null, answeredAt: null, closedBy: null, closedByName: null, draftId: null, channelActivityId: null,
};
const answered: HrRequest = { ...request, status: 'answered', takenBy: 'p2', takenByName: 'Karim Benali', answer: 'Non.', answeredBy: 'p2', answeredByName: 'Karim Benali', answeredAt: new Date() };
const doc: DocumentSummary = { id: '8c0a4a57-2a1e-4d55-9d2b-7d7f5f0a1b2c', kind: 'payslip', certificateKind: null, period: '2026-10', version: 1, title: 'Bulletin de paie — octobre 2026', titleEn: 'Payslip — October 2026', fileName: 'bulletin-2026-10.pdf', sizeBytes: 48_000, createdAt: new Date() };

for (const lang of ['fr', 'en'] as const) {
  cards.push(
    [`answer ${lang}`, answerCard(lang, entry, 4)],
    [`answer ${lang} after feedback and HR request`, answerCard(lang, other, 4, { feedback: 'not_helpful', requestNumber: 3 })],
    [`suggestions ${lang}`, suggestionsCard(lang, 'congés', [entry, other], 4)],
    [`unknown ${lang}`, unknownCard(lang, 'horaires de la déchetterie', 4)],
    [`unknown ${lang}, no FAQ`, unknownCard(lang, 'horaires', 4, {}, true)],
    [`my requests ${lang}`, myRequestsCard(lang, [request, answered])],
    [`document ${lang}`, documentCard(lang, doc, { fileConsent: true })],
    [`document list ${lang}`, documentListCard(lang, [doc, { ...doc, id: 'x' }], { fileConsent: false })],
    [`document link ${lang}`, documentLinkCard(lang, doc, 'https://equipage.example/api/documents/download/abc', { fileConsent: true })],
    [`certificate ${lang}`, certificateCard(lang, doc, { url: 'https://equipage.example/d/abc', code: 'ABCD-EFGH', verifyUrl: 'https://equipage.example/verify/ABCD-EFGH' })],
    [`payslip notification ${lang}`, payslipAvailableMessage('2026-10', doc.id, lang).cards![0] as AdaptiveCard],
  );
}
cards.push(
  ['HR request open', hrRequestCard(request)],
  ['HR request taken, with notice', hrRequestCard({ ...request, status: 'taken', takenBy: 'p2', takenByName: 'Karim Benali' }, 'Déjà prise en charge.')],
  ['HR request answered', hrRequestCard(answered)],
  ['HR request with draft', hrRequestCard({ ...answered, draftId: 5 })],
  ['HR request closed', hrRequestCard({ ...request, status: 'closed', closedBy: 'p3', closedByName: 'Sophie Lambert' })],
  ['HR answer relayed', hrAnswerCard(answered)],
);

describe('bot cards', () => {
  it.each(cards)('%s is a valid Adaptive Card 1.5', (_name, card) => {
    expect(card.version).toBe('1.5');
    expect(problems(JSON.parse(JSON.stringify(card)))).toEqual([]);
  });

  it('the validator does report what Teams would not render', () => {
    const bad = { ...adaptiveCard([textBlock('ok')]), body: [{ type: 'NotAnElement' }, { type: 'TextBlock' }] };
    expect(problems(bad).length).toBeGreaterThan(0);
  });

  it('fills a missing record field with "non renseigné" rather than leaving a hole', () => {
    const facts = (profileCard('fr', person).body[1] as unknown as { facts: Array<{ title: string; value: string }> }).facts;
    expect(facts).toContainEqual({ title: 'Responsable', value: 'non renseigné' });
  });
});
