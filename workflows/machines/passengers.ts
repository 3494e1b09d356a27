/**
 * Passenger rules for a booking (shared/domain/fare-rules.md, "Passenger data"): resident ID check,
 * rail child and infant tickets, the student quota, and the fare each passenger pays.
 *
 * The booking machine's ENTER_PASSENGERS guard calls `validatePassengers`; the server calls it
 * first too, to answer with readable per-passenger problems instead of a bare "not allowed".
 */
import { ageOn, checkResidentId, type IdType, type ResidentIdProblem } from '../../shared/identity';
import { noTaxes, type PassengerType, type TicketTaxes } from '../../shared/bookings';
import type { DepartureFacts } from './contract';
import { text, type LocalizedText } from './common';
import { shanghaiDate } from '../time/shanghai';
import { rawPercentCentiFen, roundCentiFen } from '../policy/rounding';

/** A passenger as ENTER_PASSENGERS carries it (the client's fields plus the engine's quota). */
export type PassengerEntry = {
  name: string;
  idType: IdType;
  idNumber: string;
  passengerType: PassengerType;
  birthDate?: string;
  /** Engine-supplied for students: rail student trips left in this academic year. */
  studentQuotaLeft?: number;
  /**
   * Engine-supplied for a real-name show: the reference of another booking (or booking case) that
   * already holds a ticket for this show with this ID number; null when none does.
   */
  showTicketHeldBy?: string | null;
};

/** A validated passenger with the fare they pay; `passengerId` is its place in the booking. */
export type PricedPassenger = {
  passengerId: string;
  name: string;
  idType: IdType;
  idNumber: string;
  passengerType: PassengerType;
  birthDate: string | null;
  fareFen: number;
  /** Rail infants ride on an adult's seat. */
  seated: boolean;
};

export type PassengerProblemCode =
  | 'countMismatch'
  | 'duplicateId'
  | 'idInvalid'
  | 'birthDateInvalid'
  | 'birthDateMismatch'
  | 'birthDateRequired'
  | 'typeNotOffered'
  | 'childTooOld'
  | 'infantTooOld'
  | 'tooManyInfants'
  | 'studentQuotaUnknown'
  | 'studentQuotaUsed'
  | 'realNameUnknown'
  | 'realNameTicketHeld';

/** `index` is the passenger's position in the list, or null for a problem with the whole list. */
export type PassengerProblem = { index: number | null; code: PassengerProblemCode; message: LocalizedText };

export type PassengerValidation =
  { ok: true; passengers: PricedPassenger[]; totalFen: number } | { ok: false; problems: PassengerProblem[] };

/** Rail child ticket: under 14 on the travel date, half fare. */
export const CHILD_MAX_AGE_EXCLUSIVE = 14;
/** Rail infant: under 6 on the travel date rides free without a seat, one per adult. */
export const INFANT_MAX_AGE_EXCLUSIVE = 6;
/**
 * Rail student fare: 12306 sells student tickets at 75% on high-speed second class (half on
 * conventional hard seats); the console quotes the high-speed rate, which is what the demo sells.
 */
export const STUDENT_FARE_PERCENT = 75;
/** Rail child fare (age 6 to under 14): half. */
export const CHILD_FARE_PERCENT = 50;

/** Shows approved for this many attendees or more are sold by real name: one ticket per ID per show. */
export const REAL_NAME_MIN_ATTENDEES = 5_000;

/**
 * Whether a departure is sold by real name (one ticket per ID number): a show whose approved
 * capacity is 5,000 or more, or one flagged so by hand (`realName`).
 */
export function sellsByRealName(departure: {
  mode: DepartureFacts['mode'];
  approvedCapacity?: number | null;
  realName?: boolean;
}): boolean {
  if (departure.realName === true) return true;
  return departure.mode === 'event' && (departure.approvedCapacity ?? 0) >= REAL_NAME_MIN_ATTENDEES;
}

/** A percentage of a rail fare, rounded to ¥0.5 by the same rule as the fees (rounding.ts). */
function railFareShare(priceFen: number, pct: number): number {
  return roundCentiFen(rawPercentCentiFen(priceFen, pct), 'half-yuan');
}

/** The Asia/Shanghai calendar date of an instant: the travel date the age rules use. */
export function travelDate(departureAt: string): string {
  return shanghaiDate(departureAt);
}

/** What one passenger of a type pays for a class priced `priceFen` (rail discounts only on rail). */
export function fareFor(priceFen: number, passengerType: PassengerType, mode: DepartureFacts['mode']): number {
  if (mode !== 'rail') return priceFen;
  switch (passengerType) {
    case 'adult':
      return priceFen;
    case 'child':
      return railFareShare(priceFen, CHILD_FARE_PERCENT);
    case 'student':
      return railFareShare(priceFen, STUDENT_FARE_PERCENT);
    case 'infant':
      return 0;
  }
}

/**
 * An air passenger's taxes from the class's adult taxes (domestic practice): children are exempt
 * from the development fund and pay half the fuel surcharge; infants pay neither. Rail and events: none.
 */
export function taxesFor(
  adultTaxes: TicketTaxes | null | undefined,
  passengerType: PassengerType,
  mode: DepartureFacts['mode'],
): TicketTaxes {
  if (mode !== 'air' || !adultTaxes) return { ...noTaxes };
  switch (passengerType) {
    case 'adult':
    case 'student':
      return { developmentFundFen: adultTaxes.developmentFundFen, fuelSurchargeFen: adultTaxes.fuelSurchargeFen };
    case 'child':
      return { developmentFundFen: 0, fuelSurchargeFen: Math.floor(adultTaxes.fuelSurchargeFen / 2) };
    case 'infant':
      return { ...noTaxes };
  }
}

const idProblemText: Record<ResidentIdProblem, LocalizedText> = {
  length: text('身份证号应为 18 位', 'a resident ID has 18 characters'),
  format: text('身份证号应为 17 位数字加 1 位数字或 X', 'a resident ID is 17 digits and a digit or X'),
  birthDate: text('身份证号中的出生日期无效', 'the birth date inside the ID is not a real date'),
  checksum: text('身份证号校验位不正确', 'the check character does not match'),
};

function validDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const d = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === date;
}

/**
 * Checks the passengers for a departure and prices them. Rules: resident IDs pass GB 11643; the
 * birth date comes from a resident ID (a different typed one is a mismatch) or must be given for
 * children and infants with other documents; on rail a child is under 14 on the travel date (half
 * fare), an infant under 6 (free, no seat, at most one per adult or student), a student needs trips
 * left in the quota; other modes sell adult tickets only (children ride on an adult ticket); a
 * real-name show sells one ticket per ID number (in the list, and against other bookings of it).
 */
export function validatePassengers(
  passengers: readonly PassengerEntry[],
  departure: DepartureFacts,
  options: { expectedCount?: number } = {},
): PassengerValidation {
  const problems: PassengerProblem[] = [];
  const add = (index: number | null, code: PassengerProblemCode, message: LocalizedText) =>
    problems.push({ index, code, message });
  const onDate = travelDate(departure.departureAt);
  const rail = departure.mode === 'rail';

  if (options.expectedCount !== undefined && passengers.length !== options.expectedCount) {
    add(
      null,
      'countMismatch',
      text(
        `报价为 ${options.expectedCount} 位乘客，实际录入 ${passengers.length} 位；请重新报价`,
        `The quote is for ${options.expectedCount} passengers but ${passengers.length} were entered; quote again`,
      ),
    );
  }

  const priced: PricedPassenger[] = [];
  const seen = new Map<string, number>();
  passengers.forEach((p, index) => {
    const who = `${index + 1}. ${p.name}`;
    const idKey = `${p.idType}:${p.idNumber}`;
    const earlier = seen.get(idKey);
    if (earlier !== undefined) {
      add(
        index,
        'duplicateId',
        text(`${who}：证件号与第 ${earlier + 1} 位乘客相同`, `${who}: same ID as passenger ${earlier + 1}`),
      );
    }
    seen.set(idKey, index);

    let birthDate: string | null = null;
    if (p.idType === 'resident_id') {
      const check = checkResidentId(p.idNumber);
      if (!check.ok) {
        const why = idProblemText[check.problem];
        add(
          index,
          'idInvalid',
          text(`${who}：身份证号无效（${why['zh-CN']}）`, `${who}: invalid resident ID (${why.en})`),
        );
      } else {
        birthDate = check.birthDate;
        if (p.birthDate !== undefined && p.birthDate !== check.birthDate) {
          add(
            index,
            'birthDateMismatch',
            text(`${who}：出生日期与身份证号不符`, `${who}: the birth date does not match the resident ID`),
          );
        }
      }
    } else if (p.birthDate !== undefined) {
      if (!validDate(p.birthDate) || p.birthDate > onDate) {
        add(index, 'birthDateInvalid', text(`${who}：出生日期无效`, `${who}: the birth date is not valid`));
      } else {
        birthDate = p.birthDate;
      }
    }

    if (!rail && p.passengerType !== 'adult') {
      add(
        index,
        'typeNotOffered',
        text(
          `${who}：该线路只售成人票（儿童使用成人票）`,
          `${who}: only adult tickets are sold for this ${departure.mode === 'air' ? 'flight' : 'event'} (children hold an adult ticket)`,
        ),
      );
    }
    const age = birthDate === null ? null : ageOn(birthDate, onDate);
    if (rail && (p.passengerType === 'child' || p.passengerType === 'infant')) {
      if (age === null && p.idType !== 'resident_id' && p.birthDate === undefined) {
        add(
          index,
          'birthDateRequired',
          text(`${who}：儿童票需填写出生日期`, `${who}: a child or infant needs a birth date`),
        );
      } else if (age !== null && p.passengerType === 'child' && age >= CHILD_MAX_AGE_EXCLUSIVE) {
        add(
          index,
          'childTooOld',
          text(
            `${who}：乘车日 ${age} 岁，儿童票限未满 14 岁`,
            `${who}: ${age} on the travel date; child tickets are for under 14`,
          ),
        );
      } else if (age !== null && p.passengerType === 'infant' && age >= INFANT_MAX_AGE_EXCLUSIVE) {
        add(
          index,
          'infantTooOld',
          text(
            `${who}：乘车日 ${age} 岁，免票儿童限未满 6 岁（可购儿童票）`,
            `${who}: ${age} on the travel date; free infants are under 6 (buy a child ticket)`,
          ),
        );
      }
    }
    if (departure.realName) {
      if (p.showTicketHeldBy === undefined) {
        add(
          index,
          'realNameUnknown',
          text(
            `${who}：无法确认该证件是否已购买本场演出门票`,
            `${who}: cannot check whether this ID already holds a ticket for the show`,
          ),
        );
      } else if (p.showTicketHeldBy !== null) {
        add(
          index,
          'realNameTicketHeld',
          text(
            `${who}：本场演出实名购票，每个证件限购一张，该证件已有门票（${p.showTicketHeldBy}）`,
            `${who}: this show is sold by real name, one ticket per ID, and this ID already holds one (${p.showTicketHeldBy})`,
          ),
        );
      }
    }
    if (rail && p.passengerType === 'student') {
      if (p.studentQuotaLeft === undefined) {
        add(
          index,
          'studentQuotaUnknown',
          text(`${who}：无法确认学生优惠次数`, `${who}: the student quota is not known`),
        );
      } else if (p.studentQuotaLeft <= 0) {
        add(
          index,
          'studentQuotaUsed',
          text(`${who}：本学年学生优惠次数已用完`, `${who}: no student trips left this academic year`),
        );
      }
    }

    priced.push({
      passengerId: `P${index + 1}`,
      name: p.name,
      idType: p.idType,
      idNumber: p.idNumber,
      passengerType: p.passengerType,
      birthDate,
      fareFen: fareFor(departure.priceFen, p.passengerType, departure.mode),
      seated: !(rail && p.passengerType === 'infant'),
    });
  });

  if (rail) {
    const infants = passengers.filter((p) => p.passengerType === 'infant').length;
    const carers = passengers.filter((p) => p.passengerType === 'adult' || p.passengerType === 'student').length;
    if (infants > carers) {
      add(
        null,
        'tooManyInfants',
        text(
          `${infants} 位免票儿童只有 ${carers} 位成人陪同；每位成人限带一名`,
          `${infants} infants with ${carers} adults; each adult may take one infant without a seat`,
        ),
      );
    }
  }

  if (problems.length > 0) return { ok: false, problems };
  // What the customer pays: the fares plus an air ticket's taxes (kept apart on the ticket by tickets.issue).
  const taxesFen = (type: PassengerType) => {
    const taxes = taxesFor(departure.taxes, type, departure.mode);
    return taxes.developmentFundFen + taxes.fuelSurchargeFen;
  };
  return {
    ok: true,
    passengers: priced,
    totalFen: priced.reduce((sum, p) => sum + p.fareFen + taxesFen(p.passengerType), 0),
  };
}
