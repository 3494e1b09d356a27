import type { QueueItem, QueueName } from './cases';
import type { BoardPush, WorkNotice } from './wallboard';
import type { PresenceView } from './presence';
import type { ChatPush } from './chat';
import type { ConversationView } from './conversations';

/** Socket.IO rooms. The server checks the role before a socket joins any of them. */
export const rooms = {
  queue: (name: QueueName) => `queue:${name}` as const,
  agent: (userId: string) => `agent:${userId}` as const,
  supervisors: 'supervisors' as const,
  caseRoom: (caseId: string) => `case:${caseId}` as const,
};

/** Every push carries the room it was sent to and that room's sequence number. */
export type CasePush = {
  room: string;
  seq: number;
  type: 'case.upsert';
  item: QueueItem;
};

/** A conversation changed (offered to, taken or finished by the agent of that room; every change to supervisors). */
export type ConversationPush = {
  room: string;
  seq: number;
  type: 'conversation.upsert';
  conversation: ConversationView;
};

export type ServerToClientEvents = {
  push: (message: CasePush) => void;
  /** Conversation changes: an event of their own with their own per-room sequence, so case pushes keep theirs. */
  conversation: (message: ConversationPush) => void;
  /** After joining, the current sequence number of each room, so a client can spot gaps from the start. */
  joined: (rooms: { room: string; seq: number }[]) => void;
  /** The wallboard, recomputed after a change (supervisors' room; at most every 250 ms). */
  board: (message: BoardPush) => void;
  /** A supervisor moved work to or from this agent (their own room). */
  notice: (notice: WorkNotice) => void;
  /** A user's presence changed (to their own room and the supervisors'). */
  presence: (view: PresenceView) => void;
  /** Web chat traffic for agents (shared/chat.ts); a message push asks for an ack, which marks it delivered. */
  chat: (push: ChatPush, ack?: () => void) => void;
};

export type ClientToServerEvents = {
  /** Join rooms (queues the role may watch, case rooms). Answers with errors for refused rooms. */
  subscribe: (
    rooms: string[],
    ack: (result: {
      joined: { room: string; seq: number }[];
      refused: string[];
      error?: 'INVALID_ROOMS' | 'UNAUTHORIZED' | 'UNAVAILABLE';
    }) => void,
  ) => void;
  unsubscribe: (rooms: string[]) => void;
  /** The agent is typing in a chat they have (forwarded to the customer). */
  chatTyping: (input: { conversationId: string; typing: boolean }) => void;
};
