/**
 * The case engine against MongoDB over a socket: optimistic concurrency, idempotency, durable
 * timers across a restart, and refunds that are paid exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { Types } from 'mongoose';
import { formatErrorMessage } from '../../server/src/trpc/init';
import { CaseModel, type CaseRecord } from '../../server/src/db/models/case';
import { DepartureModel } from '../../server/src/db/models/departure';
import { BookingModel } from '../../server/src/db/models/booking';
import { startCaseJobs, performOutbox } from '../../server/src/cases/jobs';
import type { AppDeps } from '../../server/src/deps';
import { connectTestDatabase, countingGateway } from '../support/deps';
import { createPlatformFixtures, ZHANG_ID, type PlatformFixtures } from '../support/platform';
import { dataOf } from '../support/case-data';
import {
  engineTestContext,
  newKey,
  step,
  ticketedRailBooking,
  type Caller,
  type SaleFields,
} from '../support/engine-steps';

let cleanup: () => Promise<void>;
let fx: PlatformFixtures;

beforeAll(async () => {
  cleanup = await connectTestDatabase('case_engine');
  fx = await createPlatformFixtures();
});
afterAll(async () => cleanup());

const key = () => newKey('test-key');

/** A rail departure BJP → SHH with one second-class fare of ¥553. */
async function railDeparture(code: string, departureAt: string, seatsLeft: number) {
  return DepartureModel.create({
    mode: 'rail',
    code,
    origin: 'BJP',
    destination: 'SHH',
    departureAt: new Date(departureAt),
    ruleSet: 'cn-rail',
    classes: [{ code: 'O', name: '二等座', priceFen: 55_300, seatsLeft }],
  });
}

/** Bought on 12306 with 张伟's account, paid electronically: the sale the mistaken-purchase window is for. */
const ZHANG_ONLINE: SaleFields = {
  channel: 'online',
  payment: 'electronic',
  purchaseType: 'normal',
  purchaser: '12306:zhangwei',
};

/** A ticketed booking of second-class tickets for 张伟 (p1) and, with `withChild`, 张小明 (p2); returns its id. */
async function zhangBooking(
  ref: string,
  departureId: string,
  purchasedAt: string,
  sale: SaleFields = ZHANG_ONLINE,
  withChild = false,
): Promise<string> {
  const child = {
    passengerId: 'p2',
    name: '张小明',
    idType: 'resident_id',
    idNumber: '110105201803151237',
    passengerType: 'child',
    ticketNumber: `E8${ref}`,
    classCode: 'O',
    seat: '01车1B',
    fareFen: 27_650,
  };
  const booking = await ticketedRailBooking(fx, {
    ref,
    departureId,
    purchasedAt,
    sale,
    ticketNumber: `E9${ref}`,
    morePassengers: withChild ? [child] : [],
    totalFen: withChild ? 82_950 : 55_300,
  });
  return booking.id;
}

/** A change case moving 张伟's ticket p1 to another departure, confirmed by the customer. */
async function confirmedChange(agent: Caller, bookingId: string, departureId: string) {
  let c = await agent.cases.create({
    kind: 'change',
    channel: 'phone',
    customerId: fx.customers.zhang,
    bookingId,
    subject: '改签',
    idempotencyKey: key(),
  });
  c = await step(agent, c, { type: 'VERIFY', idNumber: ZHANG_ID });
  c = await step(agent, c, { type: 'CHOOSE_DEPARTURE', departureId, classCode: 'O', passengerIds: ['p1'] });
  return step(agent, c, { type: 'CUSTOMER_CONFIRMED' });
}

const setup = (overrides: Partial<AppDeps> = {}) => engineTestContext('2026-05-05T09:00:00+08:00', overrides);

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
}

async function openRefundCase(as: ReturnType<typeof setup>['as']) {
  return as(fx.users.agent).cases.create({
    kind: 'refund',
    channel: 'phone',
    customerId: fx.customers.zhang,
    bookingId: fx.bookings.zhangRail.id,
    subject: '客户要求退票',
    idempotencyKey: key(),
  });
}

describe('version-guarded writes', () => {
  it('gives exactly one success and 19 CONFLICTs for 20 concurrent sends at one version', async () => {
    const { as } = setup();
    const created = await openRefundCase(as);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        codeOf(
          as(i % 2 ? fx.users.agent : fx.users.otherAgent).cases.send({
            caseId: created.id,
            expectedVersion: created.version,
            idempotencyKey: key(),
            event: { type: 'ADD_NOTE', text: `note ${i}` },
          }),
        ),
      ),
    );
    expect(results.filter((r) => r === 'OK')).toHaveLength(1);
    expect(results.filter((r) => r === 'CONFLICT')).toHaveLength(19);
    const stored = await CaseModel.findById(created.id).lean<CaseRecord>();
    expect(stored?.history.map((h) => h.event)).toEqual(['CREATED', 'ADD_NOTE']);
    expect(stored?.version).toBe(created.version + 1);
  });

  it('tells the slower agent who changed the case, and loses nothing', async () => {
    const { as } = setup();
    const created = await openRefundCase(as);
    await as(fx.users.agent).cases.send({
      caseId: created.id,
      expectedVersion: created.version,
      idempotencyKey: key(),
      event: { type: 'ADD_NOTE', text: '客户来电确认' },
    });
    const error = await as(fx.users.otherAgent)
      .cases.send({
        caseId: created.id,
        expectedVersion: created.version,
        idempotencyKey: key(),
        event: { type: 'ADD_NOTE', text: '我的备注' },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe('CONFLICT');
    expect((error as TRPCError).message).toContain('王芳 sent ADD_NOTE');
    const fresh = await as(fx.users.otherAgent).cases.get({ id: created.id });
    expect(fresh.notes.map((n) => n.text)).toEqual(['客户来电确认']);
  });

  it('answers a retried request with the first result instead of applying it twice', async () => {
    const { as } = setup();
    const created = await openRefundCase(as);
    const k = key();
    const send = () =>
      as(fx.users.agent).cases.send({
        caseId: created.id,
        expectedVersion: created.version,
        idempotencyKey: k,
        event: { type: 'ADD_NOTE', text: 'once' },
      });
    const first = await send();
    const second = await send();
    expect(second.version).toBe(first.version);
    const stored = await CaseModel.findById(created.id).lean<CaseRecord>();
    expect(stored?.history.filter((h) => h.event === 'ADD_NOTE')).toHaveLength(1);
  });

  it('refuses a key reused for a different action instead of pretending it was applied', async () => {
    const { as } = setup();
    const created = await openRefundCase(as);
    const k = key();
    const noted = await as(fx.users.agent).cases.send({
      caseId: created.id,
      expectedVersion: created.version,
      idempotencyKey: k,
      event: { type: 'ADD_NOTE', text: 'first' },
    });
    const error = await as(fx.users.agent)
      .cases.send({
        caseId: created.id,
        expectedVersion: noted.version,
        idempotencyKey: k,
        event: { type: 'VERIFY', idNumber: ZHANG_ID },
      })
      .catch((e: unknown) => e as TRPCError);
    expect((error as TRPCError).code).toBe('BAD_REQUEST');
    expect((error as TRPCError).message).toContain('already used for a different action');
    expect((await CaseModel.findById(created.id).lean<CaseRecord>())?.version).toBe(noted.version);
  });

  it('refuses an event the state does not accept, naming the state, and changes nothing', async () => {
    const { as } = setup();
    const created = await openRefundCase(as);
    const error = await as(fx.users.agent)
      .cases.send({
        caseId: created.id,
        expectedVersion: created.version,
        idempotencyKey: key(),
        event: { type: 'CUSTOMER_CONFIRMED' },
      })
      .catch((e: unknown) => e as TRPCError);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe('BAD_REQUEST');
    expect((error as TRPCError).message).toBe(
      `Event CUSTOMER_CONFIRMED is not allowed while the case is in state ${created.state}.`,
    );
    const stored = await CaseModel.findById(created.id).lean<CaseRecord>();
    expect(stored?.version).toBe(created.version);
  });

  it('offers only the events the state accepts for the role', async () => {
    const { as } = setup();
    const created = await openRefundCase(as);
    expect(created.allowedEvents).toContain('VERIFY');
    expect(created.allowedEvents).not.toContain('CUSTOMER_CONFIRMED');
    const asQa = await as(fx.users.qa).cases.get({ id: created.id });
    expect(asQa.allowedEvents).toEqual([]);
  });
});

describe('links', () => {
  it('shows the customer name in the queue once a customer is linked', async () => {
    const { as, publisher } = setup();
    const agent = as(fx.users.agent);
    let c = await agent.cases.create({
      kind: 'complaint',
      channel: 'chat',
      customerId: null,
      subject: '投诉：列车晚点',
      idempotencyKey: key(),
    });
    expect(c.customer).toBeNull();
    c = await agent.cases.send({
      caseId: c.id,
      expectedVersion: c.version,
      idempotencyKey: key(),
      event: { type: 'LINK_CUSTOMER', customerId: fx.customers.zhang },
    });
    expect(c.customer).toEqual({ id: fx.customers.zhang, name: '张伟' });
    expect(publisher.pushes.at(-1)?.item.customer?.name).toBe('张伟');
  });
});

describe('refunds', () => {
  async function driveToSubmitting(ctx: ReturnType<typeof setup>) {
    const agent = ctx.as(fx.users.agent);
    let c = await openRefundCase(ctx.as);
    c = await agent.cases.send({
      caseId: c.id,
      expectedVersion: c.version,
      idempotencyKey: key(),
      event: { type: 'VERIFY', idNumber: ZHANG_ID },
    });
    c = await agent.cases.send({
      caseId: c.id,
      expectedVersion: c.version,
      idempotencyKey: key(),
      event: { type: 'QUOTE_REFUND', passengerIds: ['p1'], reason: '行程取消' },
    });
    expect(c.state).toBe('quoted');
    return c;
  }

  it('pays a confirmed refund exactly once, whatever is retried or double-submitted', async () => {
    const ctx = setup();
    const agent = ctx.as(fx.users.agent);
    const quoted = await driveToSubmitting(ctx);
    const confirmKey = key();
    const confirm = (k: string) =>
      codeOf(
        agent.cases.send({
          caseId: quoted.id,
          expectedVersion: quoted.version,
          idempotencyKey: k,
          event: { type: 'CUSTOMER_CONFIRMED' },
        }),
      );
    // A double click (same key), and a second tab (new key, same version).
    expect(await Promise.all([confirm(confirmKey), confirm(confirmKey), confirm(key())])).toEqual(
      expect.arrayContaining(['OK', 'CONFLICT']),
    );

    // Two job processes race over the outbox, then both run again (a retry after a crash).
    await Promise.all([performOutbox(ctx.deps), performOutbox(ctx.deps)]);
    await Promise.all([performOutbox(ctx.deps), performOutbox(ctx.deps)]);

    const stored = await CaseModel.findById(quoted.id).lean<CaseRecord>();
    expect(stored?.state).toBe('settled');
    expect(ctx.gateway.payouts.size).toBe(1);
    const [paid] = [...ctx.gateway.payouts.values()];
    expect(paid).toBeGreaterThan(0);
    expect(stored?.history.filter((h) => h.event === 'REFUND_SETTLED')).toHaveLength(1);
    const booking = await BookingModel.findById(fx.bookings.zhangRail.id).lean();
    expect(booking?.passengers.find((p) => p.passengerId === 'p1')?.status).toBe('refunded');
  });

  it('retries a refund the gateway refused and still pays once', async () => {
    const gateway = countingGateway({ failRefunds: 1 });
    const ctx = setup({ paymentGateway: gateway });
    const agent = ctx.as(fx.users.agent);
    // Fresh booking state: p1 may be refunded by the test above, so quote the child ticket p2.
    let c = await openRefundCase(ctx.as);
    c = await agent.cases.send({
      caseId: c.id,
      expectedVersion: c.version,
      idempotencyKey: key(),
      event: { type: 'VERIFY', idNumber: ZHANG_ID },
    });
    c = await agent.cases.send({
      caseId: c.id,
      expectedVersion: c.version,
      idempotencyKey: key(),
      event: { type: 'QUOTE_REFUND', passengerIds: ['p2'], reason: '行程取消' },
    });
    c = await agent.cases.send({
      caseId: c.id,
      expectedVersion: c.version,
      idempotencyKey: key(),
      event: { type: 'CUSTOMER_CONFIRMED' },
    });
    await performOutbox(ctx.deps);
    c = await agent.cases.get({ id: c.id });
    expect(c.state).toBe('failed');
    c = await agent.cases.send({
      caseId: c.id,
      expectedVersion: c.version,
      idempotencyKey: key(),
      event: { type: 'RETRY' },
    });
    await performOutbox(ctx.deps);
    await performOutbox(ctx.deps);
    c = await agent.cases.get({ id: c.id });
    expect(c.state).toBe('settled');
    expect(gateway.refundCalls).toBe(2);
    expect(gateway.payouts.size).toBe(1);
  });
});

describe('outbox leases', () => {
  it('a process whose lease ran out cannot overwrite what the next holder recorded', async () => {
    let releaseFirst: () => void = () => undefined;
    const firstCallMayFail = new Promise<void>((resolve) => (releaseFirst = resolve));
    const payouts = new Map<string, number>();
    let calls = 0;
    const ctx = setup({
      paymentGateway: {
        async collect() {
          return { ok: true, paymentRef: 'unused' };
        },
        async refund({ idempotencyKey, amountFen }) {
          calls++;
          if (calls === 1) {
            // The first process hangs on the gateway past its lease, then its call fails.
            await firstCallMayFail;
            throw new Error('gateway timed out');
          }
          if (!payouts.has(idempotencyKey)) payouts.set(idempotencyKey, amountFen);
          return { ok: true, gatewayRef: 'RFD-1' };
        },
      },
    });
    const agent = ctx.as(fx.users.agent);
    const bookingId = await zhangBooking('LS0000001', fx.departures.g1, '2026-05-01T10:00:00+08:00');
    let c = await agent.cases.create({
      kind: 'refund',
      channel: 'phone',
      customerId: fx.customers.zhang,
      bookingId,
      subject: '退票',
      idempotencyKey: key(),
    });
    c = await step(agent, c, { type: 'VERIFY', idNumber: ZHANG_ID });
    c = await step(agent, c, { type: 'QUOTE_REFUND', passengerIds: ['p1'], reason: '行程取消' });
    c = await step(agent, c, { type: 'CUSTOMER_CONFIRMED' });

    const slow = performOutbox(ctx.deps);
    await new Promise((resolve) => setTimeout(resolve, 50));
    ctx.clock.advance(31_000); // past the 30 s lease
    await performOutbox(ctx.deps);
    releaseFirst();
    await slow;

    const stored = await CaseModel.findById(c.id).lean<CaseRecord>();
    const refundEntries = stored?.outbox.filter((e) => e.type === 'refund.submit') ?? [];
    expect(refundEntries.map((e) => e.status)).toEqual(['done']);
    expect(stored?.state).toBe('settled');
    expect(payouts.size).toBe(1);
  });
});

describe('mistaken-purchase refunds (cn-rail@2026-02-02: one order per purchaser per day)', () => {
  function mistakenPurchaseSetup() {
    const ctx = setup();
    ctx.clock.set('2026-05-10T08:10:00+08:00');
    const agent = ctx.as(fx.users.agent);
    const refund = async (bookingId: string, passengerIds: string[]) => {
      let c = await agent.cases.create({
        kind: 'refund',
        channel: 'phone',
        customerId: fx.customers.zhang,
        bookingId,
        subject: '买错了',
        idempotencyKey: key(),
      });
      c = await step(agent, c, { type: 'VERIFY', idNumber: ZHANG_ID });
      c = await step(agent, c, { type: 'QUOTE_REFUND', passengerIds, reason: '买错车次' });
      const quote = dataOf(c, 'refund').quote!;
      c = await step(agent, c, { type: 'CUSTOMER_CONFIRMED' });
      await performOutbox(ctx.deps);
      return { quote, state: (await agent.cases.get({ id: c.id })).state };
    };
    return { ctx, agent, refund };
  }

  it('one purchaser’s second order in a day pays; the first order’s other ticket stays free that day', async () => {
    const { ctx, agent, refund } = mistakenPurchaseSetup();
    // G7 leaves 2026-05-13 23:30: 87 h 20 min ahead, 5% under the table.
    const first = await zhangBooking('MP0000001', fx.departures.g7, '2026-05-10T08:00:00+08:00', ZHANG_ONLINE, true);
    const second = await zhangBooking('MP0000002', fx.departures.g7, '2026-05-10T08:00:00+08:00', ZHANG_ONLINE, true);

    const free = await refund(first, ['p1']);
    expect(free.quote.lines[0]?.quote.ruleId).toBe('cn-rail@2026-02-02/refund.mistaken-purchase');
    expect(free.quote.totalFeeFen).toBe(0);
    expect(free.state).toBe('settled');

    // The quote before a case opens and the case agree: the second order pays, even for a
    // passenger who had no free refund today (the count is per purchasing account, not per passenger).
    const quoted = await agent.quote.refund({ bookingId: second, passengerIds: ['p2'] });
    // 5% of ¥276.50 = ¥13.825 → ¥14.00 (a remainder of 0.75 or more rounds up)
    expect(quoted.tickets[0]?.quote).toMatchObject({ feeFen: 1_400, ruleId: 'cn-rail@2026-02-02/refund.tier-48h' });
    expect(quoted.tickets[0]?.quote.explanation.en).toContain(
      'this purchasing account already used the free mistaken-purchase refund today on another order',
    );
    const paying = await refund(second, ['p2']);
    expect(paying.quote.lines[0]?.quote.ruleId).toBe('cn-rail@2026-02-02/refund.tier-48h');
    expect(paying.quote.totalFeeFen).toBe(1_400);

    // The same order is the one free order of the day: its child ticket, 15 min later, is free too.
    ctx.clock.set('2026-05-10T08:25:00+08:00');
    const sameOrder = await refund(first, ['p2']);
    expect(sameOrder.quote.lines[0]?.quote).toMatchObject({
      feeFen: 0,
      ruleId: 'cn-rail@2026-02-02/refund.mistaken-purchase',
    });
  });

  it('another purchaser’s order is free the same day, and the purchaser’s next day is free again', async () => {
    const { ctx, refund } = mistakenPurchaseSetup();
    const li = { ...ZHANG_ONLINE, purchaser: '12306:lina' };
    await refund(await zhangBooking('MP0000011', fx.departures.g7, '2026-05-10T08:00:00+08:00'), ['p1']);
    const other = await refund(await zhangBooking('MP0000012', fx.departures.g7, '2026-05-10T08:00:00+08:00', li), [
      'p1',
    ]);
    expect(other.quote.lines[0]?.quote.ruleId).toBe('cn-rail@2026-02-02/refund.mistaken-purchase');
    ctx.clock.set('2026-05-11T00:05:00+08:00');
    const nextDay = await refund(await zhangBooking('MP0000013', fx.departures.g7, '2026-05-11T00:00:00+08:00'), [
      'p1',
    ]);
    expect(nextDay.quote.lines[0]?.quote.ruleId).toBe('cn-rail@2026-02-02/refund.mistaken-purchase');
  });

  it('a booking sold at the counter is not eligible, and the quote says why', async () => {
    const { agent, refund } = mistakenPurchaseSetup();
    const counter = await zhangBooking('MP0000021', fx.departures.g7, '2026-05-10T08:00:00+08:00', {
      channel: 'counter',
      payment: 'cash',
      purchaseType: 'normal',
      purchaser: null,
    });
    const quoted = await agent.quote.refund({ bookingId: counter });
    expect(quoted.tickets[0]?.quote.explanation.en).toContain(
      'sold at the counter: the free mistaken-purchase window applies only to online sales',
    );
    const c = await refund(counter, ['p1']);
    expect(c.quote.lines[0]?.quote).toMatchObject({ feeFen: 2_750, ruleId: 'cn-rail@2026-02-02/refund.tier-48h' });
    expect(c.quote.lines[0]?.quote.explanation.en).toContain('sold at the counter');
  });
});

describe('changed tickets', () => {
  it('charges 5% to refund a ticket changed from under 8 days to a train 8 or more days away', async () => {
    const ctx = setup();
    ctx.clock.set('2026-05-10T08:00:00+08:00');
    const agent = ctx.as(fx.users.agent);
    const far = await railDeparture('G9', '2026-05-25T09:00:00+08:00', 50);
    const near = await zhangBooking('CG0000001', fx.departures.g7, '2026-05-08T08:00:00+08:00');
    const c = await confirmedChange(agent, near, far._id.toHexString());
    await performOutbox(ctx.deps);
    const afterReissue = await CaseModel.findById(c.id).lean<CaseRecord>();
    expect(afterReissue?.outbox.map((e) => e.lastError)).toEqual(afterReissue?.outbox.map(() => null));
    expect(afterReissue?.state).toBe('reissued');
    const reissued = await BookingModel.findOne({ departureId: far._id, 'passengers.idNumber': ZHANG_ID }).lean();
    // Reissuing again (a retried effect) makes no second booking.
    expect(await BookingModel.countDocuments({ departureId: far._id })).toBe(1);
    expect(reissued?.passengers[0]?.changed).toBe(true);
    expect(reissued?.passengers[0]?.seat).toMatch(/车/);
    // A fresh ticket number: no other ticket anywhere carries it.
    const number = reissued?.passengers[0]?.ticketNumber;
    expect(await BookingModel.countDocuments({ 'passengers.ticketNumber': number })).toBe(1);

    ctx.clock.set('2026-05-11T08:00:00+08:00');
    const quote = await agent.quote.refund({ bookingId: reissued!._id.toHexString() });
    expect(quote.tickets[0]?.quote.ruleId).toContain('refund.changed-from-under-8d');
    expect(quote.totalFeeFen).toBe(2_750);
  });
});

describe('reissue without seats', () => {
  it('never overbooks: the change waits in reissuing and the failure is recorded', async () => {
    const ctx = setup();
    ctx.clock.set('2026-05-10T08:00:00+08:00');
    const agent = ctx.as(fx.users.agent);
    const full = await railDeparture('G11', '2026-05-26T09:00:00+08:00', 1);
    const booking = await zhangBooking('NS0000001', fx.departures.g7, '2026-05-08T08:00:00+08:00');
    const c = await confirmedChange(agent, booking, full._id.toHexString());
    // Someone else buys the last seat before the reissue runs.
    await DepartureModel.updateOne({ _id: full._id }, { $set: { 'classes.0.seatsLeft': 0 } });
    await performOutbox(ctx.deps);

    const stored = await CaseModel.findById(c.id).lean<CaseRecord>();
    expect(stored?.state).toBe('reissuing');
    expect(stored?.outbox.find((e) => e.type === 'booking.reissue')?.lastError).toMatch(/not enough seats/);
    expect(await BookingModel.countDocuments({ departureId: full._id })).toBe(0);
    expect((await DepartureModel.findById(full._id).lean())?.classes[0]?.seatsLeft).toBe(0);
  });
});

describe('ticketing', () => {
  it('issues tickets once and keeps no clear ID numbers in the finished outbox', async () => {
    const ctx = setup();
    const agent = ctx.as(fx.users.agent);
    let c = await agent.cases.create({
      kind: 'booking',
      channel: 'phone',
      customerId: fx.customers.zhang,
      subject: '订票',
      idempotencyKey: key(),
    });
    c = await agent.cases.send({
      caseId: c.id,
      expectedVersion: c.version,
      idempotencyKey: key(),
      event: { type: 'QUOTE', departureId: fx.departures.g1, classCode: 'M', passengerCount: 1 },
    });
    c = await agent.cases.send({
      caseId: c.id,
      expectedVersion: c.version,
      idempotencyKey: key(),
      event: {
        type: 'ENTER_PASSENGERS',
        passengers: [{ name: '张伟', idType: 'resident_id', idNumber: ZHANG_ID, passengerType: 'adult' }],
      },
    });
    c = await agent.cases.send({
      caseId: c.id,
      expectedVersion: c.version,
      idempotencyKey: key(),
      event: { type: 'HOLD_SEATS' },
    });
    await performOutbox(ctx.deps);
    c = await agent.cases.get({ id: c.id });
    c = await agent.cases.send({
      caseId: c.id,
      expectedVersion: c.version,
      idempotencyKey: key(),
      event: { type: 'REQUEST_PAYMENT' },
    });
    await performOutbox(ctx.deps);
    await performOutbox(ctx.deps);
    const stored = await CaseModel.findById(c.id).lean<CaseRecord>();
    expect(stored?.state).toBe('ticketed');
    expect(stored?.outbox.find((e) => e.type === 'tickets.issue')?.status).toBe('done');
    expect(JSON.stringify(stored?.outbox)).not.toContain(ZHANG_ID);
    expect(await BookingModel.countDocuments({ ref: stored?.bookingRef })).toBe(1);
    // Sold through this console on the phone: never eligible for the online-only mistaken-purchase refund.
    expect((await BookingModel.findOne({ ref: stored?.bookingRef }).lean())?.sale).toMatchObject({
      channel: 'phone',
      payment: 'electronic',
      purchaseType: 'normal',
    });
  });
});

describe('student quota', () => {
  const STUDENT_ID = '110105200403151233';
  async function studentTicket(ref: string, purchasedAt: string, status: 'active' | 'refunded' | 'changed') {
    await BookingModel.create({
      ref,
      customerId: fx.customers.zhang,
      departureId: fx.departures.g7,
      ruleSet: 'cn-rail',
      status: 'ticketed',
      purchasedAt: new Date(purchasedAt),
      paidAt: new Date(purchasedAt),
      totalFen: 41_480,
      passengers: [
        {
          passengerId: 'p1',
          name: '张小伟',
          idType: 'resident_id',
          idNumber: STUDENT_ID,
          passengerType: 'student',
          ticketNumber: `E7${ref}`,
          classCode: 'O',
          seat: '02车1A',
          fareFen: 41_480,
          status,
        },
      ],
    });
  }
  async function enterStudent(ctx: ReturnType<typeof setup>) {
    const agent = ctx.as(fx.users.agent);
    let c = await agent.cases.create({
      kind: 'booking',
      channel: 'phone',
      customerId: fx.customers.zhang,
      subject: '学生票',
      idempotencyKey: key(),
    });
    c = await step(agent, c, { type: 'QUOTE', departureId: fx.departures.g1, classCode: 'O', passengerCount: 1 });
    return codeOf(
      step(agent, c, {
        type: 'ENTER_PASSENGERS',
        passengers: [{ name: '张小伟', idType: 'resident_id', idNumber: STUDENT_ID, passengerType: 'student' }],
      }),
    );
  }

  it('sells 4 student trips per academic year (Oct 1 - Sep 30); a refunded trip comes back, a changed one counts once', async () => {
    const ctx = setup();
    // Academic year 2025-10-01 .. 2026-09-30; the one before does not count.
    await studentTicket('ST0000001', '2025-09-30T23:50:00+08:00', 'active');
    await studentTicket('ST0000002', '2025-10-01T00:10:00+08:00', 'active');
    await studentTicket('ST0000003', '2026-01-10T10:00:00+08:00', 'changed');
    await studentTicket('ST0000004', '2026-01-10T10:00:00+08:00', 'active'); // the changed ticket's reissue
    await studentTicket('ST0000005', '2026-03-01T10:00:00+08:00', 'refunded');
    expect(await enterStudent(ctx)).toBe('OK'); // 2 used, 2 left
    await studentTicket('ST0000006', '2026-04-01T10:00:00+08:00', 'active');
    await studentTicket('ST0000007', '2026-04-02T10:00:00+08:00', 'active');
    expect(await enterStudent(ctx)).toBe('BAD_REQUEST'); // 4 used
    await BookingModel.updateOne({ ref: 'ST0000007' }, { $set: { 'passengers.0.status': 'refunded' } });
    expect(await enterStudent(ctx)).toBe('OK');
  });
});

describe('durable timers', () => {
  it('fires a seat-hold expiry that fell due while the server was down, after restart', async () => {
    const ctx = setup();
    const agent = ctx.as(fx.users.agent);
    const before = await DepartureModel.findById(fx.departures.g1).lean();
    const seatsBefore = before?.classes.find((c) => c.code === 'O')?.seatsLeft ?? 0;

    let c = await agent.cases.create({
      kind: 'booking',
      channel: 'phone',
      customerId: fx.customers.zhang,
      subject: '订票',
      idempotencyKey: key(),
    });
    c = await agent.cases.send({
      caseId: c.id,
      expectedVersion: c.version,
      idempotencyKey: key(),
      event: { type: 'QUOTE', departureId: fx.departures.g1, classCode: 'O', passengerCount: 1 },
    });
    c = await agent.cases.send({
      caseId: c.id,
      expectedVersion: c.version,
      idempotencyKey: key(),
      event: {
        type: 'ENTER_PASSENGERS',
        passengers: [{ name: '张伟', idType: 'resident_id', idNumber: ZHANG_ID, passengerType: 'adult' }],
      },
    });
    c = await agent.cases.send({
      caseId: c.id,
      expectedVersion: c.version,
      idempotencyKey: key(),
      event: { type: 'HOLD_SEATS' },
    });

    // First server process: performs the hold, then goes down.
    const first = startCaseJobs(ctx.deps);
    await first.runOnce();
    await first.stop();
    c = await agent.cases.get({ id: c.id });
    expect(c.state).toBe('seats_held');
    expect(c.nextDueEvent).toBe('HOLD_EXPIRED');
    const held = await DepartureModel.findById(fx.departures.g1).lean();
    expect(held?.classes.find((x) => x.code === 'O')?.seatsLeft).toBe(seatsBefore - 1);

    // Down for 20 minutes; the hold (15 min) expired meanwhile. A new process starts.
    ctx.clock.advance(20 * 60_000);
    const second = startCaseJobs(ctx.deps);
    await second.runOnce();
    await second.stop();

    c = await agent.cases.get({ id: c.id });
    expect(c.state).toBe('passengers_entered');
    expect((await agent.cases.history({ id: c.id })).entries.map((h) => h.event)).toContain('HOLD_EXPIRED');
    expect(c.nextDueAt).toBeNull();
    const released = await DepartureModel.findById(fx.departures.g1).lean();
    expect(released?.classes.find((x) => x.code === 'O')?.seatsLeft).toBe(seatsBefore);
  });
});

describe('damaged case documents', () => {
  it('get a clear error, change nothing, and do not take the queue down', async () => {
    const { as } = setup();
    const agent = as(fx.users.agent);
    const healthy = await openRefundCase(as);
    const broken = await openRefundCase(as);
    await CaseModel.collection.updateOne(
      { _id: new Types.ObjectId(broken.id) },
      { $set: { 'snapshot.value': 'no_such_state' } },
    );
    const unreadable = await openRefundCase(as);
    await CaseModel.collection.updateOne({ _id: new Types.ObjectId(unreadable.id) }, { $unset: { createdAt: '' } });

    const readError = await agent.cases.get({ id: broken.id }).catch((e: unknown) => e as TRPCError);
    expect((readError as TRPCError).code).toBe('INTERNAL_SERVER_ERROR');
    expect((readError as TRPCError).message).toContain(`Case ${broken.ref} cannot be read`);
    const sendError = await agent.cases
      .send({
        caseId: broken.id,
        expectedVersion: broken.version,
        idempotencyKey: key(),
        event: { type: 'ADD_NOTE', text: 'x' },
      })
      .catch((e: unknown) => e as TRPCError);
    expect((sendError as TRPCError).message).toContain('left unchanged');
    expect((await CaseModel.findById(broken.id).lean<CaseRecord>())?.version).toBe(broken.version);

    const queue = await agent.queue.snapshot({ queues: ['refunds'] });
    const ids = queue.items.map((i) => i.id);
    expect(ids).toContain(healthy.id);
    expect(ids).not.toContain(unreadable.id);
    await CaseModel.deleteMany({ _id: { $in: [broken.id, unreadable.id] } });
  });
});

describe('who may do what', () => {
  it('keeps QA read-only and approvals for supervisors', async () => {
    const { as } = setup();
    const created = await openRefundCase(as);
    expect(
      await codeOf(
        as(fx.users.qa).cases.send({
          caseId: created.id,
          expectedVersion: created.version,
          idempotencyKey: key(),
          event: { type: 'ADD_NOTE', text: 'x' },
        }),
      ),
    ).toBe('FORBIDDEN');
    expect(
      await codeOf(
        as(fx.users.qa).cases.create({
          kind: 'complaint',
          channel: 'chat',
          customerId: null,
          subject: 'x',
          idempotencyKey: key(),
        }),
      ),
    ).toBe('FORBIDDEN');
    expect(
      await codeOf(
        as(fx.users.agent).cases.send({
          caseId: created.id,
          expectedVersion: created.version,
          idempotencyKey: key(),
          event: { type: 'APPROVE' },
        }),
      ),
    ).toBe('FORBIDDEN');
    expect(
      await codeOf(
        as(fx.users.agent).cases.send({
          caseId: created.id,
          expectedVersion: created.version,
          idempotencyKey: key(),
          event: { type: 'REFUND_SETTLED', gatewayRef: 'x' },
        }),
      ),
    ).toBe('FORBIDDEN');
  });

  it('says in one readable line what is wrong with the input', async () => {
    const { as } = setup();
    const error = await as(fx.users.agent)
      .cases.send({
        caseId: 'nope',
        expectedVersion: null,
        idempotencyKey: key(),
        event: { type: 'ADD_NOTE', text: 'x' },
      } as never)
      .catch((e: unknown) => e as TRPCError);
    expect((error as TRPCError).code).toBe('BAD_REQUEST');
    const formatted = formatErrorMessage(error as TRPCError);
    expect(formatted).toBe(
      'Invalid input: caseId: must be a 24-character hex id; expectedVersion: Invalid input: expected number, received null',
    );
  });

  it('rejects hostile input with a 4xx and changes nothing', async () => {
    const { as } = setup();
    const created = await openRefundCase(as);
    const agent = as(fx.users.agent);
    const hostile: unknown[] = [
      { caseId: { $ne: null }, expectedVersion: 1, idempotencyKey: key(), event: { type: 'ADD_NOTE', text: 'x' } },
      { caseId: created.id, expectedVersion: '1', idempotencyKey: key(), event: { type: 'ADD_NOTE', text: 'x' } },
      {
        caseId: created.id,
        expectedVersion: created.version,
        idempotencyKey: key(),
        event: { type: 'ADD_NOTE', text: { $gt: '' } },
      },
      {
        caseId: created.id,
        expectedVersion: created.version,
        idempotencyKey: key(),
        event: { type: 'ADD_NOTE', text: 'x'.repeat(100_000) },
      },
      {
        caseId: created.id,
        expectedVersion: created.version,
        idempotencyKey: key(),
        event: { type: 'ADD_NOTE', text: 'x', snapshot: { value: 'settled' } },
      },
      { caseId: created.id, expectedVersion: created.version, idempotencyKey: key(), event: { type: 'DROP_TABLES' } },
      { caseId: created.id, expectedVersion: created.version, idempotencyKey: key(), event: { type: '$where' } },
      {
        caseId: created.id,
        expectedVersion: created.version,
        idempotencyKey: '$bad key',
        event: { type: 'ADD_NOTE', text: 'x' },
      },
      {
        caseId: created.id,
        expectedVersion: created.version,
        idempotencyKey: key(),
        event: { type: 'ADD_NOTE', text: 'x' },
        extra: true,
      },
    ];
    for (const input of hostile) {
      const code = await codeOf(agent.cases.send(input as never));
      expect(['BAD_REQUEST', 'NOT_FOUND'], JSON.stringify(input).slice(0, 120)).toContain(code);
    }
    const stored = await CaseModel.findById(created.id).lean<CaseRecord>();
    expect(stored?.version).toBe(created.version);
    expect(stored?.history).toHaveLength(1);
  });
});
