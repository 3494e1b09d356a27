/**
 * The agent's flow through createCaller against MongoDB: a case is assigned to the agent who opens
 * it, actions that could do nothing are neither offered nor accepted, transfers go only where the
 * case can be worked, and an identity check made on the customer page counts for the case opened
 * from it (found by the server in its own audit, never taken from the client).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { connectTestDatabase } from '../support/deps';
import { engineTestContext, newKey, step as send, type Caller } from '../support/engine-steps';
import { createPlatformFixtures, LI_ID, ZHANG_ID, type PlatformFixtures } from '../support/platform';

let cleanup: () => Promise<void>;
let fx: PlatformFixtures;

beforeAll(async () => {
  cleanup = await connectTestDatabase('agent_flow');
  fx = await createPlatformFixtures();
});
afterAll(async () => cleanup());

const key = () => newKey('flow');
const setup = () => engineTestContext('2026-05-05T09:00:00+08:00');

function openRefund(caller: Caller) {
  return caller.cases.create({
    kind: 'refund',
    channel: 'phone',
    customerId: fx.customers.zhang,
    bookingId: fx.bookings.zhangRail.id,
    subject: '退票',
    idempotencyKey: key(),
  });
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (error) {
    if (error instanceof TRPCError) return `${error.code}: ${error.message}`;
    throw error;
  }
}

describe('a case opened by an agent', () => {
  it('is assigned to that agent, and the history says so', async () => {
    const { as } = setup();
    const created = await openRefund(as(fx.users.agent));
    expect(created.assignee).toEqual({ id: fx.users.agent.id, name: fx.users.agent.name });
    expect((await as(fx.users.agent).cases.history({ id: created.id })).entries[0]).toMatchObject({
      event: 'CREATED',
      payload: { assignee: { id: fx.users.agent.id, name: fx.users.agent.name } },
    });
    const listed = await as(fx.users.agent).cases.list({ assigneeId: 'me' });
    expect(listed.items.map((i) => i.id)).toContain(created.id);
  });

  it('stays in the handlers’ queue, unassigned, when the agent does not work it (a complaint)', async () => {
    const { as } = setup();
    const complaint = await as(fx.users.agent).cases.create({
      kind: 'complaint',
      channel: 'phone',
      customerId: fx.customers.zhang,
      subject: '投诉',
      idempotencyKey: key(),
    });
    expect(complaint.assignee).toBeNull();
    expect(complaint.queue).toBe('complaints');
  });
});

describe('actions that can do nothing', () => {
  it('unassign is offered only on an assigned case; assigning the assignee again is refused', async () => {
    const { as } = setup();
    const agent = as(fx.users.agent);
    const created = await openRefund(agent);
    expect(created.allowedEvents).toContain('UNASSIGN');
    const unassigned = await send(agent, created, { type: 'UNASSIGN' });
    expect(unassigned.allowedEvents).not.toContain('UNASSIGN');
    expect(await refusal(send(agent, unassigned, { type: 'UNASSIGN' }))).toBe(
      'BAD_REQUEST: Event UNASSIGN is not allowed while the case is in state verifying: The case is not assigned to anyone.',
    );
    const mine = await send(agent, unassigned, { type: 'ASSIGN', assigneeId: fx.users.agent.id });
    expect(await refusal(send(agent, mine, { type: 'ASSIGN', assigneeId: fx.users.agent.id }))).toBe(
      `BAD_REQUEST: Event ASSIGN is not allowed while the case is in state verifying: The case is already assigned to ${fx.users.agent.name}.`,
    );
  });

  it('linking the customer or booking the case already has is refused', async () => {
    const { as } = setup();
    const agent = as(fx.users.agent);
    const created = await openRefund(agent);
    expect(await refusal(send(agent, created, { type: 'LINK_CUSTOMER', customerId: fx.customers.zhang }))).toMatch(
      /already linked to this customer/,
    );
    expect(await refusal(send(agent, created, { type: 'LINK_BOOKING', bookingId: fx.bookings.zhangRail.id }))).toMatch(
      new RegExp(`already linked to booking ${fx.bookings.zhangRail.ref}`),
    );
  });
});

describe('transfer goes only where the case can be worked', () => {
  it('refuses a change case into the refunds queue', async () => {
    const { as } = setup();
    const agent = as(fx.users.agent);
    const change = await agent.cases.create({
      kind: 'change',
      channel: 'phone',
      customerId: fx.customers.zhang,
      bookingId: fx.bookings.zhangRail.id,
      subject: '改签',
      idempotencyKey: key(),
    });
    expect(await refusal(send(agent, change, { type: 'TRANSFER', queue: 'refunds' }))).toMatch(
      /A change case cannot be worked in the refunds queue/,
    );
  });

  it('refuses an approval handed to an agent, accepts it handed to a supervisor', async () => {
    const { as } = setup();
    const agent = as(fx.users.agent);
    const created = await openRefund(agent);
    expect(
      await refusal(send(agent, created, { type: 'TRANSFER', queue: 'approvals', assigneeId: fx.users.otherAgent.id })),
    ).toBe(`BAD_REQUEST: ${fx.users.otherAgent.name} (role agent) does not work the approvals queue.`);
    const moved = await send(agent, created, {
      type: 'TRANSFER',
      queue: 'approvals',
      assigneeId: fx.users.supervisor.id,
    });
    expect(moved).toMatchObject({ queue: 'approvals', assignee: { id: fx.users.supervisor.id } });
    expect(await refusal(send(agent, moved, { type: 'ASSIGN', assigneeId: fx.users.otherAgent.id }))).toMatch(
      /does not work the approvals queue/,
    );
  });
});

describe('identity checked on the customer page', () => {
  it('counts for the refund case the same agent opens minutes later, recorded once in its history', async () => {
    const { as, clock } = setup();
    const agent = as(fx.users.agent);
    expect(await agent.customers.verifyIdentity({ customerId: fx.customers.zhang, idNumber: ZHANG_ID })).toEqual({
      match: true,
    });
    clock.advance(3 * 60_000);
    const created = await openRefund(agent);
    expect(created.state).toBe('selecting');
    const verifies = (await agent.cases.history({ id: created.id })).entries.filter((h) => h.event === 'VERIFY');
    expect(verifies).toHaveLength(1);
    expect(verifies[0]).toMatchObject({
      actor: { id: fx.users.agent.id },
      from: 'verifying',
      to: 'selecting',
      payload: { identityVerified: true, checkedOn: 'customer_page' },
    });
  });

  it('does not count when it is stale, failed last, or was made by someone else', async () => {
    const { as, clock } = setup();
    const agent = as(fx.users.agent);
    await agent.customers.verifyIdentity({ customerId: fx.customers.zhang, idNumber: ZHANG_ID });
    clock.advance(11 * 60_000);
    const stale = await openRefund(agent);
    expect(stale.state).toBe('verifying');
    expect((await agent.cases.history({ id: stale.id })).entries.map((h) => h.event)).toEqual(['CREATED']);

    clock.advance(11 * 60_000);
    await agent.customers.verifyIdentity({ customerId: fx.customers.zhang, idNumber: ZHANG_ID });
    clock.advance(60_000);
    await agent.customers.verifyIdentity({ customerId: fx.customers.zhang, idNumber: LI_ID });
    expect((await openRefund(agent)).state).toBe('verifying');

    clock.advance(11 * 60_000);
    await as(fx.users.otherAgent).customers.verifyIdentity({ customerId: fx.customers.zhang, idNumber: ZHANG_ID });
    const other = await openRefund(agent);
    expect(other.state).toBe('verifying');
    expect((await agent.cases.history({ id: other.id })).entries.map((h) => h.event)).toEqual(['CREATED']);
  });
});
