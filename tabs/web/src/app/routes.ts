/** The tab's pages, from the path: /tab/agent (default), /tab/manager, /tab/hr, /tab/team, /tab/config. */
export type TabPage = 'agent' | 'manager' | 'hr' | 'team' | 'config';

const PAGES: readonly TabPage[] = ['agent', 'manager', 'hr', 'team', 'config'];

export function pageOf(pathname: string): TabPage {
  const last = pathname.replace(/\/+$/, '').split('/').pop();
  return PAGES.find((p) => p === last) ?? 'agent';
}
