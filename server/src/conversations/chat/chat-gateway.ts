/**
 * Web chat on Socket.IO: the customers' own namespace (`/customer`), authenticated only by the
 * signed conversation token (the agents' session cookie means nothing here), and chat traffic for
 * agents as `chat` events in their own rooms of the console's namespace.
 */
import type { Namespace, Server, Socket } from 'socket.io';
import type { ZodType } from 'zod';
import {
  CHAT_NAMESPACE,
  chatAfterSchema,
  chatEndSchema,
  chatAgentTypingSchema,
  chatLeaveMessageSchema,
  chatRateSchema,
  chatReadSchema,
  chatSendSchema,
  chatTypingSchema,
  type ChatAck,
  type ChatErrorCode,
  type CustomerToServerEvents,
  type ServerToCustomerEvents,
} from '../../../../shared/chat';
import type { SessionUser } from '../../../../shared/auth';
import { DomainError } from '../../../../shared/errors';
import type { AppDeps, ChatChannel } from '../../deps';
import { verifyChatToken } from './chat-token';
import {
  agentTyping,
  customerRead,
  customerState,
  customerTyping,
  endChatByCustomer,
  leaveMessage,
  messagesAfter,
  postCustomerMessage,
  rateChatByCustomer,
} from './chat.service';
import { getChat } from './chat-conversations';

type CustomerData = { conversationId: string };
type CustomerNamespace = Namespace<CustomerToServerEvents, ServerToCustomerEvents, Record<string, never>, CustomerData>;
type CustomerSocket = Socket<CustomerToServerEvents, ServerToCustomerEvents, Record<string, never>, CustomerData>;
/** The console's namespace, loosely typed here: its events are declared in shared/realtime.ts. */
type ConsoleServer = Server;

const DELIVERY_TIMEOUT_MS = 5_000;
const conversationRoom = (id: string) => `conversation:${id}`;

export function createChatChannel(io: ConsoleServer): ChatChannel {
  const customers = io.of(CHAT_NAMESPACE) as CustomerNamespace;
  return {
    toCustomer(conversationId, event, payload) {
      (customers.to(conversationRoom(conversationId)).emit as (e: string, p: unknown) => boolean)(event, payload);
    },
    async deliverToCustomer(message) {
      try {
        const answers: unknown = await customers
          .to(conversationRoom(message.conversationId))
          .timeout(DELIVERY_TIMEOUT_MS)
          .emitWithAck('message', message);
        return Array.isArray(answers) && answers.length > 0;
      } catch {
        return false;
      }
    },
    toAgents(rooms, push) {
      if (rooms.length > 0) io.to(rooms).emit('chat', push);
    },
    async deliverToAgent(agentId, push) {
      try {
        const answers: unknown[] = await io
          .to(`agent:${agentId}`)
          .timeout(DELIVERY_TIMEOUT_MS)
          .emitWithAck('chat', push);
        return answers.length > 0;
      } catch (error) {
        // Sockets that do not listen for chat (a console tab elsewhere) never answer: the ones that did count.
        const partial = (error as { responses?: unknown[] }).responses;
        return Array.isArray(partial) && partial.length > 0;
      }
    },
    async agentsListening(queue) {
      try {
        const sockets = await io.in(`queue:${queue}`).fetchSockets();
        return sockets.filter((s) => (s.data as { user?: SessionUser }).user?.role === 'agent').length;
      } catch {
        return io.of('/').adapter.rooms.get(`queue:${queue}`)?.size ?? 0;
      }
    },
  };
}

function failure(error: unknown): ChatAck<never> {
  if (error instanceof DomainError) {
    const code: ChatErrorCode =
      error.code === 'RATE_LIMITED'
        ? 'RATE_LIMITED'
        : error.code === 'INVALID_INPUT'
          ? 'INVALID_INPUT'
          : error.code === 'UNAVAILABLE'
            ? 'UNAVAILABLE'
            : 'NOT_ALLOWED';
    return { ok: false, code, message: error.message };
  }
  return {
    ok: false,
    code: 'UNAVAILABLE',
    message: 'Something went wrong on our side; please try again. 服务暂时不可用，请重试。',
  };
}

/** Runs a customer request with its input checked; answers the ack with the value or a readable reason. */
function handle<I, T>(
  deps: Pick<AppDeps, 'logger'>,
  schema: ZodType<I>,
  raw: unknown,
  ack: unknown,
  run: (input: I) => Promise<T>,
): void {
  const reply = typeof ack === 'function' ? (ack as (answer: ChatAck<T>) => void) : () => undefined;
  const parsed = schema.safeParse(raw ?? {});
  if (!parsed.success) {
    reply({ ok: false, code: 'INVALID_INPUT', message: parsed.error.issues.map((i) => i.message).join('; ') });
    return;
  }
  run(parsed.data).then(
    (value) => reply({ ok: true, value }),
    (error: unknown) => {
      if (!(error instanceof DomainError)) deps.logger.error({ err: error }, 'customer chat request failed');
      reply(failure(error));
    },
  );
}

export function attachChatNamespace(io: ConsoleServer, deps: AppDeps): void {
  const customers = io.of(CHAT_NAMESPACE) as CustomerNamespace;
  customers.use((socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    const conversationId = verifyChatToken(deps.config.chat.tokenSecret, token, deps.now());
    if (!conversationId) return next(new Error('INVALID_TOKEN'));
    getChat(conversationId).then(
      (chat) => {
        if (!chat) return next(new Error('INVALID_TOKEN'));
        socket.data.conversationId = chat.id;
        next();
      },
      () => next(new Error('UNAVAILABLE')),
    );
  });

  customers.on('connection', (socket: CustomerSocket) => {
    const id = socket.data.conversationId;
    void Promise.resolve(socket.join(conversationRoom(id)))
      .then(() => getChat(id))
      .then(async (chat) => {
        if (chat) socket.emit('state', await customerState(deps, chat));
      })
      .catch((error: unknown) => deps.logger.warn({ err: error }, 'customer chat state failed'));

    socket.on('send', (raw, ack) =>
      handle(deps, chatSendSchema, raw, ack, (input) => postCustomerMessage(deps, id, input)),
    );
    socket.on('history', (raw, ack) =>
      handle(deps, chatAfterSchema, raw, ack, (input) => messagesAfter(id, input.afterSeq)),
    );
    socket.on('read', (raw) =>
      handle(deps, chatReadSchema, raw, null, (input) => customerRead(deps, id, input.upToSeq)),
    );
    socket.on('typing', (raw) =>
      handle(deps, chatTypingSchema, raw, null, (input) => customerTyping(deps, id, input.typing)),
    );
    socket.on('leaveMessage', (raw, ack) =>
      handle(deps, chatLeaveMessageSchema, raw, ack, (input) => leaveMessage(deps, id, input)),
    );
    socket.on('end', (_raw, ack) => handle(deps, chatEndSchema, {}, ack, () => endChatByCustomer(deps, id)));
    socket.on('rate', (raw, ack) =>
      handle(deps, chatRateSchema, raw, ack, (input) => rateChatByCustomer(deps, id, input)),
    );
  });

  // Agents type in the console's namespace, on the socket their session opened.
  io.on('connection', (socket) => {
    socket.on('chatTyping', (raw: unknown) => {
      const user = (socket.data as { user?: SessionUser }).user;
      const parsed = chatAgentTypingSchema.safeParse(raw);
      if (!user || !parsed.success) return;
      void agentTyping(deps, user, parsed.data.conversationId, parsed.data.typing).catch(() => undefined);
    });
  });
}
