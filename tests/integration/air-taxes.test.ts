/**
 * cn-air, second edition: fare and taxes kept apart from the booking document through a refund case
 * to the payment gateway. Against MongoDB over a socket, through createCaller and the outbox job.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseModel, type CaseRecord } from '../../server/src/db/models/case';
import { DepartureModel } from '../../server/src/db/models/departure';
import { BookingModel } from '../../server/src/db/models/booking';
import { performOutbox } from '../../server/src/cases/jobs';
import { connectTestDatabase } from '../support/deps';
import { engineTestContext, newKey, step } from '../support/engine-steps';
import { createPlatformFixtures, ZHANG_ID, type PlatformFixtures } from '../support/platform';
import { dataOf } from '../support/case-data';

let cleanup: () => Promise<void>;
let fx: PlatformFixtures;

beforeAll(async () => {
  cleanup = await connectTestDatabase('air_taxes');
  fx = await createPlatformFixtures();
});
afterAll(async () => cleanup());

const key = () => newKey('air-taxes');

const FARE = 128_000; // Y, ¥1,280
const TAXES = { developmentFundFen: 5_000, fuelSurchargeFen: 3_000 }; // ¥50 + ¥30

/** 张伟's Y-class ticket on MU5102 (SHA → PEK, 2026-05-12 08:00), bought 2026-04-20 with its taxes apart. */
async function airBooking(ref: string, taxes: typeof TAXES | null = TAXES): Promise<string> {
  const departure = await DepartureModel.create({
    mode: 'air',
    code: `MU${ref.slice(-4)}`,
    origin: 'SHA',
    destination: 'PEK',
    departureAt: new Date('2026-05-12T08:00:00+08:00'),
    ruleSet: 'cn-air',
    organizer: 'MU',
    classes: [{ code: 'Y', name: '经济舱全价', priceFen: FARE, taxes: TAXES, seatsLeft: 10 }],
  });
  const booking = await BookingModel.create({
    ref,
    customerId: fx.customers.zhang,
    departureId: departure._id,
    ruleSet: 'cn-air',
    status: 'ticketed',
    purchasedAt: new Date('2026-04-20T10:00:00+08:00'),
    paidAt: new Date('2026-04-20T10:01:00+08:00'),
    sale: { channel: 'online', payment: 'electronic', purchaseType: 'normal', purchaser: 'app:zhang' },
    totalFen: FARE,
    passengers: [
      {
        passengerId: 'p1',
        name: '张伟',
        idType: 'resident_id',
        idNumber: ZHANG_ID,
        passengerType: 'adult',
        ticketNumber: `781-${ref}`,
        classCode: 'Y',
        seat: '32A',
        fareFen: FARE,
        ...(taxes ? { taxes } : {}),
      },
    ],
  });
  return booking._id.toHexString();
}

const setup = (now: string) => engineTestContext(now);

describe('fare and taxes kept apart through a refund case end to end (cn-air@2021-09-01)', () => {
  it('pays fare − fee + taxes exactly, and the quote and the history show the split', async () => {
    const ctx = setup('2026-05-05T09:00:00+08:00');
    const agent = ctx.as(fx.users.agent);
    const bookingId = await airBooking('AIRTX1');

    // The booking as the console reads it: the taxes beside the fare, not inside it.
    const dto = await agent.bookings.get({ id: bookingId });
    expect(dto.tickets[0]).toMatchObject({ fareFen: FARE, taxes: TAXES });

    let c = await agent.cases.create({
      kind: 'refund',
      channel: 'phone',
      customerId: fx.customers.zhang,
      bookingId,
      subject: '机票退票',
      idempotencyKey: key(),
    });
    c = await step(agent, c, { type: 'VERIFY', idNumber: ZHANG_ID });
    c = await step(agent, c, { type: 'QUOTE_REFUND', passengerIds: ['p1'], reason: '行程取消' });
    expect(c.state).toBe('quoted');
    const quote = dataOf(c, 'refund').quote;
    if (!quote) throw new Error('no quote');
    // Y, 7 days ahead (2 h or more): 5% of the fare only = ¥64; the taxes ¥80 back in full.
    expect(quote.lines[0]).toMatchObject({
      fareFen: FARE,
      quote: {
        feeFen: 6_400,
        refundFen: FARE - 6_400 + 8_000,
        taxes: { developmentFundFen: 5_000, fuelSurchargeFen: 3_000, totalFen: 8_000 },
        ruleId: 'cn-air@2021-09-01/refund.class-Y.2h-or-more',
      },
    });
    expect([quote.totalFeeFen, quote.totalRefundFen]).toEqual([6_400, 129_600]);
    expect(quote.ruleIds).toEqual(['cn-air@2021-09-01/refund.class-Y.2h-or-more']);

    // The quote before a case opens says the same.
    const preQuote = await agent.quote.refund({ bookingId, passengerIds: ['p1'] });
    expect(preQuote.tickets[0]?.quote).toEqual(quote.lines[0]?.quote);

    c = await step(agent, c, { type: 'CUSTOMER_CONFIRMED' });
    expect(c.state).toBe('submitting');
    await performOutbox(ctx.deps);
    await performOutbox(ctx.deps);

    const stored = await CaseModel.findById(c.id).lean<CaseRecord>();
    expect(stored?.state).toBe('settled');
    expect([...ctx.gateway.payouts.values()]).toEqual([FARE - 6_400 + 8_000]);
    const submit = stored?.outbox.find((o) => o.type === 'refund.submit');
    expect(submit?.params).toMatchObject({ amountFen: 129_600, bookingId, passengerIds: ['p1'] });
    expect(stored?.history.map((h) => `${h.event}:${h.to}`)).toEqual(
      expect.arrayContaining(['QUOTE_REFUND:quoted', 'CUSTOMER_CONFIRMED:submitting', 'REFUND_SETTLED:settled']),
    );
    const detail = await agent.cases.get({ id: c.id });
    const settledQuote = dataOf(detail, 'refund').quote;
    expect(settledQuote?.lines[0]?.quote.taxes?.totalFen).toBe(8_000);
    const booking = await BookingModel.findById(bookingId).lean();
    expect(booking?.passengers[0]).toMatchObject({ status: 'refunded', fareFen: FARE, taxes: TAXES });
  });

  it('a booking written before taxes were recorded reads as no taxes', async () => {
    const ctx = setup('2026-05-05T09:00:00+08:00');
    const bookingId = await airBooking('AIRTX2', null);
    const quoted = await ctx.as(fx.users.agent).quote.refund({ bookingId });
    expect(quoted.tickets[0]?.quote).toMatchObject({ feeFen: 6_400, refundFen: FARE - 6_400, taxes: { totalFen: 0 } });
    expect((await ctx.as(fx.users.agent).bookings.get({ id: bookingId })).tickets[0]?.taxes).toEqual({
      developmentFundFen: 0,
      fuelSurchargeFen: 0,
    });
  });

  it('after the scheduled departure the refund goes to a supervisor with the carrier’s no-show conditions, and only the taxes are certain', async () => {
    const ctx = setup('2026-05-12T09:00:00+08:00');
    const agent = ctx.as(fx.users.agent);
    const bookingId = await airBooking('AIRTX3');
    let c = await agent.cases.create({
      kind: 'refund',
      channel: 'phone',
      customerId: fx.customers.zhang,
      bookingId,
      subject: '误机退票',
      idempotencyKey: key(),
    });
    c = await step(agent, c, { type: 'VERIFY', idNumber: ZHANG_ID });
    c = await step(agent, c, { type: 'QUOTE_REFUND', passengerIds: ['p1'], reason: '误机' });
    const line = dataOf(c, 'refund').quote?.lines[0];
    expect(line?.quote).toMatchObject({
      feeFen: FARE,
      refundFen: 8_000,
      ruleId: 'cn-air@2021-09-01/refund.class-Y.after-departure-no-show',
      manualStep: { kind: 'carrier-no-show' },
    });
    c = await step(agent, c, { type: 'CUSTOMER_CONFIRMED' });
    expect(c.state).toBe('awaiting_approval');
  });

  it('a booking case sells the fare plus the departure’s taxes and the issued ticket keeps them apart', async () => {
    const ctx = setup('2026-05-05T09:00:00+08:00');
    const agent = ctx.as(fx.users.agent);
    const departure = await DepartureModel.create({
      mode: 'air',
      code: 'MU5138',
      origin: 'SHA',
      destination: 'PEK',
      departureAt: new Date('2026-05-14T08:00:00+08:00'),
      ruleSet: 'cn-air',
      organizer: 'MU',
      classes: [{ code: 'Y', name: '经济舱全价', priceFen: FARE, taxes: TAXES, seatsLeft: 10 }],
    });
    let c = await agent.cases.create({
      kind: 'booking',
      channel: 'phone',
      customerId: fx.customers.zhang,
      subject: '订机票',
      idempotencyKey: key(),
    });
    c = await step(agent, c, {
      type: 'QUOTE',
      departureId: departure._id.toHexString(),
      classCode: 'Y',
      passengerCount: 1,
    });
    c = await step(agent, c, {
      type: 'ENTER_PASSENGERS',
      passengers: [{ name: '张伟', idType: 'resident_id', idNumber: ZHANG_ID, passengerType: 'adult' }],
    });
    expect(dataOf(c, 'booking').totalFen).toBe(FARE + 8_000);
    c = await step(agent, c, { type: 'HOLD_SEATS' });
    await performOutbox(ctx.deps);
    c = await agent.cases.get({ id: c.id });
    c = await step(agent, c, { type: 'REQUEST_PAYMENT' });
    await performOutbox(ctx.deps);
    await performOutbox(ctx.deps);
    const stored = await CaseModel.findById(c.id).lean<CaseRecord>();
    expect(stored?.state).toBe('ticketed');
    expect(stored?.outbox.find((o) => o.type === 'payment.collect')?.params).toMatchObject({ amountFen: FARE + 8_000 });
    const booking = await BookingModel.findOne({ ref: stored?.bookingRef }).lean();
    expect(booking?.passengers[0]).toMatchObject({ fareFen: FARE, taxes: TAXES });
  });

  it('a voluntary change to a lower fare is refused as a change: it is a refund and a new purchase, in both languages', async () => {
    const ctx = setup('2026-05-05T09:00:00+08:00');
    const agent = ctx.as(fx.users.agent);
    const bookingId = await airBooking('AIRTX4');
    const cheaper = await DepartureModel.create({
      mode: 'air',
      code: 'MU5156',
      origin: 'SHA',
      destination: 'PEK',
      departureAt: new Date('2026-05-13T20:00:00+08:00'),
      ruleSet: 'cn-air',
      organizer: 'MU',
      classes: [{ code: 'Y', name: '经济舱全价', priceFen: 99_000, taxes: TAXES, seatsLeft: 10 }],
    });
    let c = await agent.cases.create({
      kind: 'change',
      channel: 'phone',
      customerId: fx.customers.zhang,
      bookingId,
      subject: '改期',
      idempotencyKey: key(),
    });
    c = await step(agent, c, { type: 'VERIFY', idNumber: ZHANG_ID });
    c = await step(agent, c, {
      type: 'CHOOSE_DEPARTURE',
      departureId: cheaper._id.toHexString(),
      classCode: 'Y',
      passengerIds: ['p1'],
    });
    expect(c.state).toBe('refused');
    const refusal = dataOf(c, 'change').quote?.refusal;
    if (!refusal) throw new Error('no refusal');
    expect(refusal.ruleId).toBe('cn-air@2021-09-01/change.class-Y.lower-fare-refund-and-new-purchase');
    expect(refusal.explanation.en).toContain('refund this ticket voluntarily');
    expect(refusal.explanation['zh-CN']).toContain('重新购票');
    expect(ctx.gateway.refundCalls).toBe(0);
  });

  it('the what-if calculator takes the taxes apart from the fare too', async () => {
    const ctx = setup('2026-05-05T09:00:00+08:00');
    const result = await ctx.as(fx.users.agent).quote.compute({
      kind: 'refund',
      ruleSet: 'cn-air',
      fareFen: FARE,
      taxes: TAXES,
      fareClass: 'Z',
      purchasedAt: '2026-04-20T10:00:00+08:00',
      departureAt: '2026-05-12T08:00:00+08:00',
      requestedAt: '2026-05-05T09:00:00+08:00',
    });
    // "Taxes only": exactly the taxes come back.
    expect(result.quote).toMatchObject({ feeFen: FARE, refundFen: 8_000, taxes: { totalFen: 8_000 } });
  });
});
