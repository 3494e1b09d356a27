/**
 * Conversations through createCaller against MongoDB: an agent answers, wraps up and opens a case
 * from a call (linked both ways: the case lists the call with its duration); another agent cannot
 * act on it; the wrap-up and offer timers fire from the job as ordinary events; a callback's
 * no-answer is retried until the third attempt fails, and a window that passes is a breach.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaller } from '../../server/src/trpc/root';
import { startConversation, sendSystemConversationEvent } from '../../server/src/conversations/contacts';
import { fireDueConversationTimers } from '../../server/src/conversations/jobs';
import { fireDueCallbacks, recordCallbackBreaches, requestCallback } from '../../server/src/conversations/callbacks';
import { CallbackModel } from '../../server/src/db/models/callback';
import { ConversationModel } from '../../server/src/db/models/conversation';
import { connectTestDatabase, testClock, testDeps } from '../support/deps';
import { contextFor, createPlatformFixtures, ZHANG_PHONE, type PlatformFixtures } from '../support/platform';

let disconnect: () => Promise<void>;
let fx: PlatformFixtures;
const clock = testClock('2026-05-10T08:00:00+08:00');
const deps = testDeps({ now: clock.now });
const as = (user: PlatformFixtures['users'][keyof PlatformFixtures['users']]) => createCaller(contextFor(deps, user));
let seq = 0;
const key = () => `conv-test-${process.pid}-${seq++}`;

beforeAll(async () => {
  disconnect = await connectTestDatabase('conversations');
  fx = await createPlatformFixtures();
});
afterAll(async () => {
  await disconnect();
});

async function offeredCall() {
  const { record } = await startConversation(deps, {
    channel: 'call',
    queue: 'sales',
    customerId: fx.customers.zhang,
    phone: ZHANG_PHONE,
    externalId: key(),
    createKey: key(),
  });
  const agent = { id: fx.users.agent.id, name: fx.users.agent.name };
  const { record: offered } = await sendSystemConversationEvent(
    deps,
    record._id.toHexString(),
    { type: 'OFFER', agent },
    key(),
  );
  return offered;
}

describe('conversations router', () => {
  it('answer, hang up, a case from the call linked both ways, wrap-up with a disposition', async () => {
    const call = await offeredCall();
    const id = call._id.toHexString();
    const agent = as(fx.users.agent);
    const answered = await agent.conversations.send({
      conversationId: id,
      expectedVersion: call.version,
      idempotencyKey: key(),
      event: { type: 'ACCEPT' },
    });
    expect(answered).toMatchObject({ status: 'active', agent: { id: fx.users.agent.id }, phone: '138****8000' });
    clock.advance(95_000);
    const ended = await agent.conversations.send({
      conversationId: id,
      expectedVersion: answered.version,
      idempotencyKey: key(),
      event: { type: 'END' },
    });
    expect(ended).toMatchObject({ status: 'wrap_up', durationSeconds: 95 });
    const opened = await agent.conversations.openCase({
      conversationId: id,
      kind: 'complaint',
      subject: '来电投诉',
      bookingId: null,
      idempotencyKey: key(),
    });
    expect(opened.conversation.caseIds).toEqual([opened.caseId]);
    const onCase = await agent.conversations.byCase({ caseId: opened.caseId });
    expect(onCase.map((c) => ({ id: c.id, durationSeconds: c.durationSeconds }))).toEqual([
      { id, durationSeconds: 95 },
    ]);
    const created = await agent.cases.get({ id: opened.caseId });
    expect(created).toMatchObject({ channel: 'phone', customer: { id: fx.customers.zhang } });
    const done = await agent.conversations.send({
      conversationId: id,
      expectedVersion: opened.conversation.version,
      idempotencyKey: key(),
      event: { type: 'WRAP_UP_DONE', disposition: 'case_opened' },
    });
    expect(done).toMatchObject({ status: 'ended', disposition: 'case_opened' });
    expect((await agent.conversations.byCustomer({ customerId: fx.customers.zhang })).map((c) => c.id)).toContain(id);
  });

  it('another agent cannot take or end someone else’s call; a stale version is a conflict', async () => {
    const call = await offeredCall();
    const id = call._id.toHexString();
    await expect(
      as(fx.users.otherAgent).conversations.send({
        conversationId: id,
        expectedVersion: call.version,
        idempotencyKey: key(),
        event: { type: 'ACCEPT' },
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(
      as(fx.users.agent).conversations.send({
        conversationId: id,
        expectedVersion: call.version - 1,
        idempotencyKey: key(),
        event: { type: 'ACCEPT' },
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(
      as(fx.users.qa).conversations.send({
        conversationId: id,
        expectedVersion: call.version,
        idempotencyKey: key(),
        event: { type: 'ACCEPT' },
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('the job fires the offer expiry and the wrap-up end as events, once', async () => {
    const call = await offeredCall();
    const id = call._id.toHexString();
    clock.advance(deps.config.conversations.offerSeconds * 1000);
    expect(await fireDueConversationTimers(deps)).toBeGreaterThanOrEqual(1);
    expect((await ConversationModel.findById(id).lean())?.status).toBe('queued');
    const agent = { id: fx.users.agent.id, name: fx.users.agent.name };
    await sendSystemConversationEvent(deps, id, { type: 'ANSWER', agent }, key());
    await sendSystemConversationEvent(deps, id, { type: 'END' }, key());
    clock.advance(deps.config.conversations.wrapUpSeconds * 1000);
    await fireDueConversationTimers(deps);
    expect(await fireDueConversationTimers(deps)).toBe(0);
    const after = await ConversationModel.findById(id).lean();
    expect(after).toMatchObject({ status: 'ended', timers: [], nextDueAt: null });
    expect(after?.history?.map((h) => h.event)).toEqual([
      'CREATED',
      'OFFER',
      'OFFER_EXPIRED',
      'ANSWER',
      'END',
      'WRAP_UP_DUE',
    ]);
  });
});

describe('callbacks', () => {
  it('no answer is retried until the third attempt; a missed window is recorded as a breach', async () => {
    const from = new Date(clock.now().getTime() + 60_000);
    const callback = await as(fx.users.agent).conversations.callbacks.request({
      customerId: null,
      phone: '+86 138 0013 8000',
      window: { from: from.toISOString(), to: new Date(from.getTime() + 30 * 60_000).toISOString() },
      source: 'agent',
    });
    expect(callback).toMatchObject({ status: 'scheduled', customerId: fx.customers.zhang, phone: '138****8000' });
    expect(await fireDueCallbacks(deps)).toBe(0);
    const agent = as(fx.users.agent);
    for (let attempt = 1; attempt <= 3; attempt++) {
      clock.advance(attempt === 1 ? 60_000 : 10 * 60_000);
      expect(await fireDueCallbacks(deps)).toBe(1);
      const record = await CallbackModel.findById(callback.id).lean();
      expect(record).toMatchObject({ status: 'queued', attempts: attempt });
      const attemptConversation = await ConversationModel.findById(record?.conversationId).lean();
      const { record: answered } = await sendSystemConversationEvent(
        deps,
        String(record?.conversationId),
        { type: 'ANSWER', agent: { id: fx.users.agent.id, name: fx.users.agent.name } },
        key(),
      );
      expect(attemptConversation?.channel).toBe('callback');
      await agent.conversations.send({
        conversationId: String(record?.conversationId),
        expectedVersion: answered.version,
        idempotencyKey: key(),
        event: { type: 'CALLBACK_OUTCOME', outcome: 'no_answer' },
      });
    }
    const failed = await CallbackModel.findById(callback.id).lean();
    expect(failed).toMatchObject({ status: 'failed', attempts: 3, dueAt: null });

    const late = await requestCallback(deps, {
      customerId: null,
      phone: ZHANG_PHONE,
      window: { from: clock.now().toISOString(), to: new Date(clock.now().getTime() + 60_000).toISOString() },
      source: 'chat',
    });
    clock.advance(61_000);
    expect(await recordCallbackBreaches(deps)).toBeGreaterThanOrEqual(1);
    expect(await recordCallbackBreaches(deps)).toBe(0);
    expect((await CallbackModel.findById(late.id).lean())?.breachedAt).toEqual(clock.now());
  });
});
