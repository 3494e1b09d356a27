import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import type { ChatMessageDTO, ChatPush } from '../../../../shared/chat';
import { queuesByRole } from '../../../../shared/case-vocabulary';
import type { SessionUser } from '../../../../shared/auth';
import { useTRPC } from '../../lib/trpc';

/** Adds or replaces messages by seq, keeping them in order. */
export function mergeMessages(
  current: readonly ChatMessageDTO[],
  incoming: readonly ChatMessageDTO[],
): ChatMessageDTO[] {
  const bySeq = new Map(current.map((m) => [m.seq, m]));
  for (const message of incoming) bySeq.set(message.seq, message);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

export type ChatLive = {
  /** Conversations whose customer is typing now. */
  typing: ReadonlySet<string>;
  sendTyping(conversationId: string, typing: boolean): void;
};

/**
 * The inbox's own connection to the console's socket (session cookie): it joins the agent's room
 * and the queues the role works, and turns `chat` pushes into cache updates. A reconnect refetches
 * every chat query, so nothing missed while offline stays missing.
 */
export function useChatSocket(user: SessionUser): ChatLive {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const socketRef = useRef<Socket | null>(null);
  const [typing, setTyping] = useState<ReadonlySet<string>>(new Set());

  useEffect(() => {
    const socket = io('', { path: '/socket.io', withCredentials: true, transports: ['websocket', 'polling'] });
    socketRef.current = socket;
    const rooms = [`agent:${user.id}`, ...queuesByRole[user.role].map((q) => `queue:${q}`)];
    const typingTimers = new Map<string, ReturnType<typeof setTimeout>>();
    socket.on('connect', () => {
      socket.emit('subscribe', rooms, () => undefined);
      void queryClient.invalidateQueries({ queryKey: trpc.chat.pathKey() });
    });
    socket.on('chat', (push: ChatPush, ack?: unknown) => {
      // Only a delivery asks for an ack. A plain broadcast carries Socket.IO's recovery offset (a
      // string) as its last argument instead, which must not be called.
      if (typeof ack === 'function') ack();
      switch (push.type) {
        case 'chat.message': {
          const key = trpc.chat.messages.queryKey({ conversationId: push.conversationId, afterSeq: 0 });
          queryClient.setQueryData(key, (old: ChatMessageDTO[] | undefined) =>
            old ? mergeMessages(old, [push.message]) : old,
          );
          if (push.message.sender.kind === 'customer') {
            setTyping((set) => {
              const next = new Set(set);
              next.delete(push.conversationId);
              return next;
            });
          }
          void queryClient.invalidateQueries({ queryKey: trpc.chat.waiting.queryKey() });
          break;
        }
        case 'chat.updated':
          void queryClient.invalidateQueries({ queryKey: trpc.chat.waiting.queryKey() });
          void queryClient.invalidateQueries({ queryKey: trpc.chat.mine.queryKey() });
          queryClient.setQueryData(trpc.chat.get.queryKey({ conversationId: push.chat.id }), push.chat);
          break;
        case 'chat.typing': {
          const id = push.conversationId;
          clearTimeout(typingTimers.get(id));
          setTyping((set) => {
            const next = new Set(set);
            if (push.typing) next.add(id);
            else next.delete(id);
            return next;
          });
          // A customer who stops without saying so stops showing as typing after a while.
          if (push.typing)
            typingTimers.set(
              id,
              setTimeout(
                () =>
                  setTyping((set) => {
                    const next = new Set(set);
                    next.delete(id);
                    return next;
                  }),
                6000,
              ),
            );
          break;
        }
        case 'chat.receipt': {
          const { receipt } = push;
          const key = trpc.chat.messages.queryKey({ conversationId: receipt.conversationId, afterSeq: 0 });
          queryClient.setQueryData(key, (old: ChatMessageDTO[] | undefined) =>
            old?.map((m) =>
              m.sender.kind === 'agent' && m.seq <= receipt.upToSeq
                ? {
                    ...m,
                    deliveredAt: m.deliveredAt ?? receipt.at,
                    readAt: receipt.kind === 'read' ? (m.readAt ?? receipt.at) : m.readAt,
                  }
                : m,
            ),
          );
          break;
        }
        default: {
          const unreachable: never = push;
          throw new Error(`unknown chat push ${JSON.stringify(unreachable)}`);
        }
      }
    });
    return () => {
      for (const timer of typingTimers.values()) clearTimeout(timer);
      socket.close();
      socketRef.current = null;
    };
  }, [user.id, user.role, queryClient, trpc]);

  return {
    typing,
    sendTyping(conversationId, isTyping) {
      socketRef.current?.emit('chatTyping', { conversationId, typing: isTyping });
    },
  };
}
