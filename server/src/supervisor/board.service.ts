/**
 * The wallboard: per queue and per agent, from MongoDB aggregations over the indexed fields of
 * `cases`, `conversations` (shared/conversations.ts field names), `presences` and `skills`. Called
 * once per change by the board feed (never per viewer) and by `presence.board()` for a first load.
 */
import mongoose from 'mongoose';
import { queueNames, type Priority, type QueueName } from '../../../shared/cases';
import type { ConversationChannel } from '../../../shared/conversations';
import type { BreakReason, PresenceStatus } from '../../../shared/presence';
import type { Board, BoardAgent, BoardCase, BoardQueue } from '../../../shared/wallboard';
import { startOfShanghaiDay } from '../../../workflows/time/shanghai';
import { capacityUsed, DUE_SOON_MS, type WallboardConfig } from '../../../workflows/wallboard';
import { CaseModel } from '../db/models/case';
import { UserModel } from '../db/models/user';
import { queueDaysToday } from './agent-queues';

/** Open cases each agent's list shows at most. */
const AGENT_CASES = 100;
const WAITING: string[] = ['queued', 'offered'];
const HELD: string[] = ['offered', 'active', 'wrap_up'];

type QueueCaseRow = {
  _id: QueueName;
  open: number;
  unassigned: number;
  overdue: number;
  breached: number;
  soon: number;
};
type AgentCaseRow = { _id: string; open: number; cases: (Omit<BoardCase, 'id'> & { _id: mongoose.Types.ObjectId })[] };
type QueueContactRow = {
  _id: QueueName;
  waiting: number;
  oldest: Date | null;
  answered: number;
  within: number;
  waitMs: number;
  abandoned: number;
};
type AgentContactRow = { _id: { agentId: string; channel: ConversationChannel }; n: number };
type PresenceRow = { userId: string; status: PresenceStatus; reason: BreakReason | null; since: Date };
type SkillsRow = {
  userId: string;
  queues?: { queue: QueueName }[];
  capacity?: { calls?: number | null; chats?: number | null; cases?: number | null };
};

/** How many aggregations the board has run in this process (the cost test reads it). */
export const boardCost = { computations: 0 };

export async function computeBoard(deps: { now: () => Date; config: { wallboard: WallboardConfig } }): Promise<Board> {
  boardCost.computations++;
  const now = deps.now();
  const dayStart = new Date(startOfShanghaiDay(now));
  const soon = new Date(now.getTime() + DUE_SOON_MS);
  const cfg = deps.config.wallboard;
  const db = mongoose.connection;

  // A due time is breached when its timer fired (recorded in the snapshot's breaches) or when it is
  // past and the timer job has not fired it yet: every one counts, not only the next timer.
  const breachedTimes = {
    $add: [
      { $size: { $ifNull: ['$snapshot.context.breaches', []] } },
      { $size: { $filter: { input: { $ifNull: ['$timers', []] }, cond: { $lte: ['$$this.dueAt', now] } } } },
    ],
  };
  const [queueCases, agentCases, queueContacts, agentContacts, users, presences, skills, queueDays] = await Promise.all(
    [
      CaseModel.aggregate<QueueCaseRow>([
        { $match: { status: 'open' } },
        { $project: { queue: 1, assigneeId: 1, nextDueAt: 1, breached: breachedTimes } },
        {
          $group: {
            _id: '$queue',
            open: { $sum: 1 },
            unassigned: { $sum: { $cond: [{ $eq: [{ $ifNull: ['$assigneeId', null] }, null] }, 1, 0] } },
            overdue: { $sum: { $cond: [{ $gt: ['$breached', 0] }, 1, 0] } },
            breached: { $sum: '$breached' },
            soon: {
              $sum: {
                $cond: [
                  { $and: [{ $eq: ['$breached', 0] }, { $gt: ['$nextDueAt', now] }, { $lte: ['$nextDueAt', soon] }] },
                  1,
                  0,
                ],
              },
            },
          },
        },
      ]),
      CaseModel.aggregate<AgentCaseRow>([
        { $match: { status: 'open', assigneeId: { $ne: null } } },
        {
          $project: {
            assigneeId: 1,
            ref: 1,
            queue: 1,
            priority: 1,
            priorityRank: 1,
            state: 1,
            version: 1,
            waitingSince: 1,
            breached: breachedTimes,
          },
        },
        { $sort: { priorityRank: -1, waitingSince: 1 } },
        {
          $group: {
            _id: '$assigneeId',
            open: { $sum: 1 },
            cases: {
              $push: {
                _id: '$_id',
                ref: '$ref',
                queue: '$queue',
                priority: '$priority',
                state: '$state',
                version: '$version',
                overdue: { $gt: ['$breached', 0] },
              },
            },
          },
        },
        { $project: { open: 1, cases: { $slice: ['$cases', AGENT_CASES] } } },
      ]),
      db
        .collection('conversations')
        .aggregate<QueueContactRow>([
          { $match: { $or: [{ status: { $in: WAITING } }, { queuedAt: { $gte: dayStart } }] } },
          {
            $project: {
              queue: 1,
              status: 1,
              queuedAt: 1,
              waitMs: { $subtract: ['$answeredAt', '$queuedAt'] },
              answeredToday: { $and: [{ $gte: ['$answeredAt', dayStart] }, { $gte: ['$queuedAt', dayStart] }] },
              target: {
                $switch: {
                  branches: Object.entries(cfg.serviceLevelSec).map(([channel, sec]) => ({
                    case: { $eq: ['$channel', channel] },
                    then: sec * 1000,
                  })),
                  default: cfg.serviceLevelSec.call * 1000,
                },
              },
            },
          },
          {
            $group: {
              _id: '$queue',
              waiting: { $sum: { $cond: [{ $in: ['$status', WAITING] }, 1, 0] } },
              oldest: { $min: { $cond: [{ $in: ['$status', WAITING] }, '$queuedAt', null] } },
              answered: { $sum: { $cond: ['$answeredToday', 1, 0] } },
              within: { $sum: { $cond: [{ $and: ['$answeredToday', { $lte: ['$waitMs', '$target'] }] }, 1, 0] } },
              waitMs: { $sum: { $cond: ['$answeredToday', '$waitMs', 0] } },
              abandoned: {
                $sum: {
                  $cond: [{ $and: [{ $eq: ['$status', 'abandoned'] }, { $gte: ['$queuedAt', dayStart] }] }, 1, 0],
                },
              },
            },
          },
        ])
        .toArray(),
      db
        .collection('conversations')
        .aggregate<AgentContactRow>([
          { $match: { status: { $in: HELD }, agentId: { $ne: null } } },
          { $group: { _id: { agentId: '$agentId', channel: '$channel' }, n: { $sum: 1 } } },
        ])
        .toArray(),
      UserModel.find({ role: { $in: ['agent', 'complaint_handler'] }, active: true }, { name: 1, role: 1, queues: 1 })
        .sort({ name: 1 })
        .lean(),
      db
        .collection('presences')
        .find<PresenceRow>({}, { projection: { userId: 1, status: 1, reason: 1, since: 1 } })
        .toArray(),
      db
        .collection('skills')
        .find<SkillsRow>({}, { projection: { userId: 1, queues: 1, capacity: 1 } })
        .toArray(),
      queueDaysToday(deps),
    ],
  );

  const casesByQueue = new Map(queueCases.map((row) => [row._id, row]));
  const contactsByQueue = new Map(queueContacts.map((row) => [row._id, row]));
  const queues: BoardQueue[] = queueNames.map((name) => {
    const c = casesByQueue.get(name);
    const l = contactsByQueue.get(name);
    const oldest = l?.oldest ?? null;
    const longestWaitSec = oldest ? Math.max(0, Math.floor((now.getTime() - oldest.getTime()) / 1000)) : 0;
    const answered = l?.answered ?? 0;
    const abandoned = l?.abandoned ?? 0;
    return {
      name,
      waiting: l?.waiting ?? 0,
      oldestWaitingSince: oldest ? oldest.toISOString() : null,
      longestWaitSec,
      alertAfterSec: cfg.waitAlertSec,
      alert: longestWaitSec > cfg.waitAlertSec,
      serviceLevel: answered + abandoned > 0 ? (l?.within ?? 0) / (answered + abandoned) : null,
      answeredToday: answered,
      abandonedToday: abandoned,
      averageWaitSec: answered > 0 ? Math.round((l?.waitMs ?? 0) / answered / 1000) : null,
      openCases: c?.open ?? 0,
      unassignedCases: c?.unassigned ?? 0,
      overdue: c?.overdue ?? 0,
      breachedDueTimes: c?.breached ?? 0,
      dueSoon: c?.soon ?? 0,
    };
  });

  const casesByAgent = new Map(agentCases.map((row) => [row._id, row]));
  const presenceOf = new Map(presences.map((p) => [p.userId, p]));
  const skillsOf = new Map(skills.map((s) => [s.userId, s]));
  const liveOf = new Map<string, { call: number; chat: number; callback: number }>();
  for (const row of agentContacts) {
    const live = liveOf.get(row._id.agentId) ?? { call: 0, chat: 0, callback: 0 };
    live[row._id.channel] += row.n;
    liveOf.set(row._id.agentId, live);
  }
  const agents: BoardAgent[] = users.map((user) => {
    const id = user._id.toHexString();
    const presence = presenceOf.get(id);
    const skill = skillsOf.get(id);
    const held = casesByAgent.get(id);
    const live = liveOf.get(id) ?? { call: 0, chat: 0, callback: 0 };
    const capacity = {
      call: skill?.capacity?.calls ?? 1,
      chat: skill?.capacity?.chats ?? cfg.chatCapacity,
      cases: skill?.capacity?.cases ?? cfg.caseCapacity,
    };
    const skillQueues = skill?.queues?.map((q) => q.queue);
    return {
      id,
      name: user.name,
      role: user.role as BoardAgent['role'],
      status: presence?.status ?? 'offline',
      reason: presence?.reason ?? null,
      since: presence?.since ? presence.since.toISOString() : null,
      queues:
        queueDays.get(id) ??
        (skillQueues && skillQueues.length > 0 ? skillQueues : ((user.queues ?? []) as QueueName[])),
      liveContacts: live,
      openCases: held?.open ?? 0,
      capacity,
      capacityUsed: capacityUsed(live, held?.open ?? 0, capacity),
      cases: (held?.cases ?? []).map(({ _id, ...rest }) => ({
        id: _id.toHexString(),
        ...rest,
        priority: rest.priority as Priority,
      })),
    };
  });
  return { at: now.toISOString(), agents, queues };
}
