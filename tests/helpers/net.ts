import net from 'node:net';

/** A port free on 127.0.0.1 right now (for child processes that must be told their port). */
export async function getFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Polls `url` until it answers with `status` or the timeout passes; returns the elapsed ms. */
export async function waitForHttp(url: string, options: { status?: number; timeoutMs?: number; isAlive?: () => boolean } = {}): Promise<number> {
  const started = Date.now();
  const timeoutMs = options.timeoutMs ?? 60_000;
  let last = '';
  while (Date.now() - started < timeoutMs) {
    if (options.isAlive && !options.isAlive()) throw new Error(`process exited before ${url} answered (${last})`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.status === (options.status ?? 200)) return Date.now() - started;
      last = `HTTP ${res.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer ${options.status ?? 200} within ${timeoutMs} ms (last: ${last})`);
}
