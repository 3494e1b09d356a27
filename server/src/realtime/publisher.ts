import type { Server } from 'socket.io';
import type { Logger } from 'pino';
import type { QueueItem } from '../../../shared/cases';
import { rooms, type CasePush, type ConversationPush } from '../../../shared/realtime';
import type { CasePublisher } from '../deps';
import { memorySequences, type RoomSequences } from './sequences';

type Previous = { queue: string; assigneeId: string | null } | null;

/** Every room a case change concerns: where it is now, where it was, who has it, who had it, who watches it. */
export function roomsForCase(item: QueueItem, previous: Previous): string[] {
  const names = new Set<string>([rooms.queue(item.queue)]);
  if (previous && previous.queue !== item.queue) names.add(`queue:${previous.queue}`);
  if (item.assignee) names.add(rooms.agent(item.assignee.id));
  if (previous?.assigneeId && previous.assigneeId !== item.assignee?.id) names.add(rooms.agent(previous.assigneeId));
  for (const watcher of item.watchers ?? []) names.add(rooms.agent(watcher.id));
  names.add(rooms.supervisors);
  names.add(rooms.caseRoom(item.id));
  return [...names];
}

/** Conversation pushes count their own sequence per room, apart from the room's case pushes. */
export function conversationSeqKey(room: string): string {
  return `conversation|${room}`;
}

/**
 * Sends `push` { room, seq, type: 'case.upsert', item } to each room of a case change, each with
 * that room's next sequence number. Pushes leave in the order publishCase was called (one chain),
 * so within a process a room's seqs arrive in increasing order.
 */
export function createCasePublisher(
  io: Server,
  options: { sequences?: RoomSequences; logger?: Logger } = {},
): CasePublisher {
  const sequences = options.sequences ?? memorySequences();
  let chain: Promise<void> = Promise.resolve();
  return {
    publishCase(item, previous) {
      const targets = roomsForCase(item, previous);
      chain = chain
        .then(async () => {
          const seqs = await Promise.all(targets.map((room) => sequences.next(room)));
          targets.forEach((room, i) => {
            const message: CasePush = { room, seq: seqs[i] ?? 0, type: 'case.upsert', item };
            io.to(room).emit('push', message);
          });
        })
        // A lost push is recovered by the client's refetch on the next gap; it must not break later pushes.
        .catch((error: unknown) =>
          options.logger?.error({ err: error, caseId: item.id }, 'publishing a case change failed'),
        );
    },
    publishConversation(conversation, targets) {
      chain = chain
        .then(async () => {
          const seqs = await Promise.all(targets.map((room) => sequences.next(conversationSeqKey(room))));
          targets.forEach((room, i) => {
            const message: ConversationPush = { room, seq: seqs[i] ?? 0, type: 'conversation.upsert', conversation };
            io.to(room).emit('conversation', message);
          });
        })
        .catch((error: unknown) =>
          options.logger?.error(
            { err: error, conversationId: conversation.id },
            'publishing a conversation change failed',
          ),
        );
    },
    currentSeq(room) {
      return sequences.current(room);
    },
  };
}
