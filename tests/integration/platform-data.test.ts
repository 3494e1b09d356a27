/** What the customers, departures, bookings and users procedures answer, and the facts loaders the case engine uses. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { createCaller } from '../../server/src/trpc/root';
import { AuditModel } from '../../server/src/db/models/audit';
import { loadBookingFacts } from '../../server/src/bookings/booking.facts';
import { loadDepartureFacts } from '../../server/src/departures/departure.facts';
import { customerIdMatches } from '../../server/src/customers/identity';
import { DomainError } from '../../shared/errors';
import { connectTestDatabase, testDeps } from '../support/deps';
import {
  contextFor,
  createPlatformFixtures,
  LI_ID,
  LI_PHONE,
  ZHANG_ID,
  ZHANG_PHONE,
  type PlatformFixtures,
} from '../support/platform';

let disconnect: () => Promise<void>;
let fx: PlatformFixtures;
const NOW = new Date('2026-05-10T08:00:00+08:00');
const deps = testDeps({ now: () => NOW });
const caller = (role: keyof PlatformFixtures['users'] = 'agent') => createCaller(contextFor(deps, fx.users[role]));

beforeAll(async () => {
  disconnect = await connectTestDatabase('platform_data');
  fx = await createPlatformFixtures();
});
afterAll(async () => {
  await disconnect();
});

const names = (list: { name: string }[]) => list.map((c) => c.name);

describe('customers.search', () => {
  it('finds by name prefix and by a part of the name, case-insensitively', async () => {
    expect(names(await caller().customers.search({ query: '张' }))).toEqual(['张伟']);
    expect(names(await caller().customers.search({ query: '娜' }))).toEqual(['李娜']);
    expect(names(await caller().customers.search({ query: 'john' }))).toEqual(['John Smith']);
    expect(names(await caller().customers.search({ query: 'SMITH' }))).toEqual(['John Smith']);
  });

  it('finds by the whole phone, with +86 and spaces, never by its first digits', async () => {
    expect(names(await caller().customers.search({ query: ZHANG_PHONE }))).toEqual(['张伟']);
    expect(names(await caller().customers.search({ query: '+86 139 1234 5678' }))).toEqual(['李娜']);
    expect(await caller().customers.search({ query: '1380013' })).toEqual([]);
  });

  it('finds by resident ID (any case of x), passport number and booking reference', async () => {
    expect(names(await caller().customers.search({ query: ZHANG_ID.toLowerCase() }))).toEqual(['张伟']);
    // Li's ID number is also on a passenger of Zhang's booking: the holder comes after the customer.
    expect(names(await caller().customers.search({ query: LI_ID }))).toEqual(['李娜', '张伟']);
    expect(names(await caller().customers.search({ query: 'e12345678' }))).toEqual(['John Smith']);
    expect(names(await caller().customers.search({ query: 'td0000001' }))).toEqual(['张伟']);
  });

  it('masks phone, ID number and e-mail', async () => {
    const [zhang] = await caller().customers.search({ query: ZHANG_PHONE });
    expect(zhang).toMatchObject({
      phone: '138****8000',
      idNumber: '110105********002X',
      email: 'z***@example.com',
      masked: true,
      vipTier: 'gold',
    });
    expect(JSON.stringify(zhang)).not.toContain(ZHANG_ID);
    expect(JSON.stringify(zhang)).not.toContain(ZHANG_PHONE);
  });

  it('treats regex characters as text and honours the limit', async () => {
    expect(await caller().customers.search({ query: '.*' })).toEqual([]);
    expect(await caller().customers.search({ query: '(' })).toEqual([]);
    expect(await caller().customers.search({ query: LI_ID, limit: 1 })).toHaveLength(1);
  });
});

describe('customers.get', () => {
  it('returns the customer with their bookings (IDs masked) and cases', async () => {
    const overview = await caller('qa').customers.get({ id: fx.customers.zhang });
    expect(overview.customer.name).toBe('张伟');
    expect(overview.bookings.map((b) => b.ref)).toEqual(['TD0000001']);
    const [booking] = overview.bookings;
    expect(booking?.departure).toMatchObject({
      code: 'G1',
      origin: 'BJP',
      destination: 'SHH',
      departureAt: '2026-05-11T23:00:00.000Z',
    });
    expect(booking?.tickets.map((t) => t.idNumber)).toEqual(['110105********002X', '440305********123X']);
    expect(overview.cases).toEqual([]);
  });

  it('is NOT_FOUND for an unknown id', async () => {
    await expect(caller().customers.get({ id: 'ffffffffffffffffffffffff' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

describe('customers.reveal', () => {
  it('returns the clear value and audits who, what, why and from where first', async () => {
    const before = await AuditModel.countDocuments({ action: 'customer.revealed' });
    const { value } = await caller('complaint_handler').customers.reveal({
      customerId: fx.customers.li,
      field: 'idNumber',
      reason: 'refund to card holder',
    });
    expect(value).toBe(LI_ID);
    expect(
      (
        await caller('supervisor').customers.reveal({
          customerId: fx.customers.li,
          field: 'phone',
          reason: 'call back',
        })
      ).value,
    ).toBe(LI_PHONE);

    const entries = await AuditModel.find({ action: 'customer.revealed' }).sort({ _id: 1 }).lean();
    expect(entries).toHaveLength(before + 2);
    const entry = entries[entries.length - 2];
    expect(entry).toMatchObject({
      actor: { id: fx.users.complaint_handler.id, name: '赵敏', role: 'complaint_handler' },
      target: `customer:${fx.customers.li}`,
      reason: 'refund to card holder',
      details: { field: 'idNumber' },
      ip: '203.0.113.7',
    });
    expect(entry?.at.toISOString()).toBe(NOW.toISOString());
  });

  it('needs a reason', async () => {
    await expect(
      caller('admin').customers.reveal({ customerId: fx.customers.li, field: 'phone', reason: '  ' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});

describe('customers.verifyIdentity', () => {
  it('says whether the number matches without revealing it, and audits the check', async () => {
    expect(
      await caller().customers.verifyIdentity({ customerId: fx.customers.zhang, idNumber: '11010519491231002x' }),
    ).toEqual({ match: true });
    const miss = await caller().customers.verifyIdentity({ customerId: fx.customers.zhang, idNumber: LI_ID });
    expect(miss).toEqual({ match: false });
    const checks = await AuditModel.find({
      action: 'customer.identity_checked',
      target: `customer:${fx.customers.zhang}`,
    }).lean();
    expect(checks.map((c) => c.details)).toEqual([{ match: true }, { match: false }]);
  });
});

describe('departures', () => {
  it('searches a calendar day in Asia/Shanghai, soonest first', async () => {
    // G1 leaves 07:00 on 12 May in Beijing, which is still 11 May in UTC.
    const day = await caller().departures.search({ date: '2026-05-12' });
    expect(day.map((d) => d.code)).toEqual(['G1', 'MU5101']);
    expect(day[0]).toMatchObject({
      mode: 'rail',
      ruleSet: 'cn-rail',
      realName: false,
      arrivalAt: '2026-05-12T03:30:00.000Z',
    });
    expect(day[0]?.classes).toEqual([
      { code: 'O', name: '二等座', priceFen: 55_300, seatsLeft: 120 },
      { code: 'M', name: '一等座', priceFen: 93_000, seatsLeft: 20 },
    ]);
  });

  it('filters by mode and station prefix in any case, and lists only future departures by default', async () => {
    expect(
      (await caller().departures.search({ mode: 'rail', origin: 'bj', destination: 'SHH' })).map((d) => d.code),
    ).toEqual(['G1', 'G7']);
    expect((await caller().departures.search({ origin: 'PEK' })).map((d) => d.code)).toEqual(['MU5101']);
    expect((await caller().departures.search({ from: '2026-05-13T00:00:00+08:00' })).map((d) => d.code)).toEqual([
      'G7',
    ]);
    expect(await caller().departures.search({ origin: '.*' })).toEqual([]);
    const later = testDeps({ now: () => new Date('2026-05-12T12:00:00+08:00') });
    expect((await createCaller(contextFor(later, fx.users.agent)).departures.search({})).map((d) => d.code)).toEqual([
      'G7',
    ]);
  });

  it('gets one departure, NOT_FOUND for an unknown id', async () => {
    expect((await caller().departures.get({ id: fx.departures.mu })).organizer).toBe('MU');
    await expect(caller().departures.get({ id: 'ffffffffffffffffffffffff' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

describe('bookings', () => {
  it('gets a booking by id and by reference in any case, ID numbers masked', async () => {
    const byId = await caller().bookings.get({ id: fx.bookings.smithAir.id });
    expect(byId).toMatchObject({
      ref: 'TD0000002',
      status: 'paid',
      ruleSet: 'cn-air',
      paidAt: null,
      totalFen: 128_000,
      customerId: fx.customers.smith,
    });
    expect(byId.tickets).toEqual([
      {
        passengerId: 'p1',
        passengerName: 'John Smith',
        passengerType: 'adult',
        idType: 'passport',
        idNumber: 'E1*****78',
        ticketNumber: null,
        classCode: 'Y',
        seat: null,
        fareFen: 128_000,
        // Recorded before taxes were: reads as none.
        taxes: { developmentFundFen: 0, fuelSurchargeFen: 0 },
        status: 'active',
        changed: false,
      },
    ]);
    expect((await caller().bookings.byRef({ ref: 'td0000001' })).id).toBe(fx.bookings.zhangRail.id);
  });

  it('is NOT_FOUND for unknown ids and references', async () => {
    await expect(caller().bookings.get({ id: 'ffffffffffffffffffffffff' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(caller().bookings.byRef({ ref: 'TD9999999' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('users.list', () => {
  it('lists active users by name, optionally one role', async () => {
    const all = await caller().users.list({});
    expect(all).toHaveLength(6);
    expect(all.find((u) => u.name === '离职')).toBeUndefined();
    expect(Object.keys(all[0] ?? {}).sort()).toEqual(['id', 'name', 'queues', 'role']);
    expect(await caller().users.list({ role: 'agent' })).toEqual(
      [
        { id: fx.users.agent.id, name: '王芳', role: 'agent', queues: ['sales', 'refunds'] },
        { id: fx.users.otherAgent.id, name: '李强', role: 'agent', queues: ['sales', 'refunds'] },
      ].sort((a, b) => (a.name < b.name ? -1 : 1)),
    );
    expect(await caller().users.list()).toHaveLength(6);
  });
});

describe('facts for the case engine', () => {
  it('loadBookingFacts reads fares, ticket states and the departure', async () => {
    expect(await loadBookingFacts(fx.bookings.zhangRail.id)).toEqual({
      bookingId: fx.bookings.zhangRail.id,
      ref: 'TD0000001',
      status: 'ticketed',
      ruleSet: 'cn-rail',
      purchasedAt: '2026-05-01T02:00:00.000Z',
      paidAt: '2026-05-01T02:01:00.000Z',
      departureId: fx.departures.g1,
      departureAt: '2026-05-11T23:00:00.000Z',
      mode: 'rail',
      organizer: null,
      origin: 'BJP',
      // The fixture booking records no sale: no sale-dependent rule applies; it counts as its customer's purchase.
      sale: null,
      purchaser: `customer:${fx.customers.zhang}`,
      tickets: [
        {
          passengerId: 'p1',
          passengerName: '张伟',
          passengerType: 'adult',
          classCode: 'O',
          fareFen: 55_300,
          taxes: { developmentFundFen: 0, fuelSurchargeFen: 0 },
          status: 'active',
          changed: false,
          changedAt: null,
          originalDepartureAt: null,
          ticketNumber: 'E000000001',
          claim: null,
        },
        {
          passengerId: 'p2',
          passengerName: '张小明',
          passengerType: 'child',
          classCode: 'O',
          fareFen: 27_650,
          taxes: { developmentFundFen: 0, fuelSurchargeFen: 0 },
          status: 'active',
          changed: true,
          changedAt: null,
          originalDepartureAt: null,
          ticketNumber: 'E000000002',
          claim: null,
        },
      ],
    });
  });

  it('loadDepartureFacts reads one class', async () => {
    expect(await loadDepartureFacts(fx.departures.g7, 'O')).toEqual({
      departureId: fx.departures.g7,
      code: 'G7',
      mode: 'rail',
      ruleSet: 'cn-rail',
      organizer: null,
      origin: 'BJP',
      departureAt: '2026-05-13T15:30:00.000Z',
      classCode: 'O',
      className: '二等座',
      priceFen: 55_300,
      taxes: null,
      seatsLeft: 3,
      realName: false,
      approvedCapacity: null,
    });
  });

  it('both are NOT_FOUND domain errors for unknown ids or classes', async () => {
    for (const attempt of [
      () => loadBookingFacts('ffffffffffffffffffffffff'),
      () => loadBookingFacts('nonsense'),
      () => loadDepartureFacts(fx.departures.g7, 'M'),
      () => loadDepartureFacts('ffffffffffffffffffffffff', 'O'),
    ]) {
      const error = await attempt().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('NOT_FOUND');
    }
  });

  it('customerIdMatches compares without revealing', async () => {
    expect(await customerIdMatches(fx.customers.zhang, ZHANG_ID.toLowerCase())).toBe(true);
    expect(await customerIdMatches(fx.customers.zhang, LI_ID)).toBe(false);
    expect(await customerIdMatches('ffffffffffffffffffffffff', ZHANG_ID)).toBe(false);
    expect(await customerIdMatches('bad', ZHANG_ID)).toBe(false);
  });
});

it('errors carry the domain code for the client', async () => {
  const error = await caller()
    .bookings.byRef({ ref: 'TD9999999' })
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(TRPCError);
  expect(((error as TRPCError).cause as DomainError).code).toBe('NOT_FOUND');
});
