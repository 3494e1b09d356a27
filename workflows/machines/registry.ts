/**
 * Everything the case engine needs to host any kind of case, by kind, so the engine stays generic:
 * the machine, who may send which event, the client projection, labels, client event schemas and
 * the facts the engine adds to events. Plus snapshot schema versions and their migrations.
 */
import { getNextTransitions, type AnyMachineSnapshot, type AnyStateMachine, type StateValue } from 'xstate';
import type { CaseKind } from '../../shared/cases';
import type { Role } from '../../shared/roles';
import {
  caseEventLabels,
  caseStateLabels,
  clientEventSchemas,
  eventEnrichment,
  type ClientEventSchema,
  type EventEnrichment,
  type LocalizedText,
} from '../../shared/case-events';
import { bookingEventRoles, bookingMachine, explainBookingRefusal, projectBooking } from './booking';
import { changeEventRoles, changeMachine, explainChangeRefusal, projectChange } from './change';
import { explainRefundRefusal, projectRefund, refundEventRoles, refundMachine, refundStateEventRoles } from './refund';
import {
  complaintEventRoles,
  complaintMachine,
  complaintStateEventRoles,
  explainComplaintRefusal,
  projectComplaint,
} from './complaint';
import { caseOpen, commonEventProblem, isCommonEvent, type CaseContext } from './common';
import type { CommonEvent, Stamped } from './contract';

/**
 * One kind's module. Functions take `never` so each kind's own context and event types fit; the
 * engine hands them the snapshot it restored with the same kind's machine.
 */
export type MachineModule = {
  machine: AnyStateMachine;
  /** Who may send each event type; `[]` = only the system (timers, outbox results). */
  eventRoles: Record<string, readonly Role[]>;
  /** Narrower roles for an event in one state path (the machine's guards enforce them as well). */
  stateEventRoles: Record<string, Partial<Record<string, readonly Role[]>>>;
  /** CaseDetail.data: what the client may see, personal data masked. */
  project: (context: never) => Record<string, unknown>;
  /**
   * Why `snapshot.can(event)` is false although the state accepts the event type (a guard said
   * no), in both languages; null when there is nothing more specific than "not allowed".
   */
  explainRefusal: (snapshot: never, event: never) => LocalizedText | null;
  stateLabels: Record<string, LocalizedText>;
  eventLabels: Record<string, LocalizedText>;
  eventSchemas: Record<string, ClientEventSchema>;
  enrichment: Partial<Record<string, EventEnrichment>>;
};

export const machines = {
  booking: {
    machine: bookingMachine,
    eventRoles: bookingEventRoles,
    stateEventRoles: {},
    project: projectBooking,
    explainRefusal: explainBookingRefusal,
    stateLabels: caseStateLabels.booking,
    eventLabels: caseEventLabels.booking,
    eventSchemas: clientEventSchemas.booking,
    enrichment: eventEnrichment.booking,
  },
  change: {
    machine: changeMachine,
    eventRoles: changeEventRoles,
    stateEventRoles: {},
    project: projectChange,
    explainRefusal: explainChangeRefusal,
    stateLabels: caseStateLabels.change,
    eventLabels: caseEventLabels.change,
    eventSchemas: clientEventSchemas.change,
    enrichment: eventEnrichment.change,
  },
  refund: {
    machine: refundMachine,
    eventRoles: refundEventRoles,
    stateEventRoles: refundStateEventRoles,
    project: projectRefund,
    explainRefusal: explainRefundRefusal,
    stateLabels: caseStateLabels.refund,
    eventLabels: caseEventLabels.refund,
    eventSchemas: clientEventSchemas.refund,
    enrichment: eventEnrichment.refund,
  },
  complaint: {
    machine: complaintMachine,
    eventRoles: complaintEventRoles,
    stateEventRoles: complaintStateEventRoles,
    project: projectComplaint,
    explainRefusal: explainComplaintRefusal,
    stateLabels: caseStateLabels.complaint,
    eventLabels: caseEventLabels.complaint,
    eventSchemas: clientEventSchemas.complaint,
    enrichment: eventEnrichment.complaint,
  },
} satisfies Record<CaseKind, MachineModule>;

/** CaseDetail.data by kind: what each kind's projection returns (see shared/case-detail.ts). */
export type CaseDataByKind = { [K in CaseKind]: ReturnType<(typeof machines)[K]['project']> };

// ---------------------------------------------------------------------------------------------
// Snapshot schema versions

/**
 * The shape of `{ value, context }` each kind persists, stored beside every snapshot. Bump a kind's
 * version when a machine change would make old snapshots restore wrongly (a state renamed or
 * removed, a context field added that the machine reads, a field's meaning changed), and add the
 * step from the old version to `migrations` below in the same change.
 */
export const SCHEMA_VERSION: Record<CaseKind, number> = {
  booking: 1,
  change: 1,
  refund: 1,
  complaint: 1,
};

export type PersistedCaseSnapshot = { value: unknown; context: Record<string, unknown> };
type Migration = (persisted: PersistedCaseSnapshot) => PersistedCaseSnapshot;

/** `migrations[kind][n]` turns a version-n snapshot into a version-(n+1) one. None yet: all kinds are at 1. */
const migrations: Record<CaseKind, Record<number, Migration>> = {
  booking: {},
  change: {},
  refund: {},
  complaint: {},
};

/**
 * Brings a persisted snapshot from `fromVersion` up to the kind's current SCHEMA_VERSION, one step
 * at a time. At the current version it is the identity. A version from the future (a rollback
 * after newer code wrote the case) or a missing step is an error: restoring it anyway would put
 * the case in a state its machine does not understand.
 */
export function migrateSnapshot(
  kind: CaseKind,
  fromVersion: number,
  persisted: PersistedCaseSnapshot,
): PersistedCaseSnapshot {
  const target = SCHEMA_VERSION[kind];
  if (!Number.isInteger(fromVersion) || fromVersion < 1 || fromVersion > target) {
    throw new Error(
      `cannot migrate a ${kind} snapshot from schema version ${fromVersion}: this code knows versions 1 to ${target}`,
    );
  }
  let current = persisted;
  for (let version = fromVersion; version < target; version++) {
    const step = migrations[kind][version];
    if (!step) throw new Error(`no migration for ${kind} snapshots from schema version ${version} to ${version + 1}`);
    current = step(current);
  }
  return current;
}

// ---------------------------------------------------------------------------------------------
// Helpers for the engine and the console

/** The dotted path of a state value: "quoted", "escalated.supervisor". */
export function statePathOf(value: StateValue): string {
  if (typeof value === 'string') return value;
  const [key, child] = Object.entries(value)[0] ?? [];
  if (key === undefined) return '';
  const rest = child === undefined ? '' : statePathOf(child as StateValue);
  return rest ? `${key}.${rest}` : key;
}

/**
 * Event types the current state has a transition for, whatever their guards. Once a case is
 * closed (a final state, or a closed complaint), the root-level events (assignment, notes, timers)
 * are left out: their guards refuse them there.
 */
export function acceptedEvents(snapshot: AnyMachineSnapshot): string[] {
  const open = snapshot.status === 'active' && caseOpen(snapshot.context as CaseContext);
  const root = snapshot.machine.root;
  const types = getNextTransitions(snapshot)
    .filter((t) => open || t.source !== root)
    .map((t) => t.eventType)
    .filter((type) => type !== '' && type !== '*' && !type.startsWith('xstate.'));
  return [...new Set(types)];
}

/** The roles that may send `eventType` to a case of `kind` in state `statePath`. */
export function rolesFor(kind: CaseKind, statePath: string, eventType: string): readonly Role[] {
  const module: MachineModule = machines[kind];
  return module.stateEventRoles[statePath]?.[eventType] ?? module.eventRoles[eventType] ?? [];
}

/**
 * Events without a payload whose guards read only the case: when the guard says no, sending them
 * could do nothing (unassign an unassigned case, retry a refund or compensation that did not
 * fail), so they are not offered at all.
 */
const offeredOnlyWhenPossible = ['UNASSIGN', 'RETRY_REFUND', 'RETRY_COMPENSATION'];

/** What `role` may send now: accepted by the current state, permitted for the role there, and not a no-op. */
export function allowedEvents(kind: CaseKind, snapshot: AnyMachineSnapshot, role: Role): string[] {
  const path = statePathOf(snapshot.value);
  const at = (snapshot.context as CaseContext).createdAt;
  return acceptedEvents(snapshot)
    .filter((type) => rolesFor(kind, path, type).includes(role))
    .filter(
      (type) =>
        !offeredOnlyWhenPossible.includes(type) ||
        snapshot.can({ type, meta: { actor: { id: '', name: '', role }, at } }),
    );
}

/** See MachineModule.explainRefusal; generic over kinds for the engine. */
export function explainRefusal(
  kind: CaseKind,
  snapshot: AnyMachineSnapshot,
  event: { type: string },
): LocalizedText | null {
  const context = snapshot.context as CaseContext;
  if (isCommonEvent(event) && caseOpen(context)) {
    const problem = commonEventProblem(context, event as Stamped<CommonEvent>);
    if (problem) return problem;
  }
  const explain = machines[kind].explainRefusal as (
    snapshot: { value: StateValue; context: unknown },
    event: { type: string },
  ) => LocalizedText | null;
  return explain({ value: snapshot.value, context: snapshot.context }, event);
}
