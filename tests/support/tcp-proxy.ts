/**
 * A TCP proxy in front of MongoDB that a test can break: `freeze()` stops forwarding bytes both
 * ways (a hung database: connections stay open, nothing answers), `down()` drops every
 * connection and refuses new ones (a database that is gone), `restore()` goes back to forwarding.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export type TcpProxy = {
  port: number;
  freeze(): void;
  down(): Promise<void>;
  restore(): Promise<void>;
  stop(): Promise<void>;
};

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let mode: 'forward' | 'frozen' = 'forward';
  const pairs = new Set<[Socket, Socket]>();
  let server: Server;
  let port = 0;

  const accept = (client: Socket) => {
    const upstream = createConnection(target);
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const forward = (from: Socket, to: Socket) =>
      from.on('data', (chunk: Buffer) => {
        // Frozen: bytes are swallowed, as by a hung server or a dead link that never says so.
        if (mode === 'forward') to.write(chunk);
      });
    forward(client, upstream);
    forward(upstream, client);
    const close = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
  };

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = createServer(accept);
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        const address = server.address();
        port = typeof address === 'object' && address ? address.port : port;
        resolve();
      });
    });
  const closeListener = () =>
    new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
  const dropAll = () => {
    for (const [client, upstream] of pairs) {
      client.destroy();
      upstream.destroy();
    }
    pairs.clear();
  };

  await listen();
  return {
    get port() {
      return port;
    },
    freeze() {
      mode = 'frozen';
    },
    async down() {
      mode = 'forward';
      const closed = closeListener();
      dropAll();
      await closed;
    },
    async restore() {
      mode = 'forward';
      // Connections opened while frozen carry half-delivered messages: drop them, as a real outage would.
      dropAll();
      if (!server.listening) await listen();
    },
    async stop() {
      const closed = closeListener();
      dropAll();
      await closed;
    },
  };
}
