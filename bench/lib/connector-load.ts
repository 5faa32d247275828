/**
 * The HTTP load generator of `bench/connector.ts`: CreateFieldReport requests, `CONCURRENCY` at a
 * time. It runs in a worker thread (see {@link HttpLoadGenerator}): in production the clients are
 * other machines, and in the server's thread their work (building and sending megabytes of body,
 * reading the answers, collecting their garbage) would be charged to the API, not to the floor.
 * This module imports nothing of the application, so the worker's heap stays small and cheap to
 * collect.
 */
import { randomUUID } from 'node:crypto';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

/** In-flight operations, for the API and the floor alike. */
export const CONCURRENCY = 16;
export const REPORTER = 'kevin.martin@beaulieu-sur-aune.fr';
export const URL_PATH = '/api/connectors/fieldops/v1/reports';

/** Throughput of one round and the latency of each of its operations (ms). */
export interface RoundResult {
  perSecond: number;
  latencies: number[];
}

/** Runs `count` operations, {@link CONCURRENCY} at a time. */
export async function load(count: number, op: (i: number) => Promise<void>): Promise<RoundResult> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) {
        const i = next++;
        const t = performance.now();
        await op(i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { perSecond: count / ((performance.now() - started) / 1000), latencies };
}

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

  constructor(private readonly template: RequestTemplate) {}

  /** The body of report `i`, as bytes: `fetch` would otherwise encode a 1.4 MB string on every request. */
  body(i: number, withPhoto: boolean): Buffer {
    const json = JSON.stringify({
      category: 'chaussee-degradee',
      description: `Nid-de-poule devant le numéro ${i} de la Grand-Rue`,
      location: { latitude: this.template.centre.latitude + (i % 100) * 0.00001, longitude: this.template.centre.longitude, accuracy: 6, address: `${i} Grand-Rue` },
      observedAt: '2026-03-02T08:15:00.000Z',
      fields: { size: '30 cm à 1 m', dangerous: true },
    });
    return withPhoto ? Buffer.concat([Buffer.from(`${json.slice(0, -1)},"photos":[`), this.template.photoJson, Buffer.from(']}')]) : Buffer.from(json);
  }

  /** One CreateFieldReport over HTTP; must answer 201. Returns the response text. */
  async create(base: string, withPhoto: boolean): Promise<string> {
    const i = (this.sequence += 1);
    const res = await fetch(`${base}${URL_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-equipage-local-user': REPORTER, 'idempotency-key': `${this.keyPrefix}-${i}` },
      body: this.body(i, withPhoto),
    });
    const text = await res.text();
    if (res.status !== 201) throw new Error(`HTTP ${res.status}: ${text.slice(0, 300)}`);
    return text;
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

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

if (!isMainThread && (workerData as { connectorLoad?: RequestTemplate } | null)?.connectorLoad) {
  const client = new ReportClient((workerData as { connectorLoad: RequestTemplate }).connectorLoad);
  parentPort!.on('message', (order: LoadOrder) => {
    load(order.count, async () => void (await client.create(order.base, order.withPhoto))).then(
      (result) => parentPort!.postMessage(result),
      (error: unknown) => parentPort!.postMessage({ error: String((error as Error).stack ?? error) }),
    );
  });
}
