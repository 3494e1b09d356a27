/**
 * Moving work in bulk: each case goes through the case engine on its own (version-guarded write,
 * history entry, push) under one idempotency key, so a case someone changed since the supervisor
 * selected it is reported, never overwritten, and sending the same request again moves nothing twice.
 */
import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import { DomainError } from '../../../shared/errors';
import { queuesByKind, queuesByRole, type QueueName } from '../../../shared/cases';
import type { SessionUser } from '../../../shared/auth';
import { caseWorkerRoles, type Role } from '../../../shared/roles';
import {
  moveCasesInputSchema,
  type MoveCasesInput,
  type MoveCasesResult,
  type MovedCase,
  type MoveProblem,
} from '../../../shared/wallboard';
import { acceptedEvents, rolesFor } from '../../../workflows/machines/registry';
import { commonEventTypes } from '../../../workflows/machines/common';
import type { AppDeps } from '../deps';
import { CaseModel, type CaseRecord } from '../db/models/case';
import { UserModel } from '../db/models/user';
import { SupervisorMoveModel } from '../db/models/supervisor-move';
import { applyEvent, keyAction, keyUse, restoreSnapshot, type EngineEvent } from '../cases/engine';
import { actorOf } from '../cases/cases.service';
import { agentQueuesToday } from './agent-queues';

/** Cases moved at once: enough to finish 200 in well under a second, few enough to leave the database room. */
const PARALLEL = 8;

type MoveRecord = Omit<CaseRecord, 'history' | 'outbox'>;
type TargetAgent = { id: string; name: string; role: Role; queues: readonly QueueName[] };
type Outcome =
  { kind: 'moved'; case: MovedCase; from: string | null } | { kind: 'conflict' | 'refused'; problem: MoveProblem };

export async function moveCases(deps: AppDeps, user: SessionUser, rawInput: MoveCasesInput): Promise<MoveCasesResult> {
  const input = moveCasesInputSchema.parse(rawInput);
  const caseIds = [...new Set(input.caseIds)];
  const moveKey = `${user.id}:${input.idempotencyKey}`;
  const request = createHash('sha256')
    .update(JSON.stringify({ to: input.to, caseIds: [...caseIds].sort() }))
    .digest('hex');
  const done = await SupervisorMoveModel.findById(moveKey).lean<{ request: string; result: MoveCasesResult }>();
  if (done) {
    if (done.request !== request)
      throw new DomainError(
        'INVALID_INPUT',
        'This idempotency key was already used for another move; send it with a new key.',
      );
    return done.result;
  }

  const agent = 'agentId' in input.to ? await targetAgent(deps, input.to.agentId) : null;
  const records = await CaseModel.find(
    { _id: { $in: caseIds.map((id) => new Types.ObjectId(id)) } },
    { outbox: 0, history: 0 },
  ).lean<Omit<CaseRecord, 'history' | 'outbox'>[]>();
  const byId = new Map(records.map((r) => [r._id.toHexString(), r]));

  const outcomes: Outcome[] = new Array<Outcome>(caseIds.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < caseIds.length; i = next++) {
      const id = caseIds[i] as string;
      const record = byId.get(id);
      outcomes[i] = record
        ? await moveOne(deps, user, record, input, agent, moveKey)
        : { kind: 'refused', problem: { id, ref: id, reason: 'No case with this id.' } };
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, caseIds.length) }, worker));

  const result: MoveCasesResult = { moved: [], conflicts: [], refused: [] };
  const lostBy = new Map<string, string[]>();
  for (const outcome of outcomes) {
    if (outcome.kind === 'moved') {
      result.moved.push(outcome.case);
      if (outcome.from && outcome.from !== agent?.id)
        lostBy.set(outcome.from, [...(lostBy.get(outcome.from) ?? []), outcome.case.ref]);
    } else if (outcome.kind === 'conflict') result.conflicts.push(outcome.problem);
    else result.refused.push(outcome.problem);
  }
  await SupervisorMoveModel.updateOne(
    { _id: moveKey },
    { $setOnInsert: { request, result, by: { id: user.id, name: user.name }, at: deps.now() } },
    { upsert: true },
  );
  if (agent && result.moved.length > 0)
    deps.wallboard?.notify(agent.id, { type: 'cases.received', refs: result.moved.map((c) => c.ref), by: user.name });
  for (const [userId, refs] of lostBy) deps.wallboard?.notify(userId, { type: 'cases.removed', refs, by: user.name });
  return result;
}

/** Who changed a case last, for the conflict's explanation. */
async function lastStep(caseId: string) {
  const found = await CaseModel.findById(caseId, { history: { $slice: -1 } }).lean<Pick<CaseRecord, 'history'>>();
  return found?.history[found.history.length - 1];
}

async function targetAgent(deps: AppDeps, agentId: string): Promise<TargetAgent> {
  const found = await UserModel.findById(agentId, { name: 1, role: 1, active: 1, queues: 1 }).lean();
  if (!found || !found.active) throw new DomainError('NOT_FOUND', 'No active colleague with this id.', { agentId });
  const role = found.role as Role;
  if (!caseWorkerRoles.includes(role))
    throw new DomainError('INVALID_INPUT', `${found.name} does not work cases (role ${role}).`);
  const queues = await agentQueuesToday(deps, agentId, (found.queues ?? []) as QueueName[]);
  return { id: agentId, name: found.name, role, queues };
}

/** Why `agent` cannot work `record` where it is now, or null when they can. */
function refusalFor(record: MoveRecord, agent: TargetAgent): string | null {
  if (!queuesByRole[agent.role].includes(record.queue))
    return `${agent.name} (${agent.role}) does not work the ${record.queue} queue.`;
  if (agent.queues.length > 0 && !agent.queues.includes(record.queue))
    return `The ${record.queue} queue is not among ${agent.name}'s queues today (${agent.queues.join(', ')}).`;
  // The case's next step (an approval, an escalation decision) must be one the agent's role may take.
  const snapshot = restoreSnapshot(record);
  const steps = acceptedEvents(snapshot).filter((type) => !(commonEventTypes as readonly string[]).includes(type));
  const peopleSteps = steps.filter((type) => rolesFor(record.kind, record.state, type).length > 0);
  if (
    peopleSteps.length > 0 &&
    !peopleSteps.some((type) => rolesFor(record.kind, record.state, type).includes(agent.role))
  ) {
    const roles = [...new Set(peopleSteps.flatMap((type) => rolesFor(record.kind, record.state, type)))];
    return `${agent.name} (${agent.role}) cannot take the next step of ${record.ref} in state ${record.state} (${peopleSteps.join(', ')}: ${roles.join(', ')} only).`;
  }
  return null;
}

async function moveOne(
  deps: AppDeps,
  user: SessionUser,
  record: MoveRecord,
  input: ReturnType<typeof moveCasesInputSchema.parse>,
  agent: TargetAgent | null,
  moveKey: string,
): Promise<Outcome> {
  const id = record._id.toHexString();
  const ref = record.ref;
  const event: EngineEvent = agent
    ? { type: 'ASSIGN', assignee: { id: agent.id, name: agent.name } }
    : { type: 'TRANSFER', queue: (input.to as { queue: QueueName }).queue, assignee: null };
  const action = keyAction(event);
  // Already moved by this request (a retry after a cut-off): counted, not moved again.
  if (keyUse(record, moveKey, action) === 'replay') return { kind: 'moved', case: { id, ref }, from: null };
  const expected = input.expectedVersions?.[id] ?? record.version;
  if (record.version !== expected) {
    const last = await lastStep(id);
    return {
      kind: 'conflict',
      problem: {
        id,
        ref,
        reason: `${ref} changed since you selected it (version ${expected} → ${record.version}${last ? `: ${last.actor.name} sent ${last.event}` : ''}); it was not moved.`,
      },
    };
  }
  if (record.status !== 'open') return { kind: 'refused', problem: { id, ref, reason: `${ref} is closed.` } };
  let refusal: string | null;
  if (agent) {
    refusal = record.assigneeId === agent.id ? `${ref} is already with ${agent.name}.` : refusalFor(record, agent);
  } else {
    const queue = (input.to as { queue: QueueName }).queue;
    refusal = !queuesByKind[record.kind].includes(queue)
      ? `A ${record.kind} case cannot be worked in the ${queue} queue.`
      : record.queue === queue && record.assigneeId === null
        ? `${ref} is already waiting in the ${queue} queue.`
        : null;
  }
  if (refusal) return { kind: 'refused', problem: { id, ref, reason: refusal } };
  try {
    await applyEvent(deps, {
      caseId: id,
      expectedVersion: expected,
      key: moveKey,
      actor: actorOf(user),
      event,
      historyPayload: agent
        ? { assignee: { id: agent.id, name: agent.name }, bulk: true }
        : { queue: event.queue, bulk: true },
      keyAction: action,
    });
    return { kind: 'moved', case: { id, ref }, from: record.assigneeId };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    if (error.code === 'CONFLICT') {
      const details = (error.details ?? {}) as {
        currentVersion?: number;
        lastActor?: string | null;
        lastEvent?: string | null;
      };
      const who = details.lastActor && details.lastEvent ? `: ${details.lastActor} sent ${details.lastEvent}` : '';
      return {
        kind: 'conflict',
        problem: {
          id,
          ref,
          reason: `${ref} changed since you selected it (version ${expected} → ${details.currentVersion ?? '?'}${who}); it was not moved.`,
        },
      };
    }
    return { kind: 'refused', problem: { id, ref, reason: error.message } };
  }
}
