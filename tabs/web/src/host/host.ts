/**
 * Where the tab runs. Inside Teams, `app.initialize()` resolves; in a top-level browser page it
 * rejects at once; inside a non-Teams iframe it never settles. So it runs against a timeout.
 * teams-js is imported on demand, and not at all when no Teams host can be there.
 */
export type TeamsSdk = typeof import('./teams-sdk');

/**
 * False when no Teams host can be present: a top-level window with no opener and no native
 * bridge (teams-js applies this same test before rejecting `app.initialize()` at once).
 */
export function mayBeInTeams(win: Window = window): boolean {
  return win.parent !== win || Boolean(win.opener) || 'nativeInterface' in win;
}

export type HostTheme = 'light' | 'dark' | 'contrast';

export type Host =
  | { kind: 'teams'; sdk: TeamsSdk; locale: string; theme: HostTheme; frameContext: string | undefined }
  | { kind: 'browser'; locale: string; theme: HostTheme };

/** Maps a Teams theme name (`default`, `dark`, `contrast`) to ours. */
export function hostThemeOf(teamsTheme: string | undefined): HostTheme {
  return teamsTheme === 'dark' ? 'dark' : teamsTheme === 'contrast' ? 'contrast' : 'light';
}

/** The browser's own preference, outside Teams. */
export function browserTheme(win: Window = window): HostTheme {
  const media = (q: string) => typeof win.matchMedia === 'function' && win.matchMedia(q).matches;
  if (media('(forced-colors: active)')) return 'contrast';
  return media('(prefers-color-scheme: dark)') ? 'dark' : 'light';
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

/** Detects the host: Teams when the SDK initializes within `timeoutMs`, else the browser. */
export async function detectHost(
  timeoutMs = 3000,
  loadSdk: () => Promise<TeamsSdk> = () => import('./teams-sdk'),
  win: Window = window,
): Promise<Host> {
  const browser = (): Host => ({ kind: 'browser', locale: navigator.language, theme: browserTheme(win) });
  if (!mayBeInTeams(win)) return browser();
  let sdk: TeamsSdk;
  try {
    sdk = await loadSdk();
    await withTimeout(sdk.app.initialize(), timeoutMs);
  } catch {
    return browser();
  }
  const context = await withTimeout(sdk.app.getContext(), timeoutMs).catch(() => undefined);
  return {
    kind: 'teams',
    sdk,
    locale: context?.app.locale ?? navigator.language,
    theme: hostThemeOf(context?.app.theme),
    frameContext: context?.page.frameContext,
  };
}
