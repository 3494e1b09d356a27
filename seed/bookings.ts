/**
 * Three hundred bookings on the seeded departures: one to four passengers (the customer, family or
 * friends), fares from the class price (rail children half, students 75%), ticket numbers and
 * seats; mostly ticketed, some refunded, partly refunded, cancelled before payment, or changed (改签:
 * the old tickets marked changed and a new booking holding the changed tickets). Seats taken come
 * off the departures' inventory.
 */
import type {
  BookingStatus,
  PassengerType,
  PaymentMethod,
  PurchaseType,
  SalesChannel,
  TicketStatus,
  TicketTaxes,
} from '../shared/bookings';
import type { IdType } from '../shared/identity';
import type { RuleSetId } from '../shared/departures';
import { ageOn } from '../shared/identity';
import { fareFor, taxesFor, travelDate } from '../workflows/machines/passengers';
import { seatLabels } from '../server/src/cases/effects';
import type { Random } from './random';
import type { SeedCustomer } from './customers';
import { objectIdAt, type SeedDeparture } from './departures';
import { mainlandPerson, type Person } from './people';
import { DAY, HOUR, MINUTE } from './time';

export const BOOKING_COUNT = 300;

export type SeedTicket = {
  passengerId: string;
  name: string;
  idType: IdType;
  idNumber: string;
  passengerType: PassengerType;
  ticketNumber: string | null;
  classCode: string;
  seat: string | null;
  fareFen: number;
  /** Air: the ticket's taxes, apart from the fare; absent for rail and events. */
  taxes?: TicketTaxes;
  status: TicketStatus;
  changed: boolean;
};

export type SeedBooking = {
  _id: string;
  ref: string;
  customerId: string;
  departureId: string;
  ruleSet: RuleSetId;
  status: BookingStatus;
  purchasedAt: Date;
  paidAt: Date | null;
  sale: SeedSale;
  passengers: SeedTicket[];
  totalFen: number;
  appliedEffects: string[];
  createdAt: Date;
  updatedAt: Date;
};

export type SeedSale = {
  channel: SalesChannel;
  payment: PaymentMethod;
  purchaseType: PurchaseType;
  purchaser: string | null;
};

/**
 * How a booking was sold, drawn from its reference (not from the seed's random stream, so adding
 * it left every other seeded value as it was): most rail tickets online with electronic payment,
 * some with points, at the counter (cash or card), at an agency or ticket machine, by phone here;
 * a few online ones reserved (预约), waitlisted (候补), group, air-rail or water-rail. Flights and
 * shows: online, some by phone. Online sales carry the buyer's account.
 */
export function saleFor(ref: string, mode: SeedDeparture['mode'], customerId: string): SeedSale {
  let h = 0;
  for (const ch of ref) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  const roll = h % 100;
  const kind = (h >>> 8) % 100;
  const account = `12306:${customerId.slice(-8)}`;
  const online = (payment: PaymentMethod, purchaseType: PurchaseType = 'normal'): SeedSale => ({
    channel: 'online',
    payment,
    purchaseType,
    purchaser: mode === 'rail' ? account : `app:${customerId.slice(-8)}`,
  });
  if (mode !== 'rail')
    return roll < 85
      ? online('electronic')
      : { channel: 'phone', payment: 'electronic', purchaseType: 'normal', purchaser: null };
  if (roll < 66) {
    const purchaseType: PurchaseType =
      kind < 84
        ? 'normal'
        : kind < 91
          ? 'waitlist'
          : kind < 95
            ? 'reservation'
            : kind < 97
              ? 'group'
              : kind < 99
                ? 'air-rail'
                : 'water-rail';
    return online('electronic', purchaseType);
  }
  if (roll < 72) return online('points');
  if (roll < 80) return { channel: 'counter', payment: 'cash', purchaseType: 'normal', purchaser: null };
  if (roll < 85) return { channel: 'counter', payment: 'card', purchaseType: 'normal', purchaser: null };
  if (roll < 90) return { channel: 'agent', payment: 'cash', purchaseType: 'normal', purchaser: null };
  if (roll < 94) return { channel: 'vending', payment: 'electronic', purchaseType: 'normal', purchaser: null };
  return { channel: 'phone', payment: 'electronic', purchaseType: 'normal', purchaser: null };
}

/** How far ahead each kind is sold: 12306 opens 15 days ahead; airlines and shows much earlier. */
const SALE_WINDOW_MS = { rail: 15 * DAY, air: 60 * DAY, event: 90 * DAY } as const;

const AIR_CLASS_WEIGHTS: readonly (readonly [string, number])[] = [
  ['F', 3],
  ['C', 6],
  ['W', 7],
  ['Y', 14],
  ['D', 8],
  ['M', 10],
  ['H', 10],
  ['U', 9],
  ['L', 9],
  ['E', 8],
  ['V', 7],
  ['Z', 5],
  ['T', 5],
];
const RAIL_CLASS_WEIGHTS: readonly (readonly [string, number])[] = [
  ['O', 74],
  ['M', 20],
  ['A9', 6],
];
/** Airline ticket-number prefixes (IATA accounting codes). */
const AIRLINE_PREFIX: Record<string, string> = { MU: '781', CA: '999', CZ: '784' };
const PNR_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const PNR_CHARS = `${PNR_LETTERS}23456789`;

type Inventory = Map<string, number>;
const inventoryKey = (departureId: string, classCode: string) => `${departureId}:${classCode}`;

/** Seats left per departure class once the bookings are made (capacity less seats held by tickets). */
export type SeatsLeft = Inventory;

export function generateBookings(
  random: Random,
  anchor: Date,
  customers: readonly SeedCustomer[],
  departures: readonly SeedDeparture[],
): { bookings: SeedBooking[]; seatsLeft: SeatsLeft } {
  const refs = new Set<string>();
  const seatsLeft: Inventory = new Map();
  for (const d of departures) for (const c of d.classes) seatsLeft.set(inventoryKey(d._id, c.code), c.capacity);

  const uniqueRef = (make: () => string) => {
    for (;;) {
      const ref = make();
      if (!refs.has(ref)) {
        refs.add(ref);
        return ref;
      }
    }
  };
  const refFor = (mode: SeedDeparture['mode']) =>
    uniqueRef(() => {
      if (mode === 'rail') return `E${random.int(1, 9)}${random.digits(8)}`;
      if (mode === 'event') return `EV${random.digits(8)}`;
      // A PNR: six letters and digits, at least one of each (so the search box reads it as a reference).
      for (;;) {
        const pnr = Array.from({ length: 6 }, () => random.pick([...PNR_CHARS])).join('');
        if (/\d/.test(pnr) && /[A-Z]/.test(pnr)) return pnr;
      }
    });

  /** Takes `count` seats of a class, labelled like the engine labels them (counting down). */
  const takeSeats = (departure: SeedDeparture, classCode: string, count: number): string[] | null => {
    const key = inventoryKey(departure._id, classCode);
    const left = seatsLeft.get(key) ?? 0;
    if (left < count) return null;
    seatsLeft.set(key, left - count);
    return seatLabels(departure.mode, left - count, count);
  };
  const giveBack = (departureId: string, classCode: string, count: number) => {
    const key = inventoryKey(departureId, classCode);
    seatsLeft.set(key, (seatsLeft.get(key) ?? 0) + count);
  };

  const ticketNumber = (departure: SeedDeparture, ref: string, index: number) => {
    if (departure.mode === 'air') return `${AIRLINE_PREFIX[departure.organizer ?? ''] ?? '781'}-${random.digits(10)}`;
    if (departure.mode === 'event') return `EV${random.digits(10)}`;
    return `${ref}${index + 1}`;
  };

  const bookings: SeedBooking[] = [];
  const byMode = {
    rail: departures.filter((d) => d.mode === 'rail'),
    air: departures.filter((d) => d.mode === 'air'),
    event: departures.filter((d) => d.mode === 'event'),
  };
  // A fifth of the customers travel often: they get most of the bookings.
  const frequent = customers.filter((_, i) => i % 5 === 0);

  /** ID numbers holding a ticket, per real-name departure. */
  const realNameHeld = new Map<string, Set<string>>(
    departures.filter((d) => d.realName).map((d) => [d._id, new Set<string>()]),
  );
  const holdTickets = (booking: SeedBooking) => {
    const held = realNameHeld.get(booking.departureId);
    if (held && booking.status !== 'cancelled') for (const p of booking.passengers) held.add(p.idNumber);
  };

  let attempts = 0;
  while (bookings.length < BOOKING_COUNT) {
    if (++attempts > BOOKING_COUNT * 50) throw new Error(`could only make ${bookings.length} bookings`);
    const mode = random.weighted([
      ['rail', 50],
      ['air', 30],
      ['event', 20],
    ] as const);
    const departure = random.pick(byMode[mode]);
    const window = purchaseWindow(departure, anchor);
    if (!window) continue;
    const customer = random.chance(0.55) ? random.pick(frequent) : random.pick(customers);
    const classCode = pickClass(random, departure);
    const fareClass = departure.classes.find((c) => c.code === classCode);
    if (!fareClass) continue;
    const travellers = travellersFor(random, customer, departure);
    // A real-name show sells one ticket per ID: someone who already holds one is not sold another.
    const heldHere = realNameHeld.get(departure._id);
    if (heldHere && travellers.some((t) => heldHere.has(t.idNumber))) continue;
    const seats = takeSeats(departure, classCode, travellers.length);
    if (!seats) continue;

    const purchasedAt = new Date(window.from + random.next() * (window.until - window.from));
    const ref = refFor(departure.mode);
    const roll = random.next();
    const cancelled = roll < 0.04;
    const passengers: SeedTicket[] = travellers.map((t, i) => ({
      passengerId: `P${i + 1}`,
      name: t.name,
      idType: t.idType,
      idNumber: t.idNumber,
      passengerType: t.passengerType,
      ticketNumber: cancelled ? null : ticketNumber(departure, ref, i),
      classCode,
      seat: cancelled ? null : (seats[i] ?? null),
      fareFen: fareFor(fareClass.priceFen, t.passengerType, departure.mode),
      ...(fareClass.taxes ? { taxes: taxesFor(fareClass.taxes, t.passengerType, departure.mode) } : {}),
      status: 'active',
      changed: false,
    }));
    const booking: SeedBooking = {
      _id: objectIdAt(random, purchasedAt),
      ref,
      customerId: customer._id,
      departureId: departure._id,
      ruleSet: departure.ruleSet,
      status: 'ticketed',
      purchasedAt,
      paidAt: new Date(purchasedAt.getTime() + random.int(40, 480) * 1000),
      sale: saleFor(ref, departure.mode, customer._id),
      passengers,
      totalFen: passengers.reduce((sum, p) => sum + p.fareFen, 0),
      appliedEffects: [],
      createdAt: purchasedAt,
      updatedAt: purchasedAt,
    };
    // A later change or refund happened after payment and before departure (or the anchor).
    const lastChance = Math.min(departure.departureAt.getTime(), anchor.getTime()) - 30 * MINUTE;
    const afterSale = (booking.paidAt?.getTime() ?? purchasedAt.getTime()) + 30 * MINUTE;

    if (cancelled) {
      booking.status = 'cancelled';
      booking.paidAt = null;
      giveBack(departure._id, classCode, passengers.length);
    } else if (roll < 0.11 && lastChance > afterSale) {
      booking.status = 'refunded';
      for (const p of passengers) p.status = 'refunded';
      giveBack(departure._id, classCode, passengers.length);
      booking.updatedAt = new Date(afterSale + random.next() * (lastChance - afterSale));
    } else if (roll < 0.17 && passengers.length >= 2 && lastChance > afterSale) {
      booking.status = 'partially_refunded';
      const refunded = random.int(1, passengers.length - 1);
      for (const p of passengers.slice(passengers.length - refunded)) p.status = 'refunded';
      giveBack(departure._id, classCode, refunded);
      booking.updatedAt = new Date(afterSale + random.next() * (lastChance - afterSale));
    } else if (roll < 0.23 && lastChance > afterSale && bookings.length < BOOKING_COUNT - 1) {
      const changedAt = new Date(afterSale + random.next() * (lastChance - afterSale));
      const changed = changeBooking(
        random,
        booking,
        departure,
        byMode[departure.mode],
        changedAt,
        refFor,
        takeSeats,
        ticketNumber,
      );
      if (changed) {
        giveBack(departure._id, classCode, changed.moved);
        booking.updatedAt = changedAt;
        bookings.push(booking, changed.booking);
        holdTickets(booking);
        holdTickets(changed.booking);
        continue;
      }
    } else if (departure.departureAt.getTime() < anchor.getTime() && random.chance(0.6)) {
      // Scanned at the gate; the others did not travel (yet to be refunded or forfeited).
      for (const p of passengers) p.status = 'used';
    }
    bookings.push(booking);
    holdTickets(booking);
  }
  return { bookings, seatsLeft };
}

function purchaseWindow(departure: SeedDeparture, anchor: Date): { from: number; until: number } | null {
  const from = Math.max(departure.departureAt.getTime() - SALE_WINDOW_MS[departure.mode], anchor.getTime() - 40 * DAY);
  const until = Math.min(departure.departureAt.getTime() - 2 * HOUR, anchor.getTime() - 30 * MINUTE);
  return until > from ? { from, until } : null;
}

function pickClass(random: Random, departure: SeedDeparture): string {
  if (departure.mode === 'rail') {
    const code = random.weighted(RAIL_CLASS_WEIGHTS);
    return departure.classes.some((c) => c.code === code) ? code : 'O';
  }
  if (departure.mode === 'air') return random.weighted(AIR_CLASS_WEIGHTS);
  // Cheaper tiers sell more.
  const tiers = departure.classes.map((c, i) => [c.code, i + 1] as const);
  return random.weighted(tiers);
}

export type Traveller = Pick<Person, 'name' | 'idType' | 'idNumber'> & { passengerType: PassengerType };

/** The customer and whoever travels with them: a partner, children (rail child fares), or friends. */
export function travellersFor(random: Random, customer: SeedCustomer, departure: SeedDeparture): Traveller[] {
  const count = random.weighted([
    [1, 55],
    [2, 25],
    [3, 12],
    [4, 8],
  ] as const);
  const onDate = travelDate(departure.departureAt.toISOString());
  const rail = departure.mode === 'rail';
  const typeFor = (birthDate: string, studentAge = false): PassengerType => {
    if (!rail) return 'adult';
    const age = ageOn(birthDate, onDate);
    if (age >= 6 && age < 14) return 'child';
    return studentAge && age >= 18 && age <= 23 ? 'student' : 'adult';
  };
  const travellers: Traveller[] = [
    {
      name: customer.name,
      idType: customer.idType,
      idNumber: customer.idNumber,
      passengerType: typeFor(customer.birthDate),
    },
  ];
  const travelYear = Number(onDate.slice(0, 4));
  const customerYear = Number(customer.birthDate.slice(0, 4));
  const family = customer.surname !== null && customerYear < travelYear - 28;
  const ids = new Set([customer.idNumber]);
  while (travellers.length < count) {
    let person: Person;
    if (family && travellers.length === 1) {
      const partnerYear = Math.min(travelYear - 20, Math.max(1950, customerYear + random.int(-4, 4)));
      person = mainlandPerson(random, {
        fromYear: partnerYear,
        toYear: partnerYear,
        sex: customer.sex === 'male' ? 'female' : 'male',
        ...(customer.areaCode ? { areaCode: customer.areaCode } : {}),
      });
    } else if (family && customer.surname && customerYear < travelYear - 32) {
      // Born 7 to 13 years before the travel year: 6 to 13 on the travel date, a half-price child ticket.
      person = mainlandPerson(random, {
        fromYear: travelYear - 13,
        toYear: travelYear - 7,
        surname: customer.surname,
        ...(customer.areaCode ? { areaCode: customer.areaCode } : {}),
      });
    } else {
      person = mainlandPerson(random, { fromYear: 1958, toYear: travelYear - 18 });
    }
    if (ids.has(person.idNumber)) continue;
    ids.add(person.idNumber);
    travellers.push({
      name: person.name,
      idType: person.idType,
      idNumber: person.idNumber,
      passengerType: typeFor(person.birthDate, random.chance(0.5)),
    });
  }
  return travellers;
}

/**
 * 改签 as the engine records it: the moved tickets turn `changed` on the old booking, and a new
 * booking (same customer, same purchase time, paid at the change) holds them with `changed: true`.
 */
function changeBooking(
  random: Random,
  booking: SeedBooking,
  departure: SeedDeparture,
  sameMode: readonly SeedDeparture[],
  changedAt: Date,
  refFor: (mode: SeedDeparture['mode']) => string,
  takeSeats: (departure: SeedDeparture, classCode: string, count: number) => string[] | null,
  ticketNumber: (departure: SeedDeparture, ref: string, index: number) => string,
): { booking: SeedBooking; moved: number } | null {
  // Events change only under organizers that allow it; keep seeded changes to trains and flights.
  if (departure.mode === 'event') return null;
  const targets = sameMode.filter(
    (d) => d._id !== departure._id && d.departureAt.getTime() > changedAt.getTime() + 2 * HOUR,
  );
  if (targets.length === 0) return null;
  const target = random.pick(targets);
  const classCode = booking.passengers[0]?.classCode ?? '';
  const fareClass = target.classes.find((c) => c.code === classCode);
  if (!fareClass) return null;
  const moving = random.chance(0.7) ? booking.passengers : booking.passengers.slice(0, 1);
  const seats = takeSeats(target, classCode, moving.length);
  if (!seats) return null;
  const ref = refFor(target.mode);
  const passengers: SeedTicket[] = moving.map((p, i) => ({
    ...p,
    ticketNumber: ticketNumber(target, ref, i),
    seat: seats[i] ?? null,
    fareFen: fareFor(fareClass.priceFen, p.passengerType, target.mode),
    status: 'active',
    changed: true,
  }));
  for (const p of moving) p.status = 'changed';
  return {
    moved: moving.length,
    booking: {
      _id: objectIdAt(random, changedAt),
      ref,
      customerId: booking.customerId,
      departureId: target._id,
      ruleSet: target.ruleSet,
      status: 'ticketed',
      purchasedAt: booking.purchasedAt,
      paidAt: changedAt,
      sale: booking.sale,
      passengers,
      totalFen: passengers.reduce((sum, p) => sum + p.fareFen, 0),
      appliedEffects: [],
      createdAt: changedAt,
      updatedAt: changedAt,
    },
  };
}

/** The departure documents with inventory after the bookings. */
export function departureDocuments(departures: readonly SeedDeparture[], seatsLeft: SeatsLeft, anchor: Date) {
  const createdAt = new Date(anchor.getTime() - 90 * DAY);
  return departures.map((d) => ({
    _id: d._id,
    mode: d.mode,
    code: d.code,
    origin: d.origin,
    destination: d.destination,
    departureAt: d.departureAt,
    arrivalAt: d.arrivalAt,
    ruleSet: d.ruleSet,
    organizer: d.organizer,
    realName: d.realName,
    approvedCapacity: d.approvedCapacity,
    classes: d.classes.map((c) => ({
      code: c.code,
      name: c.name,
      priceFen: c.priceFen,
      ...(c.taxes ? { taxes: c.taxes } : {}),
      seatsLeft: seatsLeft.get(inventoryKey(d._id, c.code)) ?? c.capacity,
    })),
    appliedEffects: [],
    createdAt,
    updatedAt: createdAt,
  }));
}
