/**
 * Ticket claims: a ticket is refunded or changed by one case at a time. The case engine claims the
 * tickets when a case enters a state that will move money for them (see `heldTickets`), with one
 * guarded write on the booking document (single-document atomicity, no transactions), and lets go
 * when the case leaves those states. The outbox checks again before paying or reissuing.
 *
 * A claim outlives its case only if a process dies between the claim and the case's write: such a
 * claim names a case that does not hold the ticket in its state, and counts as free.
 */
import { Types } from 'mongoose';
import { DomainError } from '../../../shared/errors';
import type { TicketClaim } from '../../../workflows/machines/contract';
import { claimedProblem, heldTickets } from '../../../workflows/machines/tickets';
import { BookingModel } from '../db/models/booking';
import { CaseModel, type CaseRecord } from '../db/models/case';

type ClaimHolder = Pick<CaseRecord, '_id' | 'kind' | 'state' | 'bookingId' | 'snapshot'>;
type StoredClaim = TicketClaim & { claimedAt?: Date | null };

/**
 * How long a claim counts although its case does not hold the ticket yet: the case's own write
 * follows the claim by milliseconds, and clearing the claim in between let two cases through.
 * After this, such a claim is a process that died between the two writes, and is free.
 */
export const CLAIM_WRITE_GRACE_MS = 30_000;

function claimPending(claim: StoredClaim, now: Date): boolean {
  return claim.claimedAt != null && now.getTime() - new Date(claim.claimedAt).getTime() < CLAIM_WRITE_GRACE_MS;
}

/** The tickets a stored case holds in its state (`heldTickets` on its document). */
export function ticketsHeldBy(holder: ClaimHolder): ReturnType<typeof heldTickets> {
  return heldTickets(holder.kind, holder.state, {
    ...(holder.snapshot?.context ?? {}),
    bookingId: holder.bookingId,
  } as Parameters<typeof heldTickets>[2]);
}

/** Whether the case named by a claim still holds that ticket (a missing case holds nothing). */
function holds(holder: ClaimHolder | undefined, passengerId: string): boolean {
  const held = holder ? ticketsHeldBy(holder) : null;
  return held !== null && held.passengerIds.includes(passengerId);
}

async function holdersOf(caseIds: string[]): Promise<Map<string, ClaimHolder>> {
  const ids = [...new Set(caseIds)].filter((id) => Types.ObjectId.isValid(id)).map((id) => new Types.ObjectId(id));
  if (ids.length === 0) return new Map();
  const cases = await CaseModel.find(
    { _id: { $in: ids } },
    {
      kind: 1,
      state: 1,
      bookingId: 1,
      'snapshot.context.quote.passengerIds': 1,
      'snapshot.context.settlement': 1,
      'snapshot.context.reissued': 1,
    },
  ).lean<ClaimHolder[]>();
  return new Map(cases.map((c) => [c._id.toHexString(), c]));
}

/** The claims on a booking's passengers that still count, by passenger id (for the booking facts). */
export async function liveClaims(
  passengers: { passengerId: string; claim?: TicketClaim | null }[],
): Promise<Map<string, TicketClaim>> {
  const claimed = passengers.filter((p) => p.claim);
  const holders = await holdersOf(claimed.map((p) => (p.claim as TicketClaim).caseId));
  const live = new Map<string, TicketClaim>();
  for (const p of claimed) {
    const claim = p.claim as TicketClaim;
    if (holds(holders.get(claim.caseId), p.passengerId))
      live.set(p.passengerId, { caseId: claim.caseId, caseRef: claim.caseRef, kind: claim.kind });
  }
  return live;
}

/**
 * Claims the tickets for `holder`, or throws CONFLICT naming the case that holds one ("Ticket
 * E000000035 is being refunded in RF-000037") or saying a ticket is no longer active. Claiming
 * tickets the holder already has is a no-op. Claims by cases that no longer hold them are cleared.
 */
export async function claimTickets(
  bookingId: string,
  passengerIds: string[],
  holder: TicketClaim,
  now: Date,
): Promise<void> {
  if (!Types.ObjectId.isValid(bookingId)) throw new DomainError('NOT_FOUND', 'No booking with this id.', { bookingId });
  const _id = new Types.ObjectId(bookingId);
  for (let attempt = 0; attempt < 5; attempt++) {
    // One write: every selected ticket active and unclaimed (or claimed by this case), all claimed at once.
    const result = await BookingModel.updateOne(
      {
        _id,
        passengers: {
          $not: {
            $elemMatch: {
              passengerId: { $in: passengerIds },
              $or: [{ status: { $ne: 'active' } }, { 'claim.caseId': { $exists: true, $ne: holder.caseId } }],
            },
          },
        },
      },
      { $set: { 'passengers.$[p].claim': { ...holder, claimedAt: now } } },
      { arrayFilters: [{ 'p.passengerId': { $in: passengerIds } }] },
    );
    if (result.matchedCount === 1) return;

    const booking = await BookingModel.findById(_id, { ref: 1, passengers: 1 }).lean();
    if (!booking) throw new DomainError('NOT_FOUND', 'No booking with this id.', { bookingId });
    const selected = booking.passengers.filter((p) => passengerIds.includes(p.passengerId));
    const done = selected.find((p) => p.status !== 'active');
    if (done) {
      throw new DomainError(
        'CONFLICT',
        `Ticket ${done.ticketNumber ?? done.name} is ${done.status} already; nothing was paid or changed.`,
        { bookingId, passengerId: done.passengerId },
      );
    }
    const others = selected.filter((p) => p.claim && p.claim.caseId !== holder.caseId);
    const holders = await holdersOf(others.map((p) => (p.claim as TicketClaim).caseId));
    for (const p of others) {
      const claim = p.claim as StoredClaim;
      if (holds(holders.get(claim.caseId), p.passengerId) || claimPending(claim, now)) {
        throw new DomainError(
          'CONFLICT',
          `${claimedProblem({ ticketNumber: p.ticketNumber ?? null, passengerName: p.name }, claim).en}; nothing was paid or changed.`,
          {
            bookingId,
            passengerId: p.passengerId,
            heldBy: { caseId: claim.caseId, caseRef: claim.caseRef, kind: claim.kind },
          },
        );
      }
      // A claim its case no longer holds (closed, declined, or a process that died before writing the case, long enough ago): free it.
      await BookingModel.updateOne(
        { _id, passengers: { $elemMatch: { passengerId: p.passengerId, 'claim.caseId': claim.caseId } } },
        { $set: { 'passengers.$[p].claim': null } },
        { arrayFilters: [{ 'p.passengerId': p.passengerId, 'p.claim.caseId': claim.caseId }] },
      );
    }
  }
  throw new DomainError('CONFLICT', 'The booking kept changing while its tickets were claimed; try again.', {
    bookingId,
  });
}

/** Lets go of every ticket of the booking that `caseId` claimed. */
export async function releaseTickets(bookingId: string, caseId: string): Promise<void> {
  if (!Types.ObjectId.isValid(bookingId)) return;
  await BookingModel.updateOne(
    { _id: new Types.ObjectId(bookingId), 'passengers.claim.caseId': caseId },
    { $set: { 'passengers.$[p].claim': null } },
    { arrayFilters: [{ 'p.claim.caseId': caseId }] },
  );
}
