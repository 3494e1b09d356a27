import { Types } from 'mongoose';
import type { BookingDTO } from '../../../shared/bookings';
import { DomainError } from '../../../shared/errors';
import { BookingModel, type Booking } from '../db/models/booking';
import { DepartureModel } from '../db/models/departure';
import { clientFilter } from '../db/sanitize';
import { toBookingDTO } from './bookings.dto';

type BookingRecord = Booking & { _id: Types.ObjectId };

export async function getBooking(id: string): Promise<BookingDTO> {
  const booking = Types.ObjectId.isValid(id) ? await BookingModel.findById(id).lean() : null;
  if (!booking) throw new DomainError('NOT_FOUND', 'No booking with this id.', { bookingId: id });
  const [dto] = await withDepartures([booking]);
  return dto as BookingDTO;
}

/** By the reference the customer reads out (upper-cased by the input schema). */
export async function getBookingByRef(ref: string): Promise<BookingDTO> {
  const booking = await findBookingByRef(ref);
  if (!booking) throw new DomainError('NOT_FOUND', `No booking with reference ${ref}.`, { ref });
  const [dto] = await withDepartures([booking]);
  return dto as BookingDTO;
}

export async function findBookingByRef(ref: string): Promise<BookingRecord | null> {
  return BookingModel.findOne({ ref: ref.toUpperCase() }, null, clientFilter).lean();
}

/** A customer's bookings, newest purchase first. */
export async function bookingsOfCustomer(customerId: Types.ObjectId, limit = 100): Promise<BookingDTO[]> {
  const bookings = await BookingModel.find({ customerId }).sort({ purchasedAt: -1, _id: -1 }).limit(limit).lean();
  return withDepartures(bookings);
}

/** Maps bookings to DTOs with one query for all their departures. */
async function withDepartures(bookings: BookingRecord[]): Promise<BookingDTO[]> {
  if (bookings.length === 0) return [];
  const ids = [...new Set(bookings.map((b) => b.departureId.toHexString()))].map((id) => new Types.ObjectId(id));
  const departures = await DepartureModel.find({ _id: { $in: ids } }).lean();
  const byId = new Map(departures.map((d) => [d._id.toHexString(), d]));
  return bookings.map((booking) => {
    const departure = byId.get(booking.departureId.toHexString());
    // A booking always points at a departure; a dangling one is broken data, not a client mistake.
    if (!departure)
      throw new Error(`booking ${booking.ref} points at missing departure ${booking.departureId.toHexString()}`);
    return toBookingDTO(booking, departure);
  });
}
