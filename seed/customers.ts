/**
 * Customers: mostly mainland travellers with resident IDs, a few passport and permit holders,
 * and the documented example 11010519491231002X (fare-rules.md) so the docs' example finds someone.
 */
import type { IdType } from '../shared/identity';
import type { VipTier } from '../shared/customers';
import type { Random } from './random';
import { emailFor, FOREIGN_PEOPLE, mainlandPerson, mobilePhone, type Sex } from './people';
import { objectIdAt } from './departures';
import { DAY } from './time';

export const CUSTOMER_COUNT = 220;
/** The worked example in shared/domain/fare-rules.md. */
export const EXAMPLE_RESIDENT_ID = '11010519491231002X';

export type SeedCustomer = {
  _id: string;
  name: string;
  nameLower: string;
  phone: string;
  email: string | null;
  idType: IdType;
  idNumber: string;
  vipTier: VipTier;
  createdAt: Date;
  updatedAt: Date;
  /** Not stored: used to make family members and pick passenger types. */
  birthDate: string;
  sex: Sex;
  surname: readonly [string, string] | null;
  areaCode: string | null;
};

const VIP_TIERS: readonly (readonly [VipTier, number])[] = [
  ['none', 70],
  ['silver', 18],
  ['gold', 9],
  ['platinum', 3],
];

export function generateCustomers(random: Random, anchor: Date): SeedCustomer[] {
  const customers: SeedCustomer[] = [];
  const phones = new Set<string>();
  const idNumbers = new Set<string>();
  const uniquePhone = () => {
    for (;;) {
      const phone = mobilePhone(random);
      if (!phones.has(phone)) {
        phones.add(phone);
        return phone;
      }
    }
  };
  const add = (c: Omit<SeedCustomer, '_id' | 'nameLower' | 'updatedAt'>) => {
    idNumbers.add(c.idNumber);
    customers.push({
      ...c,
      _id: objectIdAt(random, c.createdAt),
      nameLower: c.name.toLowerCase(),
      updatedAt: c.createdAt,
    });
  };
  const since = () => new Date(anchor.getTime() - random.int(20, 5 * 365) * DAY - random.int(0, 86_399) * 1000);

  phones.add('13800138000');
  add({
    name: '张淑珍',
    phone: '13800138000',
    email: 'shuzhen.zhang@example.cn',
    idType: 'resident_id',
    idNumber: EXAMPLE_RESIDENT_ID,
    vipTier: 'gold',
    createdAt: since(),
    birthDate: '1949-12-31',
    sex: 'female',
    surname: ['张', 'zhang'],
    areaCode: '110105',
  });

  for (const person of FOREIGN_PEOPLE) {
    add({
      name: person.name,
      phone: uniquePhone(),
      email: random.chance(0.8) ? `${person.latinName}@example.com` : null,
      idType: person.idType,
      idNumber: person.idNumber,
      vipTier: random.weighted(VIP_TIERS),
      createdAt: since(),
      birthDate: person.birthDate,
      sex: person.sex,
      surname: null,
      areaCode: null,
    });
  }

  while (customers.length < CUSTOMER_COUNT) {
    const person = mainlandPerson(random, { fromYear: 1950, toYear: 2012 });
    if (idNumbers.has(person.idNumber)) continue;
    add({
      name: person.name,
      phone: uniquePhone(),
      email: random.chance(0.45) ? emailFor(random, person.latinName) : null,
      idType: 'resident_id',
      idNumber: person.idNumber,
      vipTier: random.weighted(VIP_TIERS),
      createdAt: since(),
      birthDate: person.birthDate,
      sex: person.sex,
      surname: person.surname,
      areaCode: person.areaCode,
    });
  }
  return customers;
}

/** What the customers collection stores (the generator's extra fields left out). */
export function customerDocument(c: SeedCustomer) {
  return {
    _id: c._id,
    name: c.name,
    nameLower: c.nameLower,
    phone: c.phone,
    email: c.email,
    idType: c.idType,
    idNumber: c.idNumber,
    vipTier: c.vipTier,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}
