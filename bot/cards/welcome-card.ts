/**
 * The welcome card (sent when the bot is installed) and the help card (`aide` / `help`): what the
 * bot can do, with examples to tap.
 */
import { colon, quote, t, type Lang } from '../i18n/strings.js';
import { adaptiveCard, imBackAction, textBlock, type AdaptiveCard, type CardElement } from './adaptive-card.js';

/** What the cards list; the examples come from the FAQ engine when one is plugged in. */
export interface Capabilities {
  /** Example HR questions; empty when no FAQ is available. */
  faqExamples: string[];
  /** An FAQ is online (free-text questions, hand-over to HR). */
  faq?: boolean;
  /** The documents feature is available (payslips, certificates). */
  documents?: boolean;
}

function capabilityLines(lang: Lang, capabilities: Capabilities): CardElement[] {
  const lines = [
    `- **${t(lang, 'cmdHelp')}**${colon(lang)}${t(lang, 'cmdHelpDescription')}`,
    `- **${t(lang, 'cmdWhoAmI')}**${colon(lang)}${t(lang, 'cmdWhoAmIDescription')}`,
  ];
  if (capabilities.faq) lines.push(`- **${t(lang, 'cmdMyRequests')}**${colon(lang)}${t(lang, 'cmdMyRequestsDescription')}`);
  if (capabilities.documents) lines.push(`- **${t(lang, 'cmdMyPayslip')}**${colon(lang)}${t(lang, 'cmdMyPayslipDescription')}`);
  if (capabilities.faq || capabilities.faqExamples.length > 0) lines.push(`- ${t(lang, 'cmdFaqDescription')}`);
  const elements: CardElement[] = [textBlock(t(lang, 'capabilitiesTitle'), { weight: 'Bolder', spacing: 'Medium' }), textBlock(lines.join('\n'))];
  if (capabilities.faqExamples.length > 0) {
    elements.push(
      textBlock(t(lang, 'examplesTitle'), { weight: 'Bolder', spacing: 'Medium' }),
      textBlock(capabilities.faqExamples.map((q) => `- ${quote(lang, q)}`).join('\n')),
    );
  }
  return elements;
}

function actions(lang: Lang, capabilities: Capabilities) {
  return [
    imBackAction(t(lang, 'actionWhoAmI'), t(lang, 'cmdWhoAmI')),
    imBackAction(t(lang, 'actionHelp'), t(lang, 'cmdHelp')),
    ...capabilities.faqExamples.slice(0, 2).map((q) => imBackAction(q, q)),
  ];
}

/** Welcome card for a person who just installed the bot (personal scope). */
export function welcomeCard(lang: Lang, firstName: string | undefined, capabilities: Capabilities): AdaptiveCard {
  return adaptiveCard(
    [
      textBlock(firstName ? t(lang, 'welcomeTitleNamed', { firstName }) : t(lang, 'welcomeTitle'), { size: 'Large', weight: 'Bolder' }),
      textBlock(t(lang, 'welcomeIntro')),
      ...capabilityLines(lang, capabilities),
      textBlock(t(lang, 'languageNote'), { subtle: true, spacing: 'Medium' }),
    ],
    actions(lang, capabilities),
  );
}

/** Welcome card for a group chat or a team the bot was added to. */
export function groupWelcomeCard(lang: Lang, capabilities: Capabilities): AdaptiveCard {
  return adaptiveCard([
    textBlock(t(lang, 'welcomeGroupTitle'), { size: 'Large', weight: 'Bolder' }),
    textBlock(t(lang, 'welcomeGroupIntro')),
    ...capabilityLines(lang, capabilities),
  ]);
}

/** Help card: the commands, with buttons. `inGroup` adds the "mention me" reminder. */
export function helpCard(lang: Lang, capabilities: Capabilities, inGroup: boolean): AdaptiveCard {
  return adaptiveCard(
    [
      textBlock(t(lang, 'helpTitle'), { size: 'Medium', weight: 'Bolder' }),
      textBlock(t(lang, 'helpIntro')),
      ...capabilityLines(lang, capabilities),
      ...(inGroup ? [textBlock(t(lang, 'helpGroupNote'), { subtle: true, spacing: 'Medium' })] : []),
    ],
    actions(lang, capabilities),
  );
}
