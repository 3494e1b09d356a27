/**
 * The customer's side of a chat: the token kept in localStorage (a reload or reconnect resumes the
 * same conversation), the `/customer` socket, the transcript fetched "after seq N", and an outbox
 * of messages not yet acknowledged, resent with their client id after a reconnect (a retry is
 * never a second message).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import {
  CHAT_NAMESPACE,
  type ChatAck,
  type ChatCustomerState,
  type ChatErrorCode,
  type ChatLocale,
  type ChatMessageDTO,
  type ChatStartAnswer,
  type CustomerToServerEvents,
  type ServerToCustomerEvents,
} from '../../../shared/chat';

type CustomerSocket = Socket<ServerToCustomerEvents, CustomerToServerEvents>;
export type Pending = { clientId: string; text: string };
export type ChatProblem = { code: ChatErrorCode | 'network' | 'tooManyStarts' | 'resumeFailed'; message: string };

const SESSION_KEY = 'td.chat.session';
const OUTBOX_KEY = 'td.chat.outbox';
const ACK_TIMEOUT_MS = 10_000;

function read<T>(key: string): T | null {
  try {
    const raw = localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}
function write(key: string, value: unknown): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage refused (private mode): the chat still works until the page is closed.
  }
}

function merge(current: readonly ChatMessageDTO[], incoming: readonly ChatMessageDTO[]): ChatMessageDTO[] {
  const bySeq = new Map(current.map((m) => [m.seq, m]));
  for (const message of incoming) bySeq.set(message.seq, message);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

export function newClientId(): string {
  return crypto.randomUUID();
}

export async function startConversation(input: {
  name: string;
  phone?: string;
  bookingRef?: string;
  locale: ChatLocale;
}): Promise<{ ok: true; answer: ChatStartAnswer } | { ok: false; problem: ChatProblem }> {
  try {
    const res = await fetch('/api/chat/conversations', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(input),
    });
    const body = (await res.json()) as ChatStartAnswer & { message?: string };
    if (res.status === 429) return { ok: false, problem: { code: 'tooManyStarts', message: body.message ?? '' } };
    if (!res.ok) return { ok: false, problem: { code: 'INVALID_INPUT', message: body.message ?? String(res.status) } };
    write(SESSION_KEY, { token: body.token, conversationId: body.conversationId });
    write(OUTBOX_KEY, []);
    return { ok: true, answer: body };
  } catch {
    return { ok: false, problem: { code: 'network', message: '' } };
  }
}

export function storedToken(): string | null {
  return read<{ token: string }>(SESSION_KEY)?.token ?? null;
}

export function forgetConversation(): void {
  write(SESSION_KEY, null);
  write(OUTBOX_KEY, null);
}

export function useCustomerChat(token: string | null, onTokenRefused: () => void) {
  const socketRef = useRef<CustomerSocket | null>(null);
  const [connected, setConnected] = useState(false);
  const [state, setState] = useState<ChatCustomerState | null>(null);
  const [messages, setMessages] = useState<ChatMessageDTO[]>([]);
  const [pending, setPending] = useState<Pending[]>(() => read<Pending[]>(OUTBOX_KEY) ?? []);
  const [agentTyping, setAgentTyping] = useState<string | null>(null);
  const [problem, setProblem] = useState<ChatProblem | null>(null);
  const lastSeq = useRef(0);
  const refused = useRef(onTokenRefused);
  refused.current = onTokenRefused;

  const dropPending = useCallback((clientId: string) => {
    setPending((list) => {
      const next = list.filter((p) => p.clientId !== clientId);
      write(OUTBOX_KEY, next);
      return next;
    });
  }, []);

  const trySend = useCallback(
    (item: Pending) => {
      const socket = socketRef.current;
      // Not connected: it stays in the outbox and goes out with the same client id on reconnect.
      if (!socket?.connected) return;
      socket.timeout(ACK_TIMEOUT_MS).emit('send', item, (error: Error | null, answer: ChatAck<ChatMessageDTO>) => {
        if (error) return;
        if (answer.ok) {
          dropPending(item.clientId);
          setMessages((list) => merge(list, [answer.value]));
          return;
        }
        if (answer.code !== 'UNAVAILABLE') dropPending(item.clientId);
        setProblem({ code: answer.code, message: answer.message });
      });
    },
    [dropPending],
  );

  useEffect(() => {
    lastSeq.current = messages.at(-1)?.seq ?? 0;
  }, [messages]);

  useEffect(() => {
    if (!token) return;
    const socket: CustomerSocket = io(CHAT_NAMESPACE, {
      path: '/socket.io',
      auth: { token },
      transports: ['websocket', 'polling'],
    });
    socketRef.current = socket;
    socket.on('connect', () => {
      setConnected(true);
      socket.timeout(ACK_TIMEOUT_MS).emit('history', { afterSeq: lastSeq.current }, (error, answer) => {
        if (!error && answer.ok) setMessages((list) => merge(list, answer.value));
      });
      for (const item of read<Pending[]>(OUTBOX_KEY) ?? []) trySend(item);
    });
    socket.on('disconnect', () => setConnected(false));
    socket.on('connect_error', (error) => {
      setConnected(false);
      if (error.message === 'INVALID_TOKEN') {
        socket.close();
        refused.current();
      }
    });
    socket.on('state', (next) => setState(next));
    socket.on('message', (message, ack) => {
      ack();
      setMessages((list) => merge(list, [message]));
      if (message.sender.kind === 'agent') setAgentTyping(null);
    });
    socket.on('receipt', (receipt) =>
      setMessages((list) =>
        list.map((m) =>
          m.sender.kind === 'customer' && m.seq <= receipt.upToSeq
            ? {
                ...m,
                deliveredAt: m.deliveredAt ?? receipt.at,
                readAt: receipt.kind === 'read' ? (m.readAt ?? receipt.at) : m.readAt,
              }
            : m,
        ),
      ),
    );
    socket.on('typing', ({ typing, name }) => setAgentTyping(typing ? (name ?? '') : null));
    return () => {
      socket.close();
      socketRef.current = null;
    };
  }, [token, trySend]);

  // What is on screen is read: the agent's messages up to the newest, while the page is visible.
  const lastUnreadAgentSeq = messages.filter((m) => m.sender.kind === 'agent' && !m.readAt).at(-1)?.seq;
  useEffect(() => {
    if (lastUnreadAgentSeq === undefined || !connected) return;
    const markRead = () => {
      if (document.visibilityState !== 'visible') return;
      socketRef.current?.emit('read', { upToSeq: lastUnreadAgentSeq });
      const at = new Date().toISOString();
      setMessages((list) =>
        list.map((m) =>
          m.sender.kind === 'agent' && m.seq <= lastUnreadAgentSeq && !m.readAt ? { ...m, readAt: at } : m,
        ),
      );
    };
    markRead();
    document.addEventListener('visibilitychange', markRead);
    return () => document.removeEventListener('visibilitychange', markRead);
  }, [lastUnreadAgentSeq, connected]);

  const ask = useCallback(
    <T>(event: 'leaveMessage' | 'end' | 'rate', input: unknown): Promise<ChatAck<T>> =>
      new Promise((resolve) => {
        const socket = socketRef.current;
        if (!socket?.connected) return resolve({ ok: false, code: 'UNAVAILABLE', message: '' });
        (
          socket.timeout(ACK_TIMEOUT_MS) as unknown as {
            emit: (e: string, i: unknown, cb: (err: unknown, a: ChatAck<T>) => void) => void;
          }
        ).emit(event, input, (error, answer) =>
          resolve(error ? { ok: false, code: 'UNAVAILABLE', message: '' } : answer),
        );
      }),
    [],
  );

  return {
    connected,
    state,
    messages,
    pending,
    agentTyping,
    problem,
    clearProblem: () => setProblem(null),
    send(text: string) {
      const item = { clientId: newClientId(), text };
      setPending((list) => {
        const next = [...list, item];
        write(OUTBOX_KEY, next);
        return next;
      });
      setProblem(null);
      trySend(item);
    },
    typing(isTyping: boolean) {
      socketRef.current?.emit('typing', { typing: isTyping });
    },
    async leaveMessage(input: { phone: string; text?: string }) {
      const answer = await ask<ChatCustomerState>('leaveMessage', input);
      if (answer.ok) setState(answer.value);
      else setProblem({ code: answer.code, message: answer.message });
      return answer.ok;
    },
    async end() {
      const answer = await ask<ChatCustomerState>('end', {});
      if (answer.ok) setState(answer.value);
    },
    async rate(input: { score: number; comment?: string }) {
      const answer = await ask<ChatCustomerState>('rate', input);
      if (answer.ok) setState(answer.value);
      else setProblem({ code: answer.code, message: answer.message });
    },
  };
}
