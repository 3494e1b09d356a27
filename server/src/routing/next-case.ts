/**
 * routing.next: the best back-office case the agent may work, assigned to them through the case
 * engine. The ASSIGN is version-guarded: when ten agents ask at once, each case goes to the one
 * whose write landed first and the others move on to their next best, so no case goes to two.
 * Also the rule that hands cases back to their queue when the owner has gone.
 */
import { z } from 'zod';
import type { SessionUser } from '../../../shared/auth';
import { idempotencyKeySchema, type QueueItem } from '../../../shared/cases';
import { DomainError } from '../../../shared/errors';
import { mayTakeCase, rankCases, type RankableCase } from '../../../workflows/routing/choice';
import type { AppDeps } from '../deps';
import { CaseModel, type CaseRecord } from '../db/models/case';
import { BookingModel } from '../db/models/booking';
import { CustomerModel } from '../db/models/customer';
import { DepartureModel } from '../db/models/departure';
import { PresenceModel, type PresenceRecord } from '../db/models/presence';
import { RoutingDecisionModel } from '../db/models/routing-decision';
import { applyEvent } from '../cases/engine';
import { toQueueItem } from '../cases/projection';
import { actorOf } from '../cases/cases.service';
import { SYSTEM_ACTOR } from '../cases/jobs';
import { skillsOf } from './skills.service';

export const nextCaseInputSchema = z.object({ idempotencyKey: idempotencyKeySchema }).strict();
export type NextCaseInput = z.infer<typeof nextCaseInputSchema>;

/** Candidates looked at per call: the top of the queues by priority and age, ranked in full here. */
const CANDIDATES = 200;
/** Cases tried before giving up when others keep taking them first. */
const ATTEMPTS = 25;

const CANDIDATE_FIELDS = {
  queue: 1,
  priority: 1,
  priorityRank: 1,
  customerId: 1,
  bookingId: 1,
  nextDueAt: 1,
  waitingSince: 1,
  version: 1,
} as const;

type Candidate = Pick<
  CaseRecord,
  '_id' | 'queue' | 'priority' | 'priorityRank' | 'customerId' | 'bookingId' | 'nextDueAt' | 'waitingSince' | 'version'
>;

/** Urgency facts of each candidate: its booking's departure and its customer's VIP tier, two look-ups for all. */
async function rankable(candidates: Candidate[]): Promise<(RankableCase & { version: number })[]> {
  const bookingIds = [...new Set(candidates.map((c) => c.bookingId).filter((id): id is string => !!id))];
  const customerIds = [...new Set(candidates.map((c) => c.customerId).filter((id): id is string => !!id))];
  const [bookings, customers] = await Promise.all([
    BookingModel.find({ _id: { $in: bookingIds } }, { departureId: 1 }).lean(),
    CustomerModel.find({ _id: { $in: customerIds } }, { vipTier: 1 }).lean(),
  ]);
  const departures = await DepartureModel.find(
    { _id: { $in: [...new Set(bookings.map((b) => b.departureId))] } },
    { departureAt: 1 },
  ).lean();
  const departureAt = new Map(departures.map((d) => [d._id.toHexString(), d.departureAt.getTime()]));
  const bookingDeparture = new Map(
    bookings.map((b) => [b._id.toHexString(), departureAt.get(b.departureId.toHexString()) ?? null]),
  );
  const tier = new Map(customers.map((c) => [c._id.toHexString(), c.vipTier]));
  return candidates.map((c) => ({
    id: c._id.toHexString(),
    queue: c.queue,
    priority: c.priority,
    departureAt: c.bookingId ? (bookingDeparture.get(c.bookingId) ?? null) : null,
    vipTier: c.customerId ? (tier.get(c.customerId) ?? 'none') : 'none',
    dueAt: c.nextDueAt ? c.nextDueAt.getTime() : null,
    waitingSince: c.waitingSince.getTime(),
    version: c.version,
  }));
}

/**
 * Gives the agent the best unassigned open case they may work, or null when there is none. The
 * same idempotency key answers with the same case (a retried key press takes no second case).
 */
export async function nextCase(deps: AppDeps, user: SessionUser, input: NextCaseInput): Promise<QueueItem | null> {
  const key = `routing.next:${user.id}:${input.idempotencyKey}`;
  const earlier = await RoutingDecisionModel.findOne({ key }).lean();
  if (earlier) return toQueueItem(await CaseModel.findById(earlier.subjectId).lean<CaseRecord>().orFail());

  const skills = await skillsOf(deps, user);
  const openCases = await CaseModel.countDocuments({ assigneeId: user.id, status: 'open' });
  await PresenceModel.updateOne({ userId: user.id }, { $set: { openCases } });
  if (openCases >= skills.capacity.cases) {
    throw new DomainError(
      'POLICY_REFUSED',
      `You have ${openCases} open cases, your limit; finish or hand one back before taking the next.`,
      { openCases, limit: skills.capacity.cases },
    );
  }
  const queues = skills.queues.map((q) => q.queue);
  if (queues.length === 0) return null;
  const now = deps.now();
  const candidates = await CaseModel.find(
    { status: 'open', assigneeId: null, queue: { $in: queues } },
    CANDIDATE_FIELDS,
  )
    .sort({ priorityRank: -1, waitingSince: 1 })
    .limit(CANDIDATES)
    .lean<Candidate[]>();
  const ranked = rankCases(await rankable(candidates), now.getTime()).filter((c) => mayTakeCase(skills, openCases, c));

  for (const candidate of ranked.slice(0, ATTEMPTS)) {
    try {
      const { record } = await applyEvent(deps, {
        caseId: candidate.id,
        expectedVersion: candidate.version,
        key,
        actor: actorOf(user),
        event: { type: 'ASSIGN', assignee: { id: user.id, name: user.name } },
        historyPayload: { assignee: { id: user.id, name: user.name }, via: 'routing.next' },
      });
      await RoutingDecisionModel.create({
        kind: 'case',
        subjectId: candidate.id,
        channel: null,
        queue: candidate.queue,
        agentId: user.id,
        agentName: user.name,
        at: now,
        waitingSince: new Date(candidate.waitingSince),
        outcome: 'assigned',
        outcomeAt: now,
        key,
      });
      await PresenceModel.updateOne({ userId: user.id }, { $set: { openCases: openCases + 1 } });
      return toQueueItem(record);
    } catch (error) {
      // Someone took or changed it first (or its state no longer takes an assignee): the next best.
      if (error instanceof DomainError && (error.code === 'CONFLICT' || error.code === 'EVENT_NOT_ALLOWED')) continue;
      throw error;
    }
  }
  return null;
}

/**
 * Cases go back to their queue when their assignee has been offline longer than
 * `caseReturnAfterMs`, or when they reopened while the assignee was offline. Each is an UNASSIGN
 * through the engine (guarded, in the history, pushed). Returns how many went back.
 */
export async function returnCasesOfAbsentOwners(deps: AppDeps): Promise<number> {
  const now = deps.now();
  const offline = await PresenceModel.find({ status: 'offline' }, { userId: 1, since: 1 })
    .limit(5000)
    .lean<Pick<PresenceRecord, 'userId' | 'since'>[]>();
  if (offline.length === 0) return 0;
  const since = new Map(offline.map((p) => [p.userId, p.since.getTime()]));
  const cases = await CaseModel.find(
    { status: 'open', assigneeId: { $in: offline.map((p) => p.userId) } },
    { assigneeId: 1, version: 1, history: { $slice: -1 } },
  )
    .limit(500)
    .lean<Pick<CaseRecord, '_id' | 'assigneeId' | 'version' | 'history'>[]>();
  let returned = 0;
  for (const c of cases) {
    const offlineSince = since.get(c.assigneeId ?? '') ?? now.getTime();
    const last = c.history[c.history.length - 1];
    const longGone = now.getTime() - offlineSince >= deps.config.routing.caseReturnAfterMs;
    const reopenedWhileGone = last?.event === 'REOPEN' && last.at.getTime() >= offlineSince;
    if (!longGone && !reopenedWhileGone) continue;
    try {
      await applyEvent(deps, {
        caseId: c._id.toHexString(),
        expectedVersion: c.version,
        key: `routing:return:${c._id.toHexString()}:${c.version}`,
        actor: SYSTEM_ACTOR,
        event: { type: 'UNASSIGN' },
        historyPayload: { reason: reopenedWhileGone ? 'reopened while the owner was offline' : 'owner offline' },
      });
      returned++;
    } catch (error) {
      if (error instanceof DomainError && (error.code === 'CONFLICT' || error.code === 'EVENT_NOT_ALLOWED')) continue;
      throw error;
    }
  }
  return returned;
}
