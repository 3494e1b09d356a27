/**
 * Money paths a hostile insider or a careless client tried (issue 7, items 3-6): one ticket
 * refunded or changed by one case only, cases only on the customer's own bookings, compensation
 * limits over running totals with a second person, and create keys that cannot be reused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Types } from 'mongoose';
import { TRPCError } from '@trpc/server';
import { CaseModel, type CaseRecord } from '../../server/src/db/models/case';
import { DepartureModel } from '../../server/src/db/models/departure';
import { BookingModel } from '../../server/src/db/models/booking';
import { CustomerModel } from '../../server/src/db/models/customer';
import { performOutbox } from '../../server/src/cases/jobs';
import type { SessionUser } from '../../shared/auth';
import { connectTestDatabase, countingGateway } from '../support/deps';
import { engineTestContext, failureOf, newKey, step, ticketedRailBooking, type Caller } from '../support/engine-steps';
import { createPlatformFixtures, LI_ID, ZHANG_ID, type PlatformFixtures } from '../support/platform';

let cleanup: () => Promise<void>;
let fx: PlatformFixtures;

beforeAll(async () => {
  cleanup = await connectTestDatabase('case_money');
  fx = await createPlatformFixtures();
});
afterAll(async () => cleanup());

const key = () => newKey('money');

const setup = () => engineTestContext('2026-05-10T09:00:00+08:00');

/** Payouts the gateway made for these cases (other tests' outbox entries run in the same jobs). */
function payoutsFor(gateway: { payouts: Map<string, number> }, ...cases: { id: string }[]): number {
  return [...gateway.payouts.keys()].filter((k) => cases.some((c) => k.startsWith(`${c.id}:`))).length;
}

let refSeq = 0;
/** A ticketed rail booking of 张伟 with one adult ticket p1 on a train two weeks away. */
async function zhangBooking(): Promise<{ id: string; ticketNumber: string }> {
  const n = String(++refSeq).padStart(5, '0');
  const { id, ticketNumber } = await ticketedRailBooking(fx, {
    ref: `MY${n}`,
    departureCode: `G${n}`,
    ticketNumber: `E7${n}`,
  });
  return { id, ticketNumber };
}

async function quotedRefund(agent: Caller, bookingId: string) {
  let c = await agent.cases.create({
    kind: 'refund',
    channel: 'phone',
    customerId: fx.customers.zhang,
    bookingId,
    subject: '退票',
    idempotencyKey: key(),
  });
  c = await step(agent, c, { type: 'VERIFY', idNumber: ZHANG_ID });
  return step(agent, c, { type: 'QUOTE_REFUND', passengerIds: ['p1'], reason: '行程取消' });
}

async function quotedChange(agent: Caller, bookingId: string, departureId: string) {
  let c = await agent.cases.create({
    kind: 'change',
    channel: 'phone',
    customerId: fx.customers.zhang,
    bookingId,
    subject: '改签',
    idempotencyKey: key(),
  });
  c = await step(agent, c, { type: 'VERIFY', idNumber: ZHANG_ID });
  return step(agent, c, { type: 'CHOOSE_DEPARTURE', departureId, classCode: 'O', passengerIds: ['p1'] });
}

describe('one ticket, one case (issue 7.3)', () => {
  it('two refund cases racing for one ticket: one settles, the other is told which case holds it, the gateway pays once', async () => {
    const ctx = setup();
    const booking = await zhangBooking();
    const a = await quotedRefund(ctx.as(fx.users.agent), booking.id);
    const b = await quotedRefund(ctx.as(fx.users.otherAgent), booking.id);
    const results = await Promise.allSettled([
      step(ctx.as(fx.users.agent), a, { type: 'CUSTOMER_CONFIRMED' }),
      step(ctx.as(fx.users.otherAgent), b, { type: 'CUSTOMER_CONFIRMED' }),
    ]);
    await performOutbox(ctx.deps);
    await performOutbox(ctx.deps);
    const states = await Promise.all(
      [a, b].map(async (c) => (await CaseModel.findById(c.id).lean<CaseRecord>())?.state),
    );
    console.log('refund race:', states.join(' / '), '| payouts', payoutsFor(ctx.gateway, a, b));
    expect(payoutsFor(ctx.gateway, a, b)).toBe(1);
    expect(states.filter((s) => s === 'settled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected');
    expect(refused?.status).toBe('rejected');
    const winner = results[0]?.status === 'fulfilled' ? a : b;
    expect((refused as PromiseRejectedResult).reason.message).toContain(
      `Ticket ${booking.ticketNumber} is being refunded in ${winner.ref}`,
    );
  });

  it('a quote on a ticket another case is refunding says which case holds it', async () => {
    const ctx = setup();
    const booking = await zhangBooking();
    const a = await quotedRefund(ctx.as(fx.users.agent), booking.id);
    await step(ctx.as(fx.users.agent), a, { type: 'CUSTOMER_CONFIRMED' });
    const error = await failureOf(quotedRefund(ctx.as(fx.users.otherAgent), booking.id));
    console.log('quote while held:', error.message);
    expect(error.message).toContain(`Ticket ${booking.ticketNumber} is being refunded in ${a.ref}`);
    // The quote seen before a case opens follows the same rule.
    const preview = await failureOf(
      ctx.as(fx.users.otherAgent).quote.refund({ bookingId: booking.id, passengerIds: ['p1'] }),
    );
    expect([preview.code, preview.message]).toEqual([
      'CONFLICT',
      `Ticket ${booking.ticketNumber} is being refunded in ${a.ref}.`,
    ]);
  });

  it('a refund racing a change: only one of them gets the ticket', async () => {
    const ctx = setup();
    const booking = await zhangBooking();
    const other = await DepartureModel.create({
      mode: 'rail',
      code: 'G88',
      origin: 'BJP',
      destination: 'SHH',
      departureAt: new Date('2026-05-26T09:00:00+08:00'),
      ruleSet: 'cn-rail',
      classes: [{ code: 'O', name: '二等座', priceFen: 55_300, seatsLeft: 50 }],
    });
    const refund = await quotedRefund(ctx.as(fx.users.agent), booking.id);
    const change = await quotedChange(ctx.as(fx.users.otherAgent), booking.id, other._id.toHexString());
    const results = await Promise.allSettled([
      step(ctx.as(fx.users.agent), refund, { type: 'CUSTOMER_CONFIRMED' }),
      step(ctx.as(fx.users.otherAgent), change, { type: 'CUSTOMER_CONFIRMED' }),
    ]);
    await performOutbox(ctx.deps);
    await performOutbox(ctx.deps);
    const stored = await BookingModel.findById(booking.id).lean();
    const reissued = await BookingModel.countDocuments({ departureId: other._id });
    console.log(
      'refund vs change:',
      results.map((r) => r.status).join(' / '),
      '| payouts',
      payoutsFor(ctx.gateway, refund, change),
      '| reissued bookings',
      reissued,
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(payoutsFor(ctx.gateway, refund, change) + reissued).toBe(1);
    expect(['refunded', 'changed']).toContain(stored?.passengers[0]?.status);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason.message).toMatch(
      /Ticket E7\d+ is being (refunded|changed) in (RF|CH)-\d+/,
    );
  });

  it('a declined case releases the ticket for the next case', async () => {
    const ctx = setup();
    const supervisor = ctx.as(fx.users.supervisor);
    // The payout fails, the case is escalated and closed unpaid: the ticket is free again.
    ctx.deps.paymentGateway = countingGateway({ failRefunds: 5 });
    const booking2 = await zhangBooking();
    const c = await quotedRefund(ctx.as(fx.users.agent), booking2.id);
    const d = await quotedRefund(ctx.as(fx.users.otherAgent), booking2.id);
    await step(ctx.as(fx.users.agent), c, { type: 'CUSTOMER_CONFIRMED' });
    const stillHeld = await failureOf(step(ctx.as(fx.users.otherAgent), d, { type: 'CUSTOMER_CONFIRMED' }));
    expect(stillHeld.message).toContain(`is being refunded in ${c.ref}`);
    await performOutbox(ctx.deps);
    let failed = await ctx.as(fx.users.agent).cases.get({ id: c.id });
    expect(failed.state).toBe('failed');
    failed = await step(ctx.as(fx.users.agent), failed, { type: 'ESCALATE', reason: '银行拒绝' });
    await step(supervisor, failed, { type: 'CLOSE' });
    ctx.deps.paymentGateway = ctx.gateway;
    const fresh = await ctx.as(fx.users.otherAgent).cases.get({ id: d.id });
    const requoted = await step(ctx.as(fx.users.otherAgent), fresh, {
      type: 'REQUOTE',
      passengerIds: ['p1'],
      reason: '行程取消',
    });
    const confirmed = await step(ctx.as(fx.users.otherAgent), requoted, { type: 'CUSTOMER_CONFIRMED' });
    console.log('after release:', confirmed.state);
    expect(confirmed.state).toBe('submitting');

    // A refund the supervisor rejects lets go of the ticket too.
    const booking4 = await zhangBooking();
    let g = await ctx.as(fx.users.agent).cases.create({
      kind: 'refund',
      channel: 'phone',
      customerId: fx.customers.zhang,
      bookingId: booking4.id,
      subject: '退票',
      idempotencyKey: key(),
    });
    g = await step(ctx.as(fx.users.agent), g, { type: 'VERIFY', idNumber: ZHANG_ID });
    g = await step(ctx.as(fx.users.agent), g, {
      type: 'QUOTE_REFUND',
      passengerIds: ['p1'],
      involuntary: true,
      reason: '列车停运',
    });
    g = await step(ctx.as(fx.users.agent), g, { type: 'CUSTOMER_CONFIRMED' });
    expect(g.state).toBe('awaiting_approval');
    const h = await quotedRefund(ctx.as(fx.users.otherAgent), booking4.id).catch((e: unknown) => e as TRPCError);
    expect((h as TRPCError).message).toContain(`is being refunded in ${g.ref}`);
    await step(supervisor, g, { type: 'REJECT', reason: '非承运人原因' });
    expect(
      (
        await step(ctx.as(fx.users.otherAgent), await quotedRefund(ctx.as(fx.users.otherAgent), booking4.id), {
          type: 'CUSTOMER_CONFIRMED',
        })
      ).state,
    ).toBe('submitting');

    // A case the customer declines never held the ticket: the next case goes ahead.
    const booking3 = await zhangBooking();
    const e = await quotedRefund(ctx.as(fx.users.agent), booking3.id);
    await step(ctx.as(fx.users.agent), e, { type: 'CUSTOMER_DECLINED', reason: '不退了' });
    const f = await quotedRefund(ctx.as(fx.users.otherAgent), booking3.id);
    expect((await step(ctx.as(fx.users.otherAgent), f, { type: 'CUSTOMER_CONFIRMED' })).state).toBe('submitting');
  });

  it('the outbox checks again before paying: a ticket no longer this case’s is not paid for', async () => {
    const ctx = setup();
    const booking = await zhangBooking();
    const a = await quotedRefund(ctx.as(fx.users.agent), booking.id);
    expect((await step(ctx.as(fx.users.agent), a, { type: 'CUSTOMER_CONFIRMED' })).state).toBe('submitting');
    // Before the payout runs, the ticket is refunded some other way (an import, the carrier's own desk).
    await BookingModel.updateOne(
      { _id: booking.id },
      { $set: { 'passengers.0.status': 'refunded', 'passengers.0.claim': null } },
    );
    await performOutbox(ctx.deps);
    const stored = await CaseModel.findById(a.id).lean<CaseRecord>();
    console.log('outbox re-check:', stored?.state, '| payouts', payoutsFor(ctx.gateway, a));
    expect(stored?.state).toBe('failed');
    expect(payoutsFor(ctx.gateway, a)).toBe(0);
    expect(stored?.history.at(-1)?.payload).toMatchObject({
      reason: expect.stringContaining(`Ticket ${booking.ticketNumber} is refunded already`),
    });
  });

  it('a claim left by a process that crashed before writing the case does not hold the ticket', async () => {
    const ctx = setup();
    const booking = await zhangBooking();
    const a = await quotedRefund(ctx.as(fx.users.agent), booking.id);
    // The claim was written, then the process died before the case moved on: the case is still 'quoted'.
    await BookingModel.collection.updateOne(
      { _id: new Types.ObjectId(booking.id) },
      { $set: { 'passengers.0.claim': { caseId: a.id, caseRef: a.ref, kind: 'refund', claimedAt: ctx.clock.now() } } },
    );
    // For 30 s such a claim counts (its case's write may be on its way); then it is free.
    ctx.clock.advance(31_000);
    const b = await quotedRefund(ctx.as(fx.users.otherAgent), booking.id);
    expect((await step(ctx.as(fx.users.otherAgent), b, { type: 'CUSTOMER_CONFIRMED' })).state).toBe('submitting');
  });
});

describe('booking status follows its tickets (issue 8)', () => {
  it('a booking whose tickets were all changed says so', async () => {
    const ctx = setup();
    const booking = await zhangBooking();
    const other = await DepartureModel.create({
      mode: 'rail',
      code: 'G99',
      origin: 'BJP',
      destination: 'SHH',
      departureAt: new Date('2026-05-27T09:00:00+08:00'),
      ruleSet: 'cn-rail',
      classes: [{ code: 'O', name: '二等座', priceFen: 55_300, seatsLeft: 50 }],
    });
    const agent = ctx.as(fx.users.agent);
    const change = await quotedChange(agent, booking.id, other._id.toHexString());
    await step(agent, change, { type: 'CUSTOMER_CONFIRMED' });
    await performOutbox(ctx.deps);
    await performOutbox(ctx.deps);
    const dto = await agent.bookings.get({ id: booking.id });
    console.log('all changed:', dto.status, dto.tickets.map((t) => t.status).join(','));
    expect(dto.tickets.map((t) => t.status)).toEqual(['changed']);
    expect(dto.status).toBe('changed');
  });
});

describe('cases only on the customer’s own bookings (issue 7.4)', () => {
  it('refuses a case for another customer’s booking', async () => {
    const { as } = setup();
    const error = await failureOf(
      as(fx.users.agent).cases.create({
        kind: 'refund',
        channel: 'phone',
        customerId: fx.customers.li,
        bookingId: fx.bookings.smithAir.id,
        subject: '退票',
        idempotencyKey: key(),
      }),
    );
    console.log('other customer booking:', error.code, error.message);
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toContain('TD0000002');
  });

  it('refuses linking another customer’s booking', async () => {
    const { as } = setup();
    const agent = as(fx.users.agent);
    const c = await agent.cases.create({
      kind: 'refund',
      channel: 'phone',
      customerId: fx.customers.li,
      bookingId: fx.bookings.zhangRail.id,
      subject: '退票',
      idempotencyKey: key(),
    });
    const error = await failureOf(step(agent, c, { type: 'LINK_BOOKING', bookingId: fx.bookings.smithAir.id }));
    console.log('link other booking:', error.code, error.message);
    expect(error.code).toBe('BAD_REQUEST');
  });

  it('counts a passenger as the customer only when the document type matches too', async () => {
    const { as } = setup();
    const agent = as(fx.users.agent);
    // A passport whose number happens to read like 李娜's resident ID is another person's document.
    const lookalike = await CustomerModel.create({
      name: '冒名者',
      phone: '13900002222',
      email: null,
      idType: 'passport',
      idNumber: LI_ID,
      vipTier: 'none',
    });
    const error = await failureOf(
      agent.cases.create({
        kind: 'refund',
        channel: 'phone',
        customerId: lookalike._id.toHexString(),
        bookingId: fx.bookings.zhangRail.id,
        subject: '退票',
        idempotencyKey: key(),
      }),
    );
    console.log('passport lookalike:', error.code, error.message);
    expect(error.code).toBe('BAD_REQUEST');
  });

  it('verifies the caller against the booking’s holder or passengers, not the case’s customer', async () => {
    const { as } = setup();
    const agent = as(fx.users.agent);
    // 李娜 is a passenger (p2) of 张伟's booking: her case on it may be opened and she verifies with her own ID.
    let c = await agent.cases.create({
      kind: 'refund',
      channel: 'phone',
      customerId: fx.customers.li,
      bookingId: fx.bookings.zhangRail.id,
      subject: '退票',
      idempotencyKey: key(),
    });
    c = await step(agent, c, { type: 'VERIFY', idNumber: LI_ID });
    expect(c.state).toBe('selecting');
    // The holder reading out a passenger's ID on the holder's case is verified too.
    let d = await agent.cases.create({
      kind: 'refund',
      channel: 'phone',
      customerId: fx.customers.zhang,
      bookingId: fx.bookings.zhangRail.id,
      subject: '退票',
      idempotencyKey: key(),
    });
    d = await step(agent, d, { type: 'VERIFY', idNumber: LI_ID });
    console.log('verify with passenger ID:', d.state);
    expect(d.state).toBe('selecting');
    // The case cannot be relinked to someone else, and their ID does not unlock this booking.
    let e = await agent.cases.create({
      kind: 'refund',
      channel: 'phone',
      customerId: fx.customers.zhang,
      bookingId: fx.bookings.zhangRail.id,
      subject: '退票',
      idempotencyKey: key(),
    });
    expect((await failureOf(step(agent, e, { type: 'LINK_CUSTOMER', customerId: fx.customers.smith }))).code).toBe(
      'BAD_REQUEST',
    );
    e = await step(agent, e, { type: 'VERIFY', idNumber: 'E12345678' });
    expect(e.state).toBe('verifying');
  });
});

describe('compensation limits (issue 7.5)', () => {
  async function resolvedComplaint(ctx: ReturnType<typeof setup>, amountFen: number, accepter: SessionUser) {
    const handler = ctx.as(fx.users.complaint_handler);
    let c = await handler.cases.create({
      kind: 'complaint',
      channel: 'phone',
      customerId: fx.customers.smith,
      subject: '投诉',
      idempotencyKey: key(),
    });
    c = await step(handler, c, { type: 'ACKNOWLEDGE', message: '已收到' });
    c = await step(handler, c, { type: 'START_INVESTIGATION' });
    c = await step(handler, c, { type: 'PROPOSE_RESOLUTION', kind: 'voucher', amountFen, text: '代金券' });
    c = await step(ctx.as(accepter), c, { type: 'CUSTOMER_ACCEPTED' });
    await performOutbox(ctx.deps);
    return ctx.as(fx.users.complaint_handler).cases.get({ id: c.id });
  }

  it('the person who proposed cannot also record the customer’s acceptance above ¥50', async () => {
    const ctx = setup();
    const handler = ctx.as(fx.users.complaint_handler);
    let c = await handler.cases.create({
      kind: 'complaint',
      channel: 'phone',
      customerId: fx.customers.li,
      subject: '投诉',
      idempotencyKey: key(),
    });
    c = await step(handler, c, { type: 'ACKNOWLEDGE', message: '已收到' });
    c = await step(handler, c, { type: 'START_INVESTIGATION' });
    c = await step(handler, c, { type: 'PROPOSE_RESOLUTION', kind: 'voucher', amountFen: 20_000, text: '代金券' });
    const error = await failureOf(step(handler, c, { type: 'CUSTOMER_ACCEPTED' }));
    console.log('self-accept:', error.message);
    expect(error.message).toContain('The person who proposed');
    expect((await step(ctx.as(fx.users.supervisor), c, { type: 'CUSTOMER_ACCEPTED' })).state).toBe('resolved');
  });

  it('a reopened case’s new compensation needs a supervisor, and the case and customer totals count', async () => {
    const ctx = setup();
    const handler = ctx.as(fx.users.complaint_handler);
    let c = await resolvedComplaint(ctx, 15_000, fx.users.supervisor);
    c = await step(handler, c, { type: 'CLOSE' });
    c = await step(handler, c, { type: 'REOPEN', reason: '代金券无法使用' });
    const reopened = await failureOf(
      step(handler, c, { type: 'PROPOSE_RESOLUTION', kind: 'voucher', amountFen: 3_000, text: '再补偿' }),
    );
    console.log('reopened proposal:', reopened.message);
    expect(reopened.message).toContain('reopened');
    // A supervisor may, within the running total of the case.
    c = await step(ctx.as(fx.users.supervisor), c, {
      type: 'PROPOSE_RESOLUTION',
      kind: 'voucher',
      amountFen: 3_000,
      text: '再补偿',
    });
    expect(c.state).toBe('resolution_proposed');

    // A second complaint for the same customer within 30 days: ¥150 already given, the handler's ¥200 covers only ¥50 more.
    let other = await handler.cases.create({
      kind: 'complaint',
      channel: 'phone',
      customerId: fx.customers.smith,
      subject: '再次投诉',
      idempotencyKey: key(),
    });
    other = await step(handler, other, { type: 'ACKNOWLEDGE', message: '已收到' });
    other = await step(handler, other, { type: 'START_INVESTIGATION' });
    const overCustomer = await failureOf(
      step(handler, other, { type: 'PROPOSE_RESOLUTION', kind: 'voucher', amountFen: 20_000, text: '代金券' }),
    );
    console.log('customer total:', overCustomer.message);
    expect(overCustomer.message).toContain('in the last 30 days');
    expect(
      (await step(handler, other, { type: 'PROPOSE_RESOLUTION', kind: 'voucher', amountFen: 2_000, text: '代金券' }))
        .state,
    ).toBe('resolution_proposed');
  });
});

describe('create keys (issue 7.6)', () => {
  it('refuses a create key already used for another case', async () => {
    const { as } = setup();
    const agent = as(fx.users.agent);
    const k = key();
    const complaint = await agent.cases.create({
      kind: 'complaint',
      channel: 'phone',
      customerId: fx.customers.zhang,
      subject: '投诉',
      idempotencyKey: k,
    });
    const again = await agent.cases.create({
      kind: 'complaint',
      channel: 'phone',
      customerId: fx.customers.zhang,
      subject: '投诉',
      idempotencyKey: k,
    });
    expect(again.id).toBe(complaint.id);
    const error = await failureOf(
      agent.cases.create({
        kind: 'refund',
        channel: 'phone',
        customerId: fx.customers.zhang,
        bookingId: fx.bookings.zhangRail.id,
        subject: '退票',
        idempotencyKey: k,
      }),
    );
    console.log('reused create key:', error.code, error.message);
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toContain('already used for a different action');
  });
});
