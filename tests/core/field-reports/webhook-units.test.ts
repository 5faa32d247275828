/**
 * Units of the webhook trigger: the SSRF guard of callback URLs (addresses, URL syntax, and the
 * socket-level lookup that checks the address actually connected to) and the HMAC signature.
 */
import dns from 'node:dns';
import { postWebhook } from '../../../core/field-reports/webhooks/sender.js';
import { signWebhookBody, verifyWebhookSignature } from '../../../core/field-reports/webhooks/signature.js';
import { checkCallbackUrl, checkCallbackUrlSyntax, guardedLookup, isPublicAddress, NonPublicAddressError } from '../../../core/field-reports/webhooks/url-guard.js';

describe('isPublicAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.1.2.3', 'loopback'],
    ['10.0.0.1', 'private 10/8'],
    ['10.255.255.254', 'private 10/8'],
    ['172.16.0.1', 'private 172.16/12'],
    ['192.168.1.1', 'private 192.168/16'],
    ['169.254.169.254', 'link-local (cloud metadata)'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['::ffff:10.0.0.1', 'IPv4-mapped private'],
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
    ['::1', 'IPv6 loopback'],
    ['::', 'IPv6 unspecified'],
    ['fd00::', 'IPv6 unique local'],
    ['fd12:3456::1', 'IPv6 unique local'],
    ['fe80::1', 'IPv6 link-local'],
    ['ff02::1', 'IPv6 multicast'],
    ['::10.0.0.1', 'IPv4-compatible (deprecated) private'],
    ['::7f00:1', 'IPv4-compatible loopback'],
    ['fec0::1', 'IPv6 site-local (deprecated)'],
    ['not an address', 'not an address'],
    ['example.org', 'a name, not an address'],
  ])('refuses %s (%s)', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['93.184.216.34', '8.8.8.8', '1.1.1.1', '52.239.1.1', '2606:4700:4700::1111', '2a00:1450:4007:80e::200e', '::ffff:8.8.8.8'])('accepts %s', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
});

describe('checkCallbackUrlSyntax', () => {
  const strict = { allowLocal: false };
  const local = { allowLocal: true };
  const code = (fn: () => unknown) => {
    try {
      fn();
      return 'accepted';
    } catch (error) {
      return (error as { code?: string }).code;
    }
  };

  it.each([
    'http://93.184.216.34/hook',
    'ftp://93.184.216.34/hook',
    'https://127.0.0.1/hook',
    'https://10.0.0.1/hook',
    'https://169.254.169.254/latest/meta-data/',
    'https://[::ffff:10.0.0.1]/hook',
    'https://[fd00::1]/hook',
    'https://localhost/hook',
    'https://api.localhost/hook',
    'https://user:pw@93.184.216.34/hook',
    'https://93.184.216.34/hook#fragment',
    'not a url',
    `https://93.184.216.34/${'a'.repeat(2100)}`,
  ])('refuses %s outside local mode', (url) => {
    expect(code(() => checkCallbackUrlSyntax(url, strict))).toBe('EQP_ERR_WEBHOOK_URL_REJECTED');
  });

  it('accepts https to a public address or a name (the name is resolved later)', () => {
    expect(code(() => checkCallbackUrlSyntax('https://93.184.216.34/hook?sig=abc', strict))).toBe('accepted');
    expect(code(() => checkCallbackUrlSyntax('https://prod-12.westeurope.logic.azure.com/workflows/x', strict))).toBe('accepted');
  });

  it('accepts http and local addresses only when local addresses are allowed, never credentials', () => {
    expect(code(() => checkCallbackUrlSyntax('http://127.0.0.1:8080/hook', local))).toBe('accepted');
    expect(code(() => checkCallbackUrlSyntax('http://10.0.0.1/hook', local))).toBe('accepted');
    expect(code(() => checkCallbackUrlSyntax('http://user:pw@127.0.0.1/hook', local))).toBe('EQP_ERR_WEBHOOK_URL_REJECTED');
    expect(code(() => checkCallbackUrlSyntax('ftp://127.0.0.1/hook', local))).toBe('EQP_ERR_WEBHOOK_URL_REJECTED');
  });

  it('checkCallbackUrl refuses a literal private address without any DNS query', async () => {
    await expect(checkCallbackUrl('https://192.168.0.10/hook', strict)).rejects.toMatchObject({ code: 'EQP_ERR_WEBHOOK_URL_REJECTED' });
    await expect(checkCallbackUrl('https://93.184.216.34/hook', strict)).resolves.toBeInstanceOf(URL);
  });
});

describe('guardedLookup (checked at connection time)', () => {
  const lookup = (policy: { allowLocal: boolean }, host: string) =>
    new Promise<{ error: Error | null; address: unknown }>((resolve) =>
      (guardedLookup(policy) as unknown as (h: string, o: dns.LookupOptions, cb: (e: Error | null, a: unknown) => void) => void)(host, {}, (error, address) =>
        resolve({ error, address }),
      ),
    );

  it('refuses a name that resolves to loopback, unless local addresses are allowed', async () => {
    const refused = await lookup({ allowLocal: false }, 'localhost');
    expect(refused.error).toBeInstanceOf(NonPublicAddressError);
    const allowed = await lookup({ allowLocal: true }, 'localhost');
    expect(allowed.error).toBeNull();
    expect(['127.0.0.1', '::1']).toContain(allowed.address);
  });

  it('postWebhook never connects to a refused address: no answer, with the reason', async () => {
    const outcome = await postWebhook('https://127.0.0.1:1/hook', '{}', {}, { timeoutMs: 2000, policy: { allowLocal: false }, userAgent: 'test' });
    expect(outcome.status).toBe(0);
    expect(outcome.error).toMatch(/127\.0\.0\.1/);
  });
});

describe('webhook signature', () => {
  const secret = 'shhh-0123456789abcdef';
  const body = '{"event":"created","report":{"id":"x"}}';
  const now = 1_800_000_000;

  it('signs sha256=<hex HMAC of "timestamp.body">', () => {
    expect(signWebhookBody(secret, now, body)).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(signWebhookBody(secret, now, body)).not.toBe(signWebhookBody(secret, now + 1, body));
  });

  it('verifies the right signature and refuses any change, a stale timestamp or missing headers', () => {
    const signature = signWebhookBody(secret, now, body);
    const ok = { secret, body, timestamp: String(now), signature, now };
    expect(verifyWebhookSignature(ok)).toBe(true);
    expect(verifyWebhookSignature({ ...ok, now: now + 299 })).toBe(true);
    expect(verifyWebhookSignature({ ...ok, now: now + 301 })).toBe(false);
    expect(verifyWebhookSignature({ ...ok, secret: 'other' })).toBe(false);
    expect(verifyWebhookSignature({ ...ok, body: body.replace('created', 'updated') })).toBe(false);
    expect(verifyWebhookSignature({ ...ok, timestamp: String(now + 1), now: now + 1 })).toBe(false);
    expect(verifyWebhookSignature({ ...ok, signature: signature.slice(0, -1) })).toBe(false);
    expect(verifyWebhookSignature({ ...ok, signature: undefined })).toBe(false);
    expect(verifyWebhookSignature({ ...ok, timestamp: undefined })).toBe(false);
    expect(verifyWebhookSignature({ ...ok, timestamp: '12abc' })).toBe(false);
  });
});
