import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DomainError } from '../../shared/errors';
import {
  PolicyError,
  listEventOrganizers,
  listRuleSetVersions,
  quoteChange,
  quoteChangeWithVersion,
  quoteRefund,
  quoteRefundWithVersion,
  refundDeadline,
  ruleSetVersionAt,
  type ChangeQuoteInput,
  type RefundQuoteInput,
} from './index';

const railRefund: RefundQuoteInput = {
  ruleSet: 'cn-rail',
  fareFen: 55_300,
  purchasedAt: '2026-04-01T10:00:00+08:00',
  departureAt: '2026-05-20T08:00:00+08:00',
  requestedAt: '2026-05-15T08:00:00+08:00',
};

const railChange: ChangeQuoteInput = {
  ruleSet: 'cn-rail',
  fareFen: 55_300,
  newFareFen: 55_300,
  purchasedAt: '2026-04-01T10:00:00+08:00',
  departureAt: '2026-05-20T08:00:00+08:00',
  newDepartureAt: '2026-05-22T08:00:00+08:00',
  requestedAt: '2026-05-19T02:00:00+08:00',
};

describe('quoteRefund / quoteChange dispatch to the rule set in force at purchase', () => {
  it('quotes the worked examples through the public API', () => {
    expect(quoteRefund({ ...railRefund, requestedAt: '2026-05-10T08:00:00+08:00' })).toMatchObject({
      feeFen: 0,
      refundFen: 55_300,
    });
    // Bought 2026-04-01: under the version of 2026-02-02 (mistaken purchase corrected).
    expect(quoteRefund(railRefund)).toMatchObject({
      feeFen: 2_750,
      refundFen: 52_550,
      ruleId: 'cn-rail@2026-02-02/refund.tier-48h',
    });
    expect(quoteRefund({ ...railRefund, fareFen: 950, requestedAt: '2026-05-17T08:00:00+08:00' })).toMatchObject({
      feeFen: 200,
      refundFen: 750,
    });
    expect(quoteChange(railChange)).toMatchObject({ changeFeeFen: 2_750, payFen: 2_750 });
  });

  it('takes null for absent optional facts, as bookings store them', () => {
    expect(quoteRefund({ ...railRefund, ruleSet: 'event', organizer: null }).ruleId).toBe(
      'event@2025-01-01/default/refund.tier-48h',
    );
    expect(quoteRefund({ ...railRefund, changed: true, changedAt: null, originalDepartureAt: null }).feeFen).toBe(
      2_750,
    );
  });

  it('quotes air and events', () => {
    // A ticket sold in 2026 is under the second edition's cn-air version; the first is still there by name.
    expect(quoteRefund({ ...railRefund, ruleSet: 'cn-air', fareClass: 'Y' }).ruleId).toBe(
      'cn-air@2021-09-01/refund.class-Y.2h-or-more',
    );
    expect(
      quoteRefundWithVersion({ ...railRefund, ruleSet: 'cn-air', fareClass: 'Y' }, 'cn-air@2017-07-07').ruleId,
    ).toBe('cn-air@2017-07-07/refund.class-Y.2h-or-more');
    expect(quoteRefund({ ...railRefund, ruleSet: 'event', organizer: 'poly-theatre' }).ruleId).toBe(
      'event@2025-01-01/poly-theatre/refund.tier-48h',
    );
    // C, 30 h before: 5% of ¥553 = 27.65 → ¥28 (whole yuan)
    expect(quoteChange({ ...railChange, ruleSet: 'cn-air', fareClass: 'C' }).changeFeeFen).toBe(2_800);
  });
});

describe('rule-set versions', () => {
  it('lists versions per rule set', () => {
    expect(listRuleSetVersions('cn-rail').map((v) => v.versionId)).toEqual([
      'cn-rail@before-2024-01-15',
      'cn-rail@2024-01-15',
      'cn-rail@2026-02-02',
      'cn-rail@2026-12-01',
    ]);
    expect(listRuleSetVersions().map((v) => v.ruleSet)).toEqual(expect.arrayContaining(['cn-rail', 'cn-air', 'event']));
    expect(listRuleSetVersions('cn-air')[0]).toMatchObject({
      effectiveFrom: '2017-07-07',
      summary: { 'zh-CN': expect.any(String), en: expect.any(String) },
    });
  });

  it('finds the version in force at an instant', () => {
    expect(ruleSetVersionAt('cn-rail', '2024-01-15T00:00:00+08:00').versionId).toBe('cn-rail@2024-01-15');
    expect(ruleSetVersionAt('cn-rail', '2023-12-31T12:00:00+08:00').versionId).toBe('cn-rail@before-2024-01-15');
    expect(ruleSetVersionAt('cn-rail', '2026-02-01T23:59:00+08:00').versionId).toBe('cn-rail@2024-01-15');
    expect(ruleSetVersionAt('cn-rail', '2026-02-02T00:00:00+08:00').versionId).toBe('cn-rail@2026-02-02');
  });

  it('quotes old and new terms side by side', () => {
    const bought2023 = {
      ...railChange,
      purchasedAt: '2023-12-20T10:00:00+08:00',
      departureAt: '2024-01-20T08:00:00+08:00',
      newDepartureAt: '2024-01-22T08:00:00+08:00',
      requestedAt: '2024-01-19T02:00:00+08:00',
    };
    const old = quoteChange(bought2023);
    expect(old).toMatchObject({ allowed: false, ruleId: 'cn-rail@before-2024-01-15/change.later-date-not-allowed' });
    expect(quoteChangeWithVersion(bought2023, 'cn-rail@before-2024-01-15')).toEqual(old);
    expect(quoteChangeWithVersion(bought2023, 'cn-rail@2024-01-15')).toMatchObject({
      allowed: true,
      changeFeeFen: 2_750,
    });
    expect(quoteRefundWithVersion(railRefund, 'cn-rail@2026-02-02')).toEqual(quoteRefund(railRefund));
  });

  it('refuses a version of another rule set', () => {
    expect(() => quoteRefundWithVersion(railRefund, 'cn-air@2017-07-07')).toThrow(/belongs to rule set cn-air/);
    expect(() => quoteChangeWithVersion(railChange, 'nope')).toThrow(PolicyError);
  });

  it('gives the air refund deadline, and none for other rule sets', () => {
    expect(
      refundDeadline({
        ruleSet: 'cn-air',
        purchasedAt: '2026-04-01T10:00:00+08:00',
        requestedAt: '2026-05-12T10:00:00+08:00',
      }),
    ).toBe('2026-05-21T23:59:59+08:00');
    expect(
      refundDeadline({
        ruleSet: 'cn-rail',
        purchasedAt: '2026-04-01T10:00:00+08:00',
        requestedAt: '2026-05-12T10:00:00+08:00',
      }),
    ).toBeNull();
  });

  it('lists event organizers', () => {
    expect(listEventOrganizers('2026-05-01T00:00:00+08:00').map((o) => o.organizer)).toContain('poly-theatre');
  });
});

describe('invalid input is a typed, readable domain error', () => {
  const cases: [string, () => unknown, string][] = [
    ['negative fen', () => quoteRefund({ ...railRefund, fareFen: -1 }), 'INVALID_AMOUNT'],
    ['fractional fen', () => quoteRefund({ ...railRefund, fareFen: 100.5 }), 'INVALID_AMOUNT'],
    ['fractional new fare', () => quoteChange({ ...railChange, newFareFen: 0.1 }), 'INVALID_AMOUNT'],
    ['unparseable time', () => quoteRefund({ ...railRefund, requestedAt: 'next Tuesday' }), 'INVALID_TIME'],
    ['time without offset', () => quoteRefund({ ...railRefund, departureAt: '2026-05-20T08:00:00' }), 'INVALID_TIME'],
    [
      'purchase time without offset',
      () => quoteRefund({ ...railRefund, purchasedAt: '2026-04-01T10:00:00' }),
      'INVALID_TIME',
    ],
    [
      'departure before purchase',
      () => quoteRefund({ ...railRefund, departureAt: '2026-03-01T08:00:00+08:00' }),
      'DEPARTURE_BEFORE_PURCHASE',
    ],
    [
      'request before purchase',
      () => quoteRefund({ ...railRefund, requestedAt: '2026-03-31T08:00:00+08:00' }),
      'REQUEST_BEFORE_PURCHASE',
    ],
    [
      'new departure before the request',
      () => quoteChange({ ...railChange, newDepartureAt: '2026-05-19T01:00:00+08:00' }),
      'NEW_DEPARTURE_BEFORE_REQUEST',
    ],
    [
      'unknown fare class',
      () => quoteRefund({ ...railRefund, ruleSet: 'cn-air', fareClass: 'K' }),
      'UNKNOWN_FARE_CLASS',
    ],
    ['missing fare class', () => quoteChange({ ...railChange, ruleSet: 'cn-air' }), 'MISSING_FARE_CLASS'],
    ['unknown rule set', () => quoteRefund({ ...railRefund, ruleSet: 'bus' as never }), 'UNKNOWN_RULE_SET'],
    [
      'unknown organizer',
      () => quoteRefund({ ...railRefund, ruleSet: 'event', organizer: 'acme' }),
      'UNKNOWN_ORGANIZER',
    ],
    [
      'no version in force',
      () => quoteRefund({ ...railRefund, ruleSet: 'event', purchasedAt: '2024-06-01T10:00:00+08:00' }),
      'NO_VERSION_IN_FORCE',
    ],
  ];

  it.each(cases)('%s', (_name, call, reason) => {
    let caught: unknown;
    try {
      call();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(PolicyError);
    expect(caught).toBeInstanceOf(DomainError);
    const e = caught as PolicyError;
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.reason).toBe(reason);
    expect(e.message.length).toBeGreaterThan(10);
    expect(e.details?.['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
  });
});

// ---- properties -------------------------------------------------------------------------------

const MINUTE = 60_000;
const START = Date.parse('2025-01-01T00:00:00+08:00');
const END = Date.parse('2027-06-01T00:00:00+08:00');
const airClasses = ['F', 'Y', 'W', 'C', 'D', 'I', 'B', 'M', 'H', 'U', 'A', 'L', 'E', 'V', 'Z', 'T', 'N', 'R', 'G'];

/** An instant written with one of several offsets, to show the offset never changes the result. */
function iso(ms: number, offsetMinutes: number): string {
  if (offsetMinutes === 0) return new Date(ms).toISOString();
  const local = new Date(ms + offsetMinutes * MINUTE).toISOString().slice(0, 19);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

const offset = fc.constantFrom(480, 0, -300, 330);

/** Everything about a ticket except when the request is made. */
const ticket = fc.record({
  ruleSet: fc.constantFrom('cn-rail' as const, 'cn-air' as const, 'event' as const),
  fareFen: fc.oneof(fc.integer({ min: 0, max: 2_000 }), fc.integer({ min: 0, max: 5_000_000 })),
  // whole seconds: the ISO strings below are written to the second
  purchasedMs: fc.integer({ min: 0, max: (END - START) / 1000 }).map((s) => START + s * 1000),
  departureAfterMinutes: fc.integer({ min: 0, max: 60 * 24 * 60 }),
  fareClass: fc.constantFrom(...airClasses),
  organizer: fc.constantFrom(undefined, 'default', 'poly-theatre'),
  changed: fc.boolean(),
  mistakenPurchaseUsedToday: fc.boolean(),
  changedBeforeOriginalMinutes: fc.option(fc.integer({ min: 0, max: 20 * 24 * 60 }), { nil: undefined }),
  offset,
});

type Ticket = typeof ticket extends fc.Arbitrary<infer T> ? T : never;

function refundInput(t: Ticket, requestMinutesAfterPurchase: number, involuntary: boolean): RefundQuoteInput {
  const departureMs = t.purchasedMs + t.departureAfterMinutes * MINUTE;
  const input: RefundQuoteInput = {
    ruleSet: t.ruleSet,
    fareFen: t.fareFen,
    purchasedAt: iso(t.purchasedMs, t.offset),
    departureAt: iso(departureMs, 480),
    requestedAt: iso(t.purchasedMs + requestMinutesAfterPurchase * MINUTE, t.offset),
    involuntary,
    fareClass: t.fareClass,
    organizer: t.organizer,
    changed: t.changed,
    mistakenPurchaseUsedToday: t.mistakenPurchaseUsedToday,
  };
  if (t.changed && t.changedBeforeOriginalMinutes !== undefined) {
    input.changedAt = iso(t.purchasedMs, 480);
    input.originalDepartureAt = iso(t.purchasedMs + t.changedBeforeOriginalMinutes * MINUTE, 480);
  }
  return input;
}

/** Request times from purchase to two days after departure. */
const requestMinutes = (t: Ticket) => fc.integer({ min: 0, max: t.departureAfterMinutes + 2 * 24 * 60 });

describe('refund quote properties', () => {
  it('fee and refund are non-negative integers that add up to the fare', () => {
    fc.assert(
      fc.property(
        ticket.chain((t) => fc.tuple(fc.constant(t), requestMinutes(t), fc.boolean())),
        ([t, minutes, involuntary]) => {
          const q = quoteRefund(refundInput(t, minutes, involuntary));
          expect(Number.isInteger(q.feeFen)).toBe(true);
          expect(Number.isInteger(q.refundFen)).toBe(true);
          expect(q.feeFen).toBeGreaterThanOrEqual(0);
          expect(q.refundFen).toBeGreaterThanOrEqual(0);
          expect(q.feeFen + q.refundFen).toBe(t.fareFen);
          expect(q.explanation['zh-CN']).not.toBe('');
          expect(q.explanation.en).not.toBe('');
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('an involuntary refund is never charged', () => {
    fc.assert(
      fc.property(
        ticket.chain((t) => fc.tuple(fc.constant(t), requestMinutes(t))),
        ([t, minutes]) => {
          const q = quoteRefund(refundInput(t, minutes, true));
          expect(q).toMatchObject({ allowed: true, feeFen: 0, refundFen: t.fareFen });
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it('the fee never falls as departure approaches', () => {
    fc.assert(
      fc.property(
        ticket.chain((t) => fc.tuple(fc.constant(t), requestMinutes(t), requestMinutes(t))),
        ([t, a, b]) => {
          const [earlier, later] = a <= b ? [a, b] : [b, a];
          const first = quoteRefund(refundInput(t, earlier, false));
          const second = quoteRefund(refundInput(t, later, false));
          expect(second.feeFen).toBeGreaterThanOrEqual(first.feeFen);
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('the offset a time is written in does not change the quote', () => {
    fc.assert(
      fc.property(
        ticket.chain((t) => fc.tuple(fc.constant(t), requestMinutes(t), offset)),
        ([t, minutes, other]) => {
          const a = quoteRefund(refundInput(t, minutes, false));
          const b = quoteRefund(refundInput({ ...t, offset: other }, minutes, false));
          expect(b).toEqual(a);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('change quote properties', () => {
  const change = ticket.chain((t) =>
    fc.tuple(
      fc.constant(t),
      requestMinutes(t),
      fc.integer({ min: 0, max: 10 * 24 * 60 }), // new departure, minutes after the request
      fc.oneof(fc.constant(t.fareFen), fc.integer({ min: 0, max: 5_000_000 })),
      fc.boolean(),
    ),
  );

  function changeInput([t, minutes, newAfter, newFareFen, involuntary]: [
    Ticket,
    number,
    number,
    number,
    boolean,
  ]): ChangeQuoteInput {
    const r = refundInput(t, minutes, involuntary);
    const requestedMs = t.purchasedMs + minutes * MINUTE;
    return {
      ruleSet: r.ruleSet,
      fareFen: r.fareFen,
      newFareFen,
      purchasedAt: r.purchasedAt,
      departureAt: r.departureAt,
      newDepartureAt: iso(requestedMs + newAfter * MINUTE, t.offset),
      requestedAt: r.requestedAt,
      involuntary,
      fareClass: t.fareClass,
      organizer: t.organizer,
    };
  }

  it('fees are non-negative integers and the total adds up', () => {
    fc.assert(
      fc.property(change, (args) => {
        const input = changeInput(args);
        const q = quoteChange(input);
        for (const v of [q.changeFeeFen, q.differenceFeeFen, q.payFen]) expect(Number.isInteger(v)).toBe(true);
        expect(q.changeFeeFen).toBeGreaterThanOrEqual(0);
        expect(q.differenceFeeFen).toBeGreaterThanOrEqual(0);
        if (q.allowed) {
          expect(q.payFen).toBe(q.changeFeeFen + input.newFareFen - input.fareFen + q.differenceFeeFen);
          // a kept part of a lower fare's difference never exceeds the difference
          expect(q.differenceFeeFen).toBeLessThanOrEqual(Math.max(0, input.fareFen - input.newFareFen));
        } else {
          expect(q).toMatchObject({ changeFeeFen: 0, differenceFeeFen: 0, payFen: 0 });
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it('an involuntary change carries no fee', () => {
    fc.assert(
      fc.property(change, (args) => {
        const input = changeInput([args[0], args[1], args[2], args[3], true]);
        const q = quoteChange(input);
        expect(q).toMatchObject({
          allowed: true,
          changeFeeFen: 0,
          differenceFeeFen: 0,
          payFen: input.newFareFen - input.fareFen,
        });
      }),
      { numRuns: 1_000 },
    );
  });
});
