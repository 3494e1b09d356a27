/**
 * Complaint case (投诉): acknowledge within the first-response SLA, investigate, escalate (handler,
 * then supervisor), propose a resolution within the proposer's compensation limit, resolve, close;
 * a closed complaint can be reopened within 7 days. Queue: complaints (escalations at supervisor
 * level).
 *
 * received → ACKNOWLEDGE → acknowledged → START_INVESTIGATION → investigating
 *   investigating → ESCALATE → escalated.handler → ESCALATE → escalated.supervisor
 *   investigating | escalated.* → PROPOSE_RESOLUTION → resolution_proposed
 *   resolution_proposed → CUSTOMER_ACCEPTED → resolved | CUSTOMER_REJECTED → investigating
 *   resolved → CLOSE → closed → REOPEN (within 7 days) → investigating
 * `closed` is not a final state (it can be reopened); the engine reports status 'closed' for it.
 * Timers from creation: 'firstResponse' (FIRST_RESPONSE_DUE, cleared by ACKNOWLEDGE) and
 * 'resolution' (RESOLUTION_DUE, cleared when the customer accepts). A breach is recorded and raises
 * the priority; the state does not change.
 */
import { and, assign, not, setup, type StateValue } from 'xstate';
import type { Role } from '../../shared/roles';
import { caseStateLabels, type ResolutionKind } from '../../shared/case-events';
import type { CaseConfig, CaseInput, CommonEvent, Stamped } from './contract';
import {
  actorRef,
  addDays,
  addHours,
  addMinutes,
  applyCommonEvent,
  baseContext,
  caseOpen,
  commonEventChanges,
  clearTimer,
  commonEventRoles,
  commonTransitions,
  effectActions,
  findTimer,
  isCommonEvent,
  raisePriority,
  recordBreach,
  setTimer,
  supervisors,
  text,
  timerDue,
  toMillis,
  workers,
  yuan,
  type ActorRef,
  type CaseContext,
  type LocalizedText,
} from './common';

export type Proposal = { kind: ResolutionKind; amountFen: number; text: string; by: ActorRef; at: string };

export type Compensation = {
  kind: Exclude<ResolutionKind, 'apology'>;
  amountFen: number;
  status: 'pending' | 'issued' | 'failed';
  reference: string | null;
  failures: { at: string; reason: string }[];
};

export type ComplaintContext = CaseContext & {
  acknowledgement: { at: string; by: ActorRef; message: string } | null;
  investigationStartedAt: string | null;
  escalations: { at: string; by: ActorRef; level: 'handler' | 'supervisor'; reason: string }[];
  /** Who escalated the case on and keeps following it (their "my cases", pushes to their room). */
  watchers: ActorRef[];
  /** The proposal the customer is considering (or accepted, once resolved). */
  proposal: Proposal | null;
  rejectedProposals: (Proposal & { rejectedAt: string; reason: string | null })[];
  resolutions: (Proposal & { acceptedAt: string })[];
  /** One per accepted voucher, points or refund resolution; the last one is the current. */
  compensations: Compensation[];
  reopenings: { at: string; by: ActorRef; reason: string }[];
};

export type ComplaintEvent = Stamped<
  | CommonEvent
  | { type: 'ACKNOWLEDGE'; message: string }
  | { type: 'START_INVESTIGATION' }
  | { type: 'ESCALATE'; reason: string }
  | {
      type: 'PROPOSE_RESOLUTION';
      kind: ResolutionKind;
      amountFen: number;
      text: string;
      /** Engine-supplied: what the customer's other complaints gave them in the period (accepted resolutions, fen). */
      customerRecentCompensationFen?: number;
    }
  | {
      type: 'CUSTOMER_ACCEPTED';
      /** Engine-supplied, as for PROPOSE_RESOLUTION: a proposal is checked again when accepted (another case may have paid meanwhile). */
      customerRecentCompensationFen?: number;
    }
  | { type: 'CUSTOMER_REJECTED'; reason?: string }
  | { type: 'COMPENSATION_ISSUED'; reference: string }
  | { type: 'REFUND_SETTLED'; gatewayRef: string }
  | { type: 'REFUND_FAILED'; reason: string }
  | { type: 'RETRY_COMPENSATION' }
  | { type: 'FIRST_RESPONSE_DUE' }
  | { type: 'RESOLUTION_DUE' }
  | { type: 'CLOSE' }
  | { type: 'REOPEN'; reason: string }
>;
export type ComplaintEventType = ComplaintEvent['type'];

/** Complaint handlers, supervisors and admins do everything; agents take the first steps. */
export const complaintHandlers = ['complaint_handler', 'supervisor', 'admin'] as const satisfies readonly Role[];

export const complaintEventRoles: Record<ComplaintEventType, readonly Role[]> = {
  ...commonEventRoles,
  ACKNOWLEDGE: workers,
  START_INVESTIGATION: workers,
  ESCALATE: workers,
  PROPOSE_RESOLUTION: complaintHandlers,
  CUSTOMER_ACCEPTED: complaintHandlers,
  CUSTOMER_REJECTED: complaintHandlers,
  RETRY_COMPENSATION: complaintHandlers,
  CLOSE: complaintHandlers,
  REOPEN: complaintHandlers,
  COMPENSATION_ISSUED: [],
  REFUND_SETTLED: [],
  REFUND_FAILED: [],
  FIRST_RESPONSE_DUE: [],
  RESOLUTION_DUE: [],
};

/** Narrower roles for an event in one state (enforced by the machine's guards too). */
export const complaintStateEventRoles: Record<string, Partial<Record<ComplaintEventType, readonly Role[]>>> = {
  // An agent escalates to a complaint handler; escalating further is the handler's call.
  'escalated.handler': { ESCALATE: complaintHandlers },
};

/** A closed complaint can be reopened for this long after it was closed. */
export const REOPEN_WINDOW_DAYS = 7;

/** The most compensation (fen) someone in `role` may propose without escalating. */
export function compensationLimitFor(role: Role | 'system', config: CaseConfig): number {
  return role === 'system' ? 0 : config.compensationLimitFen[role];
}

const proposalOf = (event: Extract<ComplaintEvent, { type: 'PROPOSE_RESOLUTION' }>) => ({
  kind: event.kind,
  amountFen: event.amountFen,
  role: event.meta.actor.role,
  customerRecentFen: event.customerRecentCompensationFen,
});

const isHandler = (role: string) => (complaintHandlers as readonly string[]).includes(role);

/** The watchers with this actor added once (snapshots from before watchers have none). */
function withWatcher(context: ComplaintContext, actor: ComplaintEvent['meta']['actor']): ActorRef[] {
  const watchers = context.watchers ?? [];
  return actor.role === 'system' || watchers.some((w) => w.id === actor.id) ? watchers : [...watchers, actorRef(actor)];
}

export const DEFAULT_FOUR_EYES_FEN = 5_000;
export const DEFAULT_COMPENSATION_PERIOD_DAYS = 30;

/** What this case has given so far: every accepted resolution with an amount (reopened cases add up). */
export function caseCompensationFen(context: Pick<ComplaintContext, 'resolutions'>): number {
  return context.resolutions.filter((r) => r.kind !== 'apology').reduce((sum, r) => sum + r.amountFen, 0);
}

/**
 * Why a proposal is refused, or null: an apology is free; anything else within the sender's limit,
 * counted on the running total of the case and on what the customer got in the period; once a
 * complaint was reopened, new compensation is a supervisor's.
 */
export function proposalProblem(
  context: Pick<ComplaintContext, 'config' | 'customerId' | 'resolutions' | 'reopenings'>,
  proposal: { kind: ResolutionKind; amountFen: number; role: Role | 'system'; customerRecentFen?: number },
): LocalizedText | null {
  if (proposal.kind === 'apology') {
    return proposal.amountFen === 0 ? null : text('道歉方案不含金额', 'An apology carries no amount');
  }
  if (!Number.isInteger(proposal.amountFen) || proposal.amountFen <= 0)
    return text('补偿金额须大于 0', 'A compensation needs an amount above 0');
  const limit = compensationLimitFor(proposal.role, context.config);
  if (proposal.amountFen > limit) {
    return text(
      `补偿 ¥${yuan(proposal.amountFen)} 超过您的权限 ¥${yuan(limit)}，请升级给主管`,
      `Compensation of ¥${yuan(proposal.amountFen)} is above your limit of ¥${yuan(limit)}; escalate to a supervisor`,
    );
  }
  if (context.reopenings.length > 0 && !(supervisors as readonly string[]).includes(proposal.role)) {
    return text(
      '重新打开的投诉再给补偿需由主管提出',
      'New compensation on a reopened complaint needs a supervisor; escalate it',
    );
  }
  const caseTotal = caseCompensationFen(context);
  if (caseTotal + proposal.amountFen > limit) {
    return text(
      `本案已补偿 ¥${yuan(caseTotal)}，再补偿 ¥${yuan(proposal.amountFen)} 将超过您的权限 ¥${yuan(limit)}，请升级给主管`,
      `This case already gave ¥${yuan(caseTotal)}; another ¥${yuan(proposal.amountFen)} is above your limit of ¥${yuan(limit)}; escalate to a supervisor`,
    );
  }
  // The engine always supplies the customer's recent total; a direct caller without it counts this case only.
  const recent = proposal.customerRecentFen ?? 0;
  const days = context.config.compensationPeriodDays ?? DEFAULT_COMPENSATION_PERIOD_DAYS;
  if (recent + caseTotal + proposal.amountFen > limit) {
    return text(
      `该客户近 ${days} 天已获补偿 ¥${yuan(recent + caseTotal)}，再补偿 ¥${yuan(proposal.amountFen)} 将超过您的权限 ¥${yuan(limit)}，请升级给主管`,
      `The customer got ¥${yuan(recent + caseTotal)} in the last ${days} days; another ¥${yuan(proposal.amountFen)} is above your limit of ¥${yuan(limit)}; escalate to a supervisor`,
    );
  }
  // Every amount counts against the customer's total, so it needs a customer: complaints without one
  // would each start from nothing, ¥50 at a time with no second person.
  if (context.customerId === null) {
    return text(
      '给予补偿（代金券、积分或退款）需先关联客户',
      'Link a customer before offering a voucher, points or a refund',
    );
  }
  return null;
}

/** Four eyes: above the configured amount, whoever proposed does not also record the customer's acceptance. */
export function acceptanceProblem(
  context: Pick<ComplaintContext, 'config' | 'proposal'>,
  actorId: string,
): LocalizedText | null {
  const proposal = context.proposal;
  const threshold = context.config.compensationFourEyesFen ?? DEFAULT_FOUR_EYES_FEN;
  if (!proposal || proposal.kind === 'apology' || proposal.amountFen <= threshold || proposal.by.id !== actorId)
    return null;
  return text(
    `补偿超过 ¥${yuan(threshold)} 时，提出方案的人不能同时记录客户接受，请由另一位同事记录`,
    `The person who proposed a compensation above ¥${yuan(threshold)} cannot also record the customer's acceptance; a colleague records it`,
  );
}

/**
 * The proposal's limits checked again at acceptance, with the customer's total as it is now: two
 * complaints proposed side by side each saw the other's compensation not yet accepted.
 */
function acceptedProposalProblem(
  context: ComplaintContext,
  event: Extract<ComplaintEvent, { type: 'CUSTOMER_ACCEPTED' }>,
): LocalizedText | null {
  const proposal = context.proposal;
  if (!proposal || proposal.kind === 'apology') return null;
  const problem = proposalProblem(context, {
    kind: proposal.kind,
    amountFen: proposal.amountFen,
    role: proposal.by.role,
    customerRecentFen: event.customerRecentCompensationFen,
  });
  return (
    problem &&
    text(
      `现在接受将超出提出人（${proposal.by.name}）的权限：${problem['zh-CN']}`,
      `Accepting this now is above the limit of whoever proposed it (${proposal.by.name}): ${problem.en}`,
    )
  );
}

function withinReopenWindow(context: ComplaintContext, at: string): boolean {
  return context.closedAt !== null && toMillis(at) <= toMillis(addDays(context.closedAt, REOPEN_WINDOW_DAYS));
}

function lastCompensation(context: ComplaintContext): Compensation | undefined {
  return context.compensations[context.compensations.length - 1];
}

function currentProposal(context: ComplaintContext): Proposal {
  if (!context.proposal) throw new Error(`complaint ${context.ref} has no proposal in a state that needs one`);
  return context.proposal;
}

function updateLastCompensation(context: ComplaintContext, change: (c: Compensation) => Compensation): Compensation[] {
  const last = lastCompensation(context);
  return last ? [...context.compensations.slice(0, -1), change(last)] : context.compensations;
}

const refundParams = ({ context }: { context: ComplaintContext }) => ({
  amountFen: currentProposal(context).amountFen,
  bookingId: context.bookingId,
  passengerIds: [],
  reason: `complaint_compensation:${context.ref}`,
});

const resolvedNotice = {
  type: 'effect.notify.customer',
  params: ({ context }: { context: ComplaintContext }) => ({
    customerId: context.customerId,
    template: 'complaint_resolved',
    params: {
      ref: context.ref,
      kind: currentProposal(context).kind,
      amountFen: currentProposal(context).amountFen,
      text: currentProposal(context).text,
    },
  }),
} as const;

export const complaintMachine = setup({
  types: {
    context: {} as ComplaintContext,
    events: {} as ComplaintEvent,
    input: {} as CaseInput,
  },
  guards: {
    caseOpen: ({ context }) => caseOpen(context),
    commonEventChanges: ({ context, event }) => commonEventChanges(context, event),
    actorIsHandler: ({ event }) => isHandler(event.meta.actor.role),
    proposalWithinLimit: ({ context, event }) =>
      event.type === 'PROPOSE_RESOLUTION' && proposalProblem(context, proposalOf(event)) === null,
    notSelfAcceptance: ({ context, event }) => acceptanceProblem(context, event.meta.actor.id) === null,
    acceptanceWithinLimit: ({ context, event }) =>
      event.type === 'CUSTOMER_ACCEPTED' && acceptedProposalProblem(context, event) === null,
    proposesApology: ({ context }) => context.proposal?.kind === 'apology',
    proposesRefund: ({ context }) => context.proposal?.kind === 'refund',
    compensationPending: ({ context }) => lastCompensation(context)?.status === 'pending',
    compensationFailed: ({ context }) => lastCompensation(context)?.status === 'failed',
    // Money or vouchers still in flight keep the case open: their result event must find the case.
    compensationDone: ({ context }) => {
      const last = lastCompensation(context);
      return last === undefined || last.status === 'issued';
    },
    withinReopenWindow: ({ context, event }) => withinReopenWindow(context, event.meta.at),
    firstResponseDue: ({ context, event }) => timerDue(context, 'firstResponse', event.meta.at),
    resolutionDue: ({ context, event }) => timerDue(context, 'resolution', event.meta.at),
  },
  actions: {
    ...effectActions,
    applyCommonEvent: assign(({ context, event }) => (isCommonEvent(event) ? applyCommonEvent(context, event) : {})),
    recordAcknowledgement: assign(({ context, event }) =>
      event.type === 'ACKNOWLEDGE'
        ? {
            acknowledgement: { at: event.meta.at, by: actorRef(event.meta.actor), message: event.message },
            timers: clearTimer(context, 'firstResponse'),
          }
        : {},
    ),
    recordInvestigation: assign(({ event }) => ({ investigationStartedAt: event.meta.at })),
    // Escalating hands the case to the next level's queue: whoever had it lets go, but keeps watching it.
    escalateToHandler: assign(({ context, event }) =>
      event.type === 'ESCALATE'
        ? {
            escalations: [
              ...context.escalations,
              { at: event.meta.at, by: actorRef(event.meta.actor), level: 'handler' as const, reason: event.reason },
            ],
            assignee: null,
            watchers: withWatcher(context, event.meta.actor),
          }
        : {},
    ),
    escalateToSupervisor: assign(({ context, event }) =>
      event.type === 'ESCALATE'
        ? {
            escalations: [
              ...context.escalations,
              { at: event.meta.at, by: actorRef(event.meta.actor), level: 'supervisor' as const, reason: event.reason },
            ],
            assignee: null,
            watchers: withWatcher(context, event.meta.actor),
            queue: 'escalations' as const,
            priority: raisePriority(context.priority, 'high'),
          }
        : {},
    ),
    storeProposal: assign(({ event }) =>
      event.type === 'PROPOSE_RESOLUTION'
        ? {
            proposal: {
              kind: event.kind,
              amountFen: event.amountFen,
              text: event.text,
              by: actorRef(event.meta.actor),
              at: event.meta.at,
            },
          }
        : {},
    ),
    recordRejectedProposal: assign(({ context, event }) =>
      event.type === 'CUSTOMER_REJECTED' && context.proposal
        ? {
            rejectedProposals: [
              ...context.rejectedProposals,
              { ...context.proposal, rejectedAt: event.meta.at, reason: event.reason ?? null },
            ],
            proposal: null,
            queue: 'complaints' as const,
          }
        : {},
    ),
    recordResolution: assign(({ context, event }) => {
      const proposal = currentProposal(context);
      return {
        resolutions: [...context.resolutions, { ...proposal, acceptedAt: event.meta.at }],
        compensations:
          proposal.kind === 'apology'
            ? context.compensations
            : [
                ...context.compensations,
                {
                  kind: proposal.kind,
                  amountFen: proposal.amountFen,
                  status: 'pending' as const,
                  reference: null,
                  failures: [],
                },
              ],
        timers: clearTimer(context, 'resolution'),
      };
    }),
    recordCompensationIssued: assign(({ context, event }) => {
      const reference =
        event.type === 'COMPENSATION_ISSUED'
          ? event.reference
          : event.type === 'REFUND_SETTLED'
            ? event.gatewayRef
            : null;
      return { compensations: updateLastCompensation(context, (c) => ({ ...c, status: 'issued', reference })) };
    }),
    recordCompensationFailed: assign(({ context, event }) =>
      event.type === 'REFUND_FAILED'
        ? {
            compensations: updateLastCompensation(context, (c) => ({
              ...c,
              status: 'failed',
              failures: [...c.failures, { at: event.meta.at, reason: event.reason }],
            })),
            priority: raisePriority(context.priority, 'high'),
          }
        : {},
    ),
    markCompensationPending: assign(({ context }) => ({
      compensations: updateLastCompensation(context, (c) => ({ ...c, status: 'pending' })),
    })),
    recordFirstResponseBreach: assign(({ context, event }) =>
      recordBreach(context, 'firstResponse', event.meta, 'high'),
    ),
    recordResolutionBreach: assign(({ context, event }) => recordBreach(context, 'resolution', event.meta, 'urgent')),
    markClosed: assign(({ event }) => ({ closedAt: event.meta.at, timers: [] })),
    reopen: assign(({ context, event }) =>
      event.type === 'REOPEN'
        ? {
            closedAt: null,
            queue: 'complaints' as const,
            proposal: null,
            reopenings: [
              ...context.reopenings,
              { at: event.meta.at, by: actorRef(event.meta.actor), reason: event.reason },
            ],
            // A reopened complaint gets a fresh resolution deadline from the moment it is reopened.
            timers: setTimer(
              context,
              'resolution',
              'RESOLUTION_DUE',
              addHours(event.meta.at, context.config.complaintResolutionHours),
            ),
          }
        : {},
    ),
  },
}).createMachine({
  id: 'complaint',
  context: ({ input }) => {
    const base = baseContext(input, 'complaints');
    let timers = setTimer(
      base,
      'firstResponse',
      'FIRST_RESPONSE_DUE',
      addMinutes(input.createdAt, input.config.complaintFirstResponseMinutes),
    );
    timers = setTimer(
      { timers },
      'resolution',
      'RESOLUTION_DUE',
      addHours(input.createdAt, input.config.complaintResolutionHours),
    );
    return {
      ...base,
      timers,
      acknowledgement: null,
      investigationStartedAt: null,
      escalations: [],
      watchers: [],
      proposal: null,
      rejectedProposals: [],
      resolutions: [],
      compensations: [],
      reopenings: [],
    };
  },
  initial: 'received',
  on: {
    ...commonTransitions,
    FIRST_RESPONSE_DUE: { guard: and(['caseOpen', 'firstResponseDue']), actions: 'recordFirstResponseBreach' },
    RESOLUTION_DUE: { guard: and(['caseOpen', 'resolutionDue']), actions: 'recordResolutionBreach' },
  },
  states: {
    received: {
      on: {
        ACKNOWLEDGE: {
          target: 'acknowledged',
          actions: [
            'recordAcknowledgement',
            {
              type: 'effect.notify.customer',
              params: ({ context, event }) => ({
                customerId: context.customerId,
                template: 'complaint_ack',
                params: { ref: context.ref, message: event.message },
              }),
            },
          ],
        },
      },
    },
    acknowledged: {
      on: { START_INVESTIGATION: { target: 'investigating', actions: 'recordInvestigation' } },
    },
    investigating: {
      on: {
        // A complaint handler (or above) escalating goes straight to the supervisors; an agent to a handler.
        ESCALATE: [
          { guard: 'actorIsHandler', target: '#complaint.escalated.supervisor', actions: 'escalateToSupervisor' },
          { target: 'escalated', actions: 'escalateToHandler' },
        ],
        PROPOSE_RESOLUTION: { guard: 'proposalWithinLimit', target: 'resolution_proposed', actions: 'storeProposal' },
      },
    },
    escalated: {
      initial: 'handler',
      on: {
        PROPOSE_RESOLUTION: { guard: 'proposalWithinLimit', target: 'resolution_proposed', actions: 'storeProposal' },
      },
      states: {
        handler: {
          on: { ESCALATE: { guard: 'actorIsHandler', target: 'supervisor', actions: 'escalateToSupervisor' } },
        },
        supervisor: {},
      },
    },
    resolution_proposed: {
      on: {
        CUSTOMER_ACCEPTED: [
          { guard: 'proposesApology', target: 'resolved', actions: ['recordResolution', resolvedNotice] },
          {
            guard: and(['notSelfAcceptance', 'acceptanceWithinLimit', 'proposesRefund']),
            target: 'resolved',
            actions: ['recordResolution', { type: 'effect.refund.submit', params: refundParams }, resolvedNotice],
          },
          {
            guard: and(['notSelfAcceptance', 'acceptanceWithinLimit', not('proposesRefund')]),
            target: 'resolved',
            actions: [
              'recordResolution',
              {
                type: 'effect.compensation.issue',
                params: ({ context }) => {
                  const proposal = currentProposal(context);
                  return {
                    // PROPOSE_RESOLUTION refuses vouchers and points without a customer.
                    customerId: context.customerId ?? '',
                    type: proposal.kind === 'points' ? ('points' as const) : ('voucher' as const),
                    amountFen: proposal.amountFen,
                  };
                },
              },
              resolvedNotice,
            ],
          },
        ],
        CUSTOMER_REJECTED: { target: 'investigating', actions: 'recordRejectedProposal' },
      },
    },
    resolved: {
      on: {
        COMPENSATION_ISSUED: { guard: 'compensationPending', actions: 'recordCompensationIssued' },
        REFUND_SETTLED: { guard: 'compensationPending', actions: 'recordCompensationIssued' },
        REFUND_FAILED: { guard: 'compensationPending', actions: 'recordCompensationFailed' },
        RETRY_COMPENSATION: {
          guard: 'compensationFailed',
          actions: [{ type: 'effect.refund.submit', params: refundParams }, 'markCompensationPending'],
        },
        CLOSE: { guard: 'compensationDone', target: 'closed' },
      },
    },
    closed: {
      entry: 'markClosed',
      on: {
        REOPEN: { guard: 'withinReopenWindow', target: 'investigating', actions: 'reopen' },
      },
    },
  },
});

/** Why a complaint event with this payload is refused in this state, when the state accepts its type. */
export function explainComplaintRefusal(
  snapshot: { value: StateValue; context: ComplaintContext },
  event: ComplaintEvent,
): LocalizedText | null {
  const { context, value } = snapshot;
  if (event.type === 'REOPEN') {
    return withinReopenWindow(context, event.meta.at)
      ? null
      : text(
          `结案超过 ${REOPEN_WINDOW_DAYS} 天的投诉不能重新打开，请新建投诉`,
          `A complaint closed more than ${REOPEN_WINDOW_DAYS} days ago cannot be reopened; open a new one`,
        );
  }
  if (!caseOpen(context)) return text('案件已结案', 'The case is closed');
  switch (event.type) {
    case 'ESCALATE':
      return typeof value === 'object' && !isHandler(event.meta.actor.role)
        ? text(
            '升级给主管需由投诉专员处理',
            'Escalating to a supervisor is for complaint handlers, supervisors and admins',
          )
        : null;
    case 'PROPOSE_RESOLUTION':
      return proposalProblem(context, proposalOf(event));
    case 'CUSTOMER_ACCEPTED':
      return acceptanceProblem(context, event.meta.actor.id) ?? acceptedProposalProblem(context, event);
    case 'CLOSE':
      return lastCompensation(context)?.status === 'pending' || lastCompensation(context)?.status === 'failed'
        ? text('补偿尚未发放成功，不能结案', 'The compensation has not been issued yet; the case cannot be closed')
        : null;
    case 'RETRY_COMPENSATION':
      return lastCompensation(context)?.status === 'failed'
        ? null
        : text('没有失败的补偿', 'There is no failed compensation to retry');
    case 'FIRST_RESPONSE_DUE':
      return timerDue(context, 'firstResponse', event.meta.at)
        ? null
        : text('首次回复时限未到', 'The first response is not due');
    case 'RESOLUTION_DUE':
      return timerDue(context, 'resolution', event.meta.at) ? null : text('处理时限未到', 'The resolution is not due');
    default:
      return null;
  }
}

/** What the console shows of a complaint case (CaseDetail.data). */
export function projectComplaint(context: ComplaintContext) {
  return {
    acknowledgement: context.acknowledgement,
    investigationStartedAt: context.investigationStartedAt,
    escalations: context.escalations,
    watchers: context.watchers ?? [],
    proposal: context.proposal,
    rejectedProposals: context.rejectedProposals,
    resolutions: context.resolutions,
    compensations: context.compensations,
    reopenings: context.reopenings,
    closedAt: context.closedAt,
    reopenUntil: context.closedAt ? addDays(context.closedAt, REOPEN_WINDOW_DAYS) : null,
    firstResponseDueAt: findTimer(context, 'firstResponse')?.dueAt ?? null,
    resolutionDueAt: findTimer(context, 'resolution')?.dueAt ?? null,
    compensationLimitsFen: context.config.compensationLimitFen,
    breaches: context.breaches,
  };
}

export const complaintStateLabels = caseStateLabels.complaint;
