/**
 * The small pure parts of Open311 forwarding: configuration rules, the mapping of remote statuses,
 * Retry-After parsing, and photo-link signatures.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { describeConfig, loadConfig } from '../../../core/config/config.js';
import { isEquipageError } from '../../../core/errors.js';
import { parseRetryAfter } from '../../../core/field-reports/open311/client.js';
import { mapRemoteStatus } from '../../../core/field-reports/open311/status-sync.js';
import { photoLink, verifyPhotoLink } from '../../../core/field-reports/photo-links.js';

const load = (env: Record<string, string>) => loadConfig({ env: { DATA_DIR: '/tmp/equipage-open311-config', ...env }, readEnvFiles: false });

function configProblems(env: Record<string, string>): string[] {
  try {
    load(env);
    return [];
  } catch (error) {
    if (!isEquipageError(error)) throw error;
    return (error.details as Array<{ key: string }>).map((d) => d.key);
  }
}

describe('Open311 configuration', () => {
  it('is off without an endpoint and reads every key with it', () => {
    expect(load({}).open311).toBeUndefined();
    const config = load({ OPEN311_ENDPOINT: 'https://311.example.fr/open311/v2/', OPEN311_API_KEY: 'k'.repeat(20), OPEN311_JURISDICTION_ID: 'beaulieu.fr', OPEN311_POLL_INTERVAL_SECONDS: '60' });
    expect(config.open311).toEqual({ endpoint: 'https://311.example.fr/open311/v2', apiKey: 'k'.repeat(20), jurisdictionId: 'beaulieu.fr', pollIntervalMs: 60_000, timeoutMs: 30_000, sendMedia: true });
    expect(load({ OPEN311_ENDPOINT: 'https://311.example.fr/v2', OPEN311_API_KEY: 'k', OPEN311_MEDIA: 'off' }).open311?.sendMedia).toBe(false);
    expect(configProblems({ OPEN311_ENDPOINT: 'https://311.example.fr/v2', OPEN311_API_KEY: 'k', OPEN311_MEDIA: 'parfois' })).toEqual(['OPEN311_MEDIA']);
    expect(config.fieldOpsMedia.linkTtlMs).toBe(30 * 24 * 3600 * 1000);
    expect(JSON.stringify(describeConfig(config))).not.toContain('k'.repeat(20));
  });

  it('requires the API key, and the media secret outside local mode unless no photo link is sent', () => {
    expect(configProblems({ OPEN311_ENDPOINT: 'https://311.example.fr/v2' })).toEqual(['OPEN311_API_KEY']);
    const entra = { AAD_APP_CLIENT_ID: randomUUID(), AAD_APP_TENANT_ID: randomUUID(), OPEN311_ENDPOINT: 'https://311.example.fr/v2', OPEN311_API_KEY: 'k' };
    expect(configProblems(entra)).toEqual(['FIELDOPS_MEDIA_SECRET']);
    expect(configProblems({ ...entra, FIELDOPS_MEDIA_SECRET: 'trop-court' })).toEqual(['FIELDOPS_MEDIA_SECRET']);
    expect(configProblems({ ...entra, FIELDOPS_MEDIA_SECRET: 'x'.repeat(64) })).toEqual([]);
    // No photo link sent: no key to sign one with is needed.
    expect(configProblems({ ...entra, OPEN311_MEDIA: 'off' })).toEqual([]);
    expect(configProblems({ OPEN311_ENDPOINT: 'ftp://311.example.fr' })).toContain('OPEN311_ENDPOINT');
    // Clear-text HTTP only in local mode (a test server on the machine).
    expect(configProblems({ ...entra, FIELDOPS_MEDIA_SECRET: 'x'.repeat(64), OPEN311_ENDPOINT: 'http://311.example.fr/v2' })).toEqual(['OPEN311_ENDPOINT']);
    expect(configProblems({ OPEN311_ENDPOINT: 'http://127.0.0.1:8311/v2', OPEN311_API_KEY: 'k' })).toEqual([]);
  });
});

describe('Open311 remote status mapping', () => {
  it('resolves on closed, acknowledges a new report on open, and never reopens', () => {
    expect(mapRemoteStatus('closed', 'new')).toBe('resolved');
    expect(mapRemoteStatus('closed', 'in_progress')).toBe('resolved');
    expect(mapRemoteStatus('closed', 'rejected')).toBeUndefined();
    expect(mapRemoteStatus('closed', 'resolved')).toBeUndefined();
    expect(mapRemoteStatus('open', 'new')).toBe('acknowledged');
    expect(mapRemoteStatus('open', 'resolved')).toBeUndefined();
    expect(mapRemoteStatus('archived', 'new')).toBeUndefined();
  });
});

describe('Retry-After', () => {
  it('reads seconds and HTTP dates, capped at one hour', () => {
    const now = Date.parse('2026-03-02T08:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Mon, 02 Mar 2026 08:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('999999', now)).toBe(3_600_000);
    expect(parseRetryAfter('bientôt', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe('photo links', () => {
  const secret = randomBytes(32);
  const photoId = randomUUID();
  const parts = (url: string) => {
    const u = new URL(url);
    return { exp: u.searchParams.get('exp')!, sig: u.searchParams.get('sig')! };
  };

  it('accepts its own link until it expires, then answers expired', () => {
    const expiresAt = new Date('2026-04-01T00:00:00Z');
    const { exp, sig } = parts(photoLink(secret, 'https://equipage.example.fr/', photoId, expiresAt));
    expect(() => verifyPhotoLink(secret, photoId, exp, sig, new Date('2026-03-31T23:59:00Z'))).not.toThrow();
    expect(() => verifyPhotoLink(secret, photoId, exp, sig, expiresAt)).toThrow(expect.objectContaining({ code: 'EQP_ERR_PHOTO_LINK_EXPIRED', status: 410 }));
  });

  it('refuses another photo, another key, a changed expiry or a re-encoded signature', () => {
    const { exp, sig } = parts(photoLink(secret, 'https://equipage.example.fr', photoId, new Date(Date.now() + 60_000)));
    const invalid = expect.objectContaining({ code: 'EQP_ERR_PHOTO_LINK_INVALID', status: 403 });
    expect(() => verifyPhotoLink(secret, randomUUID(), exp, sig)).toThrow(invalid);
    expect(() => verifyPhotoLink(randomBytes(32), photoId, exp, sig)).toThrow(invalid);
    expect(() => verifyPhotoLink(secret, photoId, String(Number(exp) + 1), sig)).toThrow(invalid);
    expect(() => verifyPhotoLink(secret, photoId, exp, `${sig.slice(0, -1)}${sig.endsWith('A') ? 'B' : 'A'}`)).toThrow(invalid);
    expect(() => verifyPhotoLink(undefined, photoId, exp, sig)).toThrow(invalid);
    expect(() => verifyPhotoLink(secret, photoId, undefined, sig)).toThrow(invalid);
  });
});
