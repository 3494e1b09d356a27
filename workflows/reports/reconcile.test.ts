import { describe, expect, it } from 'vitest';
import { reconcile, type CaseMoneyRecord, type GatewayMoneyRecord } from './reconcile';

const caseRec = (key: string, amountFen: number, flow: CaseMoneyRecord['flow'] = 'refund'): CaseMoneyRecord => ({
  flow,
  caseRef: `C-${key}`,
  key,
  amountFen,
});
const gw = (key: string, amountFen: number, kind: GatewayMoneyRecord['kind'] = 'refund', reference = `B-${key}`) => ({
  kind,
  key,
  gatewayRef: `G-${key}`,
  reference,
  amountFen,
});

describe('reconcile', () => {
  it('finds each kind of mismatch once and nothing where both sides agree', () => {
    const result = reconcile({
      cases: [caseRec('ok', 9000), caseRec('nogw', 5000), caseRec('diff', 3000), caseRec('c1', 12000, 'collection')],
      gateway: [
        gw('ok', 9000),
        gw('diff', 2500),
        gw('c1', 12000, 'collect'),
        gw('stray', 700),
        // The same booking's payout of the same amount again under another key.
        gw('again', 9000, 'refund', 'B-ok'),
      ],
    });
    expect(result.mismatches).toEqual([
      { kind: 'refund', caseRef: 'C-nogw', expectedFen: 5000, actualFen: 0, reason: 'case_without_gateway' },
      {
        kind: 'refund',
        caseRef: 'C-diff',
        gatewayRef: 'G-diff',
        expectedFen: 3000,
        actualFen: 2500,
        reason: 'amount_differs',
      },
      { kind: 'refund', gatewayRef: 'G-stray', expectedFen: 0, actualFen: 700, reason: 'gateway_without_case' },
      { kind: 'refund', caseRef: 'C-ok', gatewayRef: 'G-again', expectedFen: 0, actualFen: 9000, reason: 'paid_twice' },
    ]);
    expect(result.totals).toEqual({
      refund: { count: 3, expectedFen: 17000, actualFen: 21200 },
      collection: { count: 1, expectedFen: 12000, actualFen: 12000 },
      compensation: { count: 0, expectedFen: 0, actualFen: 0 },
    });
  });

  it('does not flag a record whose other side landed on the neighbouring day', () => {
    const result = reconcile({ cases: [caseRec('late', 100)], gateway: [], otherDayKeys: new Set(['late']) });
    expect(result.mismatches).toEqual([]);
  });
});
