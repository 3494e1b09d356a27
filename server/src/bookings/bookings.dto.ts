import { z } from 'zod';
import type { Types } from 'mongoose';
import type { BookingDTO, TicketDTO, TicketTaxes } from '../../../shared/bookings';
import { objectIdSchema } from '../../../shared/cases';
import { maskIdNumber } from '../../../shared/identity';
import type { Booking } from '../db/models/booking';
import type { Departure } from '../db/models/departure';

/** Booking references are letters and digits (customers read them out on the phone); case is ignored. */
export const bookingRefSchema = z
  .string()
  .trim()
  .min(4)
  .max(20)
  .regex(/^[A-Za-z0-9]+$/, 'letters and digits only')
  .transform((ref) => ref.toUpperCase());

export const bookingByIdInputSchema = z.object({ id: objectIdSchema }).strict();
export const bookingByRefInputSchema = z.object({ ref: bookingRefSchema }).strict();

/** A passenger's taxes; documents written before taxes were recorded read as none. */
export function ticketTaxesOf(passenger: {
  taxes?: { developmentFundFen?: number | null; fuelSurchargeFen?: number | null } | null;
}): TicketTaxes {
  return {
    developmentFundFen: passenger.taxes?.developmentFundFen ?? 0,
    fuelSurchargeFen: passenger.taxes?.fuelSurchargeFen ?? 0,
  };
}

type BookingRecord = Booking & { _id: Types.ObjectId };
type DepartureRecord = Departure & { _id: Types.ObjectId };

export function toTicketDTO(passenger: Booking['passengers'][number]): TicketDTO {
  return {
    passengerId: passenger.passengerId,
    passengerName: passenger.name,
    passengerType: passenger.passengerType,
    idType: passenger.idType,
    idNumber: maskIdNumber(passenger.idNumber),
    ticketNumber: passenger.ticketNumber ?? null,
    classCode: passenger.classCode,
    seat: passenger.seat ?? null,
    fareFen: passenger.fareFen,
    taxes: ticketTaxesOf(passenger),
    status: passenger.status,
    changed: passenger.changed,
  };
}

export function toBookingDTO(booking: BookingRecord, departure: DepartureRecord): BookingDTO {
  return {
    id: booking._id.toHexString(),
    ref: booking.ref,
    customerId: booking.customerId.toHexString(),
    status: booking.status,
    ruleSet: booking.ruleSet,
    purchasedAt: booking.purchasedAt.toISOString(),
    paidAt: booking.paidAt ? booking.paidAt.toISOString() : null,
    sale: booking.sale
      ? { channel: booking.sale.channel, payment: booking.sale.payment, purchaseType: booking.sale.purchaseType }
      : null,
    totalFen: booking.totalFen,
    departure: {
      id: departure._id.toHexString(),
      mode: departure.mode,
      code: departure.code,
      origin: departure.origin,
      destination: departure.destination,
      departureAt: departure.departureAt.toISOString(),
      organizer: departure.organizer ?? null,
    },
    tickets: booking.passengers.map(toTicketDTO),
  };
}
