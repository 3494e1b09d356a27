import type { MacroValues } from '../../../../shared/macros';
import type { CaseDetail } from '../case-detail';
import { formatFen } from '../format';

/** What a case fills into a macro: its customer, booking, reference and current quote's total. */
export function caseMacroValues(detail: CaseDetail): MacroValues {
  let total: number | null = null;
  if (detail.kind === 'refund' && detail.data.quote) total = detail.data.quote.totalRefundFen;
  if (detail.kind === 'change' && detail.data.quote) total = detail.data.quote.totalPayFen;
  return {
    'customer.name': detail.customer?.name ?? null,
    'booking.ref': detail.bookingRef,
    'case.ref': detail.ref,
    'quote.total': total === null ? null : formatFen(total),
  };
}
