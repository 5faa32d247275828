/**
 * The HTTP load generator of `bench/connector.ts`: CreateFieldReport requests, `CONCURRENCY` at a
 * time. It runs in a worker thread (see {@link HttpLoadGenerator}): in production the clients are
 * other machines, and in the server's thread their work (building and sending megabytes of body,
 * reading the answers, collecting their garbage) would be charged to the API, not to the floor.
 * This module imports nothing of the application, so the worker's heap stays small and cheap to
 * collect.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { load, type RoundSample } from './load.js';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

/** In-flight operations, for the API and the floor alike. */
export const CONCURRENCY = 16;
export const REPORTER = 'kevin.martin@beaulieu-sur-aune.fr';
export const URL_PATH = '/api/connectors/fieldops/v1/reports';

export type RoundResult = RoundSample;

/** What every request is made of: the photo (a JSON string literal, as UTF-8) and the demo town's centre. */
export interface RequestTemplate {
  photoJson: Uint8Array;
  centre: { latitude: number; longitude: number };
}

/** Builds the bodies and sends the requests of one thread. */
export class ReportClient {
  private sequence = 0;
  /** Idempotency keys are unique per run and per thread. */
  private readonly keyPrefix = `bench-${randomUUID()}`;
  /** Kept-alive connections, one per concurrent client, as Power Platform's gateway keeps them. */
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  /** The photo's bytes, written to the socket as they are for every request (no copy). */
  private readonly photoJson: Buffer;

  constructor(private readonly template: RequestTemplate) {
    this.photoJson = Buffer.from(template.photoJson.buffer, template.photoJson.byteOffset, template.photoJson.byteLength);
  }

  /**
   * The body of report `i`, as the byte chunks to send in order. With a photo, the shared photo
   * bytes sit between a small head and tail: a client that copied 1.4 MB per request (as `fetch`
   * does with a body buffer, three times) would charge its own work to the API's CPU budget.
   */
  body(i: number, withPhoto: boolean): Buffer[] {
    const json = JSON.stringify({
      category: 'chaussee-degradee',
      description: `Nid-de-poule devant le numéro ${i} de la Grand-Rue`,
      location: { latitude: this.template.centre.latitude + (i % 100) * 0.00001, longitude: this.template.centre.longitude, accuracy: 6, address: `${i} Grand-Rue` },
      observedAt: '2026-03-02T08:15:00.000Z',
      fields: { size: '30 cm à 1 m', dangerous: true },
    });
    return withPhoto ? [Buffer.from(`${json.slice(0, -1)},"photos":[`), this.photoJson, Buffer.from(']}')] : [Buffer.from(json)];
  }

  /** One CreateFieldReport over HTTP; must answer 201. Returns the response text. */
  create(base: string, withPhoto: boolean): Promise<string> {
    const i = (this.sequence += 1);
    const chunks = this.body(i, withPhoto);
    const length = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
    return new Promise((resolve, reject) => {
      const request = http.request(
        `${base}${URL_PATH}`,
        {
          method: 'POST',
          agent: this.agent,
          headers: { 'content-type': 'application/json', 'content-length': length, 'x-equipage-local-user': REPORTER, 'idempotency-key': `${this.keyPrefix}-${i}` },
        },
        (response) => {
          const parts: Buffer[] = [];
          response.on('data', (part: Buffer) => parts.push(part));
          response.on('error', reject);
          response.on('end', () => {
            const text = Buffer.concat(parts).toString('utf8');
            if (response.statusCode !== 201) reject(new Error(`HTTP ${response.statusCode}: ${text.slice(0, 300)}`));
            else resolve(text);
          });
        },
      );
      request.on('error', reject);
      for (const chunk of chunks.slice(0, -1)) request.write(chunk);
      request.end(chunks.at(-1));
    });
  }

  /** Closes the kept-alive connections. */
  close(): void {
    this.agent.destroy();
  }
}

/** What the main thread asks the load generator: `count` creates against `base`. */
export interface LoadOrder {
  base: string;
  withPhoto: boolean;
  count: number;
}

/** The load generator's thread, driven from the main thread. */
export class HttpLoadGenerator {
  private readonly worker: Worker;

  constructor(template: RequestTemplate) {
    this.worker = new Worker(new URL(import.meta.url), { workerData: { connectorLoad: template } });
  }

  /** Runs one round of requests in the worker. */
  run(order: LoadOrder): Promise<RoundResult> {
    return new Promise((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      this.worker.once('error', onError);
      this.worker.once('message', (message: RoundResult | { error: string }) => {
        this.worker.off('error', onError);
        if ('error' in message) reject(new Error(message.error));
        else resolve(message);
      });
      this.worker.postMessage(order);
    });
  }

  /** CPU time of the load generator's thread (microseconds, as `process.cpuUsage()`). */
  cpuUsage(): Promise<{ user: number; system: number }> {
    return this.worker.cpuUsage();
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

if (!isMainThread && (workerData as { connectorLoad?: RequestTemplate } | null)?.connectorLoad) {
  const client = new ReportClient((workerData as { connectorLoad: RequestTemplate }).connectorLoad);
  parentPort!.on('message', (order: LoadOrder) => {
    load(order.count, CONCURRENCY, async () => void (await client.create(order.base, order.withPhoto))).then(
      (result) => parentPort!.postMessage(result),
      (error: unknown) => parentPort!.postMessage({ error: String((error as Error).stack ?? error) }),
    );
  });
}
