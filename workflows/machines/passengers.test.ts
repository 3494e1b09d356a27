import { describe, expect, it } from 'vitest';
import {
  fareFor,
  sellsByRealName,
  travelDate,
  validatePassengers,
  type PassengerEntry,
  type PassengerProblemCode,
} from './passengers';
import { departure, residentId } from './testing/fixtures';

// Travel date 2026-05-20 in Shanghai (08:00 local).
const rail = departure();
const adult: PassengerEntry = {
  name: '李雷',
  idType: 'resident_id',
  idNumber: '11010519491231002X',
  passengerType: 'adult',
};
const person = (
  passengerType: PassengerEntry['passengerType'],
  birth: string,
  extra: Partial<PassengerEntry> = {},
): PassengerEntry => ({
  name: `${passengerType} ${birth}`,
  idType: 'resident_id',
  idNumber: residentId(birth, '110105', passengerType === 'adult' ? '101' : '201'),
  passengerType,
  ...extra,
});

function codes(result: ReturnType<typeof validatePassengers>): PassengerProblemCode[] {
  return result.ok ? [] : result.problems.map((p) => p.code);
}

describe('validatePassengers', () => {
  it('accepts an adult with a valid resident ID and prices at the class fare', () => {
    const result = validatePassengers([adult], rail);
    expect(result).toEqual({
      ok: true,
      totalFen: 55_300,
      passengers: [
        {
          passengerId: 'P1',
          name: '李雷',
          idType: 'resident_id',
          idNumber: adult.idNumber,
          passengerType: 'adult',
          birthDate: '1949-12-31',
          fareFen: 55_300,
          seated: true,
        },
      ],
    });
  });

  it.each([
    ['110105194912310021', 'checksum'],
    ['11010519491231002', 'length'],
    ['11010519491331002X', 'birth date'],
  ])('refuses the resident ID %s (%s)', (idNumber) => {
    const result = validatePassengers([{ ...adult, idNumber }], rail);
    expect(codes(result)).toEqual(['idInvalid']);
    expect(result.ok ? '' : result.problems[0]?.message.en).toMatch(/^1\. 李雷: invalid resident ID/);
  });

  it('takes the age from the ID on the travel date: a child ticket is for under 14, at half fare', () => {
    const thirteen = person('child', '20120521'); // turns 14 the day after travel
    expect(validatePassengers([adult, thirteen], rail)).toMatchObject({
      ok: true,
      passengers: [{}, { fareFen: 27_650, seated: true }],
    });
    const fourteen = person('child', '20120520');
    expect(codes(validatePassengers([adult, fourteen], rail))).toEqual(['childTooOld']);
  });

  it('uses the Shanghai calendar date of the departure, not the UTC one', () => {
    // 00:30 on the 20th in Shanghai is still the 19th in UTC: the child is already 14.
    const early = departure({ departureAt: '2026-05-20T00:30:00+08:00' });
    expect(travelDate(early.departureAt)).toBe('2026-05-20');
    expect(codes(validatePassengers([adult, person('child', '20120520')], early))).toEqual(['childTooOld']);
  });

  it('lets an infant under 6 ride free without a seat, one per adult or student', () => {
    const infant = person('infant', '20200521'); // 5 on the travel date
    expect(validatePassengers([adult, infant], rail)).toMatchObject({
      ok: true,
      totalFen: 55_300,
      passengers: [{}, { fareFen: 0, seated: false }],
    });
    expect(codes(validatePassengers([adult, person('infant', '20200520')], rail))).toEqual(['infantTooOld']);
    expect(codes(validatePassengers([adult, infant, person('infant', '20220101')], rail))).toEqual(['tooManyInfants']);
    expect(codes(validatePassengers([infant], rail))).toEqual(['tooManyInfants']);
    // A child does not count as an adult who can take an infant on their seat.
    expect(codes(validatePassengers([person('child', '20160101'), infant], rail))).toEqual(['tooManyInfants']);
  });

  it('needs a student quota from the engine, and trips left in it', () => {
    const student = person('student', '20050101');
    expect(codes(validatePassengers([student], rail))).toEqual(['studentQuotaUnknown']);
    expect(codes(validatePassengers([{ ...student, studentQuotaLeft: 0 }], rail))).toEqual(['studentQuotaUsed']);
    expect(validatePassengers([{ ...student, studentQuotaLeft: 1 }], rail)).toMatchObject({
      ok: true,
      totalFen: 41_500,
    });
  });

  it('needs a birth date for a child travelling on another document, and checks one given with a resident ID', () => {
    const passport: PassengerEntry = { name: 'Tom', idType: 'passport', idNumber: 'E12345678', passengerType: 'child' };
    expect(codes(validatePassengers([adult, passport], rail))).toEqual(['birthDateRequired']);
    expect(validatePassengers([adult, { ...passport, birthDate: '2016-02-29' }], rail).ok).toBe(true);
    expect(codes(validatePassengers([adult, { ...passport, birthDate: '2015-02-29' }], rail))).toEqual([
      'birthDateInvalid',
    ]);
    expect(codes(validatePassengers([{ ...adult, birthDate: '1950-01-01' }], rail))).toEqual(['birthDateMismatch']);
  });

  it('sells only adult tickets off rail', () => {
    const flight = departure({ mode: 'air', ruleSet: 'cn-air', classCode: 'Y', priceFen: 120_000 });
    expect(codes(validatePassengers([adult, person('child', '20160101')], flight))).toEqual(['typeNotOffered']);
    expect(validatePassengers([adult], flight)).toMatchObject({ ok: true, totalFen: 120_000 });
  });

  it('refuses the same document twice and a count that differs from the quote', () => {
    expect(codes(validatePassengers([adult, { ...adult, name: '李雷2' }], rail))).toEqual(['duplicateId']);
    expect(codes(validatePassengers([adult], rail, { expectedCount: 2 }))).toEqual(['countMismatch']);
  });

  it('reports every problem with the passenger it belongs to', () => {
    const result = validatePassengers(
      [{ ...adult, idNumber: '110105194912310021' }, person('child', '20100101')],
      rail,
    );
    expect(result.ok ? [] : result.problems.map((p) => [p.index, p.code])).toEqual([
      [0, 'idInvalid'],
      [1, 'childTooOld'],
    ]);
    expect(result.ok ? '' : result.problems[1]?.message['zh-CN']).toMatch(/儿童票限未满 14 岁/);
  });
});

describe('fareFor', () => {
  it('discounts only rail fares', () => {
    expect(fareFor(55_300, 'child', 'rail')).toBe(27_650);
    expect(fareFor(55_300, 'infant', 'rail')).toBe(0);
    expect(fareFor(55_300, 'child', 'air')).toBe(55_300);
  });

  it('rounds child and student rail fares to ¥0.5 the way fees are', () => {
    // ¥553.5 / 2 = ¥276.75 → ¥277.0; 75% of ¥553 = ¥414.75 → ¥415.0; 75% of ¥9.5 = ¥7.125 → ¥7.0.
    expect(fareFor(55_350, 'child', 'rail')).toBe(27_700);
    expect(fareFor(55_300, 'student', 'rail')).toBe(41_500);
    expect(fareFor(950, 'student', 'rail')).toBe(700);
    expect(fareFor(4_450, 'child', 'rail')).toBe(2_250);
  });
});

describe('real-name shows (5,000 attendees or more): one ticket per ID per show', () => {
  const show = (approvedCapacity: number) =>
    departure({
      mode: 'event',
      ruleSet: 'event',
      code: 'STAR-BJ',
      classCode: 'A',
      className: '看台A区',
      priceFen: 128_000,
      approvedCapacity,
      realName: sellsByRealName({ mode: 'event', approvedCapacity }),
    });

  it('sells by real name from an approved capacity of 5,000, not below, and never trains by capacity', () => {
    expect(sellsByRealName({ mode: 'event', approvedCapacity: 5_000 })).toBe(true);
    expect(sellsByRealName({ mode: 'event', approvedCapacity: 4_999 })).toBe(false);
    expect(sellsByRealName({ mode: 'event', approvedCapacity: null })).toBe(false);
    expect(sellsByRealName({ mode: 'rail', approvedCapacity: 9_000 })).toBe(false);
    expect(sellsByRealName({ mode: 'event', approvedCapacity: 1_400, realName: true })).toBe(true);
  });

  it('refuses an ID that already holds a ticket for the show, in both languages, naming the booking', () => {
    const result = validatePassengers([{ ...adult, showTicketHeldBy: 'TD0000042' }], show(5_000));
    expect(result).toEqual({
      ok: false,
      problems: [
        {
          index: 0,
          code: 'realNameTicketHeld',
          message: {
            'zh-CN': '1. 李雷：本场演出实名购票，每个证件限购一张，该证件已有门票（TD0000042）',
            en: '1. 李雷: this show is sold by real name, one ticket per ID, and this ID already holds one (TD0000042)',
          },
        },
      ],
    });
  });

  it('refuses the same ID twice in one list, and a real-name show whose check was not made', () => {
    const twice = validatePassengers(
      [
        { ...adult, showTicketHeldBy: null },
        { ...adult, name: '李雷二', showTicketHeldBy: null },
      ],
      show(68_000),
    );
    expect(codes(twice)).toEqual(['duplicateId']);
    expect(codes(validatePassengers([adult], show(68_000)))).toEqual(['realNameUnknown']);
  });

  it('sells an ID without a ticket for the show; a smaller show is not limited', () => {
    expect(validatePassengers([{ ...adult, showTicketHeldBy: null }], show(5_000))).toMatchObject({
      ok: true,
      totalFen: 128_000,
    });
    expect(validatePassengers([{ ...adult, showTicketHeldBy: 'TD0000042' }], show(4_999))).toMatchObject({
      ok: true,
      totalFen: 128_000,
    });
  });
});
