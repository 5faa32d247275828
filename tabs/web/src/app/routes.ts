/** The tab's pages, from the path: /tab/agent (default), /tab/manager, /tab/config. */
export type TabPage = 'agent' | 'manager' | 'config';

export function pageOf(pathname: string): TabPage {
  const last = pathname.replace(/\/+$/, '').split('/').pop();
  return last === 'manager' || last === 'config' ? last : 'agent';
}
