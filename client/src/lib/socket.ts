import { io, type Socket } from 'socket.io-client';
import type { CasePush, ClientToServerEvents, ConversationPush, ServerToClientEvents } from '../../../shared/realtime';
import type { BoardPush, WorkNotice } from '../../../shared/wallboard';
import type { PresenceView } from '../../../shared/presence';

export type SubscribeResult = { joined: { room: string; seq: number }[]; refused: string[] };

/**
 * The little the console needs from a push connection. The app wraps Socket.IO; tests pass a
 * fake they drive by hand (connect, drop, push).
 */
export type LiveSocket = {
  readonly connected: boolean;
  onPush(listener: (message: CasePush) => void): () => void;
  /** Conversation changes (calls, chats) in the rooms joined; absent in fakes that do not send any. */
  onConversation?(listener: (message: ConversationPush) => void): () => void;
  /** `recovered`: the server kept this connection's rooms and replayed what it missed (nothing to refetch). */
  onConnect(listener: (info?: { recovered: boolean }) => void): () => void;
  onDisconnect(listener: () => void): () => void;
  /** The server refused the handshake because the session is gone (signed out elsewhere, expired). */
  onUnauthorized?(listener: () => void): () => void;
  /** The wallboard pushed to the supervisors' room. */
  onBoard?(listener: (message: BoardPush) => void): () => void;
  /** The signed-in user's presence as it changes (their own room). */
  onPresence?(listener: (view: PresenceView) => void): () => void;
  /** A supervisor moved work to or from this user. */
  onNotice?(listener: (notice: WorkNotice) => void): () => void;
  subscribe(rooms: string[]): Promise<SubscribeResult>;
  unsubscribe(rooms: string[]): void;
  close(): void;
};

const SUBSCRIBE_TIMEOUT_MS = 10_000;
const RETRY_BASE_MS = 1_000;
const RETRY_MAX_MS = 30_000;

/** Socket.IO on the page's own origin; the session cookie authenticates the handshake. */
export function createSocketIoLiveSocket(url?: string): LiveSocket {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(url ?? '', {
    path: '/socket.io',
    withCredentials: true,
    transports: ['websocket', 'polling'],
  });

  // Socket.IO retries by itself after a network drop, but not when the server ended the
  // connection (a restart disconnects every socket) or refused the handshake (session not
  // found while the server was starting): then it is up to us. A session that really ended
  // is noticed by the HTTP calls, which send the agent to the login page and close this socket.
  let closed = false;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  function retryLater() {
    if (closed || retryTimer) return;
    const delay = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** attempt) * (0.5 + Math.random() / 2);
    attempt += 1;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      if (!closed && !socket.connected && !socket.active) socket.connect();
    }, delay);
  }
  socket.on('connect', () => {
    attempt = 0;
  });
  socket.on('disconnect', (reason) => {
    if (reason === 'io server disconnect') retryLater();
  });
  socket.on('connect_error', () => {
    if (!socket.active) retryLater();
  });
  const unauthorizedListeners = new Set<() => void>();
  socket.on('connect_error', (error) => {
    if (error.message === 'UNAUTHORIZED') for (const listener of unauthorizedListeners) listener();
  });

  return {
    get connected() {
      return socket.connected;
    },
    onPush(listener) {
      socket.on('push', listener);
      return () => void socket.off('push', listener);
    },
    onConversation(listener) {
      socket.on('conversation', listener);
      return () => void socket.off('conversation', listener);
    },
    onPresence(listener) {
      socket.on('presence', listener);
      return () => void socket.off('presence', listener);
    },
    onBoard(listener) {
      socket.on('board', listener);
      return () => void socket.off('board', listener);
    },
    onNotice(listener) {
      socket.on('notice', listener);
      return () => void socket.off('notice', listener);
    },
    onConnect(listener) {
      const handler = () => listener({ recovered: socket.recovered });
      socket.on('connect', handler);
      return () => void socket.off('connect', handler);
    },
    onDisconnect(listener) {
      const handler = () => listener();
      socket.on('disconnect', handler);
      socket.on('connect_error', handler);
      return () => {
        socket.off('disconnect', handler);
        socket.off('connect_error', handler);
      };
    },
    onUnauthorized(listener) {
      unauthorizedListeners.add(listener);
      return () => void unauthorizedListeners.delete(listener);
    },
    subscribe(rooms) {
      return socket.timeout(SUBSCRIBE_TIMEOUT_MS).emitWithAck('subscribe', rooms);
    },
    unsubscribe(rooms) {
      socket.emit('unsubscribe', rooms);
    },
    close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      socket.close();
    },
  };
}
