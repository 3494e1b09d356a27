import { describe, expect, it } from 'vitest';
import { ageOn, isValidResidentId } from '../shared/identity';
import { classifyCustomerQuery } from '../server/src/customers/customer-query';
import { fareFor, travelDate } from '../workflows/machines/passengers';
import { createRandom } from './random';
import { generateCustomers } from './customers';
import { generateDepartures } from './departures';
import { BOOKING_COUNT, departureDocuments, generateBookings } from './bookings';

const anchor = new Date('2026-05-10T00:00:00+08:00');
const customers = generateCustomers(createRandom('c'), anchor);
const departures = generateDepartures(createRandom('d'), anchor);
const { bookings, seatsLeft } = generateBookings(createRandom('b'), anchor, customers, departures);
const departureById = new Map(departures.map((d) => [d._id, d]));

describe('generateBookings', () => {
  it('records how each booking was sold: mostly online rail sales with the buyer’s account, and a mix the mistaken-purchase rule refuses', () => {
    const rail = bookings.filter((b) => departureById.get(b.departureId)?.mode === 'rail');
    const count = (pick: (b: (typeof bookings)[number]) => boolean) => rail.filter(pick).length;
    const eligible = count(
      (b) =>
        b.sale.channel === 'online' &&
        ['electronic', 'points'].includes(b.sale.payment) &&
        b.sale.purchaseType === 'normal',
    );
    expect(eligible / rail.length).toBeGreaterThan(0.4);
    expect(eligible / rail.length).toBeLessThan(0.85);
    for (const channel of ['online', 'counter', 'agent', 'phone'] as const)
      expect(
        count((b) => b.sale.channel === channel),
        channel,
      ).toBeGreaterThan(0);
    expect(count((b) => b.sale.payment === 'points')).toBeGreaterThan(0);
    expect(count((b) => b.sale.channel === 'online' && b.sale.purchaseType !== 'normal')).toBeGreaterThan(0);
    for (const b of bookings) {
      if (b.sale.channel === 'online') expect(b.sale.purchaser, b.ref).toMatch(/^(12306|app):/);
      else expect(b.sale.purchaser, b.ref).toBeNull();
    }
  });

  it('gives air tickets their taxes apart from the fare (¥50 development fund, ¥10–¥60 fuel surcharge), and no other ticket any', () => {
    const air = bookings.filter((b) => departureById.get(b.departureId)?.mode === 'air');
    expect(air.length).toBeGreaterThan(20);
    const fuel = new Set<number>();
    for (const b of bookings) {
      for (const p of b.passengers) {
        if (departureById.get(b.departureId)?.mode !== 'air') {
          expect(p.taxes, b.ref).toBeUndefined();
          continue;
        }
        expect(p.taxes?.developmentFundFen, b.ref).toBe(5_000);
        expect(p.taxes?.fuelSurchargeFen, b.ref).toBeGreaterThanOrEqual(1_000);
        expect(p.taxes?.fuelSurchargeFen, b.ref).toBeLessThanOrEqual(6_000);
        fuel.add(p.taxes?.fuelSurchargeFen ?? 0);
      }
    }
    expect(fuel.size).toBeGreaterThan(1);
    for (const d of departureDocuments(departures, seatsLeft, anchor).filter((x) => x.mode === 'air')) {
      for (const c of d.classes) expect(c.taxes?.developmentFundFen, d.code).toBe(5_000);
    }
  });

  it('makes 300 bookings whose references the search box reads as booking references', () => {
    expect(bookings).toHaveLength(BOOKING_COUNT);
    expect(new Set(bookings.map((b) => b.ref)).size).toBe(bookings.length);
    for (const b of bookings) {
      expect(classifyCustomerQuery(b.ref), b.ref).toEqual({ kind: 'code', code: b.ref });
      const mode = departureById.get(b.departureId)?.mode;
      const shape = mode === 'rail' ? /^E\d{9}$/ : mode === 'air' ? /^[A-Z0-9]{6}$/ : /^EV\d{8}$/;
      expect(b.ref).toMatch(shape);
    }
  });

  it('prices each ticket from its class (rail children half) and totals the booking', () => {
    for (const b of bookings) {
      const departure = departureById.get(b.departureId);
      if (!departure) throw new Error(`no departure for ${b.ref}`);
      expect(b.passengers.length).toBeGreaterThanOrEqual(1);
      expect(b.passengers.length).toBeLessThanOrEqual(4);
      expect(b.totalFen).toBe(b.passengers.reduce((sum, p) => sum + p.fareFen, 0));
      for (const p of b.passengers) {
        const price = departure.classes.find((c) => c.code === p.classCode)?.priceFen ?? -1;
        expect(p.fareFen, `${b.ref} ${p.passengerId}`).toBe(fareFor(price, p.passengerType, departure.mode));
        if (p.idType === 'resident_id') expect(isValidResidentId(p.idNumber), p.idNumber).toBe(true);
        if (p.passengerType === 'child') {
          const age = ageOn(
            `${p.idNumber.slice(6, 10)}-${p.idNumber.slice(10, 12)}-${p.idNumber.slice(12, 14)}`,
            travelDate(departure.departureAt.toISOString()),
          );
          expect(age >= 6 && age < 14, `${p.name} ${age}`).toBe(true);
        }
        if (departure.mode !== 'rail') expect(p.passengerType).toBe('adult');
      }
      expect(b.purchasedAt.getTime()).toBeLessThan(anchor.getTime());
      expect(b.purchasedAt.getTime()).toBeLessThan(departure.departureAt.getTime());
    }
    expect(bookings.some((b) => b.passengers.some((p) => p.passengerType === 'child'))).toBe(true);
  });

  it('has mostly ticketed bookings, some refunded, partly refunded, cancelled and changed', () => {
    const count = (status: string) => bookings.filter((b) => b.status === status).length;
    expect(count('ticketed')).toBeGreaterThan(200);
    expect(count('refunded')).toBeGreaterThan(5);
    expect(count('partially_refunded')).toBeGreaterThan(2);
    expect(count('cancelled')).toBeGreaterThan(2);
    for (const b of bookings.filter((x) => x.status === 'cancelled')) expect(b.paidAt).toBeNull();
    for (const b of bookings.filter((x) => x.status === 'partially_refunded')) {
      expect(b.passengers.some((p) => p.status === 'refunded')).toBe(true);
      expect(b.passengers.some((p) => p.status !== 'refunded')).toBe(true);
    }
    // A change leaves the old tickets "changed" and a new booking of the same customer holding them.
    const changedOld = bookings.filter((b) => b.passengers.some((p) => p.status === 'changed'));
    expect(changedOld.length).toBeGreaterThan(3);
    for (const old of changedOld) {
      const moved = old.passengers.filter((p) => p.status === 'changed');
      const successor = bookings.find(
        (b) =>
          b !== old &&
          b.customerId === old.customerId &&
          b.passengers.every((p) => p.changed) &&
          moved.every((m) => b.passengers.some((p) => p.idNumber === m.idNumber)),
      );
      expect(successor, old.ref).toBeDefined();
    }
  });

  it('takes the seats it sells off the inventory and never oversells', () => {
    const docs = departureDocuments(departures, seatsLeft, anchor);
    for (const d of docs) {
      const source = departureById.get(d._id);
      for (const c of d.classes) {
        const capacity = source?.classes.find((x) => x.code === c.code)?.capacity ?? 0;
        const held = bookings
          .filter((b) => b.departureId === d._id && b.status !== 'cancelled')
          .flatMap((b) => b.passengers)
          .filter((p) => p.classCode === c.code && p.status !== 'refunded' && p.status !== 'changed').length;
        expect(c.seatsLeft, `${d.code} ${c.code}`).toBe(capacity - held);
        expect(c.seatsLeft).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it('sells a real-name show (5,000 or more) one ticket per ID, whatever the anchor', () => {
    for (const at of [anchor, new Date('2026-12-01T13:00:00+08:00'), new Date('2027-01-20T09:00:00+08:00')]) {
      const shows = generateDepartures(createRandom('d'), at);
      const realName = new Set(shows.filter((d) => d.realName).map((d) => d._id));
      expect(realName.size).toBeGreaterThan(0);
      const held = new Map<string, number>();
      for (const b of generateBookings(createRandom('b'), at, generateCustomers(createRandom('c'), at), shows)
        .bookings) {
        if (!realName.has(b.departureId)) continue;
        for (const p of b.passengers) {
          if (p.status !== 'active' && p.status !== 'used') continue;
          const key = `${b.departureId}:${p.idNumber}`;
          held.set(key, (held.get(key) ?? 0) + 1);
        }
      }
      expect(
        [...held.entries()].filter(([, n]) => n > 1),
        at.toISOString(),
      ).toEqual([]);
    }
  });

  it('is the same for the same seed and anchor', () => {
    expect(generateBookings(createRandom('b'), anchor, customers, departures).bookings).toEqual(bookings);
  });
});
