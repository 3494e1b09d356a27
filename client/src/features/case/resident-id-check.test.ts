import { zodResolver } from '@hookform/resolvers/zod';
import type { FieldValues } from 'react-hook-form';
import { describe, expect, it } from 'vitest';
import type { ZodType } from 'zod';
import { bookingClientEvents } from '../../../../shared/case-events';
import { residentIdIssues, withResidentIdCheck } from './resident-id-check';

/** The event form's resolver: the schema is one of many, so its values are any object it accepts. */
const enterPassengers: ZodType<FieldValues, FieldValues> = bookingClientEvents.ENTER_PASSENGERS;

const passenger = (name: string, idNumber: string, idType = 'resident_id') => ({
  name,
  idType,
  idNumber,
  passengerType: 'adult',
});

describe('resident ID check in the passengers form', () => {
  it('names each passenger whose resident ID fails GB 11643, and why; other documents and blanks are left alone', () => {
    expect(
      residentIdIssues([
        passenger('张伟', '11010519491231002x'),
        passenger('李娜', '110105194912310021'),
        passenger('王五', '1101051949'),
        passenger('赵六', '110105194902300021'),
        passenger('John Smith', 'E12345678', 'passport'),
        passenger('空白', ''),
      ]),
    ).toEqual([
      { index: 1, problem: 'checksum' },
      { index: 2, problem: 'length' },
      { index: 3, problem: 'birthDate' },
    ]);
  });

  it("keeps the schema's own errors and adds the ID problem beside them, by passenger", async () => {
    const resolver = withResidentIdCheck(zodResolver(enterPassengers), (problem) => `bad:${problem}`);
    const values = {
      type: 'ENTER_PASSENGERS',
      passengers: [passenger('', '11010519491231002X'), passenger('李娜', '110105194912310021')],
    };
    const result = await resolver(values, undefined, { fields: {}, shouldUseNativeValidation: false });
    const errors = result.errors as {
      passengers?: Record<number, Record<string, { message?: string } | undefined> | undefined>;
    };
    expect(errors.passengers?.[0]?.name?.message).toBeTruthy();
    expect(errors.passengers?.[0]?.idNumber).toBeUndefined();
    expect(errors.passengers?.[1]?.idNumber?.message).toBe('bad:checksum');
    expect(result.values).toEqual({});
  });

  it('lets a list of valid IDs through untouched', async () => {
    const resolver = withResidentIdCheck(zodResolver(enterPassengers), (problem) => problem);
    const result = await resolver(
      { type: 'ENTER_PASSENGERS', passengers: [passenger('张伟', '11010519491231002x')] },
      undefined,
      { fields: {}, shouldUseNativeValidation: false },
    );
    expect(result.errors).toEqual({});
    expect(result.values).toEqual({ type: 'ENTER_PASSENGERS', passengers: [passenger('张伟', '11010519491231002X')] });
  });
});
