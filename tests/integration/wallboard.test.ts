/**
 * The wallboard against MongoDB: presence.board() per queue (waiting, longest wait, service level,
 * abandoned, average wait, every breached due time, due soon) and per agent (status and since, live
 * contacts, open cases, capacity used), from cases and from `conversations` documents written with
 * the shared field names; and the role matrix of every new procedure.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import type { Role } from '../../shared/roles';
import type { ConversationFields } from '../../shared/conversations';
import { fireDueTimers } from '../../server/src/cases/jobs';
import { connectTestDatabase } from '../support/deps';
import { engineTestContext, failureOf, newKey } from '../support/engine-steps';
import { createPlatformFixtures, type PlatformFixtures } from '../support/platform';

let cleanup: () => Promise<void>;
let fx: PlatformFixtures;

beforeAll(async () => {
  cleanup = await connectTestDatabase('wallboard');
  fx = await createPlatformFixtures();
});
afterAll(async () => cleanup());

const key = () => newKey('board');
const at = (iso: string) => new Date(iso);

/** A `conversations` document by the shared field names (plus the unique key the conversation store indexes). */
function conversation(fields: Partial<ConversationFields>): ConversationFields & { createKey: string } {
  return {
    createKey: key(),
    channel: 'call',
    status: 'queued',
    queue: 'sales',
    customerId: null,
    phone: '13800138000',
    agentId: null,
    agentName: null,
    caseIds: [],
    externalId: null,
    queuedAt: at('2026-05-05T09:00:00+08:00'),
    offeredAt: null,
    answeredAt: null,
    endedAt: null,
    wrapUpEndAt: null,
    holdMs: 0,
    disposition: null,
    csat: null,
    ...fields,
  };
}

describe('presence.board', () => {
  it('counts every breached due time, due soon, waiting contacts and today’s service level per queue', async () => {
    const { as, deps, clock } = engineTestContext('2026-05-05T09:00:00+08:00');
    const handler = as(fx.users.complaint_handler);
    const complaint = (subject: string) =>
      handler.cases.create({
        kind: 'complaint',
        channel: 'phone',
        customerId: fx.customers.zhang,
        subject,
        idempotencyKey: key(),
      });
    // 1: its first-response timer fires at 09:30 and is recorded as a breach (it leaves `timers`).
    await complaint('投诉 1');
    clock.set('2026-05-05T09:40:00+08:00');
    expect(await fireDueTimers(deps)).toBe(1);
    // 2: due 10:10, past at 10:20 but not fired yet; 3: due 10:30, ten minutes left at 10:20.
    await complaint('投诉 2');
    clock.set('2026-05-05T10:00:00+08:00');
    await complaint('投诉 3');
    clock.set('2026-05-05T10:20:00+08:00');

    const conversations = mongoose.connection.collection('conversations');
    await conversations.insertMany([
      // Waiting now: the longest since 10:18:30 (90 s), past the 60 s alert.
      conversation({ queuedAt: at('2026-05-05T10:18:30+08:00') }),
      conversation({ channel: 'chat', status: 'offered', queuedAt: at('2026-05-05T10:19:30+08:00') }),
      // Today: a call answered in 10 s and one in 30 s (over the 20 s target), a chat in 50 s (within 60 s), one abandoned.
      conversation({
        status: 'ended',
        queuedAt: at('2026-05-05T08:00:00+08:00'),
        answeredAt: at('2026-05-05T08:00:10+08:00'),
      }),
      conversation({
        status: 'ended',
        queuedAt: at('2026-05-05T08:10:00+08:00'),
        answeredAt: at('2026-05-05T08:10:30+08:00'),
      }),
      conversation({
        channel: 'chat',
        status: 'active',
        agentId: fx.users.agent.id,
        agentName: fx.users.agent.name,
        queuedAt: at('2026-05-05T10:00:00+08:00'),
        answeredAt: at('2026-05-05T10:00:50+08:00'),
      }),
      conversation({
        status: 'abandoned',
        queuedAt: at('2026-05-05T09:00:00+08:00'),
        endedAt: at('2026-05-05T09:01:00+08:00'),
      }),
      // Yesterday in Shanghai (23:59 on the 4th): not today's figures.
      conversation({
        status: 'ended',
        queuedAt: at('2026-05-04T23:59:00+08:00'),
        answeredAt: at('2026-05-05T00:05:00+08:00'),
      }),
    ]);
    await mongoose.connection.collection('presences').insertOne({
      userId: fx.users.agent.id,
      userName: fx.users.agent.name,
      role: 'agent',
      status: 'on_contact',
      reason: null,
      since: at('2026-05-05T10:00:50+08:00'),
    });

    const board = await as(fx.users.supervisor).presence.board();
    expect(board.at).toBe('2026-05-05T02:20:00.000Z');
    const complaints = board.queues.find((q) => q.name === 'complaints');
    expect(complaints).toMatchObject({ openCases: 3, unassignedCases: 0, overdue: 2, breachedDueTimes: 2, dueSoon: 1 });
    expect(board.queues.find((q) => q.name === 'sales')).toEqual({
      name: 'sales',
      waiting: 2,
      oldestWaitingSince: '2026-05-05T02:18:30.000Z',
      longestWaitSec: 90,
      alertAfterSec: 60,
      alert: true,
      serviceLevel: 2 / 4,
      answeredToday: 3,
      abandonedToday: 1,
      averageWaitSec: 30,
      openCases: 0,
      unassignedCases: 0,
      overdue: 0,
      breachedDueTimes: 0,
      dueSoon: 0,
    });
    const agent = board.agents.find((a) => a.id === fx.users.agent.id);
    expect(agent).toMatchObject({
      name: '王芳',
      status: 'on_contact',
      since: '2026-05-05T02:00:50.000Z',
      liveContacts: { call: 0, chat: 1, callback: 0 },
      openCases: 0,
      capacity: { call: 1, chat: 3, cases: 10 },
      queues: ['sales', 'refunds'],
    });
    expect(agent?.capacityUsed).toBeCloseTo(1 / 3);
    const handlerRow = board.agents.find((a) => a.id === fx.users.complaint_handler.id);
    expect(handlerRow).toMatchObject({ status: 'offline', since: null, openCases: 3 });
    expect(handlerRow?.cases.filter((c) => c.overdue)).toHaveLength(2);
  });
});

describe('supervisor.setAgentStatus', () => {
  it('sets an agent’s status through presence (recorded, on the board), but not while they are on a call', async () => {
    const { as } = engineTestContext('2026-05-05T11:00:00+08:00');
    const supervisor = as(fx.users.supervisor);
    const view = await supervisor.supervisor.setAgentStatus({
      agentId: fx.users.otherAgent.id,
      status: 'break',
      reason: 'training',
    });
    expect({ status: view.status, reason: view.reason }).toEqual({ status: 'break', reason: 'training' });
    const changes = await mongoose.connection
      .collection('presence_changes')
      .find({ userId: fx.users.otherAgent.id })
      .toArray();
    expect(changes.map((c) => c.status)).toContain('break');
    const row = (await supervisor.presence.board()).agents.find((a) => a.id === fx.users.otherAgent.id);
    expect({ status: row?.status, reason: row?.reason, since: row?.since }).toEqual({
      status: 'break',
      reason: 'training',
      since: '2026-05-05T03:00:00.000Z',
    });

    await mongoose.connection.collection('conversations').insertOne(
      conversation({
        status: 'active',
        agentId: fx.users.otherAgent.id,
        agentName: fx.users.otherAgent.name,
        answeredAt: at('2026-05-05T10:59:00+08:00'),
      }),
    );
    const refused = await failureOf(
      supervisor.supervisor.setAgentStatus({ agentId: fx.users.otherAgent.id, status: 'available' }),
    );
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toBe('李强 is on a call; set their status when the call has ended.');
    await mongoose.connection.collection('conversations').deleteMany({ agentId: fx.users.otherAgent.id });
  });
});

describe('role matrix of the wallboard and supervisor procedures', () => {
  const allowed: Role[] = ['supervisor', 'admin'];
  const everyone: Role[] = ['agent', 'complaint_handler', 'supervisor', 'qa', 'admin'];
  it.each(everyone)('%s', async (role) => {
    const { as } = engineTestContext('2026-05-05T09:00:00+08:00');
    const caller = as(fx.users[role]);
    const target = await as(fx.users.agent).cases.create({
      kind: 'booking',
      channel: 'phone',
      customerId: fx.customers.zhang,
      subject: `订票 ${role}`,
      idempotencyKey: key(),
    });
    const calls = {
      board: () => caller.presence.board(),
      moveCases: () =>
        caller.supervisor.moveCases({
          caseIds: [target.id],
          to: { agentId: fx.users.otherAgent.id },
          idempotencyKey: key(),
        }),
      setAgentStatus: () =>
        caller.supervisor.setAgentStatus({ agentId: fx.users.otherAgent.id, status: 'break', reason: 'meeting' }),
      setAgentQueues: () =>
        caller.supervisor.setAgentQueues({ agentId: fx.users.otherAgent.id, queues: ['sales', 'refunds'] }),
    };
    for (const [name, call] of Object.entries(calls)) {
      if (allowed.includes(role)) await expect(call(), name).resolves.toBeTruthy();
      else expect((await failureOf(call())).code, name).toBe('FORBIDDEN');
    }
  });
});
