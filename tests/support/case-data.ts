import type { CaseDataByKind, TypedCaseDetail } from '../../shared/case-detail';
import type { CaseKind } from '../../shared/cases';

/** The case's data as its kind projects it; a case of another kind fails the test at once. */
export function dataOf<K extends CaseKind>(detail: TypedCaseDetail, kind: K): CaseDataByKind[K] {
  if (detail.kind !== kind) throw new Error(`expected a ${kind} case, got a ${detail.kind} case`);
  // detail.kind === kind, so detail.data is that kind's data (TS does not narrow on a generic K).
  return detail.data as CaseDataByKind[K];
}
