/**
 * Socket.IO on the HTTP server's own port and origin, for pushes only. The handshake is signed in
 * with the same session cookie as tRPC; every room is checked against the user's role.
 */
import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import type { Logger } from 'pino';
import { SESSION_COOKIE, type SessionUser } from '../../../shared/auth';
import { rooms, type ClientToServerEvents, type ServerToClientEvents } from '../../../shared/realtime';
import type { PresenceView } from '../../../shared/presence';
import type { CasePublisher } from '../deps';
import { resolveSession } from '../auth/sessions';
import { DATABASE_UNREACHABLE_MESSAGE, isDatabaseUnreachable } from '../db/connection';
import { createCasePublisher } from './publisher';
import { mayJoin, parseRoom } from './room-access';
import { memorySequences, redisSequences, type RoomSequences } from './sequences';

type SocketData = { user: SessionUser; token: string; sessionId: string };
type TypedServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type TypedSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/**
 * What `subscribe` acknowledges. `error` is set when nothing could be joined: INVALID_ROOMS (not an
 * array of at most 50 room names), UNAUTHORIZED (the session ended; the socket is then closed),
 * UNAVAILABLE (the server could not check, e.g. the database is down: try again).
 */
export type SubscribeAck = {
  joined: { room: string; seq: number }[];
  refused: string[];
  error?: 'INVALID_ROOMS' | 'UNAUTHORIZED' | 'UNAVAILABLE';
};

const MAX_ROOMS_PER_CALL = 50;

function sessionRoom(sessionId: unknown): string {
  return `session:${String(sessionId)}`;
}
/** A server-only room per user: whether any console of theirs is still connected, in any process. */
function userRoom(userId: string): string {
  return `user:${userId}`;
}
const MAX_ROOM_NAME = 100;

export type Realtime = {
  io: TypedServer;
  publisher: CasePublisher;
  /** Closes every socket opened with a session (in every process, with Redis): after logout nothing more is pushed to it. */
  endSession(sessionId: string): void;
  /** A user's changed presence, to their own consoles and the supervisors' room. */
  pushPresence(view: PresenceView): void;
  attach(httpServer: HttpServer): void;
  close(): Promise<void>;
};

export type RealtimeOptions = {
  redisUrl: string | undefined;
  logger: Logger;
  now: () => Date;
  /** How often each open socket's session is checked again (expiry, deactivation, removal elsewhere). */
  sessionRecheckMs: number;
  /** Open sockets one session may have (across processes); the next handshake is refused with TOO_MANY_SOCKETS. */
  maxSocketsPerSession: number;
  /** Presence from the sockets: a console opened, still there (heartbeat), the user's last one gone. */
  presence?: PresenceHooks;
};

export type PresenceHooks = {
  heartbeatMs: number;
  connected(user: SessionUser): Promise<unknown>;
  seen(userIds: string[]): Promise<unknown>;
  lastGone(userId: string): Promise<unknown>;
};

/** How long a dropped console may take to come back and still be given what it missed. */
const RECOVERY_WINDOW_MS = 2 * 60_000;

export async function createRealtime(options: RealtimeOptions): Promise<Realtime> {
  const io: TypedServer = new Server({
    path: '/socket.io',
    serveClient: false,
    // Clients only send room lists; anything big is not ours.
    maxHttpBufferSize: 64 * 1024,
    // Same origin only: a page elsewhere cannot ride the user's cookie into our rooms.
    allowRequest: (req, callback) => callback(null, isSameOrigin(req.headers.origin, req.headers.host)),
    // A console back within two minutes gets the pushes it missed and keeps its rooms (Socket.IO
    // connection state recovery; the in-memory and the Redis streams adapter both keep what it
    // needs). The handshake is checked again all the same (skipMiddlewares: false): a session that
    // ended meanwhile does not come back. Past that, the client's seq-based resync refetches.
    connectionStateRecovery: { maxDisconnectionDuration: RECOVERY_WINDOW_MS, skipMiddlewares: false },
  });

  let sequences: RoomSequences = memorySequences();
  const closeRedis: (() => Promise<void>)[] = [];
  if (options.redisUrl) {
    // Several server processes: pushes fan out through a Redis stream (the streams adapter, which
    // also keeps recovery sessions; the plain pub/sub adapter cannot) and sequence numbers come from
    // one INCR per room.
    const [{ Redis }, { createAdapter }] = await Promise.all([
      import('ioredis'),
      import('@socket.io/redis-streams-adapter'),
    ]);
    const commands = new Redis(options.redisUrl, { maxRetriesPerRequest: 3 });
    const streams = commands.duplicate();
    for (const client of [commands, streams]) {
      client.on('error', (error: unknown) => options.logger.error({ err: error }, 'redis connection error'));
    }
    io.adapter(createAdapter(streams));
    // The adapter's own blocking readers stop when it is closed; then the two clients given to it go.
    closeRedis.push(async () => void (await Promise.resolve(io.of('/').adapter.close())));
    for (const client of [commands, streams])
      closeRedis.push(async () => void (await client.quit().catch(() => client.disconnect())));
    sequences = redisSequences(commands);
    options.logger.info('Socket.IO uses the Redis streams adapter');
  }

  // Handshakes of a session still being checked here, so a burst cannot slip past the cap together.
  const pendingHandshakes = new Map<string, number>();
  io.use((socket, next) => {
    const token = sessionToken(socket.request.headers.cookie);
    let counted: string | null = null;
    resolveSession(token, options.now())
      .then(async (session) => {
        if (!session || !token) {
          options.logger.debug({ hadCookie: token !== null }, 'socket handshake refused: no valid session');
          return next(new Error('UNAUTHORIZED'));
        }
        counted = session.sessionId;
        const pending = pendingHandshakes.get(counted) ?? 0;
        pendingHandshakes.set(counted, pending + 1);
        const open = await openSocketCount(io, sessionRoom(session.sessionId));
        if (open + pending >= options.maxSocketsPerSession) {
          options.logger.warn(
            { sessionId: session.sessionId, open },
            'socket handshake refused: too many sockets for one session',
          );
          return next(
            Object.assign(new Error('TOO_MANY_SOCKETS'), {
              data: {
                message: `This session already has ${options.maxSocketsPerSession} live connections; close a tab or window and try again.`,
              },
            }),
          );
        }
        socket.data.user = session.user;
        socket.data.token = token;
        socket.data.sessionId = session.sessionId;
        next();
      })
      .catch((error: unknown) => {
        if (!isDatabaseUnreachable(error)) options.logger.error({ err: error }, 'socket handshake failed');
        else options.logger.warn('socket handshake refused: the database is not reachable');
        next(Object.assign(new Error('UNAVAILABLE'), { data: { message: DATABASE_UNREACHABLE_MESSAGE } }));
      })
      .finally(() => {
        if (counted === null) return;
        const left = (pendingHandshakes.get(counted) ?? 1) - 1;
        if (left > 0) pendingHandshakes.set(counted, left);
        else pendingHandshakes.delete(counted);
      });
  });

  // Sessions also end without a logout reaching any process (expiry, a row removed by hand): each
  // process checks its own sockets again on a timer and closes those whose session is gone.
  let rechecking = false;
  const recheckTimer = setInterval(() => {
    if (rechecking) return;
    rechecking = true;
    void recheckSessions(io, options)
      .catch((error: unknown) => options.logger.warn({ err: error }, 'socket session re-check failed'))
      .finally(() => {
        rechecking = false;
      });
  }, options.sessionRecheckMs);
  recheckTimer.unref();

  const publisher = createCasePublisher(io, { sequences, logger: options.logger });

  // Heartbeat: every process tells the database which users still have a console here; a user no
  // process has reported for a while is offline (the presence sweep job, safe on every node).
  const presence = options.presence;
  const heartbeatTimer = presence
    ? setInterval(() => {
        const userIds = new Set<string>();
        for (const socket of io.of('/').sockets.values()) if (socket.data.user) userIds.add(socket.data.user.id);
        void presence
          .seen([...userIds])
          .catch((error: unknown) => options.logger.warn({ err: error }, 'presence heartbeat failed'));
      }, presence.heartbeatMs)
    : undefined;
  heartbeatTimer?.unref();

  io.on('connection', (socket) => {
    // A room only the server uses (clients cannot name it): how a logout reaches this socket.
    void Promise.resolve(socket.join(sessionRoom(socket.data.sessionId)))
      .then(() => keepWithinCap(io, socket, options.maxSocketsPerSession))
      .catch((error: unknown) => options.logger.warn({ err: error }, 'socket cap re-check failed'));
    if (presence) {
      const user = socket.data.user;
      void Promise.resolve(socket.join(userRoom(user.id)))
        .then(() => presence.connected(user))
        .catch((error: unknown) => options.logger.warn({ err: error }, 'presence sign-in failed'));
      socket.on('disconnect', () => {
        void openSocketCount(io, userRoom(user.id))
          .then((open) => (open === 0 ? presence.lastGone(user.id) : undefined))
          .catch((error: unknown) => options.logger.warn({ err: error }, 'presence sign-out failed'));
      });
    }
    socket.on('subscribe', (roomList: unknown, ack: unknown) => {
      void subscribe(socket, roomList, options.now, sequences)
        .catch((error: unknown): SubscribeAck => {
          options.logger.error({ err: error }, 'socket subscribe failed');
          return { joined: [], refused: [], error: 'UNAVAILABLE' };
        })
        .then((result) => {
          if (typeof ack === 'function') (ack as (result: SubscribeAck) => void)(result);
          else socket.emit('joined', result.joined);
          if (result.error === 'UNAUTHORIZED') socket.disconnect(true);
        });
    });
    socket.on('unsubscribe', (roomList: unknown) => {
      if (!isRoomList(roomList)) return;
      // Only rooms a client can name: the server's own rooms (the session's) are not theirs to leave.
      for (const room of roomList) if (parseRoom(room)) void socket.leave(room);
    });
  });

  return {
    io,
    publisher,
    endSession(sessionId) {
      io.in(sessionRoom(sessionId)).disconnectSockets(true);
    },
    pushPresence(view) {
      io.to([rooms.agent(view.userId), rooms.supervisors]).emit('presence', view);
    },
    attach(httpServer) {
      io.attach(httpServer);
    },
    async close() {
      clearInterval(recheckTimer);
      if (heartbeatTimer) clearInterval(heartbeatTimer);
      io.disconnectSockets(true);
      // Not io.close(): that would also close the HTTP server, which belongs to Fastify.
      io.engine?.close();
      for (const close of closeRedis) await close();
    },
  };
}

/** Sockets in a room in every process (the Redis adapter asks the others); this process's alone if they do not answer. */
async function openSocketCount(io: TypedServer, room: string): Promise<number> {
  try {
    return (await io.in(room).fetchSockets()).length;
  } catch {
    return io.of('/').adapter.rooms.get(room)?.size ?? 0;
  }
}

/**
 * The handshake's count cannot see handshakes still in flight in other processes, so a burst split
 * over several processes could pass the cap together. Once joined, every socket of the session is
 * counted again everywhere; the session keeps its `max` oldest (the same order in every process),
 * and this socket, if newer, is closed.
 */
async function keepWithinCap(io: TypedServer, socket: TypedSocket, max: number): Promise<void> {
  const all = await io.in(sessionRoom(socket.data.sessionId)).fetchSockets();
  if (all.length <= max) return;
  const kept = all
    .map((s) => ({ id: s.id, issued: s.handshake.issued }))
    .sort((a, b) => a.issued - b.issued || a.id.localeCompare(b.id))
    .slice(0, max);
  if (!kept.some((s) => s.id === socket.id)) socket.disconnect(true);
}

async function recheckSessions(io: TypedServer, options: Pick<RealtimeOptions, 'now' | 'logger'>): Promise<void> {
  // One look-up per session, however many tabs it has open here.
  const byToken = new Map<string, TypedSocket[]>();
  for (const socket of io.of('/').sockets.values()) {
    if (!socket.connected || !socket.data.token) continue;
    byToken.set(socket.data.token, [...(byToken.get(socket.data.token) ?? []), socket]);
  }
  for (const [token, sockets] of byToken) {
    const session = await resolveSession(token, options.now());
    for (const socket of sockets) {
      // Rooms were granted to the role at subscribe time: a socket whose user now has another role starts over.
      if (session && session.user.role === socket.data.user.role) {
        socket.data.user = session.user;
        continue;
      }
      options.logger.debug(
        { sessionId: socket.data.sessionId },
        'closing a socket whose session ended or whose role changed',
      );
      socket.disconnect(true);
    }
  }
}

async function subscribe(
  socket: TypedSocket,
  roomList: unknown,
  now: () => Date,
  sequences: RoomSequences,
): Promise<SubscribeAck> {
  if (!isRoomList(roomList)) return { joined: [], refused: [], error: 'INVALID_ROOMS' };
  // The session may have ended (logout, deactivation) since the handshake.
  const session = await resolveSession(socket.data.token, now());
  if (!session) return { joined: [], refused: [...roomList], error: 'UNAUTHORIZED' };
  socket.data.user = session.user;

  const joined: SubscribeAck['joined'] = [];
  const refused: string[] = [];
  for (const room of new Set(roomList)) {
    const ref = parseRoom(room);
    if (!ref || !mayJoin(session.user, ref)) {
      refused.push(room);
      continue;
    }
    await socket.join(room);
    joined.push({ room, seq: await sequences.current(room) });
  }
  return { joined, refused };
}

function isRoomList(value: unknown): value is string[] {
  return (
    Array.isArray(value) &&
    value.length <= MAX_ROOMS_PER_CALL &&
    value.every((room) => typeof room === 'string' && room.length > 0 && room.length <= MAX_ROOM_NAME)
  );
}

/**
 * The session token from a Cookie header. Parsed here rather than with @fastify/cookie's parse,
 * which only works once the plugin has been registered on a Fastify instance.
 */
export function sessionToken(cookieHeader: string | undefined): string | null {
  if (!cookieHeader) return null;
  for (const pair of cookieHeader.split(';')) {
    const eq = pair.indexOf('=');
    if (eq > 0 && pair.slice(0, eq).trim() === SESSION_COOKIE)
      return pair
        .slice(eq + 1)
        .trim()
        .replace(/^"(.*)"$/, '$1');
  }
  return null;
}

/** Browsers send Origin on cross-site WebSocket and XHR requests; tools and tests send none. */
export function isSameOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (!origin) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
