/** The detected host, for the few components that talk to Teams (the channel tab configuration). */
import { createContext, useContext, type ReactNode } from 'react';
import type { Host } from './host';

const HostContext = createContext<Host | null>(null);

export function HostProvider(props: { host: Host; children: ReactNode }) {
  return <HostContext.Provider value={props.host}>{props.children}</HostContext.Provider>;
}

/** The host, or null outside a provider (component tests). */
export function useHost(): Host | null {
  return useContext(HostContext);
}
