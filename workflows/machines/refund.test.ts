import { describe, expect, it } from 'vitest';
import type { AnyMachineSnapshot, EventObject } from 'xstate';
import { quoteRefund, refundDeadline } from '../policy';
import { defaultCaseConfig } from './contract';
import {
  explainRefundRefusal,
  projectRefund,
  refundEventRoles,
  refundMachine,
  refundStateLabels,
  type RefundContext,
  type RefundEvent,
} from './refund';
import { acceptedEvents, allowedEvents } from './registry';
import { actors, airBooking, at, booking, caseInput, railBooking, stamp } from './testing/fixtures';
import { explore, leafStatePaths } from './testing/coverage';
import { path, persistAndRestore, send, sendAll, start } from './testing/drive';

const railInput = caseInput('refund', { booking: railBooking });
const airInput = caseInput('refund', { booking: airBooking });
const afterDeparture = '2026-05-21T02:00:00.000Z';
const longAfter = '2026-07-01T00:00:00.000Z';

const verify = (identityVerified = true) => stamp({ type: 'VERIFY', identityVerified }, actors.agent, at(1));
const quote = (passengerIds = ['P1'], extra: { involuntary?: boolean; when?: string } = {}) =>
  stamp(
    { type: 'QUOTE_REFUND', passengerIds, involuntary: extra.involuntary, reason: 'plans changed' },
    actors.agent,
    extra.when ?? at(2),
  );
const requote = (passengerIds = ['P1'], extra: { involuntary?: boolean; when?: string } = {}) =>
  stamp(
    { type: 'REQUOTE', passengerIds, involuntary: extra.involuntary, reason: 'plans changed' },
    actors.agent,
    extra.when ?? at(3),
  );
const confirm = (actor: (typeof actors)[keyof typeof actors] = actors.agent, when = at(4)) =>
  stamp({ type: 'CUSTOMER_CONFIRMED' }, actor, when);
const decline = stamp({ type: 'CUSTOMER_DECLINED' }, actors.agent, at(4));
const approve = (actor: (typeof actors)[keyof typeof actors] = actors.supervisor) =>
  stamp({ type: 'APPROVE', note: 'ok' }, actor, at(5));
const reject = stamp({ type: 'REJECT', reason: 'no evidence of a cancellation' }, actors.supervisor, at(5));
const settled = stamp({ type: 'REFUND_SETTLED', gatewayRef: 'GW-7' }, actors.system, at(6));
const failed = stamp({ type: 'REFUND_FAILED', reason: 'bank offline' }, actors.system, at(6));
const retry = (actor: (typeof actors)[keyof typeof actors] = actors.supervisor) =>
  stamp({ type: 'RETRY' }, actor, at(7));
const escalate = stamp({ type: 'ESCALATE', reason: 'bank keeps refusing' }, actors.agent, at(7));
const close = (actor: (typeof actors)[keyof typeof actors] = actors.supervisor) =>
  stamp({ type: 'CLOSE' }, actor, at(8));
const deadlineBreached = (when = longAfter) => stamp({ type: 'DEADLINE_BREACHED' }, actors.system, when);

const samples: EventObject[] = [
  verify(true),
  verify(false),
  quote(),
  quote(['P1'], { involuntary: true }),
  quote(['P1'], { when: afterDeparture }),
  requote(),
  requote(['P1'], { involuntary: true }),
  requote(['P1'], { when: afterDeparture }),
  confirm(),
  decline,
  approve(),
  reject,
  settled,
  failed,
  retry(),
  escalate,
  close(),
  deadlineBreached(),
  stamp({ type: 'ASSIGN', assignee: { id: actors.agent2.id, name: actors.agent2.name } }),
  stamp({ type: 'UNASSIGN' }),
  stamp({ type: 'TRANSFER', queue: 'escalations' }),
  stamp({ type: 'ADD_NOTE', noteId: 'n1', text: 'note' }),
  stamp({ type: 'SET_PRIORITY', priority: 'high' }, actors.supervisor),
  stamp({ type: 'LINK_CUSTOMER', customerId: '6650a1b2c3d4e5f6000000c2' }),
  stamp({ type: 'LINK_BOOKING', booking: { ...railBooking, bookingId: '6650a1b2c3d4e5f6000000b9' } }),
];

const ctx = (s: AnyMachineSnapshot) => s.context as RefundContext;
const initial = (input = railInput) => start(refundMachine, input).snapshot;
const quoted = (input = railInput, q = quote()) => sendAll(refundMachine, initial(input), [verify(), q]).snapshot;

describe('refund machine: every state and event', () => {
  const shape = (s: AnyMachineSnapshot) => [
    ctx(s).quote?.involuntary ?? null,
    ctx(s).timers.length,
    ctx(s).assignee !== null,
  ];
  const rail = explore(refundMachine, railInput, () => samples, shape);
  const air = explore(refundMachine, airInput, () => samples, shape);
  const reached = (state: string) => [...rail.paths, ...air.paths].find((p) => path(p.state) === state);

  it('reaches every state', () => {
    expect([...new Set([...rail.states, ...air.states])].sort()).toEqual(leafStatePaths(refundMachine).sort());
    expect(Object.keys(refundStateLabels).sort()).toEqual(leafStatePaths(refundMachine).sort());
  });

  it('takes every event somewhere', () => {
    expect([...new Set([...rail.takenEvents, ...air.takenEvents])].sort()).toEqual(
      Object.keys(refundEventRoles).sort(),
    );
  });

  const openCommon = ['ASSIGN', 'UNASSIGN', 'TRANSFER', 'ADD_NOTE', 'SET_PRIORITY', 'DEADLINE_BREACHED'];
  const own: Record<string, string[]> = {
    verifying: ['LINK_CUSTOMER', 'LINK_BOOKING', 'VERIFY', 'CUSTOMER_DECLINED'],
    selecting: ['QUOTE_REFUND', 'CUSTOMER_DECLINED'],
    quoted: ['REQUOTE', 'CUSTOMER_CONFIRMED', 'CUSTOMER_DECLINED'],
    awaiting_approval: ['APPROVE', 'REJECT'],
    submitting: ['REFUND_SETTLED', 'REFUND_FAILED'],
    settled: ['CLOSE'],
    failed: ['RETRY', 'ESCALATE'],
    escalated: ['RETRY', 'CLOSE'],
  };
  it.each(Object.entries(own))('state %s accepts exactly its events', (state, events) => {
    const found = reached(state);
    expect(found, `no path to ${state}`).toBeDefined();
    expect(acceptedEvents(found!.state).sort()).toEqual([...events, ...openCommon].sort());
  });
  it.each(['closed', 'declined', 'refused', 'rejected'])('final state %s accepts nothing', (state) => {
    const found = reached(state);
    expect(found?.state.status).toBe('done');
    expect(acceptedEvents(found!.state)).toEqual([]);
    expect(ctx(found!.state).timers).toEqual([]);
  });
});

describe('refund machine: quotes come from the policy engine', () => {
  it('stores quoteRefund’s fee and refund per ticket, with rule ids and explanations', () => {
    // 5 days before departure: 5% of 553.00 = 27.65, rounded to 27.50.
    const when = '2026-05-15T00:00:00.000Z';
    const s = quoted(railInput, quote(['P1', 'P2'], { when }));
    const expected = railBooking.tickets.map((t) =>
      quoteRefund({
        ruleSet: 'cn-rail',
        fareFen: t.fareFen,
        purchasedAt: railBooking.purchasedAt,
        departureAt: railBooking.departureAt,
        requestedAt: when,
        changed: false,
        involuntary: false,
      }),
    );
    const q = ctx(s).quote!;
    expect(q.lines.map((l) => l.quote)).toEqual(expected);
    expect(q.lines[0]!.quote.feeFen).toBe(2_750);
    expect(q.totalFeeFen).toBe(expected[0]!.feeFen + expected[1]!.feeFen);
    expect(q.totalRefundFen).toBe(expected[0]!.refundFen + expected[1]!.refundFen);
    expect(q.ruleIds).toEqual([...new Set(expected.map((e) => e.ruleId))]);
    expect(q.explanations).toEqual(expected.map((e) => e.explanation));
  });

  it('passes the fare class for air tickets', () => {
    const q = ctx(quoted(airInput)).quote!;
    expect(q.lines[0]!.quote).toEqual(
      quoteRefund({
        ruleSet: 'cn-air',
        fareFen: 120_000,
        fareClass: 'Y',
        purchasedAt: airBooking.purchasedAt,
        departureAt: airBooking.departureAt,
        requestedAt: at(2),
        changed: false,
        involuntary: false,
      }),
    );
  });

  it('keeps the previous quote beside a re-quote', () => {
    const s = quoted();
    const first = ctx(s).quote;
    const again = send(refundMachine, s, requote(['P1', 'P2'])).snapshot;
    expect(ctx(again).previousQuote).toEqual(first);
    expect(ctx(again).quote?.passengerIds).toEqual(['P1', 'P2']);
  });

  it('ends in refused with the policy’s explanation when the rules forbid the refund', () => {
    const s = quoted(railInput, quote(['P1'], { when: afterDeparture }));
    expect(path(s)).toBe('refused');
    expect(ctx(s).quote?.refusal?.explanation.en).toMatch(/cannot be refunded voluntarily/);
  });

  it('refuses selecting a ticket that is not active', () => {
    const s = send(
      refundMachine,
      initial(
        caseInput('refund', {
          booking: booking({ tickets: [{ ...railBooking.tickets[0]!, status: 'refunded' }, railBooking.tickets[1]!] }),
        }),
      ),
      verify(),
    ).snapshot;
    const event = quote(['P1']) as RefundEvent;
    expect(send(refundMachine, s, event).accepted).toBe(false);
    expect(explainRefundRefusal(s, event)?.en).toMatch(/is refunded, not active/);
    expect(send(refundMachine, s, quote(['P2'])).accepted).toBe(true);
  });
});

describe('refund machine: approval', () => {
  it('needs a supervisor above the threshold, not at it', () => {
    const at553 = caseInput('refund', {
      booking: railBooking,
      config: { ...defaultCaseConfig, refundApprovalThresholdFen: 55_300 },
    });
    expect(path(send(refundMachine, quoted(at553), confirm()).snapshot)).toBe('submitting');
    const below = caseInput('refund', {
      booking: railBooking,
      config: { ...defaultCaseConfig, refundApprovalThresholdFen: 55_299 },
    });
    const waiting = send(refundMachine, quoted(below), confirm());
    expect(path(waiting.snapshot)).toBe('awaiting_approval');
    expect(ctx(waiting.snapshot).queue).toBe('approvals');
    expect(waiting.effects).toEqual([]);
  });

  it('needs a supervisor for a claimed involuntary refund whatever the amount', () => {
    const s = send(refundMachine, quoted(railInput, quote(['P1'], { involuntary: true })), confirm()).snapshot;
    expect(path(s)).toBe('awaiting_approval');
    expect(projectRefund(ctx(s)).needsApproval).toBe(true);
  });

  it('lets only someone else approve, and then pays out once', () => {
    const waiting = send(
      refundMachine,
      quoted(railInput, quote(['P1'], { involuntary: true })),
      confirm(actors.supervisor),
    ).snapshot;
    const self = approve(actors.supervisor) as RefundEvent;
    expect(send(refundMachine, waiting, self).accepted).toBe(false);
    expect(explainRefundRefusal(waiting, self)?.en).toMatch(/cannot also approve/);
    const approved = send(refundMachine, waiting, approve(actors.supervisor2));
    expect(path(approved.snapshot)).toBe('submitting');
    expect(ctx(approved.snapshot).queue).toBe('refunds');
    expect(approved.effects).toEqual([
      {
        name: 'refund.submit',
        params: { amountFen: 55_300, bookingId: railBooking.bookingId, passengerIds: ['P1'], reason: 'plans changed' },
      },
    ]);
    expect(allowedEvents('refund', waiting, 'agent')).not.toContain('APPROVE');
    expect(allowedEvents('refund', waiting, 'supervisor')).toEqual(expect.arrayContaining(['APPROVE', 'REJECT']));
  });

  it('ends in rejected with the reason, telling the customer', () => {
    const waiting = send(refundMachine, quoted(railInput, quote(['P1'], { involuntary: true })), confirm()).snapshot;
    const rejected = send(refundMachine, waiting, reject);
    expect(path(rejected.snapshot)).toBe('rejected');
    expect(ctx(rejected.snapshot).rejection).toEqual({
      at: reject.meta.at,
      by: { ...actors.supervisor },
      reason: reject.reason,
    });
    expect(rejected.effects).toEqual([
      {
        name: 'notify.customer',
        params: {
          customerId: railInput.customerId,
          template: 'refund_rejected',
          params: { bookingRef: railBooking.ref, reason: reject.reason },
        },
      },
    ]);
  });
});

describe('refund machine: paying out', () => {
  it('submits exactly once per entry into submitting, and again on each retry', () => {
    const confirmed = send(refundMachine, quoted(), confirm());
    expect(confirmed.effects.filter((e) => e.name === 'refund.submit')).toHaveLength(1);
    const fail = send(refundMachine, confirmed.snapshot, failed);
    expect(path(fail.snapshot)).toBe('failed');
    expect(fail.effects).toEqual([]);
    expect(ctx(fail.snapshot).priority).toBe('high');
    const again = send(refundMachine, fail.snapshot, retry(actors.agent));
    expect(again.effects.filter((e) => e.name === 'refund.submit')).toHaveLength(1);
    expect(ctx(again.snapshot).submissions).toEqual([
      { at: at(4), amountFen: 55_300 },
      { at: at(7), amountFen: 55_300 },
    ]);
    // A duplicate result after settling finds no transition: nothing is paid twice.
    const paid = send(refundMachine, again.snapshot, settled);
    expect(path(paid.snapshot)).toBe('settled');
    expect(send(refundMachine, paid.snapshot, settled).accepted).toBe(false);
    expect(send(refundMachine, paid.snapshot, retry()).accepted).toBe(false);
  });

  it('marks the tickets refunded and tells the customer once settled', () => {
    const paid = send(
      refundMachine,
      send(refundMachine, quoted(railInput, quote(['P1', 'P2'])), confirm()).snapshot,
      settled,
    );
    expect(paid.effects).toEqual([
      { name: 'booking.markRefunded', params: { bookingId: railBooking.bookingId, passengerIds: ['P1', 'P2'] } },
      {
        name: 'notify.customer',
        params: {
          customerId: railInput.customerId,
          template: 'refund_settled',
          params: { bookingRef: railBooking.ref, refundFen: 82_950, feeFen: 0 },
        },
      },
    ]);
    expect(ctx(paid.snapshot).settlement).toEqual({ at: settled.meta.at, gatewayRef: 'GW-7' });
    expect(send(refundMachine, paid.snapshot, close(actors.agent)).snapshot.status).toBe('done');
  });

  it('settles at once, without the gateway, when nothing is to be paid back', () => {
    const cheap = booking({ tickets: [{ ...railBooking.tickets[0]!, fareFen: 200 }] });
    const when = '2026-05-19T12:00:00.000Z'; // 12 h before departure: the ¥2 minimum fee takes it all
    const s = sendAll(refundMachine, initial(caseInput('refund', { booking: cheap })), [
      verify(),
      quote(['P1'], { when }),
    ]).snapshot;
    expect(ctx(s).quote?.totalRefundFen).toBe(0);
    const done = send(refundMachine, s, confirm(actors.agent, '2026-05-19T12:05:00.000Z'));
    expect(path(done.snapshot)).toBe('settled');
    expect(done.effects.map((e) => e.name)).toEqual(['booking.markRefunded', 'notify.customer']);
  });

  it('lets only supervisors retry or close once escalated', () => {
    const fail = sendAll(refundMachine, quoted(), [confirm(), failed]).snapshot;
    const escalated = send(refundMachine, fail, escalate).snapshot;
    expect(path(escalated)).toBe('escalated');
    expect(ctx(escalated)).toMatchObject({
      queue: 'escalations',
      priority: 'high',
      escalation: { reason: escalate.reason },
    });
    const agentRetry = retry(actors.agent) as RefundEvent;
    expect(send(refundMachine, escalated, agentRetry).accepted).toBe(false);
    expect(explainRefundRefusal(escalated, agentRetry)?.en).toMatch(/only supervisor or admin may retry/);
    expect(send(refundMachine, escalated, close(actors.agent)).accepted).toBe(false);
    expect(allowedEvents('refund', escalated, 'agent')).not.toEqual(expect.arrayContaining(['RETRY']));
    expect(allowedEvents('refund', escalated, 'supervisor')).toEqual(expect.arrayContaining(['RETRY', 'CLOSE']));
    const retried = send(refundMachine, escalated, retry(actors.supervisor));
    expect(path(retried.snapshot)).toBe('submitting');
    expect(ctx(retried.snapshot).queue).toBe('refunds');
    expect(retried.effects.map((e) => e.name)).toEqual(['refund.submit']);
    expect(send(refundMachine, escalated, close(actors.admin)).snapshot.status).toBe('done');
  });

  it('refuses to confirm a stale quote', () => {
    const s = quoted();
    const late = confirm(actors.agent, at(40)) as RefundEvent;
    expect(send(refundMachine, s, late).accepted).toBe(false);
    expect(explainRefundRefusal(s, late)?.en).toMatch(/re-quote before confirming/);
  });
});

describe('refund machine: the cn-air deadline', () => {
  it('sets the deadline at confirmation from the policy engine and records a breach without moving', () => {
    const confirmed = send(refundMachine, quoted(airInput), confirm()).snapshot;
    const dueAt = refundDeadline({ ruleSet: 'cn-air', purchasedAt: airBooking.purchasedAt, requestedAt: at(4) });
    expect(dueAt).not.toBeNull();
    expect(ctx(confirmed).timers).toEqual([{ key: 'deadline', event: 'DEADLINE_BREACHED', dueAt }]);
    expect(projectRefund(ctx(confirmed)).deadlineAt).toBe(dueAt);

    const early = deadlineBreached(at(60)) as RefundEvent;
    expect(send(refundMachine, confirmed, early).accepted).toBe(false);
    expect(explainRefundRefusal(confirmed, early)?.en).toMatch(/not due/);
    const breached = send(refundMachine, confirmed, deadlineBreached());
    expect(breached.snapshot.value).toEqual(confirmed.value);
    expect(ctx(breached.snapshot).priority).toBe('urgent');
    expect(ctx(breached.snapshot).breaches).toEqual([
      { key: 'deadline', event: 'DEADLINE_BREACHED', dueAt, at: longAfter },
    ]);
    expect(ctx(breached.snapshot).timers).toEqual([]);
    expect(send(refundMachine, breached.snapshot, deadlineBreached()).accepted).toBe(false);
  });

  it('clears the deadline once settled; rail refunds have none', () => {
    const paid = sendAll(refundMachine, quoted(airInput), [confirm(), settled]).snapshot;
    expect(ctx(paid).timers).toEqual([]);
    expect(ctx(send(refundMachine, quoted(), confirm()).snapshot).timers).toEqual([]);
  });
});

describe('refund machine: persistence', () => {
  it('restores from JSON and continues exactly as before', () => {
    for (const s of [quoted(airInput), send(refundMachine, quoted(airInput), confirm()).snapshot]) {
      const restored = persistAndRestore(refundMachine, s);
      for (const event of samples) {
        const a = send(refundMachine, s, event);
        const b = send(refundMachine, restored, event);
        expect(b.accepted).toBe(a.accepted);
        expect(b.snapshot.value).toEqual(a.snapshot.value);
        expect(b.snapshot.context).toEqual(a.snapshot.context);
        expect(b.effects).toEqual(a.effects);
      }
    }
  });
});

describe('refund machine: second-edition station approval', () => {
  it('a refund after departure is not paid out online: it waits for a supervisor to record the station approval', () => {
    // Bought 2026-12-01 (cn-rail@2026-12-01), asked an hour after G1 left.
    const b = booking({
      purchasedAt: '2026-12-01T10:00:00+08:00',
      paidAt: '2026-12-01T10:01:00+08:00',
      departureAt: '2026-12-10T08:00:00+08:00',
    });
    const s = sendAll(refundMachine, initial(caseInput('refund', { booking: b })), [
      verify(),
      quote(['P1'], { when: '2026-12-10T09:00:00+08:00' }),
    ]).snapshot;
    expect(path(s)).toBe('quoted');
    const line = ctx(s).quote?.lines[0];
    expect(line?.quote).toMatchObject({
      allowed: true,
      feeFen: 11_050,
      refundFen: 44_250,
      ruleId: 'cn-rail@2026-12-01/refund.after-departure-station-approval',
    });
    expect(line?.quote.manualStep?.kind).toBe('station-approval');
    // ¥442.50 is under the approval threshold, yet it needs the approval
    const confirmed = send(
      refundMachine,
      s,
      stamp({ type: 'CUSTOMER_CONFIRMED' }, actors.agent, '2026-12-10T09:05:00+08:00'),
    );
    expect(path(confirmed.snapshot)).toBe('awaiting_approval');
    expect(confirmed.effects).toEqual([]);
    expect(projectRefund(ctx(confirmed.snapshot)).needsApproval).toBe(true);
  });
});

describe('refund machine: a case quoted before a new rule-set version keeps its version', () => {
  it('a REQUOTE stays under the version of the first quote; a new case gets the version in force', () => {
    const taxed = {
      ...airBooking,
      tickets: airBooking.tickets.map((t) => ({ ...t, taxes: { developmentFundFen: 5_000, fuelSurchargeFen: 2_000 } })),
    };
    const input = caseInput('refund', { booking: taxed });
    const fresh = ctx(quoted(input)).quote!;
    expect(fresh.lines[0]!.quote).toMatchObject({
      ruleId: 'cn-air@2021-09-01/refund.class-Y.2h-or-more',
      refundFen: 120_000 - 6_000 + 7_000,
    });
    // As stored before cn-air@2021-09-01 existed: the same case quoted under cn-air@2017-07-07.
    const before = persistAndRestore(refundMachine, quoted(input));
    const stored = ctx(before).quote!;
    const oldLine = stored.lines[0]!;
    stored.lines[0] = {
      ...oldLine,
      quote: {
        allowed: true,
        feeFen: 6_000,
        refundFen: 114_000,
        ruleId: 'cn-air@2017-07-07/refund.class-Y.2h-or-more',
        explanation: oldLine.quote.explanation,
      },
    };
    const requoted = ctx(send(refundMachine, before, requote()).snapshot).quote!;
    expect(requoted.lines[0]!.quote.ruleId).toBe('cn-air@2017-07-07/refund.class-Y.2h-or-more');
    expect(requoted.lines[0]!.quote).toMatchObject({ feeFen: 6_000, refundFen: 114_000 });
    expect(requoted.lines[0]!.quote.taxes).toBeUndefined();
  });
});
