import { describe, expect, it } from 'vitest';
import { checkResidentId } from '../shared/identity';
import { createRandom } from './random';
import {
  AREA_CODES,
  FOREIGN_PEOPLE,
  birthDateBetween,
  emailFor,
  mainlandPerson,
  mobilePhone,
  residentId,
} from './people';

describe('residentId', () => {
  it('reproduces the worked example of fare-rules.md', () => {
    expect(residentId('110105', '1949-12-31', 2, 'female')).toBe('11010519491231002X');
  });

  it('puts the sex in the sequence: odd for men, even for women', () => {
    expect(Number(residentId('310104', '1990-01-01', 10, 'male')[16]) % 2).toBe(1);
    expect(Number(residentId('310104', '1990-01-01', 11, 'female')[16]) % 2).toBe(0);
    expect(Number(residentId('310104', '1990-01-01', 999, 'female')[16]) % 2).toBe(0);
  });
});

describe('mainlandPerson', () => {
  it('always has a valid resident ID whose birth date and sex are the person’s', () => {
    const random = createRandom('people');
    for (let i = 0; i < 2_000; i++) {
      const person = mainlandPerson(random, { fromYear: 1950, toYear: 2012 });
      const check = checkResidentId(person.idNumber);
      expect(check, person.idNumber).toMatchObject({
        ok: true,
        birthDate: person.birthDate,
        male: person.sex === 'male',
      });
      expect(AREA_CODES).toContain(person.idNumber.slice(0, 6));
      expect(person.birthDate >= '1950-01-01' && person.birthDate <= '2012-12-31').toBe(true);
      expect(person.name).toMatch(/^[\u4e00-\u9fa5]{2,4}$/);
    }
  });

  it('gives children the family’s surname and area when asked', () => {
    const random = createRandom('family');
    const child = mainlandPerson(random, {
      fromYear: 2015,
      toYear: 2017,
      surname: ['欧阳', 'ouyang'],
      areaCode: '440305',
    });
    expect(child.name.startsWith('欧阳')).toBe(true);
    expect(child.idNumber.startsWith('440305201')).toBe(true);
  });
});

describe('contact details', () => {
  it('makes mainland mobile numbers and example-domain e-mail addresses', () => {
    const random = createRandom('contacts');
    for (let i = 0; i < 500; i++) {
      expect(mobilePhone(random)).toMatch(/^1[3-9]\d{9}$/);
      expect(emailFor(random, 'wei.zhang')).toMatch(/^[a-z0-9.]+@(mail\.)?example\.(cn|com|net)$/);
      const day = birthDateBetween(random, 2000, 2001);
      expect(new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10)).toBe(day);
    }
  });

  it('has foreign travellers with passports and permits', () => {
    expect(FOREIGN_PEOPLE.filter((p) => p.idType === 'passport').length).toBeGreaterThanOrEqual(3);
    expect(new Set(FOREIGN_PEOPLE.map((p) => p.idType))).toEqual(
      new Set(['passport', 'hk_macau_permit', 'taiwan_permit']),
    );
  });
});
