import { describe, expect, it } from 'vitest';
import { checkResidentId } from '../shared/identity';
import { vipTiers } from '../shared/customers';
import { createRandom } from './random';
import { CUSTOMER_COUNT, EXAMPLE_RESIDENT_ID, generateCustomers } from './customers';

const anchor = new Date('2026-05-10T00:00:00+08:00');
const customers = generateCustomers(createRandom('customers'), anchor);

describe('generateCustomers', () => {
  it('makes the planned number, with unique ids, ID numbers and phones', () => {
    expect(customers).toHaveLength(CUSTOMER_COUNT);
    expect(CUSTOMER_COUNT).toBeGreaterThanOrEqual(200);
    expect(new Set(customers.map((c) => c._id)).size).toBe(customers.length);
    expect(new Set(customers.map((c) => c.idNumber)).size).toBe(customers.length);
    expect(new Set(customers.map((c) => c.phone)).size).toBe(customers.length);
    for (const c of customers) expect(c._id).toMatch(/^[0-9a-f]{24}$/);
  });

  it('gives every resident-ID holder a valid ID (GB 11643) and a birth date between 1950 and 2012', () => {
    const residents = customers.filter((c) => c.idType === 'resident_id');
    expect(residents.length).toBeGreaterThan(200);
    for (const c of residents) {
      const check = checkResidentId(c.idNumber);
      expect(check.ok, c.idNumber).toBe(true);
      if (c.idNumber !== EXAMPLE_RESIDENT_ID)
        expect(c.birthDate >= '1950-01-01' && c.birthDate <= '2012-12-31', c.idNumber).toBe(true);
    }
  });

  it('includes the documented example ID, a few passport holders, e-mails and every VIP tier', () => {
    expect(customers.some((c) => c.idNumber === EXAMPLE_RESIDENT_ID)).toBe(true);
    expect(customers.filter((c) => c.idType === 'passport').length).toBeGreaterThanOrEqual(3);
    const withEmail = customers.filter((c) => c.email !== null).length;
    expect(withEmail).toBeGreaterThan(40);
    expect(withEmail).toBeLessThan(customers.length);
    expect(new Set(customers.map((c) => c.vipTier))).toEqual(new Set(vipTiers));
    for (const c of customers) {
      expect(c.phone).toMatch(/^1[3-9]\d{9}$/);
      expect(c.nameLower).toBe(c.name.toLowerCase());
      expect(c.createdAt.getTime()).toBeLessThan(anchor.getTime());
    }
  });

  it('is the same for the same seed and anchor', () => {
    expect(generateCustomers(createRandom('customers'), anchor)).toEqual(customers);
    expect(generateCustomers(createRandom('other'), anchor)).not.toEqual(customers);
  });
});
