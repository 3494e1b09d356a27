/**
 * Socket.IO clients for tests against a running server: websocket only, no reconnection, the
 * session cookie in the handshake. Sockets are kept in the caller's list so it can close them all.
 */
import { io as connectIo, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/realtime';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type SubscribeAck = { joined: { room: string; seq: number }[]; refused: string[]; error?: string };

export function openTestSocket(url: string, opened: ClientSocket[], cookie?: string): ClientSocket {
  const socket: ClientSocket = connectIo(url, {
    path: '/socket.io',
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: cookie ? { cookie } : {},
  });
  opened.push(socket);
  return socket;
}

export function connected(socket: ClientSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
  });
}

/** `rooms` is unknown on purpose: tests also send hostile values. */
export function subscribe(socket: ClientSocket, rooms: unknown): Promise<SubscribeAck> {
  return (
    socket.timeout(5000) as unknown as { emitWithAck(event: string, arg: unknown): Promise<SubscribeAck> }
  ).emitWithAck('subscribe', rooms);
}
