/** The person chosen in the local-mode picker, remembered across reloads in this browser. */
import { LOCAL_USER_HEADER, type AuthHeaders } from '../api/tab-api';

const KEY = 'equipage.localUser';

export function rememberedLocalUser(): string | null {
  try {
    return window.localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function rememberLocalUser(personId: string | null): void {
  try {
    if (personId) window.localStorage.setItem(KEY, personId);
    else window.localStorage.removeItem(KEY);
  } catch {
    // Private browsing without storage: the choice lasts for this page only.
  }
}

/** Headers authenticating as a local-mode person. */
export function localAuth(personId: string): AuthHeaders {
  return async () => ({ [LOCAL_USER_HEADER]: personId });
}
