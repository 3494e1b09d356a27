/**
 * The live router under concurrency: 50 agents, 500 contacts arriving at once, three routers
 * running side by side (as three server processes would). At every step no contact is offered to
 * two agents, no agent holds more than their capacity, and in the end every contact was answered
 * exactly once. An offer that lapses goes to the next agent keeping the contact's original age,
 * and the agent who let it lapse is on a missed-offer break. The 500-contact run uses the router's
 * plain store over the conversations collection (the same guarded writes, without the engine's
 * event list, so it stays quick); the lapse runs through the conversation engine and its timer job.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import type { ConversationChannel } from '../../shared/conversations';
import type { Skills } from '../../shared/skills';
import { UserModel } from '../../server/src/db/models/user';
import { PresenceModel } from '../../server/src/db/models/presence';
import { SkillsModel } from '../../server/src/db/models/skills';
import { RoutingDecisionModel } from '../../server/src/db/models/routing-decision';
import { rawConversationStore } from '../../server/src/routing/conversation-store';
import { engineConversationStore } from '../../server/src/routing/engine-conversation-store';
import { startConversation } from '../../server/src/conversations/contacts';
import { applyConversationEvent, loadConversation } from '../../server/src/conversations/engine';
import { fireDueConversationTimers } from '../../server/src/conversations/jobs';
import { routeOnce } from '../../server/src/routing/live-router';
import { choosePresence } from '../../server/src/routing/presence.service';
import { connectTestDatabase, testClock, testDeps } from '../support/deps';

const clock = testClock('2026-05-10T08:00:00+08:00');
const deps = testDeps({ now: clock.now });
const store = rawConversationStore();
let disconnect: () => Promise<void>;

beforeAll(async () => {
  disconnect = await connectTestDatabase('router');
});
afterAll(async () => {
  await disconnect();
});
beforeEach(async () => {
  for (const name of [
    'users',
    'presences',
    'presence_changes',
    'skills',
    'routing_decisions',
    'routing_leases',
    'conversations',
  ])
    await mongoose.connection.collection(name).deleteMany({});
});

type Agent = { id: string; name: string; chats: number };

async function makeAgents(count: number, skills: (i: number) => Partial<Skills> = () => ({})): Promise<Agent[]> {
  const agents: Agent[] = [];
  for (let i = 0; i < count; i++) {
    const user = await UserModel.create({
      username: `router${i}`,
      name: `坐席${i}`,
      role: 'agent',
      passwordHash: 'not-used-here',
      queues: ['sales', 'refunds'],
    });
    const id = user._id.toHexString();
    const full: Skills = {
      queues: [
        { queue: 'sales', priority: 1 },
        { queue: 'refunds', priority: 2 },
      ],
      channels: ['call', 'chat', 'callback'],
      languages: ['zh', 'en'],
      vip: true,
      capacity: { calls: 1, chats: 1 + (i % 3), cases: 10 },
      ...skills(i),
    };
    await SkillsModel.create({ userId: id, ...full });
    await choosePresence(deps, { id, name: user.name, role: 'agent' }, { status: 'available', reason: null });
    agents.push({ id, name: user.name, chats: full.capacity.chats });
  }
  return agents;
}

/** A small deterministic generator (the same run every time). */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

const conversations = () => mongoose.connection.collection('conversations');

async function checkInvariants(agents: Agent[]): Promise<void> {
  const live = await conversations()
    .find({ status: { $in: ['offered', 'active', 'wrap_up'] } })
    .toArray();
  for (const agent of agents) {
    const mine = live.filter((c) => c.agentId === agent.id);
    const calls = mine.filter((c) => c.channel !== 'chat').length;
    const chats = mine.length - calls;
    if (calls > 0) expect({ agent: agent.name, calls, chats }).toEqual({ agent: agent.name, calls: 1, chats: 0 });
    expect(chats, `${agent.name} chats`).toBeLessThanOrEqual(agent.chats);
  }
  // One pending offer per contact at most, and it is the agent the contact is offered to now.
  const pending = await RoutingDecisionModel.find({ kind: 'offer', outcome: null }).lean();
  const perContact = new Map<string, number>();
  for (const d of pending) perContact.set(d.subjectId, (perContact.get(d.subjectId) ?? 0) + 1);
  expect(Math.max(0, ...perContact.values())).toBeLessThanOrEqual(1);
}

describe('router under concurrency', () => {
  it('50 agents, 500 contacts at once, three routers: never offered twice, none lost, nobody over capacity', async () => {
    const agents = await makeAgents(50);
    const channels: ConversationChannel[] = ['call', 'chat', 'chat', 'callback'];
    const start = clock.now().getTime();
    const ids = await Promise.all(
      Array.from({ length: 500 }, (_, i) =>
        store.enqueue({
          channel: channels[i % channels.length]!,
          queue: i % 2 === 0 ? 'sales' : 'refunds',
          queuedAt: new Date(start - (500 - i) * 1000),
        }),
      ),
    );
    const rnd = random(42);
    for (let round = 0; round < 80; round++) {
      await Promise.all(['node-a', 'node-b', 'node-c'].map((node) => routeOnce(deps, store, node)));
      await checkInvariants(agents);
      const now = clock.now();
      // Agents answer: most accept, some decline, some let it lapse; accepted work ends before the next run.
      for (const c of await conversations().find({ status: 'offered' }).toArray()) {
        const r = rnd();
        if (r < 0.8) await store.answer(c._id.toHexString(), c.agentId as string, 'accept', now);
        else if (r < 0.9) await store.answer(c._id.toHexString(), c.agentId as string, 'decline', now);
      }
      await checkInvariants(agents);
      for (const c of await conversations().find({ status: 'active' }).toArray())
        await store.end(c._id.toHexString(), now);
      // Whoever let an offer lapse comes back from their missed-offer break.
      for (const p of await PresenceModel.find({ reason: 'missed_offer' }).lean())
        await choosePresence(
          deps,
          { id: p.userId, name: p.userName, role: 'agent' },
          { status: 'available', reason: null },
        );
      clock.advance(31_000);
      if ((await conversations().countDocuments({ status: { $ne: 'ended' } })) === 0) break;
    }
    await Promise.all(['node-a', 'node-b'].map((node) => routeOnce(deps, store, node)));

    expect(await conversations().countDocuments({ status: 'ended' })).toBe(500);
    const accepted = await RoutingDecisionModel.aggregate<{ _id: string; n: number }>([
      { $match: { kind: 'offer', outcome: 'accepted' } },
      { $group: { _id: '$subjectId', n: { $sum: 1 } } },
    ]);
    expect(accepted).toHaveLength(500);
    expect(new Set(accepted.map((a) => a._id))).toEqual(new Set(ids));
    expect(accepted.every((a) => a.n === 1)).toBe(true);
    expect(await RoutingDecisionModel.countDocuments({ outcome: null })).toBe(0);
    expect(await RoutingDecisionModel.countDocuments({ outcome: 'expired' })).toBeGreaterThan(0);
    expect(await RoutingDecisionModel.countDocuments({ outcome: 'declined' })).toBeGreaterThan(0);
    // Every hold was let go once its contact ended.
    clock.advance(60_000);
    await routeOnce(deps, store, 'node-a');
    expect(await PresenceModel.countDocuments({ 'holds.0': { $exists: true } })).toBe(0);
  }, 120_000);

  it('on the conversation engine: a lapsed offer goes to the next agent with its original age, before younger calls', async () => {
    const engine = engineConversationStore(deps);
    const [first, second] = await makeAgents(2, () => ({
      channels: ['call'],
      capacity: { calls: 1, chats: 0, cases: 10 },
    }));
    const queuedAt = clock.now();
    const { record } = await startConversation(deps, {
      channel: 'call',
      queue: 'sales',
      customerId: null,
      phone: '13800138000',
      externalId: 'call-old',
      createKey: 'router-test-old',
    });
    const old = record._id.toHexString();
    await routeOnce(deps, engine, 'node-a');
    // Both are equally free: the one idle longer (the first made) gets it.
    expect(await RoutingDecisionModel.findOne({ subjectId: old }).lean()).toMatchObject({
      agentId: first!.id,
      outcome: null,
      waitingSince: queuedAt,
    });

    // A younger call arrives while the first agent lets the offer ring out; the second agent takes and ends it.
    clock.advance(10_000);
    const young = (
      await startConversation(deps, {
        channel: 'call',
        queue: 'sales',
        customerId: null,
        phone: '13900139000',
        externalId: 'call-young',
        createKey: 'router-test-young',
      })
    ).record._id.toHexString();
    await routeOnce(deps, engine, 'node-a');
    expect((await loadConversation(young)).agentId).toBe(second!.id);
    const asSecond = { id: second!.id, name: second!.name, role: 'agent' as const };
    await applyConversationEvent(deps, {
      conversationId: young,
      expectedVersion: 'current',
      key: 'k-decline',
      actor: asSecond,
      event: { type: 'DECLINE' },
    });

    // 30 s after the offer its durable timer fires; the router settles it and offers the old call on.
    clock.advance(21_000);
    expect(await fireDueConversationTimers(deps)).toBe(1);
    await routeOnce(deps, engine, 'node-a');

    const decisions = await RoutingDecisionModel.find({ subjectId: old }).sort({ at: 1 }).lean();
    expect(decisions.map((d) => [d.agentId, d.outcome])).toEqual([
      [first!.id, 'expired'],
      [second!.id, null],
    ]);
    expect(decisions[1]!.waitingSince).toEqual(queuedAt);
    expect(await loadConversation(old)).toMatchObject({ status: 'offered', agentId: second!.id, queuedAt });
    expect(await PresenceModel.findOne({ userId: first!.id }).lean()).toMatchObject({
      status: 'break',
      reason: 'missed_offer',
    });
    // The younger call waits: the older one went first.
    expect((await loadConversation(young)).status).toBe('queued');
  });
});
