/**
 * supervisor.moveCases against MongoDB: each case through the engine (one history entry each), a
 * case edited while the move runs reported as a conflict and left as its editor made it, the same
 * key twice moving nothing twice, and moves the target cannot work refused with the reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseModel, type CaseRecord } from '../../server/src/db/models/case';
import type { CasePublisher } from '../../server/src/deps';
import type { WorkNotice } from '../../shared/wallboard';
import { connectTestDatabase } from '../support/deps';
import { engineTestContext, failureOf, newKey, step, type Caller } from '../support/engine-steps';
import { createPlatformFixtures, type PlatformFixtures } from '../support/platform';

let cleanup: () => Promise<void>;
let fx: PlatformFixtures;

beforeAll(async () => {
  cleanup = await connectTestDatabase('supervisor_moves');
  fx = await createPlatformFixtures();
});
afterAll(async () => cleanup());

const key = () => newKey('move');

/** Test deps whose publisher calls `onPush` after each case push, and a wallboard that records notices. */
function moveContext(onPush: (assigneeId: string | null) => void = () => undefined) {
  const notices: { userId: string; notice: WorkNotice }[] = [];
  const publisher: CasePublisher = {
    publishCase: (item) => onPush(item.assignee?.id ?? null),
    publishConversation: () => undefined,
    currentSeq: async () => 0,
  };
  const wallboard = {
    changed: () => undefined,
    board: () => Promise.reject(new Error('not in this test')),
    notify: (userId: string, notice: WorkNotice) => notices.push({ userId, notice }),
  };
  return { ...engineTestContext('2026-05-05T09:00:00+08:00', { publisher, wallboard }), notices };
}

async function bookingCasesOf(caller: Caller, count: number) {
  const made = [];
  for (let i = 0; i < count; i += 10) {
    const batch = Array.from({ length: Math.min(10, count - i) }, (_, j) =>
      caller.cases.create({
        kind: 'booking',
        channel: 'phone',
        customerId: fx.customers.zhang,
        subject: `订票 ${i + j}`,
        idempotencyKey: key(),
      }),
    );
    made.push(...(await Promise.all(batch)));
  }
  return made;
}

const historyOf = async (ids: string[]) =>
  new Map(
    (await CaseModel.find({ _id: { $in: ids } }, { history: 1, assigneeId: 1, version: 1 }).lean<CaseRecord[]>()).map(
      (r) => [r._id.toHexString(), r],
    ),
  );

describe('supervisor.moveCases', () => {
  it('moves 200 cases in one operation while 5 are edited: exactly those 5 are conflicts, a replay changes nothing', async () => {
    let startEdits: () => void = () => undefined;
    const edited = new Promise<void>((resolve) => (startEdits = resolve));
    const { as, notices } = moveContext((assigneeId) => {
      // The first case the move writes sets the agent's edits off: they run while the move goes on.
      if (assigneeId === fx.users.otherAgent.id) startEdits();
    });
    const agent = as(fx.users.agent);
    const supervisor = as(fx.users.supervisor);
    const cases = await bookingCasesOf(agent, 200);
    expect(cases.every((c) => c.assignee?.id === fx.users.agent.id)).toBe(true);
    // What the supervisor selected, at the versions they saw; the 5 edited ones come last in the list.
    const editedCases = cases.slice(195);
    const expectedVersions = Object.fromEntries(cases.map((c) => [c.id, c.version]));
    const edits = edited.then(() =>
      Promise.all(editedCases.map((c) => step(agent, c, { type: 'ADD_NOTE', text: '客户刚来电补充' }))),
    );
    const idempotencyKey = key();
    const input = {
      caseIds: cases.map((c) => c.id),
      to: { agentId: fx.users.otherAgent.id },
      idempotencyKey,
      expectedVersions,
    };
    const [result] = await Promise.all([supervisor.supervisor.moveCases(input), edits]);

    expect(result.conflicts.map((c) => c.ref).sort()).toEqual(editedCases.map((c) => c.ref).sort());
    expect(result.conflicts[0]?.reason).toMatch(/changed since you selected it.*王芳 sent ADD_NOTE/);
    expect(result.moved).toHaveLength(195);
    expect(result.refused).toEqual([]);

    const after = await historyOf(cases.map((c) => c.id));
    for (const c of cases.slice(0, 195)) {
      const record = after.get(c.id);
      expect(record?.assigneeId).toBe(fx.users.otherAgent.id);
      const moves = record?.history.filter((h) => h.event === 'ASSIGN') ?? [];
      expect(moves).toHaveLength(1);
      expect(moves[0]?.actor.id).toBe(fx.users.supervisor.id);
    }
    for (const c of editedCases) {
      const record = after.get(c.id);
      // Not overwritten: still the agent's, with the note they added.
      expect(record?.assigneeId).toBe(fx.users.agent.id);
      expect(record?.history.map((h) => h.event)).toEqual(['CREATED', 'ADD_NOTE']);
    }
    // Both agents were told once: the receiver of 195 cases, the one who lost them.
    expect(notices.map((n) => [n.userId, n.notice.type, n.notice.refs.length])).toEqual([
      [fx.users.otherAgent.id, 'cases.received', 195],
      [fx.users.agent.id, 'cases.removed', 195],
    ]);

    // The same request again: the same answer, and not one case written again.
    const again = await supervisor.supervisor.moveCases(input);
    expect(again).toEqual(result);
    const replayed = await historyOf(cases.map((c) => c.id));
    for (const c of cases) expect(replayed.get(c.id)?.version).toBe(after.get(c.id)?.version);
    // The key for another move is refused rather than answered with the first move's result.
    const reused = await failureOf(supervisor.supervisor.moveCases({ ...input, to: { queue: 'sales' } }));
    expect(reused.code).toBe('BAD_REQUEST');
  }, 60_000);

  it('refuses, with the reason, moves the target cannot work and keeps the rest', async () => {
    const { as } = moveContext();
    const supervisor = as(fx.users.supervisor);
    const handler = as(fx.users.complaint_handler);
    const [booking] = await bookingCasesOf(supervisor, 1);
    const complaint = await handler.cases.create({
      kind: 'complaint',
      channel: 'phone',
      customerId: fx.customers.zhang,
      subject: '投诉：服务态度',
      idempotencyKey: key(),
    });
    if (!booking) throw new Error('no booking case');

    // An agent does not work complaints; a booking case cannot wait in the refunds queue.
    const toAgent = await supervisor.supervisor.moveCases({
      caseIds: [booking.id, complaint.id],
      to: { agentId: fx.users.agent.id },
      idempotencyKey: key(),
    });
    expect(toAgent.moved.map((c) => c.ref)).toEqual([booking.ref]);
    expect(toAgent.refused).toEqual([
      { id: complaint.id, ref: complaint.ref, reason: '王芳 (agent) does not work the complaints queue.' },
    ]);
    const toQueue = await supervisor.supervisor.moveCases({
      caseIds: [booking.id],
      to: { queue: 'refunds' },
      idempotencyKey: key(),
    });
    expect(toQueue.refused[0]?.reason).toBe('A booking case cannot be worked in the refunds queue.');

    // Moved for the day onto refunds only, the agent is no target for a sales case.
    await supervisor.supervisor.setAgentQueues({ agentId: fx.users.otherAgent.id, queues: ['refunds'] });
    const outsideToday = await supervisor.supervisor.moveCases({
      caseIds: [booking.id],
      to: { agentId: fx.users.otherAgent.id },
      idempotencyKey: key(),
    });
    expect(outsideToday.refused[0]?.reason).toBe("The sales queue is not among 李强's queues today (refunds).");
    await supervisor.supervisor.setAgentQueues({ agentId: fx.users.otherAgent.id, queues: ['sales', 'refunds'] });

    // An escalated complaint waits in the escalations queue for a decision an agent cannot make.
    let escalated = await step(handler, complaint, { type: 'ACKNOWLEDGE', message: '您好，已收到' });
    escalated = await step(handler, escalated, { type: 'START_INVESTIGATION' });
    escalated = await step(handler, escalated, { type: 'ESCALATE', reason: '需要主管决定' });
    expect(escalated.state).toBe('escalated.supervisor');
    const toAgentAgain = await supervisor.supervisor.moveCases({
      caseIds: [escalated.id],
      to: { agentId: fx.users.agent.id },
      idempotencyKey: key(),
    });
    expect(toAgentAgain.refused[0]?.reason).toBe('王芳 (agent) does not work the escalations queue.');
    // The supervisors' queue takes it back to the handlers' desk in one step.
    const back = await supervisor.supervisor.moveCases({
      caseIds: [escalated.id],
      to: { queue: 'complaints' },
      idempotencyKey: key(),
    });
    expect(back.moved.map((c) => c.ref)).toEqual([escalated.ref]);
  }, 30_000);
});
