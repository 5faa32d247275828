/**
 * @jest-environment jsdom
 */
import { describe, expect, it, jest } from '@jest/globals';
import { detectHost, mayBeInTeams, type TeamsSdk } from '../../../tabs/web/src/host/host';
import { pageOf } from '../../../tabs/web/src/app/routes';
import { langOf } from '../../../tabs/web/src/i18n/strings';

/** A window seen from inside an iframe. */
const framed = () => ({ parent: {}, opener: null, matchMedia: () => ({ matches: false }) }) as unknown as Window;

describe('detectHost', () => {
  it('does not even load teams-js in a top-level page without a native bridge', async () => {
    const load = jest.fn<() => Promise<TeamsSdk>>();
    expect(mayBeInTeams(window)).toBe(false);
    const host = await detectHost(1000, load, window);
    expect(host.kind).toBe('browser');
    expect(load).not.toHaveBeenCalled();
  });

  it('gives up on a host that never answers (a non-Teams iframe)', async () => {
    const sdk = { app: { initialize: () => new Promise<void>(() => undefined) } } as unknown as TeamsSdk;
    const host = await detectHost(20, async () => sdk, framed());
    expect(host.kind).toBe('browser');
  });

  it('reads the locale and theme of Teams', async () => {
    const sdk = {
      app: {
        initialize: async () => undefined,
        getContext: async () => ({ app: { locale: 'en-us', theme: 'contrast' }, page: { frameContext: 'content' } }),
      },
    } as unknown as TeamsSdk;
    const host = await detectHost(1000, async () => sdk, framed());
    expect(host).toMatchObject({ kind: 'teams', locale: 'en-us', theme: 'contrast', frameContext: 'content' });
  });
});

describe('routing and language', () => {
  it('maps paths to pages, the agent view by default', () => {
    expect(pageOf('/tab/manager')).toBe('manager');
    expect(pageOf('/tab/config/')).toBe('config');
    expect(pageOf('/tab/agent')).toBe('agent');
    expect(pageOf('/tab/')).toBe('agent');
  });

  it('speaks English to en-* locales and French otherwise', () => {
    expect(langOf('en-GB')).toBe('en');
    expect(langOf('fr-FR')).toBe('fr');
    expect(langOf('de-DE')).toBe('fr');
    expect(langOf(undefined)).toBe('fr');
  });
});
