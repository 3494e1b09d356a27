import type { SessionUser } from '../../../shared/auth';
import type { CaseKind, HistoryEntry, HistoryPage, QueueItem } from '../../../shared/cases';
import type { CaseDataOf, CaseDetailOf } from '../lib/case-detail';

export const agent: SessionUser = {
  id: 'a00000000000000000000001',
  username: 'agent1',
  name: '王小明',
  role: 'agent',
  queues: ['sales', 'changes', 'refunds'],
};
export const supervisor: SessionUser = {
  id: 'a00000000000000000000003',
  username: 'super1',
  name: '李主管',
  role: 'supervisor',
  queues: [],
};
export const handler: SessionUser = {
  id: 'a00000000000000000000004',
  username: 'handler1',
  name: '赵专员',
  role: 'complaint_handler',
  queues: ['complaints', 'escalations'],
};

let counter = 0;
/** A 24-hex id, unique per call. */
export function objectId(): string {
  counter += 1;
  return counter.toString(16).padStart(24, 'c');
}

export function queueItem(overrides: Partial<QueueItem> = {}): QueueItem {
  const id = overrides.id ?? objectId();
  return {
    id,
    ref: `C-${id.slice(-4)}`,
    kind: 'refund',
    state: 'verifying',
    status: 'open',
    queue: 'refunds',
    priority: 'normal',
    channel: 'phone',
    subject: 'Refund G1234',
    assignee: null,
    customer: { id: 'b00000000000000000000001', name: '张伟' },
    bookingRef: 'BK1001',
    createdAt: '2026-05-10T01:00:00.000Z',
    updatedAt: '2026-05-10T01:00:00.000Z',
    waitingSince: '2026-05-10T01:00:00.000Z',
    nextDueAt: null,
    nextDueEvent: null,
    version: 1,
    ...overrides,
  };
}

/** Each kind's data as its machine projects a case just created: what a fixture starts from. */
const emptyData: { [K in CaseKind]: CaseDataOf<K> } = {
  booking: {
    quote: null,
    passengers: [],
    totalFen: 0,
    seats: [],
    holdExpiresAt: null,
    holdLapsed: false,
    holdFailures: [],
    paymentRef: null,
    paymentFailures: [],
    issued: null,
    cancellation: null,
    breaches: [],
  },
  change: {
    booking: null,
    verification: { verifiedAt: null, verifiedBy: null, failedAttempts: [] },
    quote: null,
    previousQuote: null,
    confirmation: null,
    paymentRef: null,
    paymentFailures: [],
    differenceRefund: null,
    reissued: null,
    declined: null,
    breaches: [],
  },
  refund: {
    booking: null,
    verification: { verifiedAt: null, verifiedBy: null, failedAttempts: [] },
    quote: null,
    previousQuote: null,
    needsApproval: null,
    approvalThresholdFen: 200_000,
    confirmation: null,
    approval: null,
    rejection: null,
    submissions: [],
    failures: [],
    settlement: null,
    escalation: null,
    declined: null,
    deadlineAt: null,
    breaches: [],
  },
  complaint: {
    acknowledgement: null,
    investigationStartedAt: null,
    escalations: [],
    watchers: [],
    proposal: null,
    rejectedProposals: [],
    resolutions: [],
    compensations: [],
    reopenings: [],
    closedAt: null,
    reopenUntil: null,
    firstResponseDueAt: null,
    resolutionDueAt: null,
    compensationLimitsFen: { agent: 0, complaint_handler: 20_000, supervisor: 200_000, qa: 0, admin: 200_000 },
    breaches: [],
  },
};

/**
 * What a test says about a case: any field, and the kind's data fields it cares about. The data's
 * values have their real types, so a fixture of the wrong shape does not compile.
 */
export type CaseDetailOverrides<K extends CaseKind> = Partial<Omit<ServedCase<NoInfer<K>>, 'kind' | 'data'>> & {
  kind?: K;
  data?: Partial<CaseDataOf<NoInfer<K>>>;
};

/**
 * A case as a test's server holds it: what `cases.get` answers, plus the history that
 * `cases.history` pages (`historyPage`).
 */
export type ServedCase<K extends CaseKind> = CaseDetailOf<K> & { history: HistoryEntry[] };

/** The `cases.history` answer for a served case: its entries after `afterSeq`, in one page. */
export function historyPage(
  served: { id: string; history?: readonly HistoryEntry[] },
  input: { afterSeq?: number },
): HistoryPage {
  return { entries: (served.history ?? []).filter((entry) => entry.seq > (input.afterSeq ?? 0)), nextAfterSeq: null };
}

/** A case of kind K (refund unless the overrides say otherwise), its data filled from emptyData. */
export function caseDetail<K extends CaseKind = 'refund'>(
  overrides: CaseDetailOverrides<K> = {},
): ServedCase<NoInfer<K>> {
  const { kind = 'refund' as K, data, ...rest } = overrides;
  const item = queueItem({ ...rest, kind });
  return {
    ...item,
    allowedEvents: [],
    notes: [],
    history: [
      {
        seq: 1,
        at: item.createdAt,
        actor: { id: agent.id, name: agent.name, role: 'agent' },
        event: 'CREATE',
        payload: {},
        from: item.state,
        to: item.state,
      },
    ],
    customerId: item.customer?.id ?? null,
    bookingId: 'd00000000000000000000001',
    ...rest,
    kind,
    data: { ...emptyData[kind], ...data },
  };
}

type BookingQuote = NonNullable<CaseDataOf<'booking'>['quote']>;

/** A departure as a quote records it (G1234, second class, unless overridden). */
export function departureFacts(overrides: Partial<BookingQuote['departure']> = {}): BookingQuote['departure'] {
  return {
    departureId: 'e1',
    code: 'G1234',
    mode: 'rail',
    ruleSet: 'cn-rail',
    organizer: null,
    departureAt: '2026-05-20T00:00:00.000Z',
    classCode: 'O',
    className: '二等座',
    priceFen: 55300,
    seatsLeft: 12,
    realName: true,
    ...overrides,
  };
}

/** A booking case's quote: one adult fare of the departure per passenger, unless overridden. */
export function bookingQuote(overrides: Partial<BookingQuote> = {}): BookingQuote {
  const departure = overrides.departure ?? departureFacts();
  const passengerCount = overrides.passengerCount ?? 1;
  return {
    departure,
    passengerCount,
    unitPriceFen: departure.priceFen,
    estimatedTotalFen: departure.priceFen * passengerCount,
    quotedAt: '2026-05-10T01:00:00.000Z',
    quotedBy: { id: agent.id, name: agent.name, role: 'agent' },
    ...overrides,
  };
}
