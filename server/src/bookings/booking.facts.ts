import { Types } from 'mongoose';
import { DomainError } from '../../../shared/errors';
import type { BookingFacts } from '../../../workflows/machines/contract';
import { BookingModel } from '../db/models/booking';
import { DepartureModel } from '../db/models/departure';

/**
 * The buying account the mistaken-purchase rule counts by; a booking without one (a sale recorded
 * before accounts were, or a cash sale) counts as its customer's.
 */
export function purchaserOf(booking: { customerId: Types.ObjectId; sale?: { purchaser?: string | null } | null }): string {
  return booking.sale?.purchaser ?? `customer:${booking.customerId.toHexString()}`;
}

/**
 * What the case engine needs to know about a booking (fares, ticket states, departure time),
 * read from the database, never taken from the client. NOT_FOUND when the booking or its
 * departure is missing.
 */
export async function loadBookingFacts(bookingId: string): Promise<BookingFacts> {
  const booking = Types.ObjectId.isValid(bookingId) ? await BookingModel.findById(bookingId).lean() : null;
  if (!booking) throw new DomainError('NOT_FOUND', 'No booking with this id.', { bookingId });
  const departure = await DepartureModel.findById(booking.departureId).lean();
  if (!departure) throw new DomainError('NOT_FOUND', `The departure of booking ${booking.ref} is missing.`, { bookingId });
  return {
    bookingId: booking._id.toHexString(),
    ref: booking.ref,
    status: booking.status,
    ruleSet: booking.ruleSet,
    purchasedAt: booking.purchasedAt.toISOString(),
    paidAt: booking.paidAt ? booking.paidAt.toISOString() : null,
    departureId: departure._id.toHexString(),
    departureAt: departure.departureAt.toISOString(),
    mode: departure.mode,
    organizer: departure.organizer ?? null,
    sale: booking.sale ? { channel: booking.sale.channel, payment: booking.sale.payment, purchaseType: booking.sale.purchaseType } : null,
    purchaser: purchaserOf(booking),
    tickets: booking.passengers.map((p) => ({
      passengerId: p.passengerId,
      passengerName: p.name,
      passengerType: p.passengerType,
      classCode: p.classCode,
      fareFen: p.fareFen,
      status: p.status,
      changed: p.changed,
      changedAt: p.changedAt ? p.changedAt.toISOString() : null,
      originalDepartureAt: p.originalDepartureAt ? p.originalDepartureAt.toISOString() : null,
    })),
  };
}
