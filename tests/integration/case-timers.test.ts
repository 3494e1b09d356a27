/**
 * The timer job against MongoDB: a timer the state no longer accepts is dropped through the engine,
 * a timer that fails for another reason rests before it is tried again, and a case keeps its place
 * in the queue (waitingSince) until it moves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { Types } from 'mongoose';
import { CaseModel, type CaseRecord } from '../../server/src/db/models/case';
import { fireDueTimers, SYSTEM_ACTOR } from '../../server/src/cases/jobs';
import { dropTimer } from '../../server/src/cases/engine';
import { connectTestDatabase } from '../support/deps';
import { engineTestContext, newKey } from '../support/engine-steps';
import { createPlatformFixtures, ZHANG_ID, type PlatformFixtures } from '../support/platform';

let cleanup: () => Promise<void>;
let fx: PlatformFixtures;

beforeAll(async () => {
  cleanup = await connectTestDatabase('case_timers');
  fx = await createPlatformFixtures();
});
afterAll(async () => cleanup());

const key = () => newKey('timers');

/** Log lines at error level and above, parsed, so a test can count what the job reported. */
function recordingLogger() {
  const lines: { msg: string; caseId?: string }[] = [];
  const logger = pino(
    { level: 'warn' },
    { write: (line: string) => lines.push(JSON.parse(line) as { msg: string; caseId?: string }) },
  );
  return { logger, lines };
}

function setup() {
  const log = recordingLogger();
  return { ...engineTestContext('2026-05-05T09:00:00+08:00', { logger: log.logger }), log };
}

type Setup = ReturnType<typeof setup>;

function openRefund(ctx: Setup) {
  return ctx.as(fx.users.agent).cases.create({
    kind: 'refund',
    channel: 'phone',
    customerId: fx.customers.zhang,
    bookingId: fx.bookings.zhangRail.id,
    subject: '客户要求退票',
    idempotencyKey: key(),
  });
}

function openComplaint(ctx: Setup) {
  return ctx.as(fx.users.agent).cases.create({
    kind: 'complaint',
    channel: 'phone',
    customerId: fx.customers.zhang,
    subject: '投诉',
    idempotencyKey: key(),
  });
}

/** Writes timers onto a case behind the machine's back (as a machine that forgot to clear one would leave them). */
async function plantTimers(caseId: string, timers: { key: string; event: string; dueAt: Date }[]) {
  const sorted = [...timers].sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  await CaseModel.collection.updateOne(
    { _id: new Types.ObjectId(caseId) },
    {
      $set: {
        'snapshot.context.timers': timers.map((t) => ({ ...t, dueAt: t.dueAt.toISOString() })),
        timers: sorted,
        nextDueAt: sorted[0]?.dueAt ?? null,
        nextDueEvent: sorted[0]?.event ?? null,
      },
    },
  );
}

const stored = async (id: string) => (await CaseModel.findById(id).lean<CaseRecord>())!;

describe('a timer its state no longer accepts', () => {
  it('is dropped by an engine write: version-guarded, TIMER_DROPPED in the history, pushed, and only that timer', async () => {
    const ctx = setup();
    const c = await openRefund(ctx);
    const now = ctx.clock.now().getTime();
    const stale = { key: 'hold', event: 'HOLD_EXPIRED', dueAt: new Date(now - 60_000) };
    const later = { key: 'deadline', event: 'DEADLINE_DUE', dueAt: new Date(now + 3_600_000) };
    await plantTimers(c.id, [stale, later]);
    const before = await stored(c.id);

    expect(await fireDueTimers(ctx.deps)).toBe(0);

    const after = await stored(c.id);
    expect(after.version).toBe(before.version + 1);
    expect(after.state).toBe(before.state);
    expect(after.snapshot.context.timers).toEqual([
      { key: 'deadline', event: 'DEADLINE_DUE', dueAt: later.dueAt.toISOString() },
    ]);
    expect(after.timers.map((t) => t.key)).toEqual(['deadline']);
    expect(after.nextDueAt?.toISOString()).toBe(later.dueAt.toISOString());
    expect(after.nextDueEvent).toBe('DEADLINE_DUE');
    const last = after.history[after.history.length - 1]!;
    expect(last).toMatchObject({
      event: 'TIMER_DROPPED',
      from: before.state,
      to: before.state,
      actor: { id: 'system' },
    });
    expect(last.payload).toEqual({ timer: 'hold', event: 'HOLD_EXPIRED', dueAt: stale.dueAt.toISOString() });
    // Remembered like every engine write, so a second process dropping the same timer is a replay.
    expect(after.idempotencyKeys).toContain(`timer-drop:hold:${stale.dueAt.toISOString()}#TIMER_DROPPED`);
    expect(after.waitingSince.toISOString()).toBe(before.waitingSince.toISOString());
    expect(ctx.publisher.pushes.at(-1)?.item).toMatchObject({
      id: c.id,
      version: after.version,
      nextDueEvent: 'DEADLINE_DUE',
    });
    expect(ctx.log.lines.map((l) => l.msg)).toContain('dropped a timer its state does not accept');

    // Nothing left to drop or fire: a second run writes nothing.
    expect(await fireDueTimers(ctx.deps)).toBe(0);
    expect((await stored(c.id)).version).toBe(after.version);
  });

  it('is left alone when it was re-armed meanwhile (same key, another due time)', async () => {
    const ctx = setup();
    const c = await openRefund(ctx);
    const now = ctx.clock.now().getTime();
    const rearmed = { key: 'hold', event: 'HOLD_EXPIRED', dueAt: new Date(now + 600_000) };
    await plantTimers(c.id, [rearmed]);
    const before = await stored(c.id);

    const result = await dropTimer(ctx.deps, {
      caseId: c.id,
      timer: { ...rearmed, dueAt: new Date(now - 60_000) },
      actor: SYSTEM_ACTOR,
    });

    expect(result).toBeNull();
    const after = await stored(c.id);
    expect(after.version).toBe(before.version);
    expect(after.timers.map((t) => t.dueAt.toISOString())).toEqual([rearmed.dueAt.toISOString()]);
  });
});

describe('a timer that fails for another reason', () => {
  it('rests a minute while the other timers keep firing, then is tried again', async () => {
    const ctx = setup();
    const broken = await openComplaint(ctx);
    const healthy = await openComplaint(ctx);
    // The broken case's first-response timer is due first, so it heads the due list every run.
    const start = ctx.clock.now().getTime();
    await plantTimers(broken.id, [{ key: 'firstResponse', event: 'FIRST_RESPONSE_DUE', dueAt: new Date(start) }]);
    await CaseModel.collection.updateOne(
      { _id: new Types.ObjectId(broken.id) },
      { $set: { 'snapshot.value': 'no_such_state' } },
    );
    const failures = () =>
      ctx.log.lines.filter((l) => l.msg === 'timer event failed; will retry' && l.caseId === broken.id).length;

    // 31 minutes in: the healthy complaint's first response (30 min) is due too.
    ctx.clock.advance(31 * 60_000);
    expect(await fireDueTimers(ctx.deps)).toBe(1);
    expect(failures()).toBe(1);
    expect((await stored(healthy.id)).history.map((h) => h.event)).toContain('FIRST_RESPONSE_DUE');

    // Ten seconds later the broken case is resting: not tried again.
    ctx.clock.advance(10_000);
    await fireDueTimers(ctx.deps);
    expect(failures()).toBe(1);

    // After the minute it is tried again (and fails again, and rests again).
    ctx.clock.advance(60_000);
    await fireDueTimers(ctx.deps);
    expect(failures()).toBe(2);
    ctx.clock.advance(10_000);
    await fireDueTimers(ctx.deps);
    expect(failures()).toBe(2);
    expect((await stored(broken.id)).version).toBe(broken.version);
    await CaseModel.deleteOne({ _id: new Types.ObjectId(broken.id) });
  });
});

describe('waitingSince', () => {
  it('is kept while a case stays in its queue and state, and reset when it moves', async () => {
    const ctx = setup();
    const agent = ctx.as(fx.users.agent);
    let c = await openRefund(ctx);
    const created = c.waitingSince;
    expect(created).toBe(ctx.clock.now().toISOString());

    ctx.clock.advance(5 * 60_000);
    c = await agent.cases.send({
      caseId: c.id,
      expectedVersion: c.version,
      idempotencyKey: key(),
      event: { type: 'ADD_NOTE', text: '客户稍后回电' },
    });
    c = await agent.cases.send({
      caseId: c.id,
      expectedVersion: c.version,
      idempotencyKey: key(),
      event: { type: 'UNASSIGN' },
    });
    expect(c.waitingSince).toBe(created);
    expect((await agent.queue.snapshot({ queues: ['refunds'] })).items.find((i) => i.id === c.id)?.waitingSince).toBe(
      created,
    );

    // A new state is a new wait.
    ctx.clock.advance(60_000);
    const verifiedAt = ctx.clock.now().toISOString();
    c = await agent.cases.send({
      caseId: c.id,
      expectedVersion: c.version,
      idempotencyKey: key(),
      event: { type: 'VERIFY', idNumber: ZHANG_ID },
    });
    expect(c.state).not.toBe('new');
    expect(c.waitingSince).toBe(verifiedAt);

    // Another queue is a new wait, too.
    ctx.clock.advance(60_000);
    const transferredAt = ctx.clock.now().toISOString();
    c = await agent.cases.send({
      caseId: c.id,
      expectedVersion: c.version,
      idempotencyKey: key(),
      event: { type: 'TRANSFER', queue: 'escalations' },
    });
    expect(c.queue).toBe('escalations');
    expect(c.state).toBe((await stored(c.id)).history.at(-2)?.to);
    expect(c.waitingSince).toBe(transferredAt);
  });
});
