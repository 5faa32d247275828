/**
 * A local Open311 GeoReport v2 server (JSON format) on a loopback port, written from the
 * specification files in tests/fixtures/open311/ (copied from open311/open311.github.io and
 * open311/schema-validation; see their README):
 *
 * - `GET /discovery.json` — the discovery document (endpoints, formats);
 * - `GET {base}/services.json`, `GET {base}/services/{service_code}.json` (definition, attributes);
 * - `POST {base}/requests.json` — `application/x-www-form-urlencoded`: `api_key`, `jurisdiction_id`,
 *   `service_code`, a location (`lat`+`long`, `address_string` or `address_id`), `description`
 *   (≤ 4,000), `media_url`, `attribute[CODE]`; answers `[{service_request_id}]` or, in token mode,
 *   `[{token}]` (the id comes later through `GET tokens/{token}.json`);
 * - `GET {base}/requests.json` (`service_request_id=a,b,c` overrides every other filter; else
 *   `service_code`, `start_date`, `end_date`, `status`), `GET {base}/requests/{id}.json`;
 * - errors as the spec's array of `{code, description}`: 400 missing or invalid parameter,
 *   403 bad `api_key`, 404 unknown service, request, token or jurisdiction.
 *
 * Test controls: `down()`/`up()` (connections refused, same port), `delayMs` (answer late, after
 * the request was created), `failNext(status, {retryAfter})` (500/503/429…), token mode with
 * `resolveTokens()`, `setStatus(id, 'closed', notes)`, and `received` (every request, parsed).
 * Every JSON body it sends is validated against the spec's JSON Schemas with Ajv; violations are
 * collected in `violations` (tests assert it stays empty), so the double is itself spec-conformant.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ajvModule, { type ValidateFunction } from 'ajv';
import formatsModule from 'ajv-formats';

const SPEC_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'open311');
const spec = (file: string) => JSON.parse(readFileSync(path.join(SPEC_DIR, file), 'utf8')) as Record<string, unknown>;

/** Validators of the spec's schemas (compiled once per process). */
export function open311Validators(): Record<'request' | 'requests' | 'service' | 'services' | 'serviceDefinition' | 'requestResponse' | 'tokenResponse' | 'errors', ValidateFunction> {
  const ajv = new ajvModule.default({ allErrors: true, strict: false });
  formatsModule.default(ajv);
  // swagger.json's own formats (uid, double, uint) carry no constraint beyond the type.
  for (const f of ['uid', 'double', 'uint']) ajv.addFormat(f, true);
  ajv.addSchema(spec('request.json'), 'request.json');
  ajv.addSchema(spec('service.json'), 'service.json');
  ajv.addSchema(spec('swagger.json'), 'swagger.json');
  const arrayOf = (ref: string) => ({ type: 'array', items: { $ref: ref } });
  return {
    request: ajv.getSchema('request.json')!,
    requests: ajv.compile(spec('requests.json')),
    service: ajv.getSchema('service.json')!,
    services: ajv.compile(spec('services.json')),
    serviceDefinition: ajv.compile(spec('service-definition.json')),
    requestResponse: ajv.compile(arrayOf('swagger.json#/definitions/RequestResponse')),
    tokenResponse: ajv.compile(arrayOf('swagger.json#/definitions/TokenResponse')),
    // The wiki's error format: an array of {code, description}.
    errors: ajv.compile({
      type: 'array',
      minItems: 1,
      items: { type: 'object', required: ['code', 'description'], properties: { code: { type: 'integer' }, description: { type: 'string' } } },
    }),
  };
}

/** A service the double offers. */
export interface Open311Service {
  service_code: string;
  service_name: string;
  description: string | null;
  metadata: boolean;
  type: 'realtime' | 'batch' | 'blackbox';
  keywords: string | null;
  group: string | null;
  /** Attributes of its definition (when `metadata`). */
  attributes?: Array<{ variable: boolean; code: string; datatype: string; required: boolean; datatype_description: string | null; order: number | null; description: string | null; values?: Array<{ key: string; name: string }> }>;
}

/** A service request as the double stores it (the spec's Request). */
export interface StoredServiceRequest {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string | null;
  service_name: string | null;
  service_code: string;
  description: string | null;
  agency_responsible: string | null;
  service_notice: string | null;
  requested_datetime: string;
  updated_datetime: string | null;
  expected_datetime: string | null;
  address: string | null;
  address_id: string | null;
  zipcode: string | null;
  lat: number | null;
  long: number | null;
  media_url: string | null;
  /** Not part of the spec's view: kept for tests. */
  attributes: Record<string, string[]>;
}

/** One request the double received. */
export interface ReceivedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Form fields of a POST (repeated keys keep their last value; see `formAll`). */
  form: Record<string, string>;
  formAll: Array<[string, string]>;
  contentType: string | undefined;
  /** HTTP status answered (0 when the connection was dropped). */
  answered: number;
}

export interface Open311ServerOptions {
  apiKey?: string;
  /** When set, `jurisdiction_id` is required and must match. */
  jurisdictionId?: string;
  /** Path prefix of the API (default `/open311/v2`). */
  basePath?: string;
  services?: Open311Service[];
}

/** Demo services matching the demo categories' service codes (core/seed/demo-assets.ts). */
export const DEMO_OPEN311_SERVICES: Open311Service[] = [
  { service_code: 'voirie', service_name: 'Voirie', description: 'Chaussée, trottoirs, mobilier', metadata: false, type: 'realtime', keywords: 'route,trottoir', group: 'voirie' },
  { service_code: 'batiments', service_name: 'Bâtiments et éclairage', description: null, metadata: false, type: 'realtime', keywords: null, group: 'batiments' },
  {
    service_code: 'espaces-verts',
    service_name: 'Espaces verts',
    description: 'Arbres et massifs',
    metadata: true,
    type: 'realtime',
    keywords: 'arbre',
    group: 'espaces-verts',
    attributes: [{ variable: true, code: 'ESSENCE', datatype: 'string', required: false, datatype_description: null, order: 1, description: "Essence de l'arbre", values: [] }],
  },
  { service_code: 'proprete', service_name: 'Propreté', description: 'Dépôts, tags', metadata: false, type: 'batch', keywords: null, group: 'proprete' },
];

interface Failure {
  status: number;
  retryAfter?: string;
  /** Only for this method and path suffix (default: any). */
  match?: { method?: string; pathEndsWith?: string };
}

const UNDEFINED_STATUS = 0;

/** A running Open311 double. */
export class Open311Server {
  readonly apiKey: string;
  readonly jurisdictionId: string | undefined;
  readonly basePath: string;
  readonly services: Open311Service[];
  readonly requests = new Map<string, StoredServiceRequest>();
  readonly received: ReceivedRequest[] = [];
  /** Answers that did not match the spec's schemas (must stay empty). */
  readonly violations: string[] = [];
  /** `id`: POST answers the service_request_id; `token`: a token, resolved by `resolveTokens()`. */
  mode: 'id' | 'token' = 'id';
  /** Answer this late (the request is created first, as a slow but working server would). */
  delayMs = 0;
  private readonly failures: Failure[] = [];
  private readonly tokens = new Map<string, string | undefined>();
  private readonly pendingTokenRequests = new Map<string, StoredServiceRequest>();
  private readonly validators = open311Validators();
  private server: http.Server | undefined;
  private port = 0;
  // Random start: ids of two doubles (two tests) do not collide.
  private nextId = 100_000 + Math.floor(Math.random() * 800_000);

  constructor(options: Open311ServerOptions = {}) {
    this.apiKey = options.apiKey ?? 'cle-open311-de-test';
    this.jurisdictionId = options.jurisdictionId;
    this.basePath = options.basePath ?? '/open311/v2';
    this.services = options.services ?? DEMO_OPEN311_SERVICES;
  }

  /** The API's base URL (what OPEN311_ENDPOINT holds). */
  get url(): string {
    return `http://127.0.0.1:${this.port}${this.basePath}`;
  }

  /** Starts listening (on a new port the first time, on the same port after `down()`). */
  async up(): Promise<void> {
    if (this.server) return;
    const server = http.createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        this.violations.push(`double crashed: ${(error as Error).stack}`);
        if (!res.headersSent) res.writeHead(500).end();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Stops answering: open connections are cut and new ones refused. */
  async down(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The next `count` requests (matching `match`) answer `status` (with `Retry-After` when given). */
  failNext(status: number, options: { count?: number; retryAfter?: string; match?: Failure['match'] } = {}): void {
    for (let i = 0; i < (options.count ?? 1); i++) this.failures.push({ status, ...(options.retryAfter ? { retryAfter: options.retryAfter } : {}), ...(options.match ? { match: options.match } : {}) });
  }

  /** Gives every token issued so far its service request (as a batch system would, later). */
  resolveTokens(): void {
    for (const [token, request] of this.pendingTokenRequests) {
      this.requests.set(request.service_request_id, request);
      this.tokens.set(token, request.service_request_id);
    }
    this.pendingTokenRequests.clear();
  }

  /** Changes a request's status, as the jurisdiction's staff would. */
  setStatus(id: string, status: 'open' | 'closed', notes: string | null = null): void {
    const request = this.requests.get(id);
    if (!request) throw new Error(`no request ${id}`);
    request.status = status;
    request.status_notes = notes;
    request.updated_datetime = new Date().toISOString();
  }

  /** The POSTs to requests.json received (answered or not). */
  posts(): ReceivedRequest[] {
    return this.received.filter((r) => r.method === 'POST' && r.path.endsWith('/requests.json'));
  }

  private send(res: ServerResponse, record: ReceivedRequest, status: number, body: unknown, validator?: ValidateFunction, headers: Record<string, string> = {}): void {
    const check = validator ?? (status >= 400 ? this.validators.errors : undefined);
    if (check && !check(body)) this.violations.push(`${record.method} ${record.path} ${status}: ${JSON.stringify(check.errors)}`);
    record.answered = status;
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)), ...headers });
    res.end(text);
  }

  private error(res: ServerResponse, record: ReceivedRequest, status: number, description: string, headers: Record<string, string> = {}): void {
    this.send(res, record, status, [{ code: status, description }], undefined, headers);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const contentType = req.headers['content-type'];
    const formAll = contentType?.startsWith('application/x-www-form-urlencoded') ? [...new URLSearchParams(raw).entries()] : [];
    const record: ReceivedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams.entries()),
      form: Object.fromEntries(formAll),
      formAll,
      contentType,
      answered: UNDEFINED_STATUS,
    };
    this.received.push(record);

    const failureIndex = this.failures.findIndex((f) => (!f.match?.method || f.match.method === record.method) && (!f.match?.pathEndsWith || record.path.endsWith(f.match.pathEndsWith)));
    if (failureIndex >= 0) {
      const [failure] = this.failures.splice(failureIndex, 1);
      return this.error(res, record, failure!.status, failure!.status === 429 ? 'Too many requests' : 'Service temporarily unavailable', failure!.retryAfter ? { 'retry-after': failure!.retryAfter } : {});
    }

    if (url.pathname === '/discovery.json' && record.method === 'GET') {
      return this.send(res, record, 200, {
        changeset: '2026-01-01T00:00:00Z',
        contact: 'Beaulieu-sur-Aune, services techniques',
        key_service: 'Demandez une clé aux services techniques',
        endpoints: [{ specification: 'http://wiki.open311.org/GeoReport_v2', url: this.url, changeset: '2026-01-01T00:00:00Z', type: 'test', formats: ['application/json'] }],
      });
    }
    if (!url.pathname.startsWith(`${this.basePath}/`)) return this.error(res, record, 404, 'not found');
    const route = url.pathname.slice(this.basePath.length + 1);
    const params = record.method === 'POST' ? new URLSearchParams(raw) : url.searchParams;

    // Jurisdiction: required and checked when the server hosts one.
    if (this.jurisdictionId) {
      const given = params.get('jurisdiction_id');
      if (!given) return this.error(res, record, 400, 'jurisdiction_id was not provided');
      if (given !== this.jurisdictionId) return this.error(res, record, 404, `jurisdiction_id ${given} not found`);
    }

    let match: RegExpMatchArray | null;
    if (record.method === 'GET' && route === 'services.json') {
      return this.send(res, record, 200, this.services.map(({ attributes: _, ...s }) => s), this.validators.services);
    }
    if (record.method === 'GET' && (match = route.match(/^services\/([^/]+)\.json$/))) {
      const service = this.services.find((s) => s.service_code === decodeURIComponent(match![1]!));
      if (!service) return this.error(res, record, 404, 'service_code not found');
      return this.send(res, record, 200, { service_code: service.service_code, attributes: service.attributes ?? [] }, this.validators.serviceDefinition);
    }
    if (record.method === 'POST' && route === 'requests.json') return this.create(res, record, params, contentType);
    if (record.method === 'GET' && route === 'requests.json') return this.list(res, record, url.searchParams);
    if (record.method === 'GET' && (match = route.match(/^requests?\/([^/]+)\.json$/))) {
      const request = this.requests.get(decodeURIComponent(match[1]!));
      if (!request) return this.error(res, record, 404, 'service_request_id not found');
      return this.send(res, record, 200, [this.view(request)], this.validators.requests);
    }
    if (record.method === 'GET' && (match = route.match(/^tokens\/([^/]+)\.json$/))) {
      const token = decodeURIComponent(match[1]!);
      if (!this.tokens.has(token)) return this.error(res, record, 404, 'token not found');
      const id = this.tokens.get(token);
      return this.send(res, record, 200, [id ? { service_request_id: id, token } : { token }], this.validators.tokenResponse);
    }
    return this.error(res, record, 404, 'not found');
  }

  private async create(res: ServerResponse, record: ReceivedRequest, form: URLSearchParams, contentType: string | undefined): Promise<void> {
    if (!contentType?.startsWith('application/x-www-form-urlencoded')) return this.error(res, record, 400, 'the body must be application/x-www-form-urlencoded');
    const apiKey = form.get('api_key');
    if (!apiKey) return this.error(res, record, 400, 'api_key was not provided');
    if (apiKey !== this.apiKey) return this.error(res, record, 403, 'api_key is not valid');
    const code = form.get('service_code');
    if (!code) return this.error(res, record, 400, 'service_code was not provided');
    const service = this.services.find((s) => s.service_code === code);
    if (!service) return this.error(res, record, 400, `service_code ${code} not found`);
    const lat = form.get('lat');
    const long = form.get('long');
    const hasLatLong = lat !== null && long !== null;
    if (!hasLatLong && !form.get('address_string') && !form.get('address_id')) return this.error(res, record, 400, 'a location is required: lat and long, address_string or address_id');
    if (hasLatLong && !(Math.abs(Number(lat)) <= 90 && Math.abs(Number(long)) <= 180 && lat.trim() !== '' && long.trim() !== '')) return this.error(res, record, 400, 'lat and long must be WGS-84 decimal degrees');
    const description = form.get('description');
    if (description !== null && description.length > 4000) return this.error(res, record, 400, 'description is longer than 4000 characters');
    const mediaUrl = form.get('media_url');
    if (mediaUrl !== null && !URL.canParse(mediaUrl)) return this.error(res, record, 400, 'media_url is not a URL');
    const attributes: Record<string, string[]> = {};
    for (const [key, value] of form.entries()) {
      const m = key.match(/^attribute\[(.+)\]$/);
      if (m) (attributes[m[1]!] ??= []).push(value);
    }
    for (const attribute of service.attributes ?? []) {
      if (attribute.required && attribute.variable && !attributes[attribute.code]) return this.error(res, record, 400, `attribute[${attribute.code}] is required`);
      // A value list: each value given must be one of its keys (a single one for singlevaluelist).
      const given = attributes[attribute.code];
      if (given && (attribute.datatype === 'singlevaluelist' || attribute.datatype === 'multivaluelist')) {
        const keys = new Set((attribute.values ?? []).map((v) => v.key));
        if ((attribute.datatype === 'singlevaluelist' && given.length > 1) || given.some((v) => !keys.has(v))) return this.error(res, record, 400, `attribute[${attribute.code}] has an invalid value`);
      }
    }
    const now = new Date().toISOString();
    const request: StoredServiceRequest = {
      service_request_id: String(this.nextId++),
      status: 'open',
      status_notes: null,
      service_name: service.service_name,
      service_code: code,
      description,
      agency_responsible: 'Services techniques',
      service_notice: null,
      requested_datetime: now,
      updated_datetime: now,
      expected_datetime: null,
      address: form.get('address_string'),
      address_id: form.get('address_id'),
      zipcode: null,
      lat: hasLatLong ? Number(lat) : null,
      long: hasLatLong ? Number(long) : null,
      media_url: mediaUrl,
      attributes,
    };
    let body: Array<Record<string, string | null>>;
    if (this.mode === 'token') {
      const token = randomUUID();
      this.tokens.set(token, undefined);
      this.pendingTokenRequests.set(token, request);
      body = [{ token, service_notice: null, account_id: null }];
    } else {
      this.requests.set(request.service_request_id, request);
      body = [{ service_request_id: request.service_request_id, service_notice: null, account_id: null }];
    }
    // Created first, answered late: what a slow server does (and why clients time out into doubt).
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    if (res.destroyed) return;
    // `null` is how the spec's examples spell "none"; swagger.json types these as strings, so omit them.
    const cleaned = body.map((b) => Object.fromEntries(Object.entries(b).filter(([, v]) => v !== null)));
    this.send(res, record, 200, cleaned, this.validators.requestResponse);
  }

  private list(res: ServerResponse, record: ReceivedRequest, query: URLSearchParams): void {
    let list = [...this.requests.values()];
    const ids = query.get('service_request_id');
    if (ids) {
      const wanted = new Set(ids.split(',').map((s) => s.trim()));
      list = list.filter((r) => wanted.has(r.service_request_id));
    } else {
      const code = query.get('service_code');
      if (code) list = list.filter((r) => r.service_code === code);
      const start = query.get('start_date');
      const end = query.get('end_date');
      if ((start && Number.isNaN(Date.parse(start))) || (end && Number.isNaN(Date.parse(end)))) return this.error(res, record, 400, 'start_date and end_date must be ISO 8601 date-times');
      if (start && end && Date.parse(end) - Date.parse(start) > 90 * 24 * 3600 * 1000) return this.error(res, record, 400, 'the date range may not span more than 90 days');
      if (start) list = list.filter((r) => Date.parse(r.requested_datetime) >= Date.parse(start));
      if (end) list = list.filter((r) => Date.parse(r.requested_datetime) <= Date.parse(end));
      const status = query.get('status');
      if (status) list = list.filter((r) => status.split(',').includes(r.status));
      list = list.slice(0, 1000);
    }
    this.send(res, record, 200, list.map((r) => this.view(r)), this.validators.requests);
  }

  private view(request: StoredServiceRequest): Omit<StoredServiceRequest, 'attributes'> {
    const { attributes: _, ...view } = request;
    return view;
  }
}

/** Starts a double; call `down()` in `afterAll`. */
export async function startOpen311Server(options: Open311ServerOptions = {}): Promise<Open311Server> {
  const server = new Open311Server(options);
  await server.up();
  return server;
}
