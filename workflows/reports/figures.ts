/**
 * Report figures as additive sums and the figures derived from them. The server sums per group
 * (day, queue, agent or channel); sums of two ranges add up (`addSums`), so a long range fetched
 * in parts gives the same figures as one request. Ratios and averages are taken only at the end.
 */
import { caseKinds, type CaseKind } from '../../shared/case-vocabulary';
import { breachEvents, complaintOutcomes, type BreachEvent, type ComplaintOutcome } from './definitions';

export type FigureSums = {
  contacts: {
    offered: number;
    answered: number;
    abandoned: number;
    answeredWithinTarget: number;
    answerWaitMs: number;
    handled: number;
    talkMs: number;
    holdMs: number;
    wrapUpMs: number;
  };
  cases: {
    created: Record<CaseKind, number>;
    closed: Record<CaseKind, number>;
    workedMs: number;
    openMs: number;
    withBooking: number;
    resolvedFirstContact: number;
  };
  refunds: { count: number; amountFen: number; feesFen: number };
  changes: { count: number; feesFen: number; differenceFen: number; differenceRefundedFen: number };
  complaints: { byOutcome: Record<ComplaintOutcome, number>; compensationFen: number };
  breaches: Record<BreachEvent, number>;
  occupancy: { onContactMs: number; availableMs: number };
  csat: { count: number; sum: number };
};

const zeroes = <K extends string>(keys: readonly K[]): Record<K, number> =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

export function emptySums(): FigureSums {
  return {
    contacts: {
      offered: 0,
      answered: 0,
      abandoned: 0,
      answeredWithinTarget: 0,
      answerWaitMs: 0,
      handled: 0,
      talkMs: 0,
      holdMs: 0,
      wrapUpMs: 0,
    },
    cases: {
      created: zeroes(caseKinds),
      closed: zeroes(caseKinds),
      workedMs: 0,
      openMs: 0,
      withBooking: 0,
      resolvedFirstContact: 0,
    },
    refunds: { count: 0, amountFen: 0, feesFen: 0 },
    changes: { count: 0, feesFen: 0, differenceFen: 0, differenceRefundedFen: 0 },
    complaints: { byOutcome: zeroes(complaintOutcomes), compensationFen: 0 },
    breaches: zeroes(breachEvents),
    occupancy: { onContactMs: 0, availableMs: 0 },
    csat: { count: 0, sum: 0 },
  };
}

type Tree = { [key: string]: number | Tree };

function addTree(a: Tree, b: Tree): Tree {
  const out: Tree = {};
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = a[key] ?? 0;
    const y = b[key] ?? 0;
    out[key] =
      typeof x === 'number' && typeof y === 'number'
        ? x + y
        : addTree(typeof x === 'number' ? {} : x, typeof y === 'number' ? {} : y);
  }
  return out;
}

/** The sums of two disjoint sets of work (two ranges, two groups) taken together. */
export function addSums(a: FigureSums, b: FigureSums): FigureSums {
  return addTree(a as unknown as Tree, b as unknown as Tree) as unknown as FigureSums;
}

const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);
const average = (total: number, count: number): number | null => (count > 0 ? Math.round(total / count) : null);
const total = (counts: Record<string, number>): number => Object.values(counts).reduce((s, n) => s + n, 0);

/** The figures people read, from the sums; a figure with nothing to divide by is null (shown as "–"). */
export function deriveFigures(s: FigureSums) {
  const c = s.contacts;
  return {
    contacts: {
      offered: c.offered,
      answered: c.answered,
      abandoned: c.abandoned,
      serviceLevel: ratio(c.answeredWithinTarget, c.offered),
      asaMs: average(c.answerWaitMs, c.answered),
      ahtMs: average(c.talkMs + c.holdMs + c.wrapUpMs, c.handled),
      talkMs: average(c.talkMs, c.handled),
      holdMs: average(c.holdMs, c.handled),
      wrapUpMs: average(c.wrapUpMs, c.handled),
    },
    cases: {
      created: s.cases.created,
      createdTotal: total(s.cases.created),
      closed: s.cases.closed,
      closedTotal: total(s.cases.closed),
      timeWorkedMs: average(s.cases.workedMs, total(s.cases.closed)),
      timeOpenMs: average(s.cases.openMs, total(s.cases.closed)),
      firstContactResolution: ratio(s.cases.resolvedFirstContact, s.cases.withBooking),
    },
    refunds: { ...s.refunds },
    changes: { ...s.changes },
    complaints: { byOutcome: s.complaints.byOutcome, compensationFen: s.complaints.compensationFen },
    breaches: s.breaches,
    breachesTotal: total(s.breaches),
    occupancy: ratio(s.occupancy.onContactMs, s.occupancy.onContactMs + s.occupancy.availableMs),
    csat: {
      count: s.csat.count,
      average: s.csat.count > 0 ? Math.round((s.csat.sum / s.csat.count) * 100) / 100 : null,
    },
  };
}

export type Figures = ReturnType<typeof deriveFigures>;
