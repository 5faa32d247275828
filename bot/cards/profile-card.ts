/** The "qui suis-je / who am I" card: the person's record as the directory holds it. */
import type { PersonProfile } from '../conversation/model.js';
import { colon, t, type Lang } from '../i18n/strings.js';
import { adaptiveCard, factSet, textBlock, type AdaptiveCard } from './adaptive-card.js';

/** Card listing name, job, service, manager and workplace. */
export function profileCard(lang: Lang, person: PersonProfile): AdaptiveCard {
  const unknown = t(lang, 'whoAmIUnknownValue');
  return adaptiveCard([
    textBlock(t(lang, 'whoAmITitle'), { weight: 'Bolder' }),
    factSet([
      { title: t(lang, 'whoAmIName'), value: person.displayName },
      { title: t(lang, 'whoAmIJob'), value: person.jobTitle ?? unknown },
      { title: t(lang, 'whoAmIService'), value: person.serviceName ?? unknown },
      { title: t(lang, 'whoAmIManager'), value: person.managerName ?? unknown },
      { title: t(lang, 'whoAmISite'), value: person.site ?? unknown },
    ]),
    textBlock(t(lang, 'whoAmIFix'), { subtle: true, size: 'Small' }),
  ]);
}

/** Plain-text version of the same record, for notifications and clients without cards. */
export function profileSummary(lang: Lang, person: PersonProfile): string {
  const unknown = t(lang, 'whoAmIUnknownValue');
  const line = (key: 'whoAmIName' | 'whoAmIJob' | 'whoAmIService' | 'whoAmIManager', value: string | null) => `${t(lang, key)}${colon(lang)}${value ?? unknown}`;
  return [
    line('whoAmIName', person.displayName),
    line('whoAmIJob', person.jobTitle),
    line('whoAmIService', person.serviceName),
    line('whoAmIManager', person.managerName),
  ].join(' — ');
}
