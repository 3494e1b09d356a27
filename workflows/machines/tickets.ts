/**
 * Which tickets of a booking a refund or change may work on: the one rule used by the machines
 * (before a quote is stored) and by the quote service (the quote an agent sees before a case
 * opens). A ticket is claimed by the case that will refund or change it; a claim by another case
 * that still holds it makes the ticket unavailable, naming that case.
 */
import type { BookingStatus, TicketStatus } from '../../shared/bookings';
import type { LocalizedText } from '../../shared/case-vocabulary';
import type { BookingFacts, TicketClaim, TicketFacts } from './contract';

export type TicketPurpose = 'refund' | 'change';

export type TicketEligibilityProblem = {
  /** 'unknown': no such passenger; 'claimed': another case holds the ticket; 'refused': the rules forbid it. */
  code: 'unknown' | 'claimed' | 'refused';
  message: LocalizedText;
};

const text = (zh: string, en: string): LocalizedText => ({ 'zh-CN': zh, en });

/** "Ticket E000000035 is being refunded in RF-000037". */
export function claimedProblem(
  ticket: Pick<TicketFacts, 'ticketNumber' | 'passengerName'>,
  claim: TicketClaim,
): LocalizedText {
  const name = ticket.ticketNumber ?? ticket.passengerName;
  return claim.kind === 'refund'
    ? text(`车票 ${name} 正在 ${claim.caseRef} 中办理退票`, `Ticket ${name} is being refunded in ${claim.caseRef}`)
    : text(`车票 ${name} 正在 ${claim.caseRef} 中办理改签`, `Ticket ${name} is being changed in ${claim.caseRef}`);
}

/**
 * The tickets a refund or change would work on, or the first problem. `passengerIds` undefined
 * means every ticket that can be worked on (the quote service's "whole booking"); `caseId` is the
 * asking case, whose own claim does not count against it.
 */
export function eligibleTickets(
  booking: BookingFacts,
  passengerIds: readonly string[] | undefined,
  purpose: TicketPurpose,
  caseId: string | null = null,
): { ok: true; tickets: TicketFacts[] } | { ok: false; problem: TicketEligibilityProblem } {
  const refuse = (code: TicketEligibilityProblem['code'], message: LocalizedText) => ({
    ok: false as const,
    problem: { code, message },
  });
  if (booking.status === 'cancelled' || booking.status === 'held') {
    return refuse(
      'refused',
      text(
        `订单 ${booking.ref} 未支付或已取消，没有可办理的车票`,
        `Booking ${booking.ref} was never paid or was cancelled: it has no tickets to work on`,
      ),
    );
  }
  const heldByOther = (t: TicketFacts) => (t.claim && t.claim.caseId !== caseId ? t.claim : null);
  if (passengerIds === undefined) {
    const workable = booking.tickets.filter((t) => t.status === 'active' && (purpose === 'refund' || !t.changed));
    const free = workable.filter((t) => !heldByOther(t));
    if (free.length > 0) return { ok: true, tickets: free };
    const held = workable.find(heldByOther);
    if (held) return refuse('claimed', claimedProblem(held, heldByOther(held) as TicketClaim));
    return refuse(
      'refused',
      purpose === 'change'
        ? text(
            `订单 ${booking.ref} 没有可改签的车票（已改签过的车票不能再次改签）`,
            `Booking ${booking.ref} has no ticket that can be changed (a ticket can be changed only once)`,
          )
        : text(`订单 ${booking.ref} 没有可退的车票`, `Booking ${booking.ref} has no active ticket to refund`),
    );
  }
  if (passengerIds.length === 0) return refuse('refused', text('请选择至少一位乘客', 'Select at least one passenger'));
  if (new Set(passengerIds).size !== passengerIds.length)
    return refuse('refused', text('同一乘客被选择了多次', 'A passenger is selected more than once'));
  const tickets: TicketFacts[] = [];
  for (const id of passengerIds) {
    const ticket = booking.tickets.find((t) => t.passengerId === id);
    if (!ticket)
      return refuse(
        'unknown',
        text(`订单 ${booking.ref} 中没有乘客 ${id}`, `Booking ${booking.ref} has no passenger ${id}`),
      );
    if (ticket.status !== 'active') {
      return refuse(
        'refused',
        text(
          `${ticket.passengerName} 的车票状态为 ${ticket.status}，不能办理`,
          `${ticket.passengerName}'s ticket is ${ticket.status}, not active`,
        ),
      );
    }
    if (purpose === 'change' && ticket.changed) {
      return refuse(
        'refused',
        text(
          `${ticket.passengerName} 的车票已改签过一次，不能再次改签`,
          `${ticket.passengerName}'s ticket has already been changed once; a ticket can be changed only once`,
        ),
      );
    }
    const claim = heldByOther(ticket);
    if (claim) return refuse('claimed', claimedProblem(ticket, claim));
    tickets.push(ticket);
  }
  return { ok: true, tickets };
}

/**
 * The tickets a case holds a claim on in a state: from confirmation until the money has moved and
 * the tickets are marked (refund: awaiting approval, submitting, settled; change: difference
 * pending, reissuing, reissued). Anywhere else (quoted, declined, failed, rejected, closed unpaid)
 * it holds none, so a claim left by such a case counts as free.
 */
export function heldTickets(
  kind: string,
  state: string,
  context: {
    bookingId?: string | null;
    quote?: { passengerIds?: string[] } | null;
    settlement?: unknown;
    reissued?: unknown;
  },
): { bookingId: string; passengerIds: string[] } | null {
  const passengerIds = context.quote?.passengerIds;
  if (!context.bookingId || !passengerIds || passengerIds.length === 0) return null;
  const holding =
    kind === 'refund'
      ? ['awaiting_approval', 'submitting', 'settled'].includes(state) ||
        (state === 'closed' && Boolean(context.settlement))
      : kind === 'change'
        ? ['difference_pending', 'reissuing', 'reissued'].includes(state) ||
          (state === 'closed' && Boolean(context.reissued))
        : false;
  return holding ? { bookingId: context.bookingId, passengerIds: [...passengerIds] } : null;
}

/**
 * What a booking's status says once its tickets changed: all refunded, all changed, or some of
 * them (refunds named first); nothing active and a mix of both is 'refunded_and_changed'.
 */
export function bookingStatusFor(current: BookingStatus, statuses: readonly TicketStatus[]): BookingStatus {
  if (current === 'held' || current === 'cancelled' || statuses.length === 0) return current;
  const refunded = statuses.filter((s) => s === 'refunded').length;
  const changed = statuses.filter((s) => s === 'changed').length;
  const active = statuses.length - refunded - changed;
  if (active === 0)
    return refunded === statuses.length ? 'refunded' : changed === statuses.length ? 'changed' : 'refunded_and_changed';
  if (refunded > 0) return 'partially_refunded';
  if (changed > 0) return 'partially_changed';
  return current === 'paid' ? 'paid' : 'ticketed';
}
