import type { SessionUser } from '../../../shared/auth';
import { queueNames, queuesByRole, type QueueName } from '../../../shared/cases';

export type RoomRef =
  | { kind: 'queue'; queue: QueueName }
  | { kind: 'agent'; userId: string }
  | { kind: 'supervisors' }
  | { kind: 'case'; caseId: string };

const OBJECT_ID = /^[0-9a-f]{24}$/;

/** The room a name stands for, or null for anything that is not one of our room names. */
export function parseRoom(room: string): RoomRef | null {
  if (room === 'supervisors') return { kind: 'supervisors' };
  const colon = room.indexOf(':');
  if (colon < 0) return null;
  const prefix = room.slice(0, colon);
  const rest = room.slice(colon + 1);
  if (prefix === 'queue')
    return (queueNames as readonly string[]).includes(rest) ? { kind: 'queue', queue: rest as QueueName } : null;
  if (prefix === 'agent') return OBJECT_ID.test(rest) ? { kind: 'agent', userId: rest } : null;
  if (prefix === 'case') return OBJECT_ID.test(rest) ? { kind: 'case', caseId: rest } : null;
  return null;
}

/**
 * Who may listen where:
 * | room           | roles                                                                  |
 * | -------------- | ---------------------------------------------------------------------- |
 * | queue:<name>   | the queues the role works (shared/cases queuesByRole): agents sales,   |
 * |                | changes, refunds; complaint handlers complaints, escalations; others all |
 * | agent:<id>     | that user; supervisors and admins any                                   |
 * | supervisors    | supervisor, admin                                                       |
 * | case:<id>      | every signed-in role (whoever may read the case)                        |
 */
export function mayJoin(user: Pick<SessionUser, 'id' | 'role'>, room: RoomRef): boolean {
  const oversees = user.role === 'supervisor' || user.role === 'admin';
  switch (room.kind) {
    case 'queue':
      return queuesByRole[user.role].includes(room.queue);
    case 'agent':
      return room.userId === user.id || oversees;
    case 'supervisors':
      return oversees;
    case 'case':
      return true;
    default: {
      const unreachable: never = room;
      throw new Error(`unknown room ${JSON.stringify(unreachable)}`);
    }
  }
}
