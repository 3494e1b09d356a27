import type { CaseDataByKind, CaseDetailOf, TypedCaseDetail } from '../../../shared/case-detail';
import type { CaseKind } from '../../../shared/cases';
import type { RouterOutputs } from './trpc';

/**
 * A case as cases.get and cases.send return it. `data` is what the kind's machine projects
 * (workflows/machines/registry.ts CaseDataByKind), so narrowing on `kind` types it:
 * `if (detail.kind === 'refund') detail.data.quote?.totalRefundFen`.
 */
export type CaseDetail = TypedCaseDetail;
export type { CaseDetailOf };

/** What a case of kind K projects. */
export type CaseDataOf<K extends CaseKind> = CaseDataByKind[K];

// What the procedures return over the wire is exactly this type, both ways: a procedure that
// widens its return type again (or a field that does not survive JSON) stops the build here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Holds<T extends true> = T;
export type CaseProceduresReturnCaseDetail = Holds<
  Same<RouterOutputs['cases']['get'], CaseDetail> &
    Same<RouterOutputs['cases']['send'], CaseDetail> &
    Same<RouterOutputs['cases']['create'], CaseDetail>
>;
