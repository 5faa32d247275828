/**
 * What callback URLs webhooks may call (SSRF guard). Outside local mode only `https://` URLs
 * whose host is public are accepted: never loopback, private, link-local (cloud metadata),
 * carrier-grade NAT, multicast or reserved addresses, and never through a name that resolves to
 * one. The check runs when subscribing and again at each connection (the resolved address is
 * checked by the socket's own `lookup`), so a name re-pointed after subscribing (DNS rebinding)
 * cannot reach the internal network either.
 */
import dns from 'node:dns';
import net from 'node:net';
import ipaddr from 'ipaddr.js';
import { EquipageError } from '../../errors.js';

/** What the guard allows. */
export interface CallbackUrlPolicy {
  /** Accept `http://` and non-public addresses (local mode, tests). */
  allowLocal: boolean;
}

/** Longest accepted callback URL (Power Automate's own are about 400 characters). */
export const MAX_CALLBACK_URL_LENGTH = 2048;

/** True for a public unicast address; every special-purpose range (ipaddr.js's ranges) is refused. */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  // ::ffff:10.0.0.1 is 10.0.0.1.
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  if (parsed.range() !== 'unicast') return false;
  // ipaddr.js calls everything it has no range for "unicast" (IPv4-compatible ::a.b.c.d, NAT64,
  // deprecated site-local…): only global unicast 2000::/3 is public for IPv6.
  return parsed.kind() === 'ipv4' || ((parsed as ipaddr.IPv6).parts[0]! & 0xe000) === 0x2000;
}

function rejected(fr: string, en: string): EquipageError {
  return new EquipageError('EQP_ERR_WEBHOOK_URL_REJECTED', { reason: `${fr} / ${en}` });
}

/** The host of a URL without IPv6 brackets. */
function bareHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/**
 * Checks a callback URL without resolving its host: scheme, credentials, literal addresses and
 * `localhost`. Returns the parsed URL; throws `EQP_ERR_WEBHOOK_URL_REJECTED`.
 */
export function checkCallbackUrlSyntax(raw: string, policy: CallbackUrlPolicy): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw rejected('ce n’est pas une URL absolue', 'not an absolute URL');
  }
  if (raw.length > MAX_CALLBACK_URL_LENGTH) throw rejected(`plus de ${MAX_CALLBACK_URL_LENGTH} caractères`, `longer than ${MAX_CALLBACK_URL_LENGTH} characters`);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.allowLocal)) {
    throw rejected('seules les adresses https:// sont acceptées', 'only https:// URLs are accepted');
  }
  if (url.username || url.password) throw rejected('pas d’identifiant ni de mot de passe dans l’URL', 'no user name or password in the URL');
  if (url.hash) throw rejected('pas de fragment (#) dans l’URL', 'no fragment (#) in the URL');
  const host = bareHost(url);
  if (policy.allowLocal) return url;
  if (net.isIP(host) !== 0 && !isPublicAddress(host)) {
    throw rejected(`l’adresse ${host} n’est pas publique`, `address ${host} is not public`);
  }
  if (host === 'localhost' || host.endsWith('.localhost')) throw rejected('l’hôte local est refusé', 'the local host is refused');
  return url;
}

/**
 * Full check when subscribing: the syntax, then (outside local mode) every address the host
 * resolves to must be public.
 */
export async function checkCallbackUrl(raw: string, policy: CallbackUrlPolicy): Promise<URL> {
  const url = checkCallbackUrlSyntax(raw, policy);
  const host = bareHost(url);
  if (policy.allowLocal || net.isIP(host) !== 0) return url;
  let addresses: dns.LookupAddress[];
  try {
    addresses = await dns.promises.lookup(host, { all: true, verbatim: true });
  } catch {
    throw rejected(`l’hôte ${host} est introuvable`, `host ${host} cannot be resolved`);
  }
  const bad = addresses.find((a) => !isPublicAddress(a.address));
  if (bad) throw rejected(`${host} désigne une adresse non publique (${bad.address})`, `${host} resolves to a non-public address (${bad.address})`);
  return url;
}

/** Error of a connection refused by the guard. */
export class NonPublicAddressError extends Error {
  readonly code = 'EQP_NON_PUBLIC_ADDRESS';
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/**
 * A `lookup` for sockets (`http.request({ lookup })`) that refuses non-public addresses unless
 * allowed: the address checked is the address connected to.
 */
export function guardedLookup(policy: CallbackUrlPolicy): net.LookupFunction {
  const lookup = (hostname: string, options: dns.LookupOptions, callback: LookupCallback): void => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '');
      const list = addresses as dns.LookupAddress[];
      const bad = policy.allowLocal ? undefined : list.find((a) => !isPublicAddress(a.address));
      if (bad) return callback(new NonPublicAddressError(`${hostname} resolves to a non-public address (${bad.address})`), '');
      if (list.length === 0) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '');
      if (options.all) return callback(null, list);
      return callback(null, list[0]!.address, list[0]!.family);
    });
  };
  return lookup as unknown as net.LookupFunction;
}
