import type { Logger } from 'pino';
import type { AppConfig } from './config';
import type { QueueItem } from '../../shared/cases';
import type { Board, WorkNotice } from '../../shared/wallboard';
import type { PresenceView } from '../../shared/presence';
import type { ChatMessageDTO, ChatPush, ServerToCustomerEvents } from '../../shared/chat';
import type { ConversationView } from '../../shared/conversations';

/** Sends a committed case change to the Socket.IO rooms it concerns (server/src/realtime). */
export type CasePublisher = {
  publishCase(item: QueueItem, previous: { queue: string; assigneeId: string | null } | null): void;
  /** Sends a committed conversation change to the given rooms (socket event `conversation`, its own sequence per room). */
  publishConversation(conversation: ConversationView, rooms: string[]): void;
  /** The last sequence number sent to a room, so a snapshot tells the client where pushes continue. */
  currentSeq(room: string): Promise<number>;
};

/** A payment gateway (refunds and collections). Calls carry an idempotency key: the same key never pays twice. */
export type PaymentGateway = {
  collect(input: {
    idempotencyKey: string;
    amountFen: number;
    reference: string;
  }): Promise<{ ok: true; paymentRef: string } | { ok: false; reason: string }>;
  refund(input: {
    idempotencyKey: string;
    amountFen: number;
    reference: string;
  }): Promise<{ ok: true; gatewayRef: string } | { ok: false; reason: string }>;
};

/** Live connections opened with a session (Socket.IO), closed when the session ends. */
export type LiveSessions = {
  end(sessionId: string): void;
};

/**
 * Web chat's pushes (server/src/conversations/chat/chat-gateway.ts): to the customer's page over
 * the `/customer` namespace, to agents over their console sockets (`chat` events in agent and
 * queue rooms). `deliverTo*` resolve true when a receiving socket acknowledged the message.
 */
export type ChatChannel = {
  toCustomer<E extends 'state' | 'receipt' | 'typing'>(
    conversationId: string,
    event: E,
    payload: Parameters<ServerToCustomerEvents[E]>[0],
  ): void;
  deliverToCustomer(message: ChatMessageDTO): Promise<boolean>;
  toAgents(rooms: string[], push: ChatPush): void;
  deliverToAgent(agentId: string, push: ChatPush): Promise<boolean>;
  /** Signed-in sockets listening to a queue's room (in every process): 0 means nobody can answer a chat now. */
  agentsListening(queue: string): Promise<number>;
};

/** What services need from the outside world; built once in main.ts, replaced by fakes in tests. */
export type AppDeps = {
  config: AppConfig;
  logger: Logger;
  publisher: CasePublisher;
  liveSessions: LiveSessions;
  paymentGateway: PaymentGateway;
  /** The wallboard's coalesced feed (server/src/supervisor/board-feed.ts); absent: computed per call, nobody told. */
  wallboard?: { changed(): void; board(): Promise<Board>; notify(userId: string, notice: WorkNotice): void };
  /** Sends a user's changed presence to their consoles and the supervisors (absent: nobody listens). */
  presencePush?: (view: PresenceView) => void;
  chat: ChatChannel;
  /** The only clock on the server side; tests pass a fixed one. */
  now: () => Date;
};
