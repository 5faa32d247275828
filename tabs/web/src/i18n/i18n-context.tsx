/** Language and strings for the whole app, plus date formatting in that language. */
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { STRINGS, type Lang, type TabStrings } from './strings';

export interface I18n {
  lang: Lang;
  t: TabStrings;
  /** Formats an ISO date (`YYYY-MM-DD`) as "12 mars" / "March 12" (with the year when not this year). */
  formatDate(iso: string): string;
}

function makeI18n(lang: Lang): I18n {
  const locale = lang === 'fr' ? 'fr-FR' : 'en-GB';
  const thisYear = new Date().getFullYear();
  const short = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', timeZone: 'UTC' });
  const long = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  return {
    lang,
    t: STRINGS[lang],
    formatDate(iso) {
      const d = new Date(`${iso}T00:00:00Z`);
      return (d.getUTCFullYear() === thisYear ? short : long).format(d);
    },
  };
}

const I18nContext = createContext<I18n>(makeI18n('fr'));

/** Provides the language to the tree. */
export function I18nProvider(props: { lang: Lang; children: ReactNode }) {
  const value = useMemo(() => makeI18n(props.lang), [props.lang]);
  return <I18nContext.Provider value={value}>{props.children}</I18nContext.Provider>;
}

/** The current language, strings and date formatting. */
export function useI18n(): I18n {
  return useContext(I18nContext);
}
