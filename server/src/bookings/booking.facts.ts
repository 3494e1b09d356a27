import { Types } from 'mongoose';
import { DomainError } from '../../../shared/errors';
import type { BookingFacts } from '../../../workflows/machines/contract';
import { BookingModel } from '../db/models/booking';
import { DepartureModel } from '../db/models/departure';
import { CustomerModel } from '../db/models/customer';
import { idNumbersMatch, normalizeIdNumber } from '../customers/identity';
import { liveClaims } from './ticket-claims';
import { ticketTaxesOf } from './bookings.dto';

/**
 * The buying account the mistaken-purchase rule counts by; a booking without one (a sale recorded
 * before accounts were, or a cash sale) counts as its customer's.
 */
export function purchaserOf(booking: {
  customerId: Types.ObjectId;
  sale?: { purchaser?: string | null } | null;
}): string {
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
  if (!departure)
    throw new DomainError('NOT_FOUND', `The departure of booking ${booking.ref} is missing.`, { bookingId });
  const claims = await liveClaims(booking.passengers);
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
    origin: departure.origin,
    sale: booking.sale
      ? { channel: booking.sale.channel, payment: booking.sale.payment, purchaseType: booking.sale.purchaseType }
      : null,
    purchaser: purchaserOf(booking),
    tickets: booking.passengers.map((p) => ({
      passengerId: p.passengerId,
      passengerName: p.name,
      passengerType: p.passengerType,
      classCode: p.classCode,
      fareFen: p.fareFen,
      taxes: ticketTaxesOf(p),
      status: p.status,
      changed: p.changed,
      changedAt: p.changedAt ? p.changedAt.toISOString() : null,
      originalDepartureAt: p.originalDepartureAt ? p.originalDepartureAt.toISOString() : null,
      ticketNumber: p.ticketNumber ?? null,
      claim: claims.get(p.passengerId) ?? null,
    })),
  };
}

/**
 * A case may act on a booking only for its holder or one of its passengers (matched by ID number):
 * otherwise a caller verified as one customer could refund another's tickets.
 */
export async function assertBookingOfCustomer(bookingId: string, customerId: string): Promise<void> {
  const booking = Types.ObjectId.isValid(bookingId)
    ? await BookingModel.findById(bookingId, {
        ref: 1,
        customerId: 1,
        'passengers.idType': 1,
        'passengers.idNumber': 1,
      }).lean()
    : null;
  if (!booking) throw new DomainError('NOT_FOUND', 'No booking with this id.', { bookingId });
  if (booking.customerId.toHexString() === customerId) return;
  const customer = Types.ObjectId.isValid(customerId)
    ? await CustomerModel.findById(customerId, { idType: 1, idNumber: 1 }).lean()
    : null;
  // The same document: a passport number that happens to equal a resident ID number is someone else.
  const named =
    customer !== null &&
    booking.passengers.some(
      (p) => p.idType === customer.idType && normalizeIdNumber(p.idNumber) === normalizeIdNumber(customer.idNumber),
    );
  if (!named) {
    throw new DomainError(
      'INVALID_INPUT',
      `Booking ${booking.ref} is not this customer's: it is neither held by them nor names them as a passenger.`,
      { bookingId, customerId },
    );
  }
}

/** The customer holding a booking (null for an unknown booking). */
export async function bookingHolderId(bookingId: string): Promise<string | null> {
  const booking = Types.ObjectId.isValid(bookingId)
    ? await BookingModel.findById(bookingId, { customerId: 1 }).lean()
    : null;
  return booking ? booking.customerId.toHexString() : null;
}

/**
 * Whether an ID number read out by a caller is the booking holder's or one of its passengers'
 * (what VERIFY checks: the booking's people, whoever the case is linked to).
 */
export async function bookingIdentityMatches(bookingId: string, idNumber: string): Promise<boolean> {
  const booking = Types.ObjectId.isValid(bookingId)
    ? await BookingModel.findById(bookingId, { customerId: 1, 'passengers.idNumber': 1 }).lean()
    : null;
  if (!booking) return false;
  const holder = await CustomerModel.findById(booking.customerId, { idNumber: 1 }).lean();
  // Every candidate is compared (constant time each), so timing does not tell which one matched.
  const candidates = [...(holder ? [holder.idNumber] : []), ...booking.passengers.map((p) => p.idNumber)];
  return candidates.map((stored) => idNumbersMatch(stored, idNumber)).reduce((a, b) => a || b, false);
}
