import { describe, expect, it } from 'vitest';
import type { AnyMachineSnapshot, EventObject } from 'xstate';
import { quoteChange } from '../policy';
import {
  changeEventRoles,
  changeMachine,
  changeStateLabels,
  explainChangeRefusal,
  projectChange,
  type ChangeContext,
  type ChangeEvent,
} from './change';
import { acceptedEvents } from './registry';
import { actors, airBooking, at, booking, caseInput, departure, railBooking, stamp } from './testing/fixtures';
import { explore, leafStatePaths } from './testing/coverage';
import { path, persistAndRestore, send, sendAll, start } from './testing/drive';

const input = caseInput('change', { booking: railBooking });

// Requests at T0 + minutes are 19 days before G1 leaves: any train, no change fee.
const pricier = departure({
  departureId: '6650a1b2c3d4e5f6000000d3',
  code: 'G3',
  departureAt: '2026-05-22T08:00:00+08:00',
  priceFen: 60_000,
});
const cheaper = departure({
  departureId: '6650a1b2c3d4e5f6000000d4',
  code: 'G5',
  departureAt: '2026-05-22T09:00:00+08:00',
  priceFen: 50_000,
});
const samePrice = departure({
  departureId: '6650a1b2c3d4e5f6000000d5',
  code: 'G7',
  departureAt: '2026-05-22T10:00:00+08:00',
  priceFen: 55_300,
});
// The day after G1 left: cn-rail allows no change any more.
const afterDepartureDay = '2026-05-21T02:00:00.000Z';

const verify = (identityVerified = true) => stamp({ type: 'VERIFY', identityVerified }, actors.agent, at(1));
const choose = (d = pricier, passengerIds = ['P1'], when = at(2)) =>
  stamp({ type: 'CHOOSE_DEPARTURE', departure: d, passengerIds }, actors.agent, when);
const requote = (d = pricier, passengerIds = ['P1'], when = at(3)) =>
  stamp({ type: 'REQUOTE', departure: d, passengerIds }, actors.agent, when);
const confirm = (when = at(4)) => stamp({ type: 'CUSTOMER_CONFIRMED' }, actors.agent, when);
const decline = stamp({ type: 'CUSTOMER_DECLINED', reason: 'keeps the old train' }, actors.agent, at(4));
const paymentSucceeded = stamp({ type: 'PAYMENT_SUCCEEDED', paymentRef: 'PAY-9' }, actors.system, at(5));
const paymentFailed = stamp({ type: 'PAYMENT_FAILED', reason: 'card declined' }, actors.system, at(5));
const reissued = stamp(
  { type: 'REISSUED', ticketNumbers: ['E9'], newBookingId: '6650a1b2c3d4e5f6000000b8', newBookingRef: 'TD0000008' },
  actors.system,
  at(6),
);
const refundSettled = stamp({ type: 'REFUND_SETTLED', gatewayRef: 'GW-1' }, actors.system, at(6));
const refundFailed = stamp({ type: 'REFUND_FAILED', reason: 'account closed' }, actors.system, at(6));
const retryRefund = stamp({ type: 'RETRY_REFUND' }, actors.agent, at(7));
const close = stamp({ type: 'CLOSE' }, actors.agent, at(8));

const samples: EventObject[] = [
  verify(true),
  verify(false),
  ...[pricier, cheaper, samePrice].flatMap((d) => [choose(d), requote(d)]),
  choose(pricier, ['P1'], afterDepartureDay),
  requote(pricier, ['P1'], afterDepartureDay),
  confirm(),
  decline,
  paymentSucceeded,
  paymentFailed,
  reissued,
  refundSettled,
  refundFailed,
  retryRefund,
  close,
  stamp({ type: 'ASSIGN', assignee: { id: actors.agent2.id, name: actors.agent2.name } }),
  stamp({ type: 'UNASSIGN' }),
  stamp({ type: 'TRANSFER', queue: 'changes' }),
  stamp({ type: 'ADD_NOTE', noteId: 'n1', text: 'note' }),
  stamp({ type: 'SET_PRIORITY', priority: 'high' }, actors.supervisor),
  stamp({ type: 'LINK_CUSTOMER', customerId: '6650a1b2c3d4e5f6000000c2' }),
  stamp({ type: 'LINK_BOOKING', booking: booking({ bookingId: '6650a1b2c3d4e5f6000000b9' }) }),
];

const ctx = (s: AnyMachineSnapshot) => s.context as ChangeContext;
const initial = () => start(changeMachine, input).snapshot;
const quotedFor = (d = pricier, passengerIds = ['P1']) =>
  sendAll(changeMachine, initial(), [verify(), choose(d, passengerIds)]).snapshot;

const openCommon = ['ASSIGN', 'UNASSIGN', 'TRANSFER', 'ADD_NOTE', 'SET_PRIORITY'];

describe('change machine: every state and event', () => {
  const exploration = explore(
    changeMachine,
    input,
    () => samples,
    (s) => [
      Math.sign(ctx(s).quote?.totalPayFen ?? 0),
      ctx(s).differenceRefund?.status ?? null,
      ctx(s).assignee !== null,
    ],
  );

  it('reaches every state', () => {
    expect([...exploration.states].sort()).toEqual(leafStatePaths(changeMachine).sort());
    expect(Object.keys(changeStateLabels).sort()).toEqual(leafStatePaths(changeMachine).sort());
  });

  it('takes every event somewhere', () => {
    expect([...exploration.takenEvents].sort()).toEqual(Object.keys(changeEventRoles).sort());
  });

  const own: Record<string, string[]> = {
    verifying: ['LINK_CUSTOMER', 'LINK_BOOKING', 'VERIFY', 'CUSTOMER_DECLINED'],
    choosing: ['CHOOSE_DEPARTURE', 'CUSTOMER_DECLINED'],
    quoted: ['REQUOTE', 'CUSTOMER_CONFIRMED', 'CUSTOMER_DECLINED'],
    difference_pending: ['PAYMENT_SUCCEEDED', 'PAYMENT_FAILED'],
    reissuing: ['REISSUED', 'REFUND_SETTLED', 'REFUND_FAILED', 'RETRY_REFUND'],
    reissued: ['CLOSE', 'REFUND_SETTLED', 'REFUND_FAILED', 'RETRY_REFUND'],
  };
  it.each(Object.entries(own))('state %s accepts exactly its events', (state, events) => {
    const found = exploration.paths.find((p) => path(p.state) === state);
    expect(found, `no path to ${state}`).toBeDefined();
    expect(acceptedEvents(found!.state).sort()).toEqual([...events, ...openCommon].sort());
  });
  it.each(['closed', 'declined', 'refused'])('final state %s accepts nothing', (state) => {
    const found = exploration.paths.find((p) => path(p.state) === state);
    expect(found?.state.status).toBe('done');
    expect(acceptedEvents(found!.state)).toEqual([]);
    expect(ctx(found!.state).closedAt).not.toBeNull();
  });
});

describe('change machine: verification', () => {
  it('moves on when the engine verified the caller, and records a mismatch without moving', () => {
    const mismatch = send(changeMachine, initial(), verify(false));
    expect(path(mismatch.snapshot)).toBe('verifying');
    expect(ctx(mismatch.snapshot).verification.failedAttempts).toEqual([{ at: at(1), by: { ...actors.agent } }]);
    const ok = send(changeMachine, mismatch.snapshot, verify(true));
    expect(path(ok.snapshot)).toBe('choosing');
    expect(ctx(ok.snapshot).verification.verifiedAt).toBe(at(1));
  });

  it('refuses VERIFY without a booking or when every ticket was changed already', () => {
    const noBooking = start(changeMachine, caseInput('change')).snapshot;
    expect(send(changeMachine, noBooking, verify()).accepted).toBe(false);
    expect(explainChangeRefusal(noBooking, verify() as ChangeEvent)?.en).toBe('No booking is linked to the case');
    const allChanged = booking({ tickets: railBooking.tickets.map((t) => ({ ...t, changed: true })) });
    const s = start(changeMachine, caseInput('change', { booking: allChanged })).snapshot;
    expect(send(changeMachine, s, verify()).accepted).toBe(false);
    expect(explainChangeRefusal(s, verify() as ChangeEvent)?.en).toMatch(/changed only once/);
    // Linking the right booking before verifying fixes it; after verifying the link is fixed.
    const relinked = send(
      changeMachine,
      s,
      stamp({ type: 'LINK_BOOKING', booking: booking({ bookingId: '6650a1b2c3d4e5f6000000b9' }) }),
    ).snapshot;
    const verified = send(changeMachine, relinked, verify()).snapshot;
    expect(path(verified)).toBe('choosing');
    expect(send(changeMachine, verified, stamp({ type: 'LINK_BOOKING', booking: allChanged })).accepted).toBe(false);
  });
});

describe('change machine: quotes come from the policy engine', () => {
  it('stores quoteChange’s result per ticket and the totals', () => {
    const s = quotedFor(pricier, ['P1', 'P2']);
    expect(path(s)).toBe('quoted');
    const quote = ctx(s).quote!;
    const expected = railBooking.tickets.map((t) =>
      quoteChange({
        ruleSet: 'cn-rail',
        fareFen: t.fareFen,
        newFareFen: t.passengerType === 'child' ? 30_000 : 60_000,
        purchasedAt: railBooking.purchasedAt,
        departureAt: railBooking.departureAt,
        newDepartureAt: pricier.departureAt,
        requestedAt: at(2),
        involuntary: false,
      }),
    );
    expect(quote.lines.map((l) => l.quote)).toEqual(expected);
    expect(quote.lines.map((l) => l.newFareFen)).toEqual([60_000, 30_000]);
    expect(quote.totalPayFen).toBe(expected[0]!.payFen + expected[1]!.payFen);
    expect(quote.totalChangeFeeFen).toBe(expected[0]!.changeFeeFen + expected[1]!.changeFeeFen);
    expect(quote.refusal).toBeNull();
  });

  it('keeps the previous quote beside a re-quote', () => {
    const first = ctx(quotedFor(pricier)).quote;
    const s = send(changeMachine, quotedFor(pricier), requote(cheaper)).snapshot;
    expect(ctx(s).previousQuote).toEqual(first);
    expect(ctx(s).quote?.departure.code).toBe('G5');
  });

  it('ends in refused with the policy’s explanation when the rules forbid the change', () => {
    const s = send(
      changeMachine,
      send(changeMachine, initial(), verify()).snapshot,
      choose(pricier, ['P1'], afterDepartureDay),
    ).snapshot;
    expect(path(s)).toBe('refused');
    const policy = quoteChange({
      ruleSet: 'cn-rail',
      fareFen: 55_300,
      newFareFen: 60_000,
      purchasedAt: railBooking.purchasedAt,
      departureAt: railBooking.departureAt,
      newDepartureAt: pricier.departureAt,
      requestedAt: afterDepartureDay,
    });
    expect(policy.allowed).toBe(false);
    expect(ctx(s).quote?.refusal).toEqual({
      passengerId: 'P1',
      ruleId: policy.ruleId,
      explanation: policy.explanation,
    });
  });

  it('refuses a selection that cannot be quoted, with the reason', () => {
    const choosing = send(changeMachine, initial(), verify()).snapshot;
    const changedOnce = start(
      changeMachine,
      caseInput('change', {
        booking: booking({ tickets: [railBooking.tickets[0]!, { ...railBooking.tickets[1]!, changed: true }] }),
      }),
    ).snapshot;
    const choosing2 = send(changeMachine, changedOnce, verify()).snapshot;
    const cases: [AnyMachineSnapshot, ChangeEvent, RegExp][] = [
      [choosing2, choose(pricier, ['P2']) as ChangeEvent, /changed only once/],
      [choosing, choose(pricier, ['P9']) as ChangeEvent, /no passenger P9/],
      [choosing, choose(departure({ classCode: 'O' }), ['P1']) as ChangeEvent, /already booked/],
      [
        choosing,
        choose(departure({ departureId: 'x', mode: 'air', ruleSet: 'cn-air' }), ['P1']) as ChangeEvent,
        /only be changed to another rail/,
      ],
      [choosing, choose({ ...pricier, seatsLeft: 0 }, ['P1']) as ChangeEvent, /only 0 seats left/],
    ];
    for (const [s, event, reason] of cases) {
      expect(send(changeMachine, s, event).accepted).toBe(false);
      expect(explainChangeRefusal(s, event)?.en).toMatch(reason);
    }
  });
});

describe('change machine: settling the difference', () => {
  it('collects a higher fare, then reissues with each passenger’s new fare', () => {
    const confirmed = send(changeMachine, quotedFor(pricier, ['P1', 'P2']), confirm());
    expect(path(confirmed.snapshot)).toBe('difference_pending');
    const payFen = ctx(confirmed.snapshot).quote!.totalPayFen;
    expect(payFen).toBeGreaterThan(0);
    expect(confirmed.effects).toEqual([
      { name: 'payment.collect', params: { amountFen: payFen, purpose: 'change_difference', reference: input.ref } },
    ]);
    const paid = send(changeMachine, confirmed.snapshot, paymentSucceeded);
    expect(path(paid.snapshot)).toBe('reissuing');
    expect(paid.effects).toEqual([
      {
        name: 'booking.reissue',
        params: {
          bookingId: railBooking.bookingId,
          passengerIds: ['P1', 'P2'],
          newDeparture: pricier,
          newFareFen: 60_000,
          fares: [
            { passengerId: 'P1', fareFen: 60_000 },
            { passengerId: 'P2', fareFen: 30_000 },
          ],
        },
      },
    ]);
    const done = send(changeMachine, paid.snapshot, reissued);
    expect(path(done.snapshot)).toBe('reissued');
    expect(done.effects.map((e) => e.name)).toEqual(['notify.customer']);
    expect(ctx(done.snapshot).reissued).toEqual({
      at: reissued.meta.at,
      ticketNumbers: ['E9'],
      newBookingId: '6650a1b2c3d4e5f6000000b8',
      newBookingRef: 'TD0000008',
    });
    expect(send(changeMachine, done.snapshot, close).snapshot.status).toBe('done');
  });

  it('goes back to quoted when the payment fails', () => {
    const pending = send(changeMachine, quotedFor(pricier), confirm()).snapshot;
    const failed = send(changeMachine, pending, paymentFailed);
    expect(path(failed.snapshot)).toBe('quoted');
    expect(ctx(failed.snapshot).paymentFailures).toEqual([{ at: paymentFailed.meta.at, reason: 'card declined' }]);
  });

  it('refunds a lower fare’s difference and reissues, and stays open until the refund settles', () => {
    const confirmed = send(changeMachine, quotedFor(cheaper), confirm());
    const payFen = ctx(confirmed.snapshot).quote!.totalPayFen;
    expect(payFen).toBeLessThan(0);
    expect(path(confirmed.snapshot)).toBe('reissuing');
    expect(confirmed.effects).toEqual([
      {
        name: 'refund.submit',
        params: {
          amountFen: -payFen,
          bookingId: railBooking.bookingId,
          passengerIds: ['P1'],
          reason: `change_difference:${input.ref}`,
        },
      },
      {
        name: 'booking.reissue',
        params: expect.objectContaining({ passengerIds: ['P1'], newDeparture: cheaper, newFareFen: 50_000 }),
      },
    ]);
    const reissuedState = send(changeMachine, confirmed.snapshot, reissued).snapshot;
    expect(send(changeMachine, reissuedState, close).accepted).toBe(false);
    expect(explainChangeRefusal(reissuedState, close as ChangeEvent)?.en).toMatch(/has not settled/);

    const failed = send(changeMachine, reissuedState, refundFailed).snapshot;
    expect(ctx(failed).differenceRefund).toMatchObject({
      status: 'failed',
      failures: [{ at: refundFailed.meta.at, reason: 'account closed' }],
    });
    expect(ctx(failed).priority).toBe('high');
    const retried = send(changeMachine, failed, retryRefund);
    expect(retried.effects).toEqual([
      { name: 'refund.submit', params: expect.objectContaining({ amountFen: -payFen }) },
    ]);
    expect(send(changeMachine, retried.snapshot, retryRefund).accepted).toBe(false);
    const settled = send(changeMachine, retried.snapshot, refundSettled).snapshot;
    expect(ctx(settled).differenceRefund).toMatchObject({ status: 'settled', gatewayRef: 'GW-1' });
    expect(send(changeMachine, settled, close).snapshot.status).toBe('done');
  });

  it('reissues at once when there is nothing to settle', () => {
    const confirmed = send(changeMachine, quotedFor(samePrice), confirm());
    expect(ctx(confirmed.snapshot).quote?.totalPayFen).toBe(0);
    expect(path(confirmed.snapshot)).toBe('reissuing');
    expect(confirmed.effects.map((e) => e.name)).toEqual(['booking.reissue']);
  });

  it('refuses to confirm a quote older than 30 minutes', () => {
    const s = quotedFor(pricier);
    const late = confirm(at(2 + 31));
    expect(send(changeMachine, s, late).accepted).toBe(false);
    expect(explainChangeRefusal(s, late as ChangeEvent)?.en).toMatch(/more than 30 minutes old/);
    const requoted = send(changeMachine, s, requote(pricier, ['P1'], at(33))).snapshot;
    expect(send(changeMachine, requoted, late).accepted).toBe(true);
  });
});

describe('change machine: projection and persistence', () => {
  it('projects quotes side by side', () => {
    const s = send(changeMachine, quotedFor(pricier), requote(cheaper)).snapshot;
    const data = projectChange(ctx(s));
    expect(data.quote?.departure.code).toBe('G5');
    expect(data.previousQuote?.departure.code).toBe('G3');
  });

  it('restores from JSON and continues exactly as before', () => {
    for (const s of [quotedFor(cheaper), send(changeMachine, quotedFor(cheaper), confirm()).snapshot]) {
      const restored = persistAndRestore(changeMachine, s);
      for (const event of samples) {
        const a = send(changeMachine, s, event);
        const b = send(changeMachine, restored, event);
        expect(b.accepted).toBe(a.accepted);
        expect(b.snapshot.value).toEqual(a.snapshot.value);
        expect(b.snapshot.context).toEqual(a.snapshot.context);
        expect(b.effects).toEqual(a.effects);
      }
    }
  });
});

describe('change machine: second-edition quotes', () => {
  it('records a quote whose small difference fee is flagged for a person, and the console sees the flag', () => {
    // Bought 2026-12-01: cn-rail@2026-12-01. 100 h before G1, to a train ¥10 cheaper: 5% = ¥0.50, under ¥2.
    const b = booking({
      purchasedAt: '2026-12-01T10:00:00+08:00',
      paidAt: '2026-12-01T10:01:00+08:00',
      departureAt: '2027-05-20T08:00:00+08:00',
    });
    const cheaperBy10 = departure({
      departureId: '6650a1b2c3d4e5f6000000d6',
      code: 'G9',
      departureAt: '2027-05-22T08:00:00+08:00',
      priceFen: 54_300,
    });
    const when = '2027-05-16T04:00:00+08:00';
    const s = sendAll(changeMachine, start(changeMachine, caseInput('change', { booking: b })).snapshot, [
      verify(),
      stamp({ type: 'CHOOSE_DEPARTURE', departure: cheaperBy10, passengerIds: ['P1'] }, actors.agent, when),
    ]).snapshot;
    expect(path(s)).toBe('quoted');
    const line = projectChange(ctx(persistAndRestore(changeMachine, s))).quote?.lines[0];
    expect(line?.quote).toMatchObject({
      differenceFeeFen: 50,
      payFen: -950,
      ruleId: 'cn-rail@2026-12-01/change.48h-or-more',
    });
    expect(line?.quote.needsReview?.reason.en).toContain('a person must confirm');
  });
});

describe('change machine: change of arrival station (变更到站)', () => {
  // Bought 2026-12-01: cn-rail@2026-12-01. G1 leaves 2027-05-20 08:00 from 北京南.
  const b = booking({
    purchasedAt: '2026-12-01T10:00:00+08:00',
    paidAt: '2026-12-01T10:01:00+08:00',
    departureAt: '2027-05-20T08:00:00+08:00',
    origin: '北京南',
  });
  const sameTrainShorter = departure({
    departureId: '6650a1b2c3d4e5f6000000d7',
    code: 'G1',
    departureAt: '2027-05-20T08:00:00+08:00',
    priceFen: 44_350,
    origin: '北京南',
  });
  const chooseArrival = (d: typeof sameTrainShorter, when: string) =>
    stamp(
      { type: 'CHOOSE_DEPARTURE', departure: d, passengerIds: ['P1'], arrivalStationChange: true },
      actors.agent,
      when,
    );
  const verified = () =>
    sendAll(changeMachine, start(changeMachine, caseInput('change', { booking: b })).snapshot, [verify()]).snapshot;

  it('is quoted 48 h or more ahead and refused by the rules under 48 h', () => {
    const ok = send(changeMachine, verified(), chooseArrival(sameTrainShorter, '2027-05-18T08:00:00+08:00')).snapshot;
    expect(path(ok)).toBe('quoted');
    expect(ctx(ok).quote?.lines[0]?.quote).toMatchObject({
      allowed: true,
      ruleId: 'cn-rail@2026-12-01/change.arrival-station-48h-or-more',
    });
    const late = send(changeMachine, verified(), chooseArrival(sameTrainShorter, '2027-05-18T08:01:00+08:00')).snapshot;
    expect(path(late)).toBe('refused');
    expect(ctx(late).quote?.refusal?.ruleId).toBe('cn-rail@2026-12-01/change.arrival-station-under-48h');
  });

  it('must keep the departure station', () => {
    const elsewhere = departure({ ...sameTrainShorter, origin: '天津南' });
    const event = chooseArrival(elsewhere, '2027-05-10T08:00:00+08:00') as ChangeEvent;
    const s = verified();
    expect(send(changeMachine, s, event).accepted).toBe(false);
    expect(explainChangeRefusal(s, event)?.en).toMatch(/keeps the departure station \(北京南\); G1 leaves from 天津南/);
  });
});

describe('change machine: a case quoted before a new rule-set version keeps its version', () => {
  it('a REQUOTE to a cheaper flight stays under the first quote’s cn-air@2017-07-07 (difference kept) instead of the new refund-and-purchase rule', () => {
    const air = {
      mode: 'air' as const,
      ruleSet: 'cn-air' as const,
      classCode: 'Y',
      className: '经济舱全价',
      origin: 'SHA',
    };
    const dearer = departure({
      ...air,
      departureId: '6650a1b2c3d4e5f6000000e1',
      code: 'MU5138',
      departureAt: '2026-05-22T08:00:00+08:00',
      priceFen: 130_000,
    });
    const lower = departure({
      ...air,
      departureId: '6650a1b2c3d4e5f6000000e2',
      code: 'MU5156',
      departureAt: '2026-05-22T20:00:00+08:00',
      priceFen: 100_000,
    });
    const airInput = caseInput('change', { booking: airBooking });
    const quotedAir = sendAll(changeMachine, start(changeMachine, airInput).snapshot, [
      verify(),
      choose(dearer),
    ]).snapshot;
    expect(ctx(quotedAir).quote!.lines[0]!.quote.ruleId).toBe('cn-air@2021-09-01/change.class-Y.2h-or-more');
    // Under the version in force, the cheaper flight is not a change at all.
    expect(ctx(send(changeMachine, quotedAir, requote(lower)).snapshot).quote!.lines[0]!.quote.allowed).toBe(false);
    const fresh = sendAll(changeMachine, start(changeMachine, airInput).snapshot, [verify(), choose(lower)]).snapshot;
    expect(ctx(fresh).quote!.refusal?.ruleId).toBe(
      'cn-air@2021-09-01/change.class-Y.lower-fare-refund-and-new-purchase',
    );
    // As stored before cn-air@2021-09-01 existed.
    const before = persistAndRestore(changeMachine, quotedAir);
    const line = ctx(before).quote!.lines[0]!;
    ctx(before).quote!.lines[0] = {
      ...line,
      quote: { ...line.quote, ruleId: 'cn-air@2017-07-07/change.class-Y.2h-or-more' },
    };
    const requoted = ctx(send(changeMachine, before, requote(lower)).snapshot).quote!;
    expect(requoted.lines[0]!.quote).toMatchObject({
      allowed: true,
      ruleId: 'cn-air@2017-07-07/change.class-Y.2h-or-more',
      differenceFeeFen: 20_000,
      payFen: 0,
    });
  });
});
