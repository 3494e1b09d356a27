/**
 * Web chat latency with 200 chats open at once: the whole server on a free port, 200 customers on
 * the `/customer` namespace (each with its own conversation token), 20 agents on console sockets
 * who have taken 10 chats each. Each sample is one customer message, from just before the
 * customer's socket emits it to the moment the agent's socket receives the `chat.message` push
 * (sockets and server share this process and its clock; their work competes with the server's
 * event loop, so the figures are an upper bound for this machine).
 */
import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import type {
  ChatAck,
  ChatMessageDTO,
  ChatPush,
  CustomerToServerEvents,
  ServerToCustomerEvents,
} from '../../shared/chat';
import { UserModel } from '../../server/src/db/models/user';
import { createServer } from '../../server/src/http/server';
import { startChat } from '../../server/src/conversations/chat/chat.service';
import { createPlatformFixtures, PASSWORD } from '../support/platform';
import { benchLogger, benchServerConfig, log } from './bench-env';
import { latencyStats, type LatencyStats } from './latency';
import { apiClient, signIn } from './sessions';

type CustomerSocket = Socket<ServerToCustomerEvents, CustomerToServerEvents>;

export type ChatBenchResult = {
  chats: number;
  agents: number;
  /** Customer send → agent receipt. */
  latencyMs: LatencyStats;
  /** Customer send → the server's ack back to the customer. */
  ackMs: LatencyStats;
  missed: number;
  note: string;
};

const RECEIPT_TIMEOUT_MS = 5_000;

function connected(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
  });
}

export async function chatBench(options: {
  uri: string;
  dbName: string;
  chats: number;
  messagesPerChat: number;
  /** Customers sending at the same moment. */
  senders: number;
}): Promise<ChatBenchResult> {
  const server = await createServer(benchServerConfig(options.uri, options.dbName), {
    jobs: false,
    seed: false,
    staticDir: null,
    logger: benchLogger(),
  });
  const sockets: Socket[] = [];
  try {
    const fx = await createPlatformFixtures();
    const template = await UserModel.findById(fx.users.agent.id).lean<{ passwordHash: string }>();
    if (!template) throw new Error('fixture agent missing');
    const agentCount = 20;
    await UserModel.insertMany(
      Array.from({ length: agentCount }, (_, i) => ({
        username: `chat_agent${i + 1}`,
        name: `网聊坐席${i + 1}`,
        role: 'agent',
        passwordHash: template.passwordHash,
        active: true,
        queues: ['sales'],
      })),
    );

    log(`chat: ${agentCount} agents sign in and listen`);
    const received = new Map<string, number>();
    const waiters = new Map<string, () => void>();
    const agents: { api: ReturnType<typeof apiClient> }[] = [];
    for (let i = 0; i < agentCount; i++) {
      const { cookie } = await signIn(server.url, `chat_agent${i + 1}`, PASSWORD);
      const me = await apiClient(server.url, cookie).auth.me.query();
      const socket = io(server.url, {
        path: '/socket.io',
        transports: ['websocket'],
        extraHeaders: { cookie },
        reconnection: false,
        forceNew: true,
      });
      sockets.push(socket);
      await connected(socket);
      await socket.timeout(RECEIPT_TIMEOUT_MS).emitWithAck('subscribe', [`agent:${me?.id ?? ''}`, 'queue:sales']);
      socket.on('chat', (push: ChatPush, ack?: unknown) => {
        // Broadcasts end with Socket.IO's recovery offset (a string), deliveries with an ack.
        if (typeof ack === 'function') (ack as () => void)();
        if (push.type !== 'chat.message' || push.message.sender.kind !== 'customer') return;
        if (!received.has(push.message.clientId)) received.set(push.message.clientId, performance.now());
        waiters.get(push.message.clientId)?.();
      });
      agents.push({ api: apiClient(server.url, cookie) });
    }

    log(`chat: opening ${options.chats} chats`);
    const customers: CustomerSocket[] = [];
    for (let i = 0; i < options.chats; i++) {
      // Distinct addresses: the per-address start limit is not what is measured here.
      const { conversationId, token } = await startChat(
        server.deps,
        { name: `压测客户${i + 1}`, locale: 'zh-CN' },
        `198.18.${Math.floor(i / 250)}.${(i % 250) + 1}`,
      );
      const socket: CustomerSocket = io(`${server.url}/customer`, {
        path: '/socket.io',
        transports: ['websocket'],
        auth: { token },
        reconnection: false,
        forceNew: true,
      });
      socket.on('message', (_message, ack) => ack());
      sockets.push(socket);
      await connected(socket);
      customers.push(socket);
      await agents[i % agentCount]?.api.chat.take.mutate({ conversationId });
    }

    log(`chat: ${options.chats * options.messagesPerChat} customer messages`);
    const latencies: number[] = [];
    const acks: number[] = [];
    let missed = 0;
    // `senders` customers writing at once, round after round over every chat.
    const order = Array.from({ length: options.chats * options.messagesPerChat }, (_, n) => n % options.chats);
    let next = 0;
    await Promise.all(
      Array.from({ length: options.senders }, async () => {
        for (let n = next++; n < order.length; n = next++) {
          const socket = customers[order[n] ?? 0];
          if (!socket) continue;
          const clientId = `bench-${randomUUID()}`;
          const arrived = new Promise<void>((resolve) => waiters.set(clientId, resolve));
          const start = performance.now();
          const answer = (await socket
            .timeout(RECEIPT_TIMEOUT_MS)
            .emitWithAck('send', { clientId, text: `第 ${n + 1} 条压测消息` })) as ChatAck<ChatMessageDTO>;
          acks.push(performance.now() - start);
          if (!answer.ok) throw new Error(`send refused: ${answer.message}`);
          let timer: NodeJS.Timeout | undefined;
          await Promise.race([
            arrived,
            new Promise<void>((resolve) => (timer = setTimeout(resolve, RECEIPT_TIMEOUT_MS))),
          ]);
          clearTimeout(timer);
          waiters.delete(clientId);
          const at = received.get(clientId);
          if (at === undefined) missed++;
          else latencies.push(at - start);
        }
      }),
    );
    return {
      chats: options.chats,
      agents: agentCount,
      latencyMs: latencyStats(latencies),
      ackMs: latencyStats(acks),
      missed,
      note: 'customer socket emit → agent console socket receives the chat.message push; all sockets in the bench process',
    };
  } finally {
    for (const socket of sockets) socket.close();
    await server.close();
  }
}
