/**
 * The suite's Microsoft Entra ID confidential client (MSAL Node): app-only tokens for the directory
 * synchronization (client credentials) and tokens on a user's behalf for the tab (on-behalf-of).
 * TeamsFx reached end of life in September 2026; this is the MSAL flow it used to wrap.
 */
import { AuthError, ConfidentialClientApplication, InteractionRequiredAuthError, LogLevel } from '@azure/msal-node';
import type { Config } from '../config/config.js';
import { EquipageError } from '../errors.js';

/** The Entra part of the configuration. */
export type EntraConfig = NonNullable<Config['entra']>;

/** A token with its expiry, as the token endpoint issued it. */
export interface AccessToken {
  token: string;
  expiresOn: Date | null;
  scopes: string[];
}

/** The app registration as a token source. One instance per process: MSAL caches tokens in memory. */
export interface EntraApp {
  /** An app-only token for `scope` (e.g. `https://graph.microsoft.com/.default`), from MSAL's cache when still valid. */
  acquireAppToken(scope: string): Promise<AccessToken>;
  /**
   * Exchanges the user's SSO token (whose audience is this app) for a token to call `scopes` on the
   * user's behalf. Throws `EQP_ERR_GRAPH_CONSENT_REQUIRED` when the user (or an admin) must consent,
   * `EQP_ERR_ENTRA_TOKEN_FAILED` otherwise.
   */
  acquireTokenOnBehalfOf(userAssertion: string, scopes: readonly string[]): Promise<AccessToken>;
}

/**
 * The authority MSAL talks to: `{authorityHost}/{tenantId}`. The host is declared as a known
 * authority so MSAL reads the tenant's OpenID configuration from that host and never asks the
 * public instance-discovery endpoint: sovereign clouds and the tests' local authority work alike.
 */
function msalAuthOptions(entra: EntraConfig, clientSecret: string) {
  const host = new URL(entra.authorityHost);
  return {
    clientId: entra.clientId,
    clientSecret,
    authority: `${host.origin}/${entra.tenantId}`,
    knownAuthorities: [host.host],
  };
}

/** Creates the confidential client. Throws `EQP_ERR_DIRECTORY_NOT_CONFIGURED` without a client secret. */
export function createEntraApp(entra: EntraConfig): EntraApp {
  if (!entra.clientSecret) {
    throw new EquipageError('EQP_ERR_DIRECTORY_NOT_CONFIGURED', { missing: 'AAD_APP_CLIENT_SECRET' });
  }
  const msal = new ConfidentialClientApplication({
    auth: msalAuthOptions(entra, entra.clientSecret),
    // MSAL's own log stays quiet: its errors reach us as exceptions, mapped below.
    system: { loggerOptions: { logLevel: LogLevel.Error, piiLoggingEnabled: false, loggerCallback: () => undefined } },
  });
  return {
    async acquireAppToken(scope) {
      try {
        return toAccessToken(await msal.acquireTokenByClientCredential({ scopes: [scope] }), 'client_credentials');
      } catch (error) {
        throw mapMsalError(error);
      }
    },
    async acquireTokenOnBehalfOf(userAssertion, scopes) {
      try {
        return toAccessToken(await msal.acquireTokenOnBehalfOf({ oboAssertion: userAssertion, scopes: [...scopes] }), 'on_behalf_of');
      } catch (error) {
        throw mapMsalError(error);
      }
    },
  };
}

function toAccessToken(result: { accessToken: string; expiresOn: Date | null; scopes: string[] } | null, flow: string): AccessToken {
  if (!result?.accessToken) throw new EquipageError('EQP_ERR_ENTRA_TOKEN_FAILED', { reason: `${flow}: no access token in the response` });
  return { token: result.accessToken, expiresOn: result.expiresOn, scopes: result.scopes };
}

/** MSAL errors → coded errors; the AADSTS text is kept (it names the cause) but never a token. */
function mapMsalError(error: unknown): EquipageError {
  if (error instanceof EquipageError) return error;
  if (error instanceof InteractionRequiredAuthError) {
    return new EquipageError('EQP_ERR_GRAPH_CONSENT_REQUIRED', {}, { cause: error, details: { errorCode: error.errorCode, subError: error.subError } });
  }
  if (error instanceof AuthError) {
    const reason = `${error.errorCode}${error.errorMessage ? `: ${firstLine(error.errorMessage)}` : ''}`;
    return new EquipageError('EQP_ERR_ENTRA_TOKEN_FAILED', { reason }, { cause: error, details: { errorCode: error.errorCode, subError: error.subError } });
  }
  return new EquipageError('EQP_ERR_ENTRA_TOKEN_FAILED', { reason: (error as Error)?.message ?? String(error) }, { cause: error });
}

function firstLine(text: string): string {
  return text.split(/\r?\n/)[0]!.slice(0, 300);
}
