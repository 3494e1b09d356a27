import { describe, expect, it } from 'vitest';
import {
  STUDENT_TRIPS_PER_ACADEMIC_YEAR,
  studentQuotaSince,
  studentTripsLeft,
  type StudentTicketRecord,
} from './student-quota';

const ID = '110105200403151234';
const trip = (
  purchasedAt: string,
  status = 'active',
  passengerType = 'student',
  idNumber = ID,
): StudentTicketRecord => ({
  purchasedAt,
  passengers: [{ idNumber, passengerType, status }],
});

describe('student quota', () => {
  it('allows 4 one-way trips per academic year', () => {
    expect(STUDENT_TRIPS_PER_ACADEMIC_YEAR).toBe(4);
    const at = '2026-05-10T08:00:00+08:00';
    expect(studentTripsLeft(ID, at, [])).toBe(4);
    const three = [
      trip('2025-10-02T10:00:00+08:00'),
      trip('2026-01-10T10:00:00+08:00'),
      trip('2026-03-01T10:00:00+08:00'),
    ];
    expect(studentTripsLeft(ID, at, three)).toBe(1);
    expect(studentTripsLeft(ID, at, [...three, trip('2026-05-01T10:00:00+08:00')])).toBe(0);
    expect(
      studentTripsLeft(ID, at, [...three, trip('2026-05-01T10:00:00+08:00'), trip('2026-05-02T10:00:00+08:00')]),
    ).toBe(0);
  });

  it('gives a refunded trip back, and counts a changed trip once', () => {
    const at = '2026-05-10T08:00:00+08:00';
    expect(studentTripsLeft(ID, at, [trip('2026-05-01T10:00:00+08:00', 'refunded')])).toBe(4);
    // A change: the old ticket is marked changed, the new booking holds the trip.
    expect(
      studentTripsLeft(ID, at, [
        trip('2026-05-01T10:00:00+08:00', 'changed'),
        trip('2026-05-01T10:00:00+08:00', 'active'),
      ]),
    ).toBe(3);
    expect(studentTripsLeft(ID, at, [trip('2026-04-01T10:00:00+08:00', 'used')])).toBe(3);
  });

  it('starts the academic year on Oct 1, 00:00 Shanghai time', () => {
    const lastYear = trip('2026-09-30T23:59:00+08:00');
    const thisYear = trip('2026-10-01T00:00:00+08:00');
    expect(studentTripsLeft(ID, '2026-10-01T00:00:00+08:00', [lastYear, thisYear])).toBe(3);
    expect(studentTripsLeft(ID, '2026-09-30T23:59:59+08:00', [lastYear])).toBe(3);
    // 2026-09-30T16:00Z is Oct 1 in Shanghai: a new year.
    expect(studentTripsLeft(ID, '2026-09-30T16:00:00Z', [lastYear])).toBe(4);
    expect(studentQuotaSince('2027-02-01T12:00:00+08:00').toISOString()).toBe('2026-09-30T16:00:00.000Z');
  });

  it('counts only this student’s student tickets', () => {
    const at = '2026-05-10T08:00:00+08:00';
    expect(studentTripsLeft(ID, at, [trip('2026-05-01T10:00:00+08:00', 'active', 'adult')])).toBe(4);
    expect(
      studentTripsLeft(ID, at, [trip('2026-05-01T10:00:00+08:00', 'active', 'student', '11010519491231002X')]),
    ).toBe(4);
  });
});
