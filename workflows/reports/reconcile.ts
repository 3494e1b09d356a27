/**
 * The daily reconciliation's matching rule, pure: what the cases decided (money paid, collected or
 * issued on a Shanghai business day) against what the payment side recorded that day. Both sides
 * carry the effect's idempotency key (the outbox passes it to the gateway), which is how a case's
 * payout is tied to a gateway record.
 */

/** Which way money moved: paid out for a refund (tickets, a change's fare difference), collected, or issued as compensation. */
export const moneyFlows = ['refund', 'collection', 'compensation'] as const;
export type MoneyFlow = (typeof moneyFlows)[number];

export const mismatchReasons = [
  'gateway_without_case',
  'case_without_gateway',
  'amount_differs',
  'paid_twice',
] as const;
export type MismatchReason = (typeof mismatchReasons)[number];

/** A money decision as the case recorded it: the effect's key and the amount it was asked to move. */
export type CaseMoneyRecord = { flow: MoneyFlow; caseRef: string; key: string; amountFen: number };
/** What the payment side recorded: `kind` tells a gateway refund from a collection or a voucher. */
export type GatewayMoneyRecord = {
  kind: 'refund' | 'collect' | 'voucher';
  key: string;
  gatewayRef: string;
  reference: string;
  amountFen: number;
};

export type Mismatch = {
  kind: MoneyFlow;
  caseRef?: string;
  gatewayRef?: string;
  expectedFen: number;
  actualFen: number;
  reason: MismatchReason;
};

export type FlowTotals = { count: number; expectedFen: number; actualFen: number };
export type ReconciliationTotals = Record<MoneyFlow, FlowTotals>;

export type ReconcileInput = {
  cases: CaseMoneyRecord[];
  gateway: GatewayMoneyRecord[];
  /** Keys of this day's records whose other side was recorded on another day (a payout at 23:59:59 settled after midnight): not a mismatch. */
  otherDayKeys?: ReadonlySet<string>;
};

const flowOfGatewayKind = (kind: GatewayMoneyRecord['kind']): MoneyFlow =>
  kind === 'collect' ? 'collection' : kind === 'voucher' ? 'compensation' : 'refund';

export function reconcile({ cases, gateway, otherDayKeys = new Set() }: ReconcileInput): {
  totals: ReconciliationTotals;
  mismatches: Mismatch[];
} {
  const totals = Object.fromEntries(
    moneyFlows.map((f) => [f, { count: 0, expectedFen: 0, actualFen: 0 }]),
  ) as ReconciliationTotals;
  const mismatches: Mismatch[] = [];
  const gatewayByKey = new Map<string, GatewayMoneyRecord>();
  for (const g of gateway) gatewayByKey.set(g.key, g);
  const matched = new Map<GatewayMoneyRecord, CaseMoneyRecord>();

  for (const c of cases) {
    totals[c.flow].count += 1;
    totals[c.flow].expectedFen += c.amountFen;
    const g = gatewayByKey.get(c.key);
    if (!g) {
      if (!otherDayKeys.has(c.key))
        mismatches.push({
          kind: c.flow,
          caseRef: c.caseRef,
          expectedFen: c.amountFen,
          actualFen: 0,
          reason: 'case_without_gateway',
        });
      continue;
    }
    matched.set(g, c);
    if (g.amountFen !== c.amountFen) {
      mismatches.push({
        kind: c.flow,
        caseRef: c.caseRef,
        gatewayRef: g.gatewayRef,
        expectedFen: c.amountFen,
        actualFen: g.amountFen,
        reason: 'amount_differs',
      });
    }
  }

  const paidFor = (g: GatewayMoneyRecord) =>
    [...matched.entries()].find(
      ([m]) => m.kind === g.kind && m.reference === g.reference && m.amountFen === g.amountFen,
    )?.[1];
  for (const g of gateway) {
    const own = matched.get(g);
    const flow = own?.flow ?? paidFor(g)?.flow ?? flowOfGatewayKind(g.kind);
    totals[flow].actualFen += g.amountFen;
    if (own || otherDayKeys.has(g.key)) continue;
    const twin = paidFor(g);
    mismatches.push(
      twin
        ? {
            kind: twin.flow,
            caseRef: twin.caseRef,
            gatewayRef: g.gatewayRef,
            expectedFen: 0,
            actualFen: g.amountFen,
            reason: 'paid_twice',
          }
        : {
            kind: flow,
            gatewayRef: g.gatewayRef,
            expectedFen: 0,
            actualFen: g.amountFen,
            reason: 'gateway_without_case',
          },
    );
  }
  return { totals, mismatches };
}
