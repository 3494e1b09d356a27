import { describe, expect, it } from 'vitest';
import type { AnyMachineSnapshot, EventObject } from 'xstate';
import {
  bookingEventRoles,
  bookingMachine,
  bookingStateLabels,
  explainBookingRefusal,
  projectBooking,
  type BookingContext,
  type BookingEvent,
} from './booking';
import { acceptedEvents } from './registry';
import { commonEventTypes } from './common';
import { actors, at, caseInput, departure, railBooking, residentId, stamp } from './testing/fixtures';
import { explore, leafStatePaths } from './testing/coverage';
import { path, persistAndRestore, send, sendAll, start } from './testing/drive';

const input = caseInput('booking');
const adult = {
  name: '李雷',
  idType: 'resident_id' as const,
  idNumber: '11010519491231002X',
  passengerType: 'adult' as const,
};
// 10 years old on 2026-05-20: a rail child ticket at half fare.
const child = {
  name: '李小雷',
  idType: 'resident_id' as const,
  idNumber: residentId('20160101'),
  passengerType: 'child' as const,
};
const infant = {
  name: '李宝宝',
  idType: 'resident_id' as const,
  idNumber: residentId('20240301'),
  passengerType: 'infant' as const,
};

const quote = (count = 2, when = at(1)) =>
  stamp({ type: 'QUOTE', departure: departure(), passengerCount: count }, actors.agent, when);
const passengers = (list: unknown[] = [adult, child]) =>
  stamp({ type: 'ENTER_PASSENGERS', passengers: list }, actors.agent, at(2));
const holdSeats = stamp({ type: 'HOLD_SEATS' }, actors.agent, at(3));
const seatsHeld = stamp({ type: 'SEATS_HELD', seats: ['05车1A', '05车1B'] }, actors.system, at(4));
const holdFailed = stamp({ type: 'HOLD_FAILED', reason: 'not enough seats left in class O' }, actors.system, at(4));
// The hold lasts 15 minutes from SEATS_HELD at minute 4.
const holdExpired = stamp({ type: 'HOLD_EXPIRED' }, actors.system, at(20));
const requestPayment = stamp({ type: 'REQUEST_PAYMENT' }, actors.agent, at(5));
const paymentSucceeded = stamp({ type: 'PAYMENT_SUCCEEDED', paymentRef: 'PAY-1' }, actors.system, at(6));
const paymentFailed = stamp({ type: 'PAYMENT_FAILED', reason: 'card declined' }, actors.system, at(6));
const ticketsIssued = stamp(
  {
    type: 'TICKETS_ISSUED',
    bookingId: '6650a1b2c3d4e5f6000000b9',
    bookingRef: 'TD0000009',
    ticketNumbers: ['E1', 'E2'],
  },
  actors.system,
  at(7),
);
const close = stamp({ type: 'CLOSE' }, actors.agent, at(8));
const cancel = stamp({ type: 'CANCEL', reason: 'customer changed plans' }, actors.agent, at(8));

const commonSamples: EventObject[] = [
  stamp({ type: 'ASSIGN', assignee: { id: actors.agent2.id, name: actors.agent2.name } }),
  stamp({ type: 'UNASSIGN' }),
  stamp({ type: 'TRANSFER', queue: 'sales', assignee: null }),
  stamp({ type: 'ADD_NOTE', noteId: 'n1', text: 'called back' }),
  stamp({ type: 'SET_PRIORITY', priority: 'high' }, actors.supervisor),
  stamp({ type: 'LINK_CUSTOMER', customerId: '6650a1b2c3d4e5f6000000c2' }),
  stamp({ type: 'LINK_BOOKING', booking: { ...railBooking, bookingId: '6650a1b2c3d4e5f6000000b9' } }),
];

const samples: EventObject[] = [
  quote(),
  passengers(),
  holdSeats,
  seatsHeld,
  holdFailed,
  holdExpired,
  requestPayment,
  paymentSucceeded,
  paymentFailed,
  ticketsIssued,
  close,
  cancel,
  ...commonSamples,
];

const at0 = () => start(bookingMachine, input);
const ctx = (s: AnyMachineSnapshot) => s.context as BookingContext;
const toSeatsHeld = () => sendAll(bookingMachine, at0().snapshot, [quote(), passengers(), holdSeats, seatsHeld]);

describe('booking machine: every state and event', () => {
  const exploration = explore(
    bookingMachine,
    input,
    () => samples,
    (s) => [ctx(s).holdLapsed, ctx(s).assignee !== null],
  );

  it('reaches every state', () => {
    expect([...exploration.states].sort()).toEqual(leafStatePaths(bookingMachine).sort());
    expect(Object.keys(bookingStateLabels).sort()).toEqual(leafStatePaths(bookingMachine).sort());
  });

  it('takes every event somewhere', () => {
    expect([...exploration.takenEvents].sort()).toEqual(Object.keys(bookingEventRoles).sort());
  });

  const own: Record<string, string[]> = {
    draft: ['QUOTE', 'CANCEL'],
    quoted: ['QUOTE', 'ENTER_PASSENGERS', 'CANCEL'],
    passengers_entered: ['QUOTE', 'ENTER_PASSENGERS', 'HOLD_SEATS', 'CANCEL'],
    holding: ['SEATS_HELD', 'HOLD_FAILED'],
    seats_held: ['REQUEST_PAYMENT', 'HOLD_EXPIRED', 'CANCEL'],
    payment_pending: ['PAYMENT_SUCCEEDED', 'PAYMENT_FAILED', 'HOLD_EXPIRED'],
    paid: ['TICKETS_ISSUED'],
    ticketed: ['CLOSE'],
    closed: [],
    cancelled: [],
  };
  it.each(Object.entries(own))('state %s accepts exactly its events', (state, events) => {
    const found = exploration.paths.find((p) => path(p.state) === state);
    expect(found, `no path to ${state}`).toBeDefined();
    const final = state === 'closed' || state === 'cancelled';
    const expected = final ? [] : [...events, ...commonEventTypes];
    expect(acceptedEvents(found!.state).sort()).toEqual(expected.sort());
  });
});

describe('booking machine: effects and timers', () => {
  it('holds seats for everyone but rail infants', () => {
    const s = sendAll(bookingMachine, at0().snapshot, [
      quote(3),
      stamp({ type: 'ENTER_PASSENGERS', passengers: [adult, child, infant] }),
    ]);
    const hold = send(bookingMachine, s.snapshot, holdSeats);
    expect(path(hold.snapshot)).toBe('holding');
    expect(hold.effects).toEqual([
      { name: 'inventory.hold', params: { departureId: departure().departureId, classCode: 'O', count: 2 } },
    ]);
  });

  it('prices passengers from the departure facts: adult full, child half, infant free', () => {
    const s = sendAll(bookingMachine, at0().snapshot, [
      quote(3),
      stamp({ type: 'ENTER_PASSENGERS', passengers: [adult, child, infant] }),
    ]);
    expect(ctx(s.snapshot).passengers.map((p) => [p.passengerType, p.fareFen, p.seated])).toEqual([
      ['adult', 55_300, true],
      ['child', 27_650, true],
      ['infant', 0, false],
    ]);
    expect(ctx(s.snapshot).totalFen).toBe(82_950);
    expect(ctx(s.snapshot).quote?.estimatedTotalFen).toBe(3 * 55_300);
  });

  it('sets the hold timer from SEATS_HELD time plus seatHoldMinutes', () => {
    const s = toSeatsHeld();
    expect(ctx(s.snapshot).timers).toEqual([{ key: 'hold', event: 'HOLD_EXPIRED', dueAt: at(4 + 15) }]);
    expect(ctx(s.snapshot).seats).toEqual(['05车1A', '05车1B']);
  });

  it('refuses HOLD_EXPIRED before the hold is due, releases the seats after', () => {
    const s = toSeatsHeld();
    expect(send(bookingMachine, s.snapshot, stamp({ type: 'HOLD_EXPIRED' }, actors.system, at(18))).accepted).toBe(
      false,
    );
    const expired = send(bookingMachine, s.snapshot, holdExpired);
    expect(path(expired.snapshot)).toBe('passengers_entered');
    expect(expired.effects).toEqual([
      { name: 'inventory.release', params: { departureId: departure().departureId, classCode: 'O', count: 2 } },
    ]);
    expect(ctx(expired.snapshot).timers).toEqual([]);
    expect(ctx(expired.snapshot).seats).toEqual([]);
  });

  it('collects the passengers’ total, then issues tickets with seats and clears the hold', () => {
    const s = toSeatsHeld();
    const pay = send(bookingMachine, s.snapshot, requestPayment);
    expect(pay.effects).toEqual([
      { name: 'payment.collect', params: { amountFen: 82_950, purpose: 'booking', reference: input.ref } },
    ]);
    const paid = send(bookingMachine, pay.snapshot, paymentSucceeded);
    expect(path(paid.snapshot)).toBe('paid');
    expect(ctx(paid.snapshot).timers).toEqual([]);
    expect(paid.effects).toEqual([
      {
        name: 'tickets.issue',
        params: {
          customerId: input.customerId,
          departure: departure(),
          paymentRef: 'PAY-1',
          passengers: [
            {
              passengerId: 'P1',
              name: adult.name,
              idType: 'resident_id',
              idNumber: adult.idNumber,
              passengerType: 'adult',
              fareFen: 55_300,
              seat: '05车1A',
            },
            {
              passengerId: 'P2',
              name: child.name,
              idType: 'resident_id',
              idNumber: child.idNumber,
              passengerType: 'child',
              fareFen: 27_650,
              seat: '05车1B',
            },
          ],
        },
      },
    ]);
    const ticketed = send(bookingMachine, paid.snapshot, ticketsIssued);
    expect(path(ticketed.snapshot)).toBe('ticketed');
    expect(ctx(ticketed.snapshot).bookingId).toBe('6650a1b2c3d4e5f6000000b9');
    expect(ticketed.effects).toEqual([
      {
        name: 'notify.customer',
        params: {
          customerId: input.customerId,
          template: 'eticket',
          params: {
            bookingRef: 'TD0000009',
            ticketNumbers: 'E1, E2',
            departureCode: 'G1',
            departureAt: departure().departureAt,
          },
        },
      },
    ]);
    const closed = send(bookingMachine, ticketed.snapshot, close);
    expect(closed.snapshot.status).toBe('done');
    expect(ctx(closed.snapshot).closedAt).toBe(close.meta.at);
  });

  it('goes back to seats_held on a failed payment and notes the reason', () => {
    const s = sendAll(bookingMachine, toSeatsHeld().snapshot, [requestPayment]);
    const failed = send(bookingMachine, s.snapshot, paymentFailed);
    expect(path(failed.snapshot)).toBe('seats_held');
    expect(failed.effects).toEqual([]);
    expect(ctx(failed.snapshot).paymentFailures).toEqual([{ at: paymentFailed.meta.at, reason: 'card declined' }]);
    expect(ctx(failed.snapshot).timers.map((t) => t.key)).toEqual(['hold']);
  });

  it('keeps seats while a payment is in flight when the hold lapses, and releases them if it then fails', () => {
    const pending = sendAll(bookingMachine, toSeatsHeld().snapshot, [requestPayment]);
    const lapsed = send(bookingMachine, pending.snapshot, holdExpired);
    expect(path(lapsed.snapshot)).toBe('payment_pending');
    expect(lapsed.effects).toEqual([]);
    expect(ctx(lapsed.snapshot).holdLapsed).toBe(true);
    expect(ctx(lapsed.snapshot).timers).toEqual([]);
    const failed = send(bookingMachine, lapsed.snapshot, paymentFailed);
    expect(path(failed.snapshot)).toBe('passengers_entered');
    expect(failed.effects.map((e) => e.name)).toEqual(['inventory.release']);
    // A success instead issues the tickets on the seats still held.
    const paid = send(bookingMachine, lapsed.snapshot, paymentSucceeded);
    expect(path(paid.snapshot)).toBe('paid');
    expect(paid.effects.map((e) => e.name)).toEqual(['tickets.issue']);
  });

  it('releases held seats on cancel, and only then', () => {
    const fromHeld = send(bookingMachine, toSeatsHeld().snapshot, cancel);
    expect(path(fromHeld.snapshot)).toBe('cancelled');
    expect(fromHeld.effects.map((e) => e.name)).toEqual(['inventory.release']);
    expect(ctx(fromHeld.snapshot).cancellation).toEqual({
      at: cancel.meta.at,
      by: { ...actors.agent },
      reason: 'customer changed plans',
    });
    expect(ctx(fromHeld.snapshot).timers).toEqual([]);
    for (const before of [[], [quote()], [quote(), passengers()]]) {
      const s = send(bookingMachine, sendAll(bookingMachine, at0().snapshot, before).snapshot, cancel);
      expect(path(s.snapshot)).toBe('cancelled');
      expect(s.effects).toEqual([]);
    }
  });

  it('returns to passengers_entered when the hold fails', () => {
    const s = sendAll(bookingMachine, at0().snapshot, [quote(), passengers(), holdSeats]);
    const failed = send(bookingMachine, s.snapshot, holdFailed);
    expect(path(failed.snapshot)).toBe('passengers_entered');
    expect(ctx(failed.snapshot).holdFailures).toEqual([{ at: holdFailed.meta.at, reason: holdFailed.reason }]);
  });
});

describe('booking machine: guards', () => {
  it('refuses a quote for a departure that has left, or with too few seats', () => {
    const s = at0().snapshot;
    const departed = stamp({
      type: 'QUOTE',
      departure: departure({ departureAt: '2026-04-30T08:00:00+08:00' }),
      passengerCount: 1,
    });
    expect(send(bookingMachine, s, departed).accepted).toBe(false);
    expect(explainBookingRefusal(s, departed as BookingEvent)?.en).toBe('G1 left at 2026-04-30 08:00 (Beijing time)');
    const full = stamp({ type: 'QUOTE', departure: departure({ seatsLeft: 1 }), passengerCount: 2 });
    expect(send(bookingMachine, s, full).accepted).toBe(false);
    expect(explainBookingRefusal(s, full as BookingEvent)?.en).toMatch(/only 1 seats left/);
    expect(send(bookingMachine, s, stamp({ type: 'QUOTE', departure: departure(), passengerCount: 10 })).accepted).toBe(
      false,
    );
  });

  it('refuses invalid passengers and says why', () => {
    const quoted = send(bookingMachine, at0().snapshot, quote()).snapshot;
    const badId = passengers([{ ...adult, idNumber: '110105194912310021' }, child]);
    expect(send(bookingMachine, quoted, badId).accepted).toBe(false);
    expect(explainBookingRefusal(quoted, badId as BookingEvent)?.en).toMatch(
      /1\. 李雷: invalid resident ID \(the check character does not match\)/,
    );
    const tooOld = passengers([adult, { ...child, idNumber: residentId('20100101') }]);
    expect(send(bookingMachine, quoted, tooOld).accepted).toBe(false);
    const countMismatch = passengers([adult]);
    expect(send(bookingMachine, quoted, countMismatch).accepted).toBe(false);
    expect(explainBookingRefusal(quoted, countMismatch as BookingEvent)?.en).toMatch(
      /quote is for 2 passengers but 1 were entered/,
    );
  });

  it('needs a linked customer before asking for money', () => {
    const s = sendAll(bookingMachine, start(bookingMachine, caseInput('booking', { customerId: null })).snapshot, [
      quote(),
      passengers(),
      holdSeats,
      seatsHeld,
    ]);
    expect(send(bookingMachine, s.snapshot, requestPayment).accepted).toBe(false);
    expect(explainBookingRefusal(s.snapshot, requestPayment as BookingEvent)?.en).toMatch(/Link a customer/);
    const linked = send(
      bookingMachine,
      s.snapshot,
      stamp({ type: 'LINK_CUSTOMER', customerId: '6650a1b2c3d4e5f6000000c2' }),
    );
    expect(send(bookingMachine, linked.snapshot, requestPayment).accepted).toBe(true);
  });

  it('applies common events while open and refuses them once closed', () => {
    let s = at0().snapshot;
    s = sendAll(bookingMachine, s, [
      stamp({ type: 'ASSIGN', assignee: { id: actors.agent2.id, name: actors.agent2.name } }),
      stamp({ type: 'ADD_NOTE', noteId: 'n1', text: 'wants a window seat' }, actors.agent, at(3)),
      stamp({ type: 'SET_PRIORITY', priority: 'high' }, actors.supervisor),
      stamp({ type: 'TRANSFER', queue: 'sales' }),
    ]).snapshot;
    expect(ctx(s)).toMatchObject({
      assignee: null,
      queue: 'sales',
      priority: 'high',
      notes: [
        { id: 'n1', at: at(3), author: { id: actors.agent.id, name: actors.agent.name }, text: 'wants a window seat' },
      ],
    });
    const cancelled = send(bookingMachine, s, cancel).snapshot;
    expect(send(bookingMachine, cancelled, stamp({ type: 'ADD_NOTE', noteId: 'n2', text: 'late note' })).accepted).toBe(
      false,
    );
    expect(acceptedEvents(cancelled)).toEqual([]);
  });
});

describe('booking machine: projection and persistence', () => {
  it('masks passengers’ ID numbers in the projection', () => {
    const s = toSeatsHeld().snapshot;
    const data = projectBooking(ctx(s));
    expect(data.passengers.map((p) => p.idNumber)).toEqual([
      '110105********002X',
      expect.stringMatching(/^110105\*{8}\d{3}[\dX]$/),
    ]);
    expect(JSON.stringify(data)).not.toContain(adult.idNumber);
    expect(data.holdExpiresAt).toBe(at(19));
  });

  it('restores from JSON and continues exactly as before', () => {
    const s = toSeatsHeld().snapshot;
    const restored = persistAndRestore(bookingMachine, s);
    expect(restored.value).toEqual(s.value);
    for (const event of samples) {
      const a = send(bookingMachine, s, event);
      const b = send(bookingMachine, restored, event);
      expect(b.accepted).toBe(a.accepted);
      expect(b.snapshot.value).toEqual(a.snapshot.value);
      expect(b.snapshot.context).toEqual(a.snapshot.context);
      expect(b.effects).toEqual(a.effects);
    }
  });

  it('keeps context plain JSON', () => {
    const s = sendAll(bookingMachine, toSeatsHeld().snapshot, [
      requestPayment,
      paymentSucceeded,
      ticketsIssued,
    ]).snapshot;
    expect(JSON.parse(JSON.stringify(s.context))).toEqual(s.context);
  });
});
