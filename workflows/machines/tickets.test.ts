import { describe, expect, it } from 'vitest';
import { bookingStatusFor, eligibleTickets, heldTickets } from './tickets';
import { booking } from './testing/fixtures';

const claimBy = (caseId: string, caseRef: string, kind: 'refund' | 'change' = 'refund') => ({ caseId, caseRef, kind });

describe('eligibleTickets', () => {
  it('names the case that holds a claimed ticket, and lets the holder through', () => {
    const b = booking({
      tickets: [
        { ...booking().tickets[0]!, ticketNumber: 'E000000035', claim: claimBy('case-a', 'RF-000037') },
        booking().tickets[1]!,
      ],
    });
    const refused = eligibleTickets(b, ['P1'], 'refund', 'case-b');
    expect(refused).toEqual({
      ok: false,
      problem: {
        code: 'claimed',
        message: {
          'zh-CN': '车票 E000000035 正在 RF-000037 中办理退票',
          en: 'Ticket E000000035 is being refunded in RF-000037',
        },
      },
    });
    expect(eligibleTickets(b, ['P1'], 'refund', 'case-a').ok).toBe(true);
    const changing = booking({
      tickets: [{ ...booking().tickets[0]!, ticketNumber: 'E1', claim: claimBy('case-c', 'CH-000002', 'change') }],
    });
    expect(eligibleTickets(changing, ['P1'], 'refund', 'case-b')).toMatchObject({
      ok: false,
      problem: { message: { en: 'Ticket E1 is being changed in CH-000002' } },
    });
  });

  it('quotes the whole booking as every free, workable ticket', () => {
    const b = booking({
      tickets: [{ ...booking().tickets[0]!, claim: claimBy('case-a', 'RF-1') }, booking().tickets[1]!],
    });
    const whole = eligibleTickets(b, undefined, 'refund');
    expect(whole.ok && whole.tickets.map((t) => t.passengerId)).toEqual(['P2']);
    const allHeld = booking({ tickets: booking().tickets.map((t) => ({ ...t, claim: claimBy('case-a', 'RF-1') })) });
    expect(eligibleTickets(allHeld, undefined, 'refund')).toMatchObject({ ok: false, problem: { code: 'claimed' } });
    const changedOnce = booking({ tickets: booking().tickets.map((t) => ({ ...t, changed: true })) });
    expect(eligibleTickets(changedOnce, undefined, 'change')).toMatchObject({
      ok: false,
      problem: { code: 'refused', message: { en: expect.stringMatching(/no ticket that can be changed/) } },
    });
    expect(eligibleTickets(changedOnce, undefined, 'refund').ok).toBe(true);
  });

  it('tells an unknown passenger from a refusal', () => {
    expect(eligibleTickets(booking(), ['P9'], 'refund')).toMatchObject({ ok: false, problem: { code: 'unknown' } });
    expect(eligibleTickets({ ...booking(), status: 'held' }, ['P1'], 'refund')).toMatchObject({
      ok: false,
      problem: { code: 'refused' },
    });
  });
});

describe('heldTickets', () => {
  const context = { bookingId: 'b1', quote: { passengerIds: ['P1'] }, settlement: null, reissued: null };
  it('holds from confirmation until the money has moved, and not after a decline or an unpaid close', () => {
    for (const state of ['awaiting_approval', 'submitting', 'settled'])
      expect(heldTickets('refund', state, context)).toEqual({ bookingId: 'b1', passengerIds: ['P1'] });
    for (const state of ['verifying', 'quoted', 'failed', 'escalated', 'declined', 'rejected', 'refused', 'closed'])
      expect(heldTickets('refund', state, context)).toBeNull();
    expect(heldTickets('refund', 'closed', { ...context, settlement: { at: 'x' } })).not.toBeNull();
    for (const state of ['difference_pending', 'reissuing', 'reissued'])
      expect(heldTickets('change', state, context)).not.toBeNull();
    for (const state of ['quoted', 'declined', 'closed']) expect(heldTickets('change', state, context)).toBeNull();
    expect(heldTickets('complaint', 'resolved', context)).toBeNull();
    expect(heldTickets('refund', 'submitting', { ...context, bookingId: null })).toBeNull();
  });
});

describe('bookingStatusFor', () => {
  it('says when all or some tickets were refunded or changed', () => {
    expect(bookingStatusFor('ticketed', ['refunded', 'refunded'])).toBe('refunded');
    expect(bookingStatusFor('ticketed', ['changed', 'changed'])).toBe('changed');
    expect(bookingStatusFor('ticketed', ['changed', 'refunded'])).toBe('refunded_and_changed');
    expect(bookingStatusFor('ticketed', ['active', 'refunded'])).toBe('partially_refunded');
    expect(bookingStatusFor('ticketed', ['active', 'changed'])).toBe('partially_changed');
    expect(bookingStatusFor('partially_changed', ['refunded', 'changed', 'active'])).toBe('partially_refunded');
    expect(bookingStatusFor('ticketed', ['active', 'used'])).toBe('ticketed');
    expect(bookingStatusFor('paid', ['active'])).toBe('paid');
    expect(bookingStatusFor('cancelled', ['refunded'])).toBe('cancelled');
  });
});
