/**
 * The process logger as Fastify uses it: request URLs are logged with their credentials redacted
 * (a signed photo link stays valid for days; an OAuth code or a token must not sit in log files).
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import Fastify from 'fastify';
import { createLogger, redactUrl } from '../../server/logger.js';

describe('logger', () => {
  it('redacts credentials in logged request URLs and keeps the rest', async () => {
    const out = new PassThrough();
    const lines: string[] = [];
    out.on('data', (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
    const app = Fastify({ loggerInstance: createLogger('info', out, 'json') });
    app.get('/photos/:id', async () => ({ ok: true }));
    await app.ready();
    const res = await app.inject({ method: 'GET', url: '/photos/abc?exp=1767225600&sig=S3CR3T-signature&Token=t0k3n' });
    expect(res.statusCode).toBe(200);
    await app.close();
    const text = lines.join('\n');
    expect(text).not.toContain('S3CR3T');
    expect(text).not.toContain('t0k3n');
    const incoming = lines.map((l) => JSON.parse(l) as { msg?: string; req?: { url?: string; method?: string } }).find((l) => l.msg === 'incoming request');
    expect(incoming?.req).toMatchObject({ method: 'GET', url: '/photos/abc?exp=1767225600&sig=[redacted]&Token=[redacted]' });
  });

  it('leaves URLs without credentials as they are', () => {
    expect(redactUrl('/ogc/collections/field-reports/items?limit=10&bbox=1,2,3,4')).toBe('/ogc/collections/field-reports/items?limit=10&bbox=1,2,3,4');
    expect(redactUrl('/callback?code=abc&state=xyz')).toBe('/callback?code=[redacted]&state=xyz');
    expect(redactUrl(undefined)).toBeUndefined();
  });
});
