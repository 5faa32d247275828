/**
 * A TCP proxy on loopback whose connections can be frozen: bytes stop flowing both ways while the
 * sockets stay open, as when a NAT or a load balancer forgets an idle connection without telling
 * either end. New connections after `thaw()` flow normally.
 */
import net from 'node:net';

export interface FreezableProxy {
  port: number;
  /** Stops forwarding on every open connection, silently. */
  freeze(): void;
  /** New connections flow again (the frozen ones stay dead). */
  thaw(): void;
  close(): Promise<void>;
}

/** Starts a proxy to `target` on an ephemeral loopback port. */
export async function startFreezableProxy(target: { host: string; port: number }): Promise<FreezableProxy> {
  const pairs = new Set<{ client: net.Socket; upstream: net.Socket; frozen: boolean }>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    const pair = { client, upstream, frozen: false };
    pairs.add(pair);
    const forward = (from: net.Socket, to: net.Socket) =>
      from.on('data', (chunk) => {
        if (!pair.frozen) to.write(chunk);
      });
    forward(client, upstream);
    forward(upstream, client);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    freeze() {
      for (const pair of pairs) pair.frozen = true;
    },
    thaw() {
      // Frozen pairs stay frozen: only new connections flow.
    },
    async close() {
      for (const pair of pairs) {
        pair.client.destroy();
        pair.upstream.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
