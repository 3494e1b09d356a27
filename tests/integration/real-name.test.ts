/**
 * Real-name shows (issue 14, item 3): a show approved for 5,000 attendees or more sells one ticket
 * per ID number. A booking case refuses an ID that another booking of the show holds, or that
 * another open booking case has entered for it, with a bilingual reason; smaller shows are not limited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Types } from 'mongoose';
import type { DomainError } from '../../shared/errors';
import { createCaller } from '../../server/src/trpc/root';
import { BookingModel } from '../../server/src/db/models/booking';
import { DepartureModel } from '../../server/src/db/models/departure';
import { connectTestDatabase, testDeps } from '../support/deps';
import { failureOf, newKey, step } from '../support/engine-steps';
import { contextFor, createPlatformFixtures, LI_ID, ZHANG_ID, type PlatformFixtures } from '../support/platform';

let disconnect: () => Promise<void>;
let fx: PlatformFixtures;
const deps = testDeps({ now: () => new Date('2026-05-10T08:00:00+08:00') });
const agent = () => createCaller(contextFor(deps, fx.users.agent));

const key = () => newKey('real-name');

let showSeq = 0;
/** A show approved for `approvedCapacity` attendees, with 张伟 already holding a ticket (booking ref returned). */
async function showWithZhangTicket(approvedCapacity: number): Promise<{ departureId: string; bookingRef: string }> {
  const n = String(++showSeq).padStart(3, '0');
  const show = await DepartureModel.create({
    mode: 'event',
    code: `STAR-${n}`,
    origin: '国家体育场',
    destination: '星河巡回演唱会',
    departureAt: new Date('2026-06-20T19:30:00+08:00'),
    ruleSet: 'event',
    organizer: 'default',
    approvedCapacity,
    classes: [{ code: 'A', name: '看台A区', priceFen: 128_000, seatsLeft: 500 }],
  });
  const ref = `RN0000${n}`;
  await BookingModel.create({
    ref,
    customerId: new Types.ObjectId(fx.customers.zhang),
    departureId: show._id,
    ruleSet: 'event',
    status: 'ticketed',
    purchasedAt: new Date('2026-05-01T10:00:00+08:00'),
    paidAt: new Date('2026-05-01T10:00:00+08:00'),
    totalFen: 128_000,
    passengers: [
      {
        passengerId: 'p1',
        name: '张伟',
        idType: 'resident_id',
        idNumber: ZHANG_ID,
        passengerType: 'adult',
        ticketNumber: `EV${n}`,
        classCode: 'A',
        seat: 'A区1排1号',
        fareFen: 128_000,
      },
    ],
  });
  return { departureId: show._id.toHexString(), bookingRef: ref };
}

beforeAll(async () => {
  disconnect = await connectTestDatabase('real_name');
  fx = await createPlatformFixtures();
});
afterAll(async () => {
  await disconnect();
});

async function quotedCase(departureId: string) {
  const c = await agent().cases.create({
    kind: 'booking',
    channel: 'phone',
    customerId: fx.customers.zhang,
    subject: '购票',
    idempotencyKey: key(),
  });
  return agent().cases.send({
    caseId: c.id,
    expectedVersion: c.version,
    idempotencyKey: key(),
    event: { type: 'QUOTE', departureId, classCode: 'A', passengerCount: 1 },
  });
}

function enter(c: { id: string; version: number }, name: string, idNumber: string) {
  return step(agent(), c, {
    type: 'ENTER_PASSENGERS',
    passengers: [{ name, idType: 'resident_id', idNumber, passengerType: 'adult' }],
  });
}

async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string; reason: unknown }> {
  const error = await failureOf(promise);
  return {
    code: error.code,
    message: error.message,
    reason: (error.cause as DomainError | undefined)?.details?.reason,
  };
}

describe('a show for 5,000 attendees or more sells one ticket per ID', () => {
  it('refuses an ID that holds a ticket in another booking of the show, in both languages', async () => {
    const { departureId, bookingRef } = await showWithZhangTicket(5_000);
    expect((await agent().departures.get({ id: departureId })).realName).toBe(true);
    const c = await quotedCase(departureId);
    const refused = await refusal(enter(c, '张伟', ZHANG_ID));
    expect(refused.code).toBe('BAD_REQUEST');
    expect(refused.reason).toEqual({
      'zh-CN': `1. 张伟：本场演出实名购票，每个证件限购一张，该证件已有门票（${bookingRef}）`,
      en: `1. 张伟: this show is sold by real name, one ticket per ID, and this ID already holds one (${bookingRef})`,
    });
    // Once that ticket is refunded, the ID may buy again.
    await BookingModel.updateOne({ ref: bookingRef }, { $set: { 'passengers.0.status': 'refunded' } });
    expect((await enter(c, '张伟', ZHANG_ID)).state).toBe('passengers_entered');
  });

  it('refuses an ID another open booking case has entered for the show, until that case is cancelled', async () => {
    const { departureId } = await showWithZhangTicket(68_000);
    const first = await enter(await quotedCase(departureId), '李娜', LI_ID);
    expect(first.state).toBe('passengers_entered');
    const second = await quotedCase(departureId);
    const refused = await refusal(enter(second, '李娜', LI_ID));
    expect(refused.code).toBe('BAD_REQUEST');
    expect((refused.reason as { en: string }).en).toBe(
      `1. 李娜: this show is sold by real name, one ticket per ID, and this ID already holds one (${first.ref})`,
    );
    await agent().cases.send({
      caseId: first.id,
      expectedVersion: first.version,
      idempotencyKey: key(),
      event: { type: 'CANCEL', reason: '客户改为他人购票' },
    });
    expect((await enter(second, '李娜', LI_ID)).state).toBe('passengers_entered');
  });

  it('does not limit a show approved for fewer than 5,000', async () => {
    const { departureId } = await showWithZhangTicket(4_999);
    expect((await agent().departures.get({ id: departureId })).realName).toBe(false);
    expect((await enter(await quotedCase(departureId), '张伟', ZHANG_ID)).state).toBe('passengers_entered');
  });
});
