import { describe, expect, it } from 'vitest';
import {
  addMinutes,
  applyCommonEvent,
  attemptQuote,
  baseContext,
  clearTimer,
  quoteFresh,
  raisePriority,
  recordBreach,
  setTimer,
  staleQuoteReason,
  ticketSelectionProblem,
  timerDue,
  verifyProblem,
  yuan,
} from './common';
import { quoteRefund } from '../policy';
import { actors, at, booking, caseInput, stamp } from './testing/fixtures';

describe('baseContext', () => {
  it('copies the case input and starts with no assignee, notes or timers', () => {
    const input = caseInput('refund', { booking: booking() });
    expect(baseContext(input, 'refunds')).toEqual({
      caseId: input.caseId,
      ref: input.ref,
      kind: 'refund',
      channel: 'phone',
      subject: input.subject,
      customerId: input.customerId,
      bookingId: booking().bookingId,
      booking: booking(),
      assignee: null,
      queue: 'refunds',
      priority: 'normal',
      notes: [],
      timers: [],
      config: input.config,
      createdAt: input.createdAt,
      createdBy: { id: actors.agent.id, name: actors.agent.name, role: 'agent' },
      closedAt: null,
      breaches: [],
    });
  });
});

describe('baseContext assignee', () => {
  it('starts assigned to the person the engine names (the creator who works the queue)', () => {
    const assignee = { id: actors.agent.id, name: actors.agent.name };
    expect(baseContext(caseInput('refund', { assignee }), 'refunds').assignee).toEqual(assignee);
  });
});

describe('timers', () => {
  const none = { timers: [] };

  it('sets, replaces and clears a timer by key', () => {
    const one = setTimer(none, 'hold', 'HOLD_EXPIRED', at(15));
    expect(one).toEqual([{ key: 'hold', event: 'HOLD_EXPIRED', dueAt: at(15) }]);
    const two = setTimer({ timers: one }, 'deadline', 'DEADLINE_BREACHED', at(60));
    const replaced = setTimer({ timers: two }, 'hold', 'HOLD_EXPIRED', at(30));
    expect(replaced).toEqual([
      { key: 'deadline', event: 'DEADLINE_BREACHED', dueAt: at(60) },
      { key: 'hold', event: 'HOLD_EXPIRED', dueAt: at(30) },
    ]);
    expect(clearTimer({ timers: replaced }, 'hold')).toEqual([
      { key: 'deadline', event: 'DEADLINE_BREACHED', dueAt: at(60) },
    ]);
  });

  it('is due only once its time has come, and never when absent', () => {
    const timers = setTimer(none, 'hold', 'HOLD_EXPIRED', at(15));
    expect(timerDue({ timers }, 'hold', at(14))).toBe(false);
    expect(timerDue({ timers }, 'hold', at(15))).toBe(true);
    // Offsets are compared as instants.
    expect(timerDue({ timers }, 'hold', '2026-05-01T10:15:00+08:00')).toBe(true);
    expect(timerDue({ timers }, 'other', at(99))).toBe(false);
  });

  it('records a breach, clears the timer and raises but never lowers the priority', () => {
    const context = {
      timers: setTimer(none, 'firstResponse', 'FIRST_RESPONSE_DUE', at(30)),
      breaches: [],
      priority: 'normal' as const,
    };
    expect(recordBreach(context, 'firstResponse', { actor: actors.system, at: at(31) }, 'high')).toEqual({
      timers: [],
      breaches: [{ key: 'firstResponse', event: 'FIRST_RESPONSE_DUE', dueAt: at(30), at: at(31) }],
      priority: 'high',
    });
    expect(raisePriority('urgent', 'high')).toBe('urgent');
    expect(raisePriority('low', 'normal')).toBe('normal');
  });

  it('adds minutes to an instant with any offset', () => {
    expect(addMinutes('2026-05-01T10:00:00+08:00', 90)).toBe('2026-05-01T03:30:00.000Z');
  });
});

describe('applyCommonEvent', () => {
  const context = baseContext(caseInput('complaint'), 'complaints');

  it('assigns, transfers (releasing the assignee unless one is named) and notes', () => {
    const someone = { id: actors.agent2.id, name: actors.agent2.name };
    expect(applyCommonEvent(context, stamp({ type: 'ASSIGN', assignee: someone }))).toEqual({ assignee: someone });
    expect(
      applyCommonEvent({ ...context, assignee: someone }, stamp({ type: 'TRANSFER', queue: 'escalations' })),
    ).toEqual({ queue: 'escalations', assignee: null });
    expect(applyCommonEvent(context, stamp({ type: 'TRANSFER', queue: 'sales', assignee: someone }))).toEqual({
      queue: 'sales',
      assignee: someone,
    });
    expect(
      applyCommonEvent(context, stamp({ type: 'ADD_NOTE', noteId: 'n1', text: 'hi' }, actors.handler, at(5))),
    ).toEqual({
      notes: [{ id: 'n1', at: at(5), author: { id: actors.handler.id, name: actors.handler.name }, text: 'hi' }],
    });
    expect(applyCommonEvent(context, stamp({ type: 'LINK_BOOKING', booking: booking() }))).toEqual({
      booking: booking(),
      bookingId: booking().bookingId,
    });
  });
});

describe('quotes and selections', () => {
  it('tells when a stale quote was made in Beijing time, never as a raw UTC instant', () => {
    const reason = staleQuoteReason('2026-05-19T02:05:30.000Z');
    expect(reason.en).toContain('quoted at 2026-05-19 10:05');
    expect(reason['zh-CN']).toContain('报价时间 2026-05-19 10:05');
    expect(`${reason.en} ${reason['zh-CN']}`).not.toMatch(/\d{2}T\d{2}|Z\)/);
  });

  it('writes amounts with thousands grouped', () => {
    expect(yuan(140_600)).toBe('1,406.00');
    expect(yuan(950)).toBe('9.50');
  });

  it('accepts a quote only within the validity window', () => {
    expect(quoteFresh(at(0), at(30))).toBe(true);
    expect(quoteFresh(at(0), at(31))).toBe(false);
  });

  it('explains why tickets cannot be selected', () => {
    const b = booking({
      tickets: [
        { ...booking().tickets[0]!, changed: true },
        { ...booking().tickets[1]!, status: 'refunded' },
      ],
    });
    expect(ticketSelectionProblem(null, ['P1'], false)?.en).toBe('No booking is linked to the case');
    expect(ticketSelectionProblem(b, [], false)?.en).toBe('Select at least one passenger');
    expect(ticketSelectionProblem(b, ['P1', 'P1'], false)?.en).toBe('A passenger is selected more than once');
    expect(ticketSelectionProblem(b, ['P9'], false)?.en).toMatch(/has no passenger P9/);
    expect(ticketSelectionProblem(b, ['P2'], false)?.en).toMatch(/is refunded, not active/);
    expect(ticketSelectionProblem(b, ['P1'], true)?.en).toMatch(/can be changed only once/);
    expect(ticketSelectionProblem(b, ['P1'], false)).toBeNull();
    expect(ticketSelectionProblem({ ...b, status: 'cancelled' }, ['P1'], false)?.en).toMatch(
      /never paid or was cancelled/,
    );
    expect(ticketSelectionProblem({ ...b, status: 'ticketed' }, ['P1'], false)).toBeNull();
    expect(verifyProblem(b, 'c1', true)?.en).toMatch(/no ticket that can be changed/);
    expect(verifyProblem(b, null, true)?.en).toBe('No customer is linked to the case');
  });

  it('turns a policy input error into a problem instead of throwing', () => {
    const result = attemptQuote(() =>
      quoteRefund({
        ruleSet: 'cn-rail',
        fareFen: 100,
        purchasedAt: '2026-05-01T10:00',
        departureAt: '2026-05-20T08:00:00+08:00',
        requestedAt: at(1),
      }),
    );
    expect(result.ok).toBe(false);
    expect(result.ok ? null : result.problem.en).toMatch(/purchasedAt/);
    expect(() =>
      attemptQuote(() => {
        throw new TypeError('bug');
      }),
    ).toThrow('bug');
  });
});
