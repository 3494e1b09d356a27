import type { CasePush, ConversationPush } from '../../../shared/realtime';
import type { BoardPush, WorkNotice } from '../../../shared/wallboard';
import type { PresenceView } from '../../../shared/presence';
import type { LiveSocket } from './socket';

export type LiveStatus = 'connecting' | 'online' | 'offline';

/** How many recent pushes per room are kept to replay over a snapshot that arrived late. */
const REPLAY_BUFFER = 500;

export type SnapshotReconciliation = {
  /** Pushes newer than the snapshot that must be applied on top of it. */
  replay: CasePush[];
  /** The snapshot is older than what we have seen and the gap cannot be replayed: fetch it again. */
  stale: boolean;
};

/**
 * Rooms, sequence numbers and connection state on top of a LiveSocket.
 *
 * Each room numbers its pushes. A push that skips a number means one was lost, and a reconnect
 * means any number of them were: both ask listeners to resync (refetch their snapshot).
 * Duplicates (a number already seen) are dropped.
 */
export type LiveHub = {
  status(): LiveStatus;
  onStatus(listener: () => void): () => void;
  /** Join rooms for as long as the returned function is not called; shared between callers. */
  retain(rooms: string[]): () => void;
  onPush(listener: (message: CasePush) => void): () => void;
  /** Conversation pushes as they come; after a reconnect (onResync) listeners refetch what they show. */
  onConversation(listener: (message: ConversationPush) => void): () => void;
  onResync(listener: (rooms: string[]) => void): () => void;
  /** The wallboard as last pushed to the supervisors' room (a whole board each time: no sequence to keep). */
  onBoard(listener: (message: BoardPush) => void): () => void;
  /** The signed-in user's presence as the server pushes it. */
  onPresence(listener: (view: PresenceView) => void): () => void;
  /** Work a supervisor moved to or from the signed-in user. */
  onNotice(listener: (notice: WorkNotice) => void): () => void;
  /** Called with the seqs a snapshot was taken at. */
  reconcile(seqs: { room: string; seq: number }[]): SnapshotReconciliation;
  /** Rooms the server refused to let us join (role). */
  refused(): string[];
  close(): void;
};

export function createLiveHub(socket: LiveSocket): LiveHub {
  const roomRefs = new Map<string, number>();
  const seqs = new Map<string, number>();
  const buffers = new Map<string, CasePush[]>();
  const refusedRooms = new Set<string>();
  const statusListeners = new Set<() => void>();
  const pushListeners = new Set<(message: CasePush) => void>();
  const resyncListeners = new Set<(rooms: string[]) => void>();
  let status: LiveStatus = socket.connected ? 'online' : 'connecting';
  let everConnected = socket.connected;
  let closed = false;

  function setStatus(next: LiveStatus) {
    if (status === next) return;
    status = next;
    for (const listener of statusListeners) listener();
  }

  function noteSeq(room: string, seq: number) {
    const known = seqs.get(room);
    if (known === undefined || seq > known) seqs.set(room, seq);
  }

  function join(rooms: string[]) {
    if (rooms.length === 0 || !socket.connected) return;
    socket.subscribe(rooms).then(
      (result) => {
        for (const { room, seq } of result.joined) noteSeq(room, seq);
        for (const room of result.refused) refusedRooms.add(room);
      },
      () => {
        // No answer: the connection is in trouble and the reconnect will subscribe again.
      },
    );
  }

  function resync(rooms: string[]) {
    for (const listener of resyncListeners) listener(rooms);
  }

  const unsubscribes = [
    socket.onConnect((info) => {
      const reconnect = everConnected;
      everConnected = true;
      setStatus('online');
      if (reconnect && info?.recovered) {
        // The server kept our rooms and replays what we missed, in order: keep counting, refetch
        // nothing. Only rooms taken while away are joined (and counted from their snapshot).
        join([...roomRefs.keys()].filter((room) => !seqs.has(room)));
        return;
      }
      if (reconnect) {
        // Pushes sent while we were away are gone: start counting afresh and refetch.
        seqs.clear();
        buffers.clear();
      }
      join([...roomRefs.keys()]);
      if (reconnect) resync([...roomRefs.keys()]);
    }),
    socket.onDisconnect(() => setStatus('offline')),
    socket.onPush((message) => {
      const last = seqs.get(message.room);
      if (last !== undefined && message.seq <= last) return;
      const gap = last !== undefined && message.seq > last + 1;
      seqs.set(message.room, message.seq);
      const buffer = buffers.get(message.room) ?? [];
      buffer.push(message);
      if (buffer.length > REPLAY_BUFFER) buffer.splice(0, buffer.length - REPLAY_BUFFER);
      buffers.set(message.room, buffer);
      for (const listener of pushListeners) listener(message);
      if (gap) resync([message.room]);
    }),
  ];

  return {
    status: () => status,
    onStatus(listener) {
      statusListeners.add(listener);
      return () => void statusListeners.delete(listener);
    },
    retain(rooms) {
      const fresh = rooms.filter((room) => !roomRefs.has(room));
      for (const room of rooms) roomRefs.set(room, (roomRefs.get(room) ?? 0) + 1);
      join(fresh);
      let released = false;
      return () => {
        if (released || closed) return;
        released = true;
        const gone: string[] = [];
        for (const room of rooms) {
          const count = (roomRefs.get(room) ?? 1) - 1;
          if (count <= 0) {
            roomRefs.delete(room);
            seqs.delete(room);
            buffers.delete(room);
            gone.push(room);
          } else {
            roomRefs.set(room, count);
          }
        }
        if (gone.length > 0 && socket.connected) socket.unsubscribe(gone);
      };
    },
    onPush(listener) {
      pushListeners.add(listener);
      return () => void pushListeners.delete(listener);
    },
    onConversation(listener) {
      return socket.onConversation?.(listener) ?? (() => {});
    },
    onResync(listener) {
      resyncListeners.add(listener);
      return () => void resyncListeners.delete(listener);
    },
    onBoard(listener) {
      return socket.onBoard?.(listener) ?? (() => undefined);
    },
    onPresence(listener) {
      return socket.onPresence?.(listener) ?? (() => undefined);
    },
    onNotice(listener) {
      return socket.onNotice?.(listener) ?? (() => undefined);
    },
    reconcile(snapshotSeqs) {
      const replay: CasePush[] = [];
      let stale = false;
      for (const { room, seq } of snapshotSeqs) {
        const seen = seqs.get(room);
        if (seen === undefined || seen <= seq) {
          seqs.set(room, seq);
          continue;
        }
        const newer = (buffers.get(room) ?? []).filter((message) => message.seq > seq);
        const covered = newer.length === seen - seq && newer.every((message, i) => message.seq === seq + 1 + i);
        if (covered) replay.push(...newer);
        else stale = true;
      }
      return { replay, stale };
    },
    refused: () => [...refusedRooms],
    close() {
      closed = true;
      for (const unsubscribe of unsubscribes) unsubscribe();
      statusListeners.clear();
      pushListeners.clear();
      resyncListeners.clear();
      socket.close();
    },
  };
}
