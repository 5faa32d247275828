/**
 * The Open311 double of tests/doubles is itself held to the GeoReport v2 specification: every
 * answer is checked here, over real HTTP, against the spec's JSON Schemas (tests/fixtures/open311),
 * and the validators are shown to reject non-conformant bodies (so the check can fail).
 */
import { open311Validators, startOpen311Server, type Open311Server } from '../../doubles/open311-server.js';

const JURISDICTION = 'beaulieu-sur-aune.fr';

describe('Open311 GeoReport v2 double', () => {
  const v = open311Validators();
  let double: Open311Server;

  beforeAll(async () => {
    double = await startOpen311Server({ jurisdictionId: JURISDICTION });
  });
  afterAll(async () => {
    await double.down();
  });
  afterEach(() => {
    expect(double.violations).toEqual([]);
  });

  const get = async (pathAndQuery: string) => {
    const res = await fetch(`${double.url}/${pathAndQuery}${pathAndQuery.includes('?') ? '&' : '?'}jurisdiction_id=${JURISDICTION}`);
    return { status: res.status, body: (await res.json()) as unknown };
  };
  const post = async (fields: Record<string, string>) => {
    const res = await fetch(`${double.url}/requests.json`, { method: 'POST', body: new URLSearchParams({ jurisdiction_id: JURISDICTION, ...fields }) });
    return { status: res.status, body: (await res.json()) as unknown };
  };
  const valid = { api_key: 'cle-open311-de-test', service_code: 'voirie', lat: '46.2031', long: '2.2105', description: 'Nid-de-poule' };

  it('has validators that reject what the spec forbids', () => {
    expect(v.request({ service_request_id: '1', status: 'open', service_code: 'voirie', requested_datetime: '2026-03-02T08:15:00Z' })).toBe(true);
    expect(v.request({ service_request_id: '1', status: 'pending', service_code: 'voirie', requested_datetime: '2026-03-02T08:15:00Z' })).toBe(false);
    expect(v.request({ service_request_id: '1', status: 'open', service_code: 'voirie', requested_datetime: 'hier' })).toBe(false);
    expect(v.requests([{ status: 'open' }])).toBe(false);
    expect(v.services([{ service_code: 'x', service_name: 'X', metadata: false, type: 'instant' }])).toBe(false);
    expect(v.serviceDefinition({ service_code: 'x', attributes: [{ code: 'A', datatype: 'colour', required: true, variable: true }] })).toBe(false);
    expect(v.requestResponse([{ service_request_id: 42 }])).toBe(false);
    expect(v.errors([{ code: 400 }])).toBe(false);
  });

  it('serves discovery, services and service definitions that match the spec', async () => {
    const discovery = (await (await fetch(`${double.url.replace('/open311/v2', '')}/discovery.json`)).json()) as { endpoints: Array<{ url: string }> };
    expect(discovery.endpoints[0]!.url).toBe(double.url);
    const services = await get('services.json');
    expect(services.status).toBe(200);
    expect(v.services(services.body)).toBe(true);
    const definition = await get('services/espaces-verts.json');
    expect(definition.status).toBe(200);
    expect(v.serviceDefinition(definition.body)).toBe(true);
    const unknown = await get('services/inconnu.json');
    expect(unknown).toEqual({ status: 404, body: [{ code: 404, description: 'service_code not found' }] });
  });

  it('answers errors as the spec array: 400 missing parameter, 403 bad api_key, 404 unknown, jurisdiction checked', async () => {
    expect(await post({ ...valid, service_code: '' })).toEqual({ status: 400, body: [{ code: 400, description: 'service_code was not provided' }] });
    expect((await post({ ...valid, lat: '', long: '' })).status).toBe(400);
    const { lat: _lat, long: _long, ...noLocation } = valid;
    expect(await post(noLocation)).toEqual({ status: 400, body: [{ code: 400, description: 'a location is required: lat and long, address_string or address_id' }] });
    expect((await post({ ...valid, description: 'x'.repeat(4001) })).status).toBe(400);
    expect(await post({ ...valid, api_key: 'mauvaise' })).toEqual({ status: 403, body: [{ code: 403, description: 'api_key is not valid' }] });
    expect((await get('requests/999.json')).status).toBe(404);
    expect((await get('tokens/inconnu.json')).status).toBe(404);
    const noJurisdiction = await fetch(`${double.url}/services.json`);
    expect(noJurisdiction.status).toBe(400);
    const wrong = await fetch(`${double.url}/services.json?jurisdiction_id=ailleurs.fr`);
    expect(wrong.status).toBe(404);
  });

  it('creates requests from form fields, with attributes, and lists them by id, by service and dates', async () => {
    const created = await post({ ...valid, service_code: 'espaces-verts', 'attribute[ESSENCE]': 'tilleul', address_string: 'Place de la mairie', media_url: 'https://example.fr/p.png' });
    expect(created.status).toBe(200);
    expect(v.requestResponse(created.body)).toBe(true);
    const id = (created.body as Array<{ service_request_id: string }>)[0]!.service_request_id;
    expect(double.requests.get(id)!.attributes).toEqual({ ESSENCE: ['tilleul'] });

    const one = await get(`requests/${id}.json`);
    expect(v.requests(one.body)).toBe(true);
    expect((one.body as Array<{ status: string; address: string }>)[0]).toMatchObject({ status: 'open', address: 'Place de la mairie' });
    double.setStatus(id, 'closed', 'Élagué');
    const batch = await get(`requests.json?service_request_id=${id},0`);
    expect(v.requests(batch.body)).toBe(true);
    expect(batch.body).toEqual([expect.objectContaining({ service_request_id: id, status: 'closed', status_notes: 'Élagué' })]);
    const now = Date.now();
    const search = await get(`requests.json?service_code=espaces-verts&start_date=${new Date(now - 60_000).toISOString()}&end_date=${new Date(now + 60_000).toISOString()}`);
    expect((search.body as Array<{ service_request_id: string }>).map((r) => r.service_request_id)).toContain(id);
    const tooWide = await get(`requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z`);
    expect(tooWide.status).toBe(400);
  });

  it('answers a token first in token mode, then the id through tokens/{token}.json', async () => {
    double.mode = 'token';
    try {
      const created = await post(valid);
      expect(v.requestResponse(created.body)).toBe(true);
      const token = (created.body as Array<{ token: string }>)[0]!.token;
      const before = await get(`tokens/${token}.json`);
      expect(before.body).toEqual([{ token }]);
      double.resolveTokens();
      const after = await get(`tokens/${token}.json`);
      expect(v.tokenResponse(after.body)).toBe(true);
      expect(after.body).toEqual([{ token, service_request_id: expect.any(String) }]);
    } finally {
      double.mode = 'id';
    }
  });

  it('goes down and comes back on the same port, and fails on demand with Retry-After', async () => {
    const url = double.url;
    await double.down();
    await expect(fetch(`${url}/services.json`)).rejects.toThrow();
    await double.up();
    expect(double.url).toBe(url);
    double.failNext(503, { retryAfter: '7' });
    const res = await fetch(`${url}/services.json?jurisdiction_id=${JURISDICTION}`);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('7');
    expect((await get('services.json')).status).toBe(200);
  });
});
