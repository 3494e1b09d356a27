/**
 * The wallboard's one computation per change: any number of changes within `coalesceMs` make one
 * aggregation, pushed to this process's sockets in the supervisors' room, so fifty supervisors
 * watching cost what one does. With several processes each computes for its own watchers.
 */
import type { Server } from 'socket.io';
import type { Logger } from 'pino';
import { rooms, type ClientToServerEvents, type ServerToClientEvents } from '../../../shared/realtime';
import type { Board, WorkNotice } from '../../../shared/wallboard';
import type { CasePublisher } from '../deps';

export type BoardFeed = {
  /** Something the board shows changed (a case, a contact, a presence): recompute soon, once. */
  changed(): void;
  /** The current board: the last pushed one when nothing changed since, else computed (shared by concurrent callers). */
  board(): Promise<Board>;
  /** Tells an agent's consoles that a supervisor moved work to or from them. */
  notify(userId: string, notice: WorkNotice): void;
  close(): void;
};

type PushServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, unknown>;

export type BoardFeedOptions = {
  io: PushServer;
  compute: () => Promise<Board>;
  logger: Logger;
  /** Changes within this window share one computation. */
  coalesceMs?: number;
  /** While someone watches, recompute this often anyway (due times turn "soon" by the clock alone). */
  refreshMs?: number;
};

export function createBoardFeed(options: BoardFeedOptions): BoardFeed {
  const coalesceMs = options.coalesceMs ?? 250;
  const { io } = options;
  let timer: NodeJS.Timeout | null = null;
  let current: Board | null = null;
  let inflight: Promise<Board> | null = null;
  let changedWhileComputing = false;

  const watchers = () => io.of('/').adapter.rooms.get(rooms.supervisors)?.size ?? 0;

  const compute = (): Promise<Board> => {
    if (inflight) return inflight;
    inflight = options
      .compute()
      .then((board) => {
        current = board;
        return board;
      })
      .finally(() => {
        inflight = null;
      });
    return inflight;
  };

  const run = () => {
    timer = null;
    if (watchers() === 0) return;
    if (inflight) {
      changedWhileComputing = true;
      return;
    }
    compute()
      .then((board) => io.local.to(rooms.supervisors).emit('board', { board }))
      .catch((error: unknown) => options.logger.error({ err: error }, 'computing the wallboard failed'))
      .finally(() => {
        if (changedWhileComputing) {
          changedWhileComputing = false;
          schedule();
        }
      });
  };

  function schedule() {
    current = null;
    if (timer) return;
    timer = setTimeout(run, coalesceMs);
    timer.unref();
  }

  const refresh = setInterval(() => {
    if (watchers() > 0) schedule();
  }, options.refreshMs ?? 30_000);
  refresh.unref();

  return {
    changed: schedule,
    async board() {
      return current ?? compute();
    },
    notify(userId, notice) {
      io.to(rooms.agent(userId)).emit('notice', notice);
    },
    close() {
      clearInterval(refresh);
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}

/** A publisher that also tells the board feed, so every case and conversation change reaches the wallboard. */
export function publisherFeedingBoard(publisher: CasePublisher, feed: Pick<BoardFeed, 'changed'>): CasePublisher {
  return {
    publishCase(item, previous) {
      publisher.publishCase(item, previous);
      feed.changed();
    },
    publishConversation(conversation, targets) {
      publisher.publishConversation(conversation, targets);
      feed.changed();
    },
    currentSeq: (room) => publisher.currentSeq(room),
  };
}
