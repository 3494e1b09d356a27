/**
 * Consoles in a process of their own, for the external push bench: the parent tells it how many
 * socket.io-client sockets to open (signed in with the cookie given, subscribed to a room), and it
 * reports, per push (case id and version), when each of its sockets received it, on the machine's
 * wall clock in sub-millisecond precision (performance.timeOrigin + performance.now()).
 */
import { io, type Socket } from 'socket.io-client';
import type { CasePush, ClientToServerEvents, ServerToClientEvents } from '../../shared/realtime';

type ConsoleSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type WorkerCommand =
  { type: 'connect'; url: string; cookie: string; room: string; count: number } | { type: 'stop' };
export type WorkerReport =
  | { type: 'connected'; sockets: number }
  | { type: 'received'; key: string; times: number[] }
  | { type: 'error'; message: string };

const sockets: ConsoleSocket[] = [];
const receipts = new Map<string, number[]>();
const report = (message: WorkerReport) => process.send?.(message);
const wallNow = () => performance.timeOrigin + performance.now();

async function open(url: string, cookie: string, room: string): Promise<ConsoleSocket> {
  const socket: ConsoleSocket = io(url, {
    path: '/socket.io',
    transports: ['websocket'],
    extraHeaders: { cookie },
    reconnection: false,
    forceNew: true,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
  });
  type SubscribeResult = Parameters<Parameters<ClientToServerEvents['subscribe']>[1]>[0];
  const ack: SubscribeResult = await socket.timeout(10_000).emitWithAck('subscribe', [room]);
  if (!ack.joined.some((entry) => entry.room === room)) throw new Error(`subscribe refused: ${JSON.stringify(ack)}`);
  socket.on('push', (message: CasePush) => {
    const at = wallNow();
    if (message.room !== room) return;
    const key = `${message.item.id}:${message.item.version}`;
    const times = receipts.get(key) ?? [];
    times.push(at);
    receipts.set(key, times);
    if (times.length === sockets.length) {
      receipts.delete(key);
      report({ type: 'received', key, times });
    }
  });
  return socket;
}

process.on('message', (command: WorkerCommand) => {
  if (command.type === 'stop') {
    for (const socket of sockets) socket.disconnect();
    process.exit(0);
  }
  void (async () => {
    for (let i = 0; i < command.count; i += 25) {
      const batch = Array.from({ length: Math.min(25, command.count - i) }, () =>
        open(command.url, command.cookie, command.room),
      );
      sockets.push(...(await Promise.all(batch)));
    }
    report({ type: 'connected', sockets: sockets.length });
  })().catch((error: unknown) =>
    report({ type: 'error', message: error instanceof Error ? error.message : String(error) }),
  );
});
