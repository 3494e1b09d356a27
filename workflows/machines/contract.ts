/**
 * The contract between the four case machines and the case engine (server/src/cases).
 *
 * - Machines are pure: `setup({ types, guards, actions }).createMachine(...)`, no I/O, no clock.
 * - Every event reaching a machine carries `meta` (who and when), added by the engine. Time comes
 *   only from `event.meta.at`.
 * - Timers are data: `context.timers` lists due times; the engine stores the earliest as the case's
 *   due time and the timer job sends `{ type: timer.event }` when it is due (XState `after` delays
 *   would not survive a restored snapshot).
 * - Effects are described, not performed: an action whose type starts with `effect.` (see
 *   ./effects.ts) is collected by the engine from `transition()`'s action list and written to the
 *   case's outbox in the same atomic write; the outbox job performs it and sends back its result
 *   event (e.g. REFUND_SETTLED).
 * - Derived fields the engine copies onto the case document after each transition: the state
 *   value, `status` ('closed' in a final state), `queue`, `priority`, `assignee`, `timers`.
 */
import type { Role } from '../../shared/roles';
import type { CaseKind, Channel, Priority, QueueName, UserRef, Note } from '../../shared/cases';
import type { RuleSetId } from '../policy/types';
import type { BookingStatus } from '../../shared/bookings';
import type { Sale, TicketTaxes } from '../../shared/bookings';

export type Actor = { id: string; name: string; role: Role | 'system' };
export type EventMeta = { actor: Actor; at: string };
/** What every machine event looks like once the engine has stamped it. */
export type Stamped<E extends { type: string }> = E & { meta: EventMeta };

export type Timer = { key: string; event: string; dueAt: string };

/** Facts about one ticket of a booking, loaded by the engine (never taken from the client). */
export type TicketFacts = {
  passengerId: string;
  passengerName: string;
  passengerType: 'adult' | 'child' | 'student' | 'infant';
  classCode: string;
  fareFen: number;
  /** Air: taxes paid on top of the fare, refunded apart from it; absent in older snapshots (none). */
  taxes?: TicketTaxes;
  status: 'active' | 'changed' | 'refunded' | 'used';
  changed: boolean;
  /** For a changed ticket: when it was changed and when its original departure was (ISO). */
  changedAt?: string | null;
  originalDepartureAt?: string | null;
  /** Absent in snapshots written before they were recorded. */
  ticketNumber?: string | null;
  /** The case refunding or changing this ticket right now, if another case holds it (live claims only). */
  claim?: TicketClaim | null;
};

/** A ticket claimed by the case that will refund or change it (stored on the booking's passenger). */
export type TicketClaim = { caseId: string; caseRef: string; kind: 'refund' | 'change' };

export type BookingFacts = {
  bookingId: string;
  ref: string;
  /** Absent in snapshots written before it was recorded. */
  status?: BookingStatus;
  ruleSet: RuleSetId;
  purchasedAt: string;
  paidAt: string | null;
  departureId: string;
  departureAt: string;
  mode: 'rail' | 'air' | 'event';
  organizer: string | null;
  /** The boarding station (cn-rail-xb: 香港西九龙 has a longer refund cut-off); absent in older snapshots. */
  origin?: string | null;
  /** How it was sold and the buying account (the mistaken-purchase refund depends on both); absent in older snapshots. */
  sale?: Sale | null;
  purchaser?: string | null;
  tickets: TicketFacts[];
};

/** Facts about a departure and one of its classes, loaded by the engine for events that name one. */
export type DepartureFacts = {
  departureId: string;
  code: string;
  mode: 'rail' | 'air' | 'event';
  ruleSet: RuleSetId;
  organizer: string | null;
  departureAt: string;
  classCode: string;
  className: string;
  priceFen: number;
  /** Air: the class's taxes per adult ticket (development fund, fuel surcharge); absent: none. */
  taxes?: TicketTaxes | null;
  seatsLeft: number;
  /** Sold by real name, one ticket per ID number (passengers.ts `sellsByRealName`). */
  realName: boolean;
  /** A show's approved attendee capacity; absent in older snapshots and for trains and flights. */
  approvedCapacity?: number | null;
  /** The boarding station; absent in older snapshots. */
  origin?: string | null;
};

/** Input given to a machine when its case is created (`initialTransition(machine, input)`). */
export type CaseInput = {
  caseId: string;
  ref: string;
  kind: CaseKind;
  channel: Channel;
  subject: string;
  priority: Priority;
  customerId: string | null;
  booking: BookingFacts | null;
  createdAt: string;
  createdBy: Actor;
  /** Who works the case from the start: its creator, when the case's queue is one they work. */
  assignee?: UserRef | null;
  /** Configuration the machines need (limits), from server config; kept in context for replay. */
  config: CaseConfig;
};

export type CaseConfig = {
  /** Refunds above this need a supervisor's approval. */
  refundApprovalThresholdFen: number;
  /**
   * Per-role limit for complaint compensation without escalation: on the running total of the
   * case, and on the customer's total over `compensationPeriodDays`.
   */
  compensationLimitFen: Record<Role, number>;
  /** Above this, whoever proposed a compensation does not also record the customer's acceptance (absent in old snapshots: 5,000). */
  compensationFourEyesFen?: number;
  /** The period over which a customer's compensation adds up against the limit (absent in old snapshots: 30). */
  compensationPeriodDays?: number;
  /** Minutes until the first response to a complaint is due. */
  complaintFirstResponseMinutes: number;
  /** Hours until a complaint's resolution is due. */
  complaintResolutionHours: number;
  /** Minutes a seat hold lasts. */
  seatHoldMinutes: number;
};

export const defaultCaseConfig: CaseConfig = {
  refundApprovalThresholdFen: 200_000, // 2,000 yuan
  compensationLimitFen: { agent: 0, complaint_handler: 20_000, supervisor: 200_000, qa: 0, admin: 200_000 },
  compensationFourEyesFen: 5_000, // 50 yuan
  compensationPeriodDays: 30,
  complaintFirstResponseMinutes: 30,
  complaintResolutionHours: 72,
  seatHoldMinutes: 15,
};

/** Context fields every machine keeps; the engine derives the case document's fields from them. */
export type CaseContextBase = {
  caseId: string;
  ref: string;
  kind: CaseKind;
  channel: Channel;
  subject: string;
  customerId: string | null;
  bookingId: string | null;
  assignee: UserRef | null;
  queue: QueueName;
  priority: Priority;
  notes: Note[];
  timers: Timer[];
  config: CaseConfig;
};

/** Events every machine accepts in every non-final state (assignment, notes, priority, links). */
export type CommonEvent =
  | { type: 'ASSIGN'; assignee: UserRef }
  | { type: 'UNASSIGN' }
  | { type: 'TRANSFER'; queue: QueueName; assignee?: UserRef | null }
  | { type: 'ADD_NOTE'; noteId: string; text: string }
  | { type: 'SET_PRIORITY'; priority: Priority }
  | { type: 'LINK_CUSTOMER'; customerId: string }
  | { type: 'LINK_BOOKING'; booking: BookingFacts };

/**
 * What each machine module exports besides the machine, so the engine can stay generic:
 * - `eventRoles`: for every event type, the roles that may send it (`[]`: only the system —
 *   timers and outbox results). The engine refuses other roles with FORBIDDEN.
 * - `projectContext(context)`: the kind-specific data the client may see (CaseDetail.data),
 *   with personal data left out or masked.
 */
export type MachineModuleMeta = {
  eventRoles: Record<string, readonly Role[]>;
};
