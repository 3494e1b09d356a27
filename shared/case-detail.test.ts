/**
 * CaseDetail's data is typed by kind from the machines' projections. These are type assertions:
 * `tsc --noEmit` (part of npm test) fails when the types drift back to a plain record; the runtime
 * part checks the projection the engine uses is the machine's own.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { CaseDetail } from './cases';
import type { CaseDetailOf, TypedCaseDetail } from './case-detail';
import { machines } from '../workflows/machines/registry';
import { projectBooking } from '../workflows/machines/booking';
import { projectChange } from '../workflows/machines/change';
import { projectRefund, type RefundContext } from '../workflows/machines/refund';
import { projectComplaint } from '../workflows/machines/complaint';
import type { toCaseDetail } from '../server/src/cases/projection';

describe('TypedCaseDetail', () => {
  it("gives each kind its machine projection's return type, narrowed by kind", () => {
    expectTypeOf<CaseDetailOf<'booking'>['data']>().toEqualTypeOf<ReturnType<typeof projectBooking>>();
    expectTypeOf<CaseDetailOf<'change'>['data']>().toEqualTypeOf<ReturnType<typeof projectChange>>();
    expectTypeOf<CaseDetailOf<'refund'>['data']>().toEqualTypeOf<ReturnType<typeof projectRefund>>();
    expectTypeOf<CaseDetailOf<'complaint'>['data']>().toEqualTypeOf<ReturnType<typeof projectComplaint>>();
    expectTypeOf<CaseDetailOf<'refund'>['data']['settlement']>().toEqualTypeOf<RefundContext['settlement']>();

    const settlementOf = (detail: TypedCaseDetail) => {
      if (detail.kind === 'refund') expectTypeOf(detail.data.settlement).toEqualTypeOf<RefundContext['settlement']>();
      // @ts-expect-error only a refund has a settlement: data is not a record of anything
      else void detail.data.settlement;
    };
    expect(settlementOf).toBeTypeOf('function');
  });

  it('is what the server builds, and still fits the wire type', () => {
    expectTypeOf<ReturnType<typeof toCaseDetail>>().toEqualTypeOf<TypedCaseDetail>();
    expectTypeOf<TypedCaseDetail>().toExtend<CaseDetail>();
    expect(machines.booking.project).toBe(projectBooking);
    expect(machines.change.project).toBe(projectChange);
    expect(machines.refund.project).toBe(projectRefund);
    expect(machines.complaint.project).toBe(projectComplaint);
  });
});
