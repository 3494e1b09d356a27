import { Types } from 'mongoose';
import { BookingModel } from '../db/models/booking';
import { CaseModel } from '../db/models/case';

/**
 * For a real-name show (one ticket per ID per show; the rule is workflows/machines/passengers.ts):
 * the reference of a booking that holds a ticket for the show with this ID number, or of another
 * open booking case that has entered it for the show; null when neither does. The ID numbers are
 * not returned or stored: only the holder's reference.
 */
export async function showTicketHolder(
  departureId: string,
  idNumber: string,
  exceptCaseId: Types.ObjectId,
): Promise<string | null> {
  const id = idNumber.trim().toUpperCase();
  const booking = await BookingModel.findOne(
    {
      departureId: new Types.ObjectId(departureId),
      passengers: { $elemMatch: { idNumber: id, status: { $in: ['active', 'used'] } } },
    },
    { ref: 1 },
  ).lean();
  if (booking) return booking.ref;
  const otherCase = await CaseModel.findOne(
    {
      kind: 'booking',
      status: 'open',
      _id: { $ne: exceptCaseId },
      'snapshot.context.quote.departure.departureId': departureId,
      'snapshot.context.passengers.idNumber': id,
    },
    { ref: 1 },
  ).lean();
  return otherCase?.ref ?? null;
}
