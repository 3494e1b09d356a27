/**
 * routing.next: the best case the agent may work, assigned atomically. Ten agents pressing the
 * key at once get ten different cases, each with one ASSIGN in its history and one routing
 * decision; the most urgent case goes first; a retried key answers with the same case; a case
 * whose owner has been offline too long goes back to its queue.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../shared/auth';
import { UserModel } from '../../server/src/db/models/user';
import { CaseModel } from '../../server/src/db/models/case';
import { RoutingDecisionModel } from '../../server/src/db/models/routing-decision';
import { toSessionUser } from '../../server/src/auth/sessions';
import { choosePresence } from '../../server/src/routing/presence.service';
import { returnCasesOfAbsentOwners } from '../../server/src/routing/next-case';
import { connectTestDatabase } from '../support/deps';
import { engineTestContext, newKey } from '../support/engine-steps';
import { createPlatformFixtures, type PlatformFixtures } from '../support/platform';

const { deps, as, clock } = engineTestContext('2026-05-10T08:00:00+08:00');
let disconnect: () => Promise<void>;
let fx: PlatformFixtures;
let agents: SessionUser[];
const caseIds: string[] = [];

beforeAll(async () => {
  disconnect = await connectTestDatabase('routing_next');
  fx = await createPlatformFixtures();
  agents = [];
  for (let i = 0; i < 10; i++) {
    const user = await UserModel.create({
      username: `next${i}`,
      name: `接单${i}`,
      role: 'agent',
      passwordHash: 'not-used-here',
      queues: ['sales'],
    });
    agents.push(toSessionUser(user.toObject()));
  }
  // Opened by a complaint handler: sales is not their queue, so the cases wait unassigned.
  for (let i = 0; i < 14; i++) {
    clock.advance(60_000);
    const created = await as(fx.users.complaint_handler).cases.create({
      kind: 'booking',
      channel: 'phone',
      customerId: null,
      subject: `订票咨询 ${i}`,
      priority: i === 9 ? 'urgent' : 'normal',
      idempotencyKey: newKey('next-case'),
    });
    expect(created.assignee).toBeNull();
    caseIds.push(created.id);
  }
});
afterAll(async () => {
  await disconnect();
});

describe('routing.next', () => {
  it('the most urgent case first; the same key again gives the same case', async () => {
    const agent = as(agents[0]!);
    const key = newKey('press');
    const first = await agent.routing.next({ idempotencyKey: key });
    expect(first).toMatchObject({ id: caseIds[9], assignee: { id: agents[0]!.id } });
    const again = await agent.routing.next({ idempotencyKey: key });
    expect(again?.id).toBe(caseIds[9]);
    expect(await RoutingDecisionModel.countDocuments({ kind: 'case', agentId: agents[0]!.id })).toBe(1);
  });

  it('ten agents at once get ten different cases, the oldest first', async () => {
    const results = await Promise.all(agents.map((a) => as(a).routing.next({ idempotencyKey: newKey('rush') })));
    const ids = results.map((r) => r?.id);
    expect(ids.every((id) => typeof id === 'string')).toBe(true);
    expect(new Set(ids).size).toBe(10);
    // Nine urgent-less cases and one more: the ten oldest waiting ones after the urgent case.
    expect(new Set(ids)).toEqual(new Set(caseIds.filter((_, i) => i !== 9).slice(0, 10)));
    for (const [i, r] of results.entries()) expect(r?.assignee?.id).toBe(agents[i]!.id);
    const records = await CaseModel.find({ _id: { $in: ids } }, { history: 1 }).lean();
    for (const record of records) expect(record.history.filter((h) => h.event === 'ASSIGN')).toHaveLength(1);
  });

  it('a case whose owner has been offline too long goes back to its queue', async () => {
    const owner = agents[3]!;
    const held = await CaseModel.findOne({ assigneeId: owner.id, status: 'open' }).lean();
    expect(held).not.toBeNull();
    await choosePresence(deps, owner, { status: 'available', reason: null });
    await choosePresence(deps, owner, { status: 'offline', reason: null });
    clock.advance(deps.config.routing.caseReturnAfterMs - 1_000);
    expect(await returnCasesOfAbsentOwners(deps)).toBe(0);
    clock.advance(2_000);
    expect(await returnCasesOfAbsentOwners(deps)).toBe(1);
    const back = await CaseModel.findById(held!._id).lean();
    expect(back).toMatchObject({ assigneeId: null, queue: 'sales' });
    expect(back!.history.at(-1)).toMatchObject({ event: 'UNASSIGN', actor: { id: 'system' } });
  });

  it('roles that do not work cases are refused', async () => {
    await expect(as(fx.users.qa).routing.next({ idempotencyKey: newKey('qa') })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});
