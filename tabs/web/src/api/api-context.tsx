/** Gives the views their {@link TabApi}. */
import { createContext, useContext, type ReactNode } from 'react';
import type { TabApi } from './tab-api';

const ApiContext = createContext<TabApi | null>(null);

/** Provides the API to the tree. */
export function ApiProvider(props: { api: TabApi; children: ReactNode }) {
  return <ApiContext.Provider value={props.api}>{props.children}</ApiContext.Provider>;
}

/** The API; throws when no provider is mounted (a programming error). */
export function useTabApi(): TabApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useTabApi needs an <ApiProvider>');
  return api;
}
