/**
 * TRUST_PROXY: behind a reverse proxy that ends TLS, links and client addresses come from the
 * proxy's X-Forwarded-* headers, and only from the proxies the configuration names.
 */
import { EquipageError } from '../../core/errors.js';
import { loadConfig, parseTrustProxy } from '../../core/config/config.js';
import { createTestContext, type TestContext } from '../helpers/test-context.js';

const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'equipage.beaulieu-sur-aune.fr', 'x-forwarded-for': '203.0.113.7' };

describe('TRUST_PROXY', () => {
  it('reads off, on, hops and lists of addresses and ranges, and names a bad value', () => {
    expect(parseTrustProxy(undefined)).toBe(false);
    expect(parseTrustProxy('off')).toBe(false);
    expect(parseTrustProxy('on')).toBe(true);
    expect(parseTrustProxy('2')).toBe(2);
    expect(parseTrustProxy('loopback, 10.0.0.0/8, fd00::/8, 169.254.129.3')).toEqual(['loopback', '10.0.0.0/8', 'fd00::/8', '169.254.129.3']);
    for (const bad of ['proxy.local', '10.0.0.0/33', '10.0.0.1/8/2', 'loopback,nope']) expect(parseTrustProxy(bad)).toBeInstanceOf(Error);
    let caught: unknown;
    try {
      loadConfig({ env: { TRUST_PROXY: 'le proxy' }, readEnvFiles: false });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EquipageError);
    expect(((caught as EquipageError).details as Array<{ key: string }>).map((d) => d.key)).toEqual(['TRUST_PROXY']);
  });

  describe.each<{ name: string; env: Record<string, string>; trusted: boolean }>([
    { name: 'off (default)', env: {}, trusted: false },
    { name: 'the proxy on loopback', env: { TRUST_PROXY: 'loopback' }, trusted: true },
    { name: 'another proxy address', env: { TRUST_PROXY: '10.1.2.3' }, trusted: false },
    { name: 'one hop', env: { TRUST_PROXY: '1' }, trusted: true },
  ])('$name', ({ env, trusted }) => {
    let t: TestContext;
    beforeAll(async () => {
      t = await createTestContext({ env });
    });
    afterAll(async () => {
      await t?.close();
    });

    it(trusted ? 'builds https links for the public host' : 'ignores the forwarded headers', async () => {
      const landing = await t.app.inject({ method: 'GET', url: '/ogc', headers: forwarded, remoteAddress: '127.0.0.1' });
      expect(landing.statusCode).toBe(200);
      const self = (landing.json() as { links: Array<{ rel: string; href: string }> }).links.find((link) => link.rel === 'self')!;
      if (trusted) expect(self.href).toMatch(/^https:\/\/equipage\.beaulieu-sur-aune\.fr\/ogc/);
      else expect(self.href).toMatch(/^http:\/\/localhost(:\d+)?\/ogc/);
    });
  });
});
