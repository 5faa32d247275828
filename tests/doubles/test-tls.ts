/**
 * A self-signed TLS certificate for 127.0.0.1, generated once per test file (module registry) and added to the
 * process's default trusted CAs (`tls.setDefaultCACertificates`, Node ≥ 22.19), so that `fetch`,
 * `https` and MSAL reach local https doubles exactly as they reach Microsoft, without any
 * test-only option in shipped code. MSAL only accepts https authorities, and the Graph client only
 * authenticates https hosts: that is why these doubles speak TLS.
 */
import { randomBytes } from 'node:crypto';
import tls from 'node:tls';
import { generate } from 'selfsigned';

export interface TestTls {
  key: string;
  cert: string;
}

let pending: Promise<TestTls> | undefined;

/** The process's test certificate (trusted from the first call on). */
export function trustedTestTls(): Promise<TestTls> {
  pending ??= (async () => {
    // A unique subject: jest runs several test files in one process, each with its own module
    // registry and so its own certificate; OpenSSL finds trust anchors by subject name, and two
    // anchors with the same subject make it pick the wrong one.
    const pems = await generate([{ name: 'commonName', value: `equipage-test-${randomBytes(8).toString('hex')}` }], {
      keyType: 'ec',
      curve: 'P-256',
      algorithm: 'sha256',
      notAfterDate: new Date(Date.now() + 2 * 24 * 3600 * 1000),
      extensions: [
        { name: 'basicConstraints', cA: false },
        { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] },
      ],
    });
    tls.setDefaultCACertificates([...tls.getCACertificates('default'), pems.cert]);
    return { key: pems.private, cert: pems.cert };
  })();
  return pending;
}
