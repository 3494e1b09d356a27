/**
 * Rail student discount quota (fare-rules.md, "Passenger data"): 4 one-way trips per academic
 * year (Oct 1 - Sep 30, Shanghai time); a refund returns the trip. The server loads the student's
 * tickets bought since `studentQuotaSince(at)`; the counting is here.
 */
import { academicYearStart } from '../time/shanghai';

export const STUDENT_TRIPS_PER_ACADEMIC_YEAR = 4;

export type StudentTicketRecord = {
  purchasedAt: Date | string;
  passengers: readonly { idNumber: string; passengerType: string; status: string }[];
};

/** The first instant whose purchases count against the quota at `at`: Oct 1 00:00 Shanghai. */
export function studentQuotaSince(at: Date | string | number): Date {
  return new Date(academicYearStart(at));
}

/**
 * Student trips the holder of `idNumber` has left at `at`. A refunded ticket gives its trip back;
 * a changed ticket counts once (its old ticket is marked 'changed', the new one carries the trip).
 */
export function studentTripsLeft(
  idNumber: string,
  at: Date | string | number,
  bookings: readonly StudentTicketRecord[],
): number {
  const since = academicYearStart(at);
  const until = academicYearStart(since + 400 * 86_400_000);
  const used = bookings
    .filter((b) => {
      const purchased = new Date(b.purchasedAt).getTime();
      return purchased >= since && purchased < until;
    })
    .flatMap((b) => b.passengers)
    .filter(
      (p) =>
        p.idNumber === idNumber && p.passengerType === 'student' && p.status !== 'refunded' && p.status !== 'changed',
    ).length;
  return Math.max(0, STUDENT_TRIPS_PER_ACADEMIC_YEAR - used);
}
