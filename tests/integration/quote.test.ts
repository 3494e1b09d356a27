/**
 * The quote procedures against the database: booking quotes carry exactly the policy engine's
 * figures for the booking's facts at the server's time, agree with what a case would quote, and
 * the what-if calculator reproduces the worked examples of fare-rules.md and refuses bad input
 * with the policy engine's own bilingual message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Types } from 'mongoose';
import { TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import { quoteChange, quoteRefund, type ChangeQuoteInput, type RefundQuoteInput } from '../../workflows/policy';
import { PolicyError } from '../../workflows/policy/errors';
import { createCaller } from '../../server/src/trpc/root';
import { BookingModel } from '../../server/src/db/models/booking';
import { DepartureModel } from '../../server/src/db/models/departure';
import { connectTestDatabase, testDeps } from '../support/deps';
import { contextFor, createPlatformFixtures, LI_ID, type PlatformFixtures } from '../support/platform';
import { dataOf } from '../support/case-data';

let disconnect: () => Promise<void>;
let fx: PlatformFixtures;
/** Server time: 2026-05-10 08:00 in Shanghai, 47 h before the fixture train G1 (2026-05-12 07:00) leaves. */
const NOW = '2026-05-10T08:00:00+08:00';
const deps = testDeps({ now: () => new Date(NOW) });
const caller = () => createCaller(contextFor(deps, fx.users.agent));

/** A second rail booking on G1 whose child ticket has not been changed yet. */
let family: { id: string; ref: string };

let keySeq = 0;
const key = () => `quote-${process.pid}-${keySeq++}`;

beforeAll(async () => {
  disconnect = await connectTestDatabase('quote');
  fx = await createPlatformFixtures();
  const booking = await BookingModel.create({
    ref: 'TD0000101',
    customerId: new Types.ObjectId(fx.customers.li),
    departureId: new Types.ObjectId(fx.departures.g1),
    ruleSet: 'cn-rail',
    status: 'ticketed',
    purchasedAt: new Date('2026-05-02T09:00:00+08:00'),
    paidAt: new Date('2026-05-02T09:01:00+08:00'),
    totalFen: 82_950,
    passengers: [
      {
        passengerId: 'p1',
        name: '李娜',
        idType: 'resident_id',
        idNumber: LI_ID,
        passengerType: 'adult',
        ticketNumber: 'E000000101',
        classCode: 'O',
        seat: '03车01A',
        fareFen: 55_300,
      },
      {
        passengerId: 'p2',
        name: '李小宝',
        idType: 'resident_id',
        idNumber: '110105201803151237',
        passengerType: 'child',
        ticketNumber: 'E000000102',
        classCode: 'O',
        seat: '03车01B',
        fareFen: 27_650,
      },
    ],
  });
  family = { id: booking._id.toHexString(), ref: booking.ref };
});
afterAll(async () => {
  await disconnect();
});

/** The facts of the fixture booking TD0000001, as in tests/support/platform.ts. */
const ZHANG_RAIL = {
  purchasedAt: new Date('2026-05-01T10:00:00+08:00').toISOString(),
  departureAt: new Date('2026-05-12T07:00:00+08:00').toISOString(),
  tickets: [
    { passengerId: 'p1', fareFen: 55_300, changed: false },
    { passengerId: 'p2', fareFen: 27_650, changed: true },
  ],
};
const G7_DEPARTURE = new Date('2026-05-13T23:30:00+08:00').toISOString();

async function setTicketStatus(bookingId: string, passengerId: string, status: 'active' | 'refunded'): Promise<void> {
  const booking = await BookingModel.findById(bookingId);
  const ticket = booking?.passengers.find((p) => p.passengerId === passengerId);
  if (!booking || !ticket) throw new Error(`no ticket ${passengerId} in booking ${bookingId}`);
  ticket.status = status;
  await booking.save();
}

function expectBilingual(explanation: { 'zh-CN': string; en: string }) {
  expect(Object.keys(explanation).sort()).toEqual(['en', 'zh-CN']);
  expect(explanation['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
  expect(explanation.en).toMatch(/[A-Za-z]/);
}

describe('quote.refund', () => {
  it('quotes every active ticket of the booking with the policy engine’s figures at the server’s time', async () => {
    const result = await caller().quote.refund({ bookingId: fx.bookings.zhangRail.id });
    expect(result.bookingRef).toBe('TD0000001');
    expect(result.requestedAt).toBe(new Date(NOW).toISOString());
    expect(result.tickets.map((t) => t.passengerId)).toEqual(['p1', 'p2']);

    for (const ticket of ZHANG_RAIL.tickets) {
      const input: RefundQuoteInput = {
        ruleSet: 'cn-rail',
        fareFen: ticket.fareFen,
        purchasedAt: ZHANG_RAIL.purchasedAt,
        departureAt: ZHANG_RAIL.departureAt,
        requestedAt: new Date(NOW).toISOString(),
        involuntary: false,
        changed: ticket.changed,
      };
      const quoted = result.tickets.find((t) => t.passengerId === ticket.passengerId);
      expect(quoted?.fareFen).toBe(ticket.fareFen);
      expect(quoted?.quote).toEqual(quoteRefund(input));
      expect(quoted?.quote.feeFen).toBe(quoteRefund(input).feeFen);
      expectBilingual(quoted?.quote.explanation ?? { 'zh-CN': '', en: '' });
    }
    // 47 h ahead is the 24-48 h tier, 10%: ¥55.30 rounds to ¥55.50 on the 0.5-yuan rule.
    expect(result.tickets[0]?.quote).toMatchObject({ allowed: true, feeFen: 5_550, refundFen: 49_750 });
    expect(result.totalFeeFen).toBe(result.tickets.reduce((s, t) => s + t.quote.feeFen, 0));
    expect(result.totalRefundFen).toBe(result.tickets.reduce((s, t) => s + t.quote.refundFen, 0));
    expect(result.allowed).toBe(true);
  });

  it('quotes only the passengers asked for, and a carrier-caused refund free', async () => {
    const result = await caller().quote.refund({
      bookingId: fx.bookings.zhangRail.id,
      passengerIds: ['p1'],
      involuntary: true,
    });
    expect(result.tickets).toHaveLength(1);
    expect(result.tickets[0]?.quote).toMatchObject({ allowed: true, feeFen: 0, refundFen: 55_300 });
    expectBilingual(result.tickets[0]?.quote.explanation ?? { 'zh-CN': '', en: '' });
  });

  it('quotes an air ticket by its fare class', async () => {
    const result = await caller().quote.refund({ bookingId: fx.bookings.smithAir.id });
    const expected = quoteRefund({
      ruleSet: 'cn-air',
      fareFen: 128_000,
      purchasedAt: new Date('2026-05-02T10:00:00+08:00').toISOString(),
      departureAt: new Date('2026-05-12T08:00:00+08:00').toISOString(),
      requestedAt: new Date(NOW).toISOString(),
      involuntary: false,
      changed: false,
      fareClass: 'Y',
    });
    expect(result.tickets.map((t) => t.quote)).toEqual([expected]);
    // Y class, 2 h or more ahead: 5% of ¥1,280.
    expect(expected).toMatchObject({ allowed: true, feeFen: 6_400, refundFen: 121_600 });
  });

  it('quotes what a refund case quotes for the same tickets at the same time', async () => {
    const agent = caller();
    const quoted = await agent.quote.refund({ bookingId: family.id, passengerIds: ['p1', 'p2'] });
    let c = await agent.cases.create({
      kind: 'refund',
      channel: 'phone',
      customerId: fx.customers.li,
      bookingId: family.id,
      subject: '退票',
      idempotencyKey: key(),
    });
    c = await agent.cases.send({
      caseId: c.id,
      expectedVersion: c.version,
      idempotencyKey: key(),
      event: { type: 'VERIFY', idNumber: LI_ID },
    });
    c = await agent.cases.send({
      caseId: c.id,
      expectedVersion: c.version,
      idempotencyKey: key(),
      event: { type: 'QUOTE_REFUND', passengerIds: ['p1', 'p2'], reason: '行程取消' },
    });
    expect(c.state).toBe('quoted');
    const caseQuote = dataOf(c, 'refund').quote!;
    expect(caseQuote.lines.map((l) => [l.passengerId, l.quote])).toEqual(
      quoted.tickets.map((t) => [t.passengerId, t.quote]),
    );
    expect([caseQuote.totalFeeFen, caseQuote.totalRefundFen]).toEqual([quoted.totalFeeFen, quoted.totalRefundFen]);
  });

  it('refuses to quote a ticket that is no longer active', async () => {
    await setTicketStatus(family.id, 'p1', 'refunded');
    try {
      const error = await caller()
        .quote.refund({ bookingId: family.id, passengerIds: ['p1'] })
        .catch((e: unknown) => e as TRPCError);
      expect(error).toBeInstanceOf(TRPCError);
      expect((error as TRPCError).code).toBe('UNPROCESSABLE_CONTENT');
      expect((error as TRPCError).message).toContain("李娜's ticket is refunded, not active");
      // Without a selection only the active tickets are quoted.
      expect((await caller().quote.refund({ bookingId: family.id })).tickets.map((t) => t.passengerId)).toEqual(['p2']);
    } finally {
      await setTicketStatus(family.id, 'p1', 'active');
    }
  });

  it('refuses to quote a booking that was cancelled before payment', async () => {
    await BookingModel.updateOne({ _id: family.id }, { $set: { status: 'cancelled' } });
    try {
      const error = await caller()
        .quote.refund({ bookingId: family.id })
        .catch((e: unknown) => e as TRPCError);
      expect((error as TRPCError).code).toBe('UNPROCESSABLE_CONTENT');
      expect((error as TRPCError).message).toContain('never paid or was cancelled');
    } finally {
      await BookingModel.updateOne({ _id: family.id }, { $set: { status: 'ticketed' } });
    }
  });
});

describe('quote.refund, mistaken purchase (second edition, cn-rail@2026-02-02)', () => {
  /** The document's example: a 55300 ticket on the train of 2026-05-20 08:00, paid 2026-05-19 20:00. */
  async function paidAt2000(
    ref: string,
    sale: {
      channel: 'online' | 'counter';
      payment: 'electronic' | 'cash';
      purchaseType: 'normal';
      purchaser: string | null;
    },
  ) {
    const departure = await DepartureModel.create({
      mode: 'rail',
      code: `G${ref.slice(-3)}`,
      origin: 'BJP',
      destination: 'SHH',
      departureAt: new Date('2026-05-20T08:00:00+08:00'),
      ruleSet: 'cn-rail',
      classes: [{ code: 'O', name: '二等座', priceFen: 55_300, seatsLeft: 10 }],
    });
    const booking = await BookingModel.create({
      ref,
      customerId: new Types.ObjectId(fx.customers.li),
      departureId: departure._id,
      ruleSet: 'cn-rail',
      status: 'ticketed',
      purchasedAt: new Date('2026-05-19T19:59:00+08:00'),
      paidAt: new Date('2026-05-19T20:00:00+08:00'),
      sale,
      totalFen: 55_300,
      passengers: [
        {
          passengerId: 'p1',
          name: '李娜',
          idType: 'resident_id',
          idNumber: LI_ID,
          passengerType: 'adult',
          ticketNumber: `E1${ref}`,
          classCode: 'O',
          seat: '03车02A',
          fareFen: 55_300,
        },
      ],
    });
    return booking._id.toHexString();
  }
  const at = (now: string) => createCaller(contextFor(testDeps({ now: () => new Date(now) }), fx.users.agent));
  const online = { channel: 'online', payment: 'electronic', purchaseType: 'normal', purchaser: '12306:lina' } as const;

  it('paid 20:00, refund 20:30: fee 0; 20:31: fee 20% = 11050, refund 44250', async () => {
    const bookingId = await paidAt2000('MQ0000001', online);
    const free = await at('2026-05-19T20:30:00+08:00').quote.refund({ bookingId });
    expect(free).toMatchObject({ allowed: true, totalFeeFen: 0, totalRefundFen: 55_300 });
    expect(free.tickets[0]?.quote.ruleId).toBe('cn-rail@2026-02-02/refund.mistaken-purchase');
    expectBilingual(free.tickets[0]!.quote.explanation);
    const paying = await at('2026-05-19T20:31:00+08:00').quote.refund({ bookingId });
    expect(paying).toMatchObject({ allowed: true, totalFeeFen: 11_050, totalRefundFen: 44_250 });
    expect(paying.tickets[0]?.quote.ruleId).toBe('cn-rail@2026-02-02/refund.tier-0h');
    expect(paying.tickets[0]?.quote.explanation.en).toContain('requested 31 min after payment');
  });

  it('a booking sold at the counter is not eligible', async () => {
    const bookingId = await paidAt2000('MQ0000002', {
      channel: 'counter',
      payment: 'cash',
      purchaseType: 'normal',
      purchaser: null,
    });
    const q = await at('2026-05-19T20:10:00+08:00').quote.refund({ bookingId });
    expect(q).toMatchObject({ totalFeeFen: 11_050, totalRefundFen: 44_250 });
    expect(q.tickets[0]?.quote.explanation.en).toContain(
      'sold at the counter: the free mistaken-purchase window applies only to online sales',
    );
    expect(q.tickets[0]?.quote.explanation['zh-CN']).toContain('车站窗口售出');
  });
});

describe('quote.change', () => {
  it('quotes a change to another departure with the policy engine’s figures', async () => {
    const result = await caller().quote.change({
      bookingId: fx.bookings.zhangRail.id,
      passengerIds: ['p1'],
      departureId: fx.departures.g7,
      classCode: 'O',
    });
    expect(result.newDeparture).toEqual({ code: 'G7', departureAt: G7_DEPARTURE, classCode: 'O', priceFen: 55_300 });
    const input: ChangeQuoteInput = {
      ruleSet: 'cn-rail',
      fareFen: 55_300,
      newFareFen: 55_300,
      purchasedAt: ZHANG_RAIL.purchasedAt,
      departureAt: ZHANG_RAIL.departureAt,
      newDepartureAt: G7_DEPARTURE,
      requestedAt: new Date(NOW).toISOString(),
      involuntary: false,
    };
    expect(result.tickets[0]?.quote).toEqual(quoteChange(input));
    // Under 48 h ahead, to a train after the ticket's date: 5% of ¥553 = ¥27.65, charged as ¥27.50.
    expect(result.tickets[0]?.quote).toMatchObject({
      allowed: true,
      changeFeeFen: 2_750,
      differenceFeeFen: 0,
      payFen: 2_750,
    });
    expectBilingual(result.tickets[0]?.quote.explanation ?? { 'zh-CN': '', en: '' });
    expect(result.totalPayFen).toBe(2_750);
  });

  it('refuses a change to another mode of transport', async () => {
    const error = await caller()
      .quote.change({
        bookingId: fx.bookings.zhangRail.id,
        passengerIds: ['p1'],
        departureId: fx.departures.mu,
        classCode: 'Y',
      })
      .catch((e: unknown) => e as TRPCError);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe('UNPROCESSABLE_CONTENT');
    expect((error as TRPCError).message).toBe('A cn-rail ticket cannot be changed to a cn-air departure.');
  });

  // A ticket may be changed once (fare-rules.md; the policy leaves enforcing it to the caller): a
  // quote for a second change tells the agent something the change case then refuses.
  it('does not offer a second change of a ticket that was changed before', async () => {
    const outcome = await caller()
      .quote.change({
        bookingId: fx.bookings.zhangRail.id,
        passengerIds: ['p2'],
        departureId: fx.departures.g7,
        classCode: 'O',
      })
      .then((result) => (result.allowed ? 'quoted as allowed' : 'refused'))
      .catch((e: unknown) => (e instanceof TRPCError ? e.code : String(e)));
    expect(['refused', 'UNPROCESSABLE_CONTENT']).toContain(outcome);
  });

  // The new fare is what this passenger would pay on the new train: half for a rail child, as the
  // change case prices it (workflows/machines/passengers.ts fareFor).
  it('quotes what a change case quotes, child fares included', async () => {
    const agent = caller();
    const quoted = await agent.quote.change({
      bookingId: family.id,
      passengerIds: ['p1', 'p2'],
      departureId: fx.departures.g7,
      classCode: 'O',
    });
    let c = await agent.cases.create({
      kind: 'change',
      channel: 'phone',
      customerId: fx.customers.li,
      bookingId: family.id,
      subject: '改签',
      idempotencyKey: key(),
    });
    c = await agent.cases.send({
      caseId: c.id,
      expectedVersion: c.version,
      idempotencyKey: key(),
      event: { type: 'VERIFY', idNumber: LI_ID },
    });
    c = await agent.cases.send({
      caseId: c.id,
      expectedVersion: c.version,
      idempotencyKey: key(),
      event: { type: 'CHOOSE_DEPARTURE', departureId: fx.departures.g7, classCode: 'O', passengerIds: ['p1', 'p2'] },
    });
    expect(c.state).toBe('quoted');
    const caseQuote = dataOf(c, 'change').quote!;
    expect(caseQuote.lines.find((l) => l.passengerId === 'p2')?.newFareFen).toBe(27_650);
    expect(quoted.tickets.map((t) => [t.passengerId, t.quote])).toEqual(
      caseQuote.lines.map((l) => [l.passengerId, l.quote]),
    );
  });
});

describe('quote.compute reproduces the worked examples (departure 2026-05-20 08:00+08:00)', () => {
  const DEPARTURE = '2026-05-20T08:00:00+08:00';
  const PURCHASED = '2026-05-01T10:00:00+08:00';
  const refund = (fareFen: number, requestedAt: string) =>
    caller().quote.compute({
      kind: 'refund',
      ruleSet: 'cn-rail',
      fareFen,
      purchasedAt: PURCHASED,
      departureAt: DEPARTURE,
      requestedAt,
    });

  it.each([
    { fare: 55_300, requestedAt: '2026-05-10T08:00:00+08:00', feeFen: 0, refundFen: 55_300, why: '553.0 at 10 days' },
    {
      fare: 55_300,
      requestedAt: '2026-05-15T08:00:00+08:00',
      feeFen: 2_750,
      refundFen: 52_550,
      why: '553.0 at 5 days',
    },
    {
      fare: 950,
      requestedAt: '2026-05-17T08:00:00+08:00',
      feeFen: 200,
      refundFen: 750,
      why: '9.5 at 3 days (minimum fee)',
    },
  ])('rail refund, $why: fee $feeFen, refund $refundFen', async ({ fare, requestedAt, feeFen, refundFen }) => {
    const result = await refund(fare, requestedAt);
    expect(result.kind).toBe('refund');
    expect(result.quote).toMatchObject({ allowed: true, feeFen, refundFen });
    expectBilingual(result.quote.explanation);
  });

  it('rail change of 553.0 to 553.0 on 05-22, asked 30 h ahead: change fee 27.5', async () => {
    const result = await caller().quote.compute({
      kind: 'change',
      ruleSet: 'cn-rail',
      fareFen: 55_300,
      newFareFen: 55_300,
      purchasedAt: PURCHASED,
      departureAt: DEPARTURE,
      newDepartureAt: '2026-05-22T08:00:00+08:00',
      requestedAt: '2026-05-19T02:00:00+08:00',
    });
    expect(result.kind).toBe('change');
    expect(result.quote).toMatchObject({ allowed: true, changeFeeFen: 2_750, payFen: 2_750 });
    expectBilingual(result.quote.explanation);
  });
});

describe('quote.compute, mistaken purchase', () => {
  const paid2000 = {
    kind: 'refund',
    ruleSet: 'cn-rail',
    fareFen: 55_300,
    purchasedAt: '2026-05-19T19:59:00+08:00',
    paidAt: '2026-05-19T20:00:00+08:00',
    departureAt: '2026-05-20T08:00:00+08:00',
  } as const;
  it('takes the sale and the payment time: online 20:30 free, counter pays, 20:31 pays', async () => {
    const online = { channel: 'online', payment: 'electronic', purchaseType: 'normal' } as const;
    expect(
      (await caller().quote.compute({ ...paid2000, requestedAt: '2026-05-19T20:30:00+08:00', sale: online })).quote,
    ).toMatchObject({ feeFen: 0, ruleId: 'cn-rail@2026-02-02/refund.mistaken-purchase' });
    expect(
      (
        await caller().quote.compute({
          ...paid2000,
          requestedAt: '2026-05-19T20:30:00+08:00',
          sale: { ...online, channel: 'counter' },
        })
      ).quote,
    ).toMatchObject({ feeFen: 11_050 });
    expect(
      (await caller().quote.compute({ ...paid2000, requestedAt: '2026-05-19T20:31:00+08:00', sale: online })).quote,
    ).toMatchObject({ feeFen: 11_050, refundFen: 44_250 });
  });
});

describe('quote.compute refuses invalid input with the policy engine’s message', () => {
  const valid = {
    kind: 'refund' as const,
    ruleSet: 'cn-rail' as const,
    fareFen: 55_300,
    purchasedAt: '2026-05-01T10:00:00+08:00',
    departureAt: '2026-05-20T08:00:00+08:00',
    requestedAt: '2026-05-15T08:00:00+08:00',
  };

  /** What the policy engine says about the same input. */
  function policyRefusal(input: RefundQuoteInput): PolicyError {
    try {
      quoteRefund(input);
    } catch (error) {
      if (error instanceof PolicyError) return error;
      throw error;
    }
    throw new Error(`the policy engine accepted ${JSON.stringify(input)}`);
  }

  it.each([
    { why: 'a negative fare', patch: { fareFen: -100 }, reason: 'INVALID_AMOUNT' },
    { why: 'a time without an offset', patch: { requestedAt: '2026-05-15T08:00:00' }, reason: 'INVALID_TIME' },
    {
      why: 'a departure before the purchase',
      patch: { departureAt: '2026-04-20T08:00:00+08:00' },
      reason: 'DEPARTURE_BEFORE_PURCHASE',
    },
  ])('$why → BAD_REQUEST, in English and Chinese', async ({ patch, reason }) => {
    const input = { ...valid, ...patch };
    const { kind: _kind, ...policyInput } = input;
    const expected = policyRefusal(policyInput);
    expect(expected.reason).toBe(reason);

    const error = await (caller().quote.compute as (input: unknown) => Promise<unknown>)(input).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TRPCError);
    const trpcError = error as TRPCError;
    expect(trpcError.code).toBe('BAD_REQUEST');
    // The router's own schema must not answer first with a generic "Invalid input".
    expect(trpcError.cause).not.toBeInstanceOf(ZodError);
    expect(trpcError.message).toBe(expected.message);
    expect((trpcError.cause as PolicyError).details).toMatchObject({
      reason,
      field: expected.field,
      'zh-CN': expected.details?.['zh-CN'],
    });
  });
});

describe('quote.versions', () => {
  it('lists the rule-set versions with bilingual summaries, filtered by rule set', async () => {
    const all = await caller().quote.versions({});
    expect(new Set(all.map((v) => v.ruleSet))).toEqual(new Set(['cn-rail', 'cn-rail-xb', 'cn-air', 'event']));
    const rail = await caller().quote.versions({ ruleSet: 'cn-rail' });
    expect(rail.map((v) => v.versionId)).toEqual(expect.arrayContaining(['cn-rail@2024-01-15']));
    expect(rail.every((v) => v.ruleSet === 'cn-rail')).toBe(true);
    for (const version of rail) expectBilingual(version.summary);
  });
});

describe('quote.refund for a Guangzhou–Shenzhen–Hong Kong cross-border train (cn-rail-xb)', () => {
  it('quotes the cross-border table and closes 45 minutes before departure from Hong Kong West Kowloon', async () => {
    const departureAt = new Date('2027-01-20T08:00:00+08:00');
    const departure = await DepartureModel.create({
      mode: 'rail',
      code: 'G5714',
      origin: '香港西九龙',
      destination: '广州南',
      departureAt,
      ruleSet: 'cn-rail-xb',
      classes: [{ code: 'O', name: '二等座', priceFen: 24_750, seatsLeft: 100 }],
    });
    const booking = await BookingModel.create({
      ref: 'TD0000XB1',
      customerId: new Types.ObjectId(fx.customers.li),
      departureId: departure._id,
      ruleSet: 'cn-rail-xb',
      status: 'ticketed',
      purchasedAt: new Date('2026-12-05T09:00:00+08:00'),
      paidAt: new Date('2026-12-05T09:01:00+08:00'),
      totalFen: 24_750,
      passengers: [
        {
          passengerId: 'p1',
          name: '李娜',
          idType: 'resident_id',
          idNumber: LI_ID,
          passengerType: 'adult',
          ticketNumber: 'E00000XB1',
          classCode: 'O',
          seat: '05车01A',
          fareFen: 24_750,
        },
      ],
    });
    const at = (minutesBefore: number) =>
      createCaller(
        contextFor(testDeps({ now: () => new Date(departureAt.getTime() - minutesBefore * 60_000) }), fx.users.agent),
      ).quote.refund({
        bookingId: booking._id.toHexString(),
      });

    const early = await at(100 * 60);
    expect(early.tickets[0]?.quote).toMatchObject({
      allowed: true,
      feeFen: 7_400,
      refundFen: 17_350,
      ruleId: 'cn-rail-xb@2026-12-01/refund.tier-48h',
    });
    expectBilingual(early.tickets[0]!.quote.explanation);
    expect((await at(45)).tickets[0]?.quote).toMatchObject({ allowed: true, feeFen: 12_300 });
    const late = await at(44);
    expect(late.tickets[0]?.quote).toMatchObject({
      allowed: false,
      refundFen: 0,
      ruleId: 'cn-rail-xb@2026-12-01/refund.cutoff-45min',
    });
    expect(late.tickets[0]?.quote.explanation['zh-CN']).toContain('香港西九龙');
  });
});
