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
