/**
 * The app's frame: detects the host, follows its theme (Teams theme changes, or the browser's
 * colour scheme) and language, then hands over to the session.
 */
import { FluentProvider } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { LoadingState } from '../components/StateViews/StateViews';
import { browserTheme, detectHost, hostThemeOf, type Host, type HostTheme } from '../host/host';
import { HostProvider } from '../host/host-context';
import { I18nProvider } from '../i18n/i18n-context';
import { langOf, type Lang } from '../i18n/strings';
import { fluentThemeOf } from '../theme/themes';
import { Session } from './Session';

function initialLang(): Lang {
  const forced = new URLSearchParams(window.location.search).get('lang');
  return langOf(forced ?? navigator.language);
}

export function Root() {
  const [host, setHost] = useState<Host | null>(null);
  const [theme, setTheme] = useState<HostTheme>(() => browserTheme());
  const [lang, setLang] = useState<Lang>(initialLang);

  useEffect(() => {
    let live = true;
    void detectHost().then((h) => {
      if (!live) return;
      setHost(h);
      setTheme(h.theme);
      if (h.kind === 'teams') {
        setLang(langOf(h.locale));
        h.sdk.app.registerOnThemeChangeHandler((name) => setTheme(hostThemeOf(name)));
        h.sdk.app.notifySuccess().catch(() => undefined);
      }
    });
    return () => {
      live = false;
    };
  }, []);

  // Outside Teams, follow the system's light/dark/high-contrast preference as it changes.
  useEffect(() => {
    if (host?.kind === 'teams' || typeof window.matchMedia !== 'function') return;
    const queries = ['(prefers-color-scheme: dark)', '(forced-colors: active)'].map((q) => window.matchMedia(q));
    const update = () => setTheme(browserTheme());
    for (const q of queries) q.addEventListener('change', update);
    return () => {
      for (const q of queries) q.removeEventListener('change', update);
    };
  }, [host]);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  return (
    <FluentProvider theme={fluentThemeOf(theme)} style={{ minHeight: '100vh' }}>
      <I18nProvider lang={lang}>
        {host ? (
          <HostProvider host={host}>
            <Session host={host} />
          </HostProvider>
        ) : (
          <LoadingState />
        )}
      </I18nProvider>
    </FluentProvider>
  );
}
