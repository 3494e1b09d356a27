/**
 * The supervisor's live wallboard and bulk moves: what `presence.board()` answers and the
 * supervisors' room is pushed, and the input and answer of `supervisor.moveCases`.
 */
import { z } from 'zod';
import { idempotencyKeySchema, objectIdSchema, queueNameSchema, type Priority, type QueueName } from './cases';
import { presenceStatusSchema, selectablePresenceStatuses, breakReasonSchema } from './presence';
import type { BreakReason, PresenceStatus } from './presence';

export type BoardQueue = {
  name: QueueName;
  /** Live contacts (calls, chats, callbacks) waiting for an agent: queued or offered. */
  waiting: number;
  /** When the longest-waiting of them was queued (the console counts the seconds on from it). */
  oldestWaitingSince: string | null;
  longestWaitSec: number;
  /** Longest wait past this threshold: the queue is shown as alerting. */
  alertAfterSec: number;
  alert: boolean;
  /** Share of today's answered-or-abandoned live contacts answered within the channel's target; null before the first. */
  serviceLevel: number | null;
  answeredToday: number;
  abandonedToday: number;
  /** Average wait of the contacts answered today, seconds; null before the first. */
  averageWaitSec: number | null;
  openCases: number;
  unassignedCases: number;
  /** Open cases with at least one breached due time (a fired SLA timer, or one past due not fired yet). */
  overdue: number;
  /** Every breached due time of the queue's open cases (a case with two counts twice). */
  breachedDueTimes: number;
  /** Open cases not overdue whose next due time is within 15 minutes. */
  dueSoon: number;
};

export type BoardCase = {
  id: string;
  ref: string;
  queue: QueueName;
  priority: Priority;
  state: string;
  version: number;
  overdue: boolean;
};

export type BoardAgent = {
  id: string;
  name: string;
  role: 'agent' | 'complaint_handler';
  status: PresenceStatus;
  reason: BreakReason | null;
  /** When the status began; null when the agent has never signed in. */
  since: string | null;
  /** Queues the agent works today. */
  queues: QueueName[];
  liveContacts: { call: number; chat: number; callback: number };
  openCases: number;
  capacity: { call: number; chat: number; cases: number };
  /** The fullest channel's share of its capacity, 0..1 (a call takes the whole agent). */
  capacityUsed: number;
  /** The agent's open cases, most urgent first (at most 100). */
  cases: BoardCase[];
};

export type Board = { at: string; agents: BoardAgent[]; queues: BoardQueue[] };

/** `board` push to the supervisors' room: the whole board, computed once per change for every watcher. */
export type BoardPush = { board: Board };

export const moveTargetSchema = z.union([
  z.object({ agentId: objectIdSchema }).strict(),
  z.object({ queue: queueNameSchema }).strict(),
]);
export type MoveTarget = z.infer<typeof moveTargetSchema>;

export const moveCasesInputSchema = z
  .object({
    caseIds: z.array(objectIdSchema).min(1).max(500),
    to: moveTargetSchema,
    idempotencyKey: idempotencyKeySchema,
    /**
     * The version of each case the supervisor saw when selecting it: one changed since is reported
     * as a conflict, not moved. Absent: the versions read when the move starts.
     */
    expectedVersions: z.record(objectIdSchema, z.number().int().nonnegative()).optional(),
  })
  .strict();
export type MoveCasesInput = z.infer<typeof moveCasesInputSchema>;

export type MovedCase = { id: string; ref: string };
export type MoveProblem = { id: string; ref: string; reason: string };
export type MoveCasesResult = { moved: MovedCase[]; conflicts: MoveProblem[]; refused: MoveProblem[] };

/** What an agent is told when a supervisor moves their work (`notice` socket event to their room). */
export type WorkNotice = {
  type: 'cases.received' | 'cases.removed';
  refs: string[];
  by: string;
};

export const setAgentStatusInputSchema = z
  .object({
    agentId: objectIdSchema,
    status: z.enum(selectablePresenceStatuses),
    reason: breakReasonSchema.optional(),
  })
  .strict();
export type SetAgentStatusInput = z.infer<typeof setAgentStatusInputSchema>;

export const setAgentQueuesInputSchema = z
  .object({ agentId: objectIdSchema, queues: z.array(queueNameSchema).max(6) })
  .strict();
export type SetAgentQueuesInput = z.infer<typeof setAgentQueuesInputSchema>;

export { presenceStatusSchema };
