/** Teams SSO: the tab's Entra token from `authentication.getAuthToken`, sent as a bearer token. */
import type { AuthHeaders } from '../api/tab-api';
import { ApiError } from '../api/tab-api';
import type { TeamsSdk } from '../host/host';

export function teamsAuth(sdk: TeamsSdk): AuthHeaders {
  return async () => {
    try {
      // Teams caches the token and refreshes it when needed.
      const token = await sdk.authentication.getAuthToken();
      return { authorization: `Bearer ${token}` };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ApiError('SSO_FAILED', 401, `La connexion via Teams a échoué (${reason}).`, `Teams sign-in failed (${reason}).`);
    }
  };
}
