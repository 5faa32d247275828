/**
 * Advice to HR on an FAQ about to serve agents: not errors (the import goes through), but what
 * makes the bot answer less often. Measured on blind evaluation FAQs (docs/benchmarks.md): the FAQ
 * whose entries had almost no alternate phrasing got far fewer direct answers (42% against 64% to
 * 81% for FAQs with some), because agents describe their situation in their own words and only
 * HR's phrasings teach the engine those words.
 */
import type { FaqEntry } from './faq-entry.js';

/** One piece of advice, in French (agents' and HR's language) and English. */
export interface FaqAdvice {
  code: 'few_alternates';
  message: string;
  messageEn: string;
  /** Entries concerned (the first {@link ADVICE_MAX_IDS}). */
  entryIds: string[];
  /** How many entries are concerned in all. */
  entryCount: number;
}

/** Share of entries without any alternate phrasing from which the advice is given. */
export const FEW_ALTERNATES_SHARE = 0.5;
export const ADVICE_MAX_IDS = 10;

/** What HR could improve in `entries` (empty when nothing stands out). */
export function adviseOnFaq(entries: readonly FaqEntry[]): FaqAdvice[] {
  const advice: FaqAdvice[] = [];
  const bare = entries.filter((entry) => entry.alternates.length === 0);
  if (entries.length > 0 && bare.length / entries.length >= FEW_ALTERNATES_SHARE) {
    advice.push({
      code: 'few_alternates',
      message:
        `${bare.length} entrées sur ${entries.length} n'ont aucune variante : le bot répond plus souvent quand chaque entrée a 2 ou 3 formulations ` +
        `dans les mots des agents (colonne « variantes », séparées par |), par exemple celles des questions transmises au service RH (equipage kb report).`,
      messageEn:
        `${bare.length} of ${entries.length} entries have no alternate phrasing: the bot answers more often when each entry has 2 or 3 phrasings ` +
        `in the agents' own words (the "alternates" column, separated by |), such as those of questions handed over to HR (equipage kb report).`,
      entryIds: bare.slice(0, ADVICE_MAX_IDS).map((entry) => entry.id),
      entryCount: bare.length,
    });
  }
  return advice;
}
