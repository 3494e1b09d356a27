/**
 * CaseDetail with `data` typed by case kind: each kind's data is exactly what its machine's
 * projection returns (STYLE.md 12), so the client can narrow on `kind` instead of re-declaring
 * shapes and casting. The wire schema (caseDetailSchema) stays a record: zod does not restate the
 * machines' types.
 */
import type { CaseDataByKind } from '../workflows/machines/registry';
import type { CaseDetail, CaseKind } from './cases';

export type { CaseDataByKind };

/** A case of kind K with that kind's projected data. */
export type CaseDetailOf<K extends CaseKind> = Omit<CaseDetail, 'kind' | 'data'> & { kind: K; data: CaseDataByKind[K] };

/** A case of any kind, narrowed by `kind`: `if (detail.kind === 'refund') detail.data.quote`. */
export type TypedCaseDetail = { [K in CaseKind]: CaseDetailOf<K> }[CaseKind];
