/**
 * The case engine: the one path for every change to a case, whoever asks (an agent, the timer job,
 * the outbox job). Load once (without history) → pure XState transition → one version-guarded
 * atomic write → publish; the generic steps live in ../engine/machine-store.ts, and this file is
 * what makes them run cases (derived queue fields, linked names, ticket claims, case wording).
 */
import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import { initialTransition, type AnyMachineSnapshot } from 'xstate';
import { DomainError } from '../../../shared/errors';
import { priorityRank, type CaseKind, type Priority, type QueueName, type UserRef } from '../../../shared/cases';
import type { Actor, CaseInput, Timer } from '../../../workflows/machines/contract';
import { acceptedEvents, explainRefusal, SCHEMA_VERSION } from '../../../workflows/machines/registry';
import type { AppDeps } from '../deps';
import { CaseModel, type CaseRecord, type HistoryRecord, type LoadedCase } from '../db/models/case';
import { CustomerModel } from '../db/models/customer';
import { BookingModel } from '../db/models/booking';
import {
  applyMachineEvent,
  keyUse as storedKeyUse,
  lastHistoryEntry,
  loadRecord,
  outboxEntries,
  rememberedKey,
  writeStep,
  type Derived,
  type EngineEvent,
  type MachineStore,
  type StepHooks,
  WITHOUT_GROWING_LISTS,
} from '../engine/machine-store';
import { persistedSnapshot } from '../engine/snapshot';
import { toQueueItem } from './projection';
import { recordReplay } from '../qa/replay-record';
import { maskPayload } from './mask-payload';
import { machineFor, restoreSnapshot, statePath } from './snapshot';
import { heldTickets } from '../../../workflows/machines/tickets';
import { claimTickets, releaseTickets, ticketsHeldBy } from '../bookings/ticket-claims';

export { machineFor, restoreSnapshot, statePath } from './snapshot';
export { rememberedKey } from '../engine/machine-store';
export type { EngineEvent } from '../engine/machine-store';

type ContextView = {
  queue: QueueName;
  priority: Priority;
  assignee: UserRef | null;
  timers: Timer[];
  customerId: string | null;
  bookingId: string | null;
  /** Complaints: who escalated the case on and still follows it. */
  watchers?: UserRef[];
  /** Due times that passed before their step was done (recorded when the timer fired). */
  breaches?: { event: string; dueAt: string }[];
};

function isFinal(snapshot: AnyMachineSnapshot): boolean {
  return snapshot.status === 'done';
}

/** Status 'closed': a final state, or the complaint's reopenable "closed" state. */
function caseStatus(snapshot: AnyMachineSnapshot): 'open' | 'closed' {
  return isFinal(snapshot) || statePath(snapshot.value) === 'closed' ? 'closed' : 'open';
}

/** Fields copied from the snapshot onto the document so queues and jobs can query them. */
function derivedFields(snapshot: AnyMachineSnapshot) {
  const context = snapshot.context as ContextView;
  const timers = [...(context.timers ?? [])]
    .map((t) => ({ key: t.key, event: t.event, dueAt: new Date(t.dueAt) }))
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  const status = caseStatus(snapshot);
  const first = status === 'open' ? timers[0] : undefined;
  // A fired SLA timer leaves `timers`; its breach stays on an open case so queues can show and count it.
  const breach = status === 'open' ? context.breaches?.[0] : undefined;
  return {
    state: statePath(snapshot.value),
    status,
    queue: context.queue,
    priority: context.priority,
    priorityRank: priorityRank[context.priority],
    assigneeId: context.assignee?.id ?? null,
    assigneeName: context.assignee?.name ?? null,
    customerId: context.customerId,
    bookingId: context.bookingId,
    timers,
    nextDueAt: first?.dueAt ?? null,
    nextDueEvent: first?.event ?? null,
    watchers: (context.watchers ?? []).map((w) => ({ id: w.id, name: w.name })),
    breachEvent: breach?.event ?? null,
    breachDueAt: breach ? new Date(breach.dueAt) : null,
  };
}

export type CreateCaseArgs = {
  kind: CaseKind;
  input: Omit<CaseInput, 'caseId' | 'kind'>;
  createKey: string;
  customerName: string | null;
  bookingRef: string | null;
};

/** Creates a case in the machine's initial state. Creating twice with one key gives one case. */
export async function createCaseRecord(
  deps: AppDeps,
  args: CreateCaseArgs,
): Promise<{ record: LoadedCase; created: boolean }> {
  const existing = await CaseModel.findOne({ createKey: args.createKey }, WITHOUT_GROWING_LISTS).lean<LoadedCase>();
  if (existing) return { record: existing, created: false };

  const id = new Types.ObjectId();
  const caseId = id.toHexString();
  const machine = machineFor(args.kind);
  const [snapshot, actions] = initialTransition(machine, {
    ...args.input,
    caseId,
    kind: args.kind,
  } satisfies CaseInput);
  const at = new Date(args.input.createdAt);
  const derived = derivedFields(snapshot);
  const history: HistoryRecord = {
    seq: 1,
    at,
    actor: { id: args.input.createdBy.id, name: args.input.createdBy.name, role: args.input.createdBy.role },
    event: 'CREATED',
    payload: {
      channel: args.input.channel,
      subject: args.input.subject,
      priority: args.input.priority,
      ...(args.input.assignee ? { assignee: args.input.assignee } : {}),
    },
    from: '',
    to: derived.state,
    key: args.createKey,
  };
  const outbox = outboxEntries(caseId, 1, actions, at);
  const doc = {
    _id: id,
    ref: args.input.ref,
    kind: args.kind,
    schemaVersion: SCHEMA_VERSION[args.kind],
    snapshot: persistedSnapshot(snapshot),
    version: 1,
    ...derived,
    channel: args.input.channel,
    subject: args.input.subject,
    customerName: args.customerName,
    bookingRef: args.bookingRef,
    history: [history],
    outbox,
    outboxPending: outbox.length > 0,
    idempotencyKeys: [rememberedKey(args.createKey, 'CREATED')],
    createKey: args.createKey,
    waitingSince: at,
    createdAt: at,
    updatedAt: at,
  };
  // QA replay starts from the case as created.
  const replay = recordReplay(null, { ...doc, replaySince: null }, 1);
  history.replay = replay.replay;
  Object.assign(doc, replay.set);
  try {
    await CaseModel.collection.insertOne(doc);
  } catch (error) {
    if (isDuplicateKey(error)) {
      const raced = await CaseModel.findOne({ createKey: args.createKey }, WITHOUT_GROWING_LISTS).lean<LoadedCase>();
      if (raced) return { record: raced, created: false };
    }
    throw error;
  }
  const { history: _history, outbox: _outbox, ...written } = doc;
  const record = written as LoadedCase;
  deps.publisher.publishCase(toQueueItem(record), null);
  return { record, created: true };
}

function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}

export type ApplyEventArgs = {
  caseId: string;
  /** The version the sender saw; 'current' for system events (timers, outbox results), which retry on conflict. */
  expectedVersion: number | 'current';
  key: string;
  actor: Actor;
  /** The event as the machine wants it (validated and enriched), without meta. */
  event: EngineEvent;
  /** What goes into the history entry (the client's payload, masked). */
  historyPayload?: Record<string, unknown>;
  /** What the key is remembered with (see `keyAction`); the event type when absent (system events). */
  keyAction?: string;
  /** The case as this request already loaded it (`loadCase`): the engine does not load it again. */
  loaded?: LoadedCase;
};

/** The case as written (no history), and its machine snapshot, restored or computed once for the whole request. */
export type ApplyResult = { record: LoadedCase; snapshot: AnyMachineSnapshot; replayed: boolean };

/**
 * What a client's key is remembered with: the event type and a digest of its payload, so the same
 * key with the same event but another payload (¥10 proposed, then ¥150 under that key) is refused
 * rather than answered as if the second had been applied.
 */
export function keyAction(event: { type: string } & Record<string, unknown>): string {
  // Never a typed ID number: a short digest of one is guessed from its few unknown birth-date digits.
  const { idNumber: _idNumber, ...payload } = event;
  return `${event.type}~${createHash('sha256').update(JSON.stringify(payload)).digest('hex').slice(0, 16)}`;
}

/** 'replay' when this key already applied this action; 'reused' when it applied another one. */
export function keyUse(
  record: Pick<LoadedCase, 'idempotencyKeys'>,
  key: string,
  action: string,
): 'new' | 'replay' | 'reused' {
  return storedKeyUse(record, key, action);
}

export function reusedKeyError(eventType: string): DomainError {
  return new DomainError(
    'INVALID_INPUT',
    `This request's idempotency key was already used for a different action; ${eventType} was not applied. Send it with a new key.`,
  );
}

/** How the generic engine path runs cases. */
function caseStore(deps: AppDeps): MachineStore<LoadedCase> {
  return {
    model: CaseModel,
    label: 'Case',
    machineOf: (record) => machineFor(record.kind),
    restore: restoreSnapshot,
    derive: derivedFields,
    describe: (record) => `Case ${record.ref}`,
    refusal: (record, snapshot, stamped) => {
      const accepted = acceptedEvents(snapshot).includes(stamped.type);
      const why = accepted ? explainRefusal(record.kind, snapshot, stamped) : null;
      return new DomainError(
        'EVENT_NOT_ALLOWED',
        `Event ${stamped.type} is not allowed while the case is in state ${record.state}${why ? `: ${why.en}` : accepted ? ': its conditions are not met' : ''}.`,
        { event: stamped.type, state: record.state, reason: why },
      );
    },
    publish: (updated, previous) =>
      deps.publisher.publishCase(toQueueItem(updated), { queue: previous.queue, assigneeId: previous.assigneeId }),
  };
}

/** The case without its history and outbox: what every transition and every projection needs. */
export async function loadCase(caseId: string): Promise<LoadedCase> {
  return loadRecord(caseStore(noDeps), caseId);
}

// loadCase needs no publisher: the store's model and label are all it uses.
const noDeps = { publisher: { publishCase: () => undefined } } as unknown as AppDeps;

/** A CONFLICT naming who changed the case last (one sliced read of the last history entry: conflicts are rare). */
export async function conflictError(record: LoadedCase, expected: number): Promise<DomainError> {
  const last = await lastHistoryEntry(caseStore(noDeps), record._id);
  return new DomainError(
    'CONFLICT',
    `Someone else changed this case first (you saw version ${expected}, it is now version ${record.version}${last ? `: ${last.actor.name} sent ${last.event}` : ''}). Reload it and try again on the fresh state.`,
    {
      currentVersion: record.version,
      expectedVersion: expected,
      lastEvent: last?.event ?? null,
      lastActor: last?.actor.name ?? null,
      state: record.state,
    },
  );
}

type Claims = ReturnType<typeof claimsChange>;

/** What cases add around the generic write: ticket claims, the linked names, the waiting time. */
function caseHooks(caseId: string): StepHooks<LoadedCase> {
  return {
    conflict: conflictError,
    async beforeWrite(record, before, next, at) {
      const claims = claimsChange(record, before, next);
      // Claimed before the case moves on (another case holding a ticket refuses the event), released after.
      if (claims.claim)
        await claimTickets(
          claims.claim.bookingId,
          claims.claim.passengerIds,
          { caseId, caseRef: record.ref, kind: record.kind as 'refund' | 'change' },
          at,
        );
      return claims;
    },
    async afterWrite(_updated, prepared) {
      const claims = prepared as Claims;
      if (claims.release) await releaseTickets(claims.release, caseId);
    },
    async afterLost(fresh, prepared) {
      const claims = prepared as Claims;
      // A claim made for this attempt is let go unless the write that won holds the tickets too (a double click).
      if (claims.claim && !ticketsHeldBy(fresh)) await releaseTickets(claims.claim.bookingId, caseId);
    },
    extraSet: caseExtraSet,
    recordStep: recordCaseStep,
  };
}

/** What QA replay needs, recorded with each step (server/src/qa/replay-record.ts). */
function recordCaseStep(before: LoadedCase, after: LoadedCase, seq: number) {
  const { replay, set } = recordReplay(before, after, seq);
  return { entry: { replay }, set };
}

/** Besides the derived fields: the names shown for changed links, and the waiting time when the case moved. */
async function caseExtraSet(record: LoadedCase, fields: Derived, at: Date): Promise<Record<string, unknown>> {
  const derived = fields as ReturnType<typeof derivedFields>;
  const moved = derived.queue !== record.queue || derived.state !== record.state;
  const names = await linkedNames(record, derived);
  return { ...names, ...(moved ? { waitingSince: at } : {}) };
}

/**
 * Applies one event to one case atomically. A stale version is a CONFLICT (nothing written); an
 * event the state does not accept is EVENT_NOT_ALLOWED naming the state; a repeated key returns the
 * case as it is (the first request's effect stands).
 */
export async function applyEvent(deps: AppDeps, args: ApplyEventArgs): Promise<ApplyResult> {
  return applyMachineEvent(
    caseStore(deps),
    {
      id: args.caseId,
      expectedVersion: args.expectedVersion,
      key: args.key,
      actor: args.actor,
      event: args.event,
      historyPayload: maskPayload(args.historyPayload ?? eventPayload(args.event)),
      keyAction: args.keyAction,
      loaded: args.loaded,
    },
    caseHooks(args.caseId),
    deps.now,
  );
}

export type DropTimerArgs = {
  caseId: string;
  /** The timer as the timer job saw it: only this key with this due time goes (one re-armed meanwhile stays). */
  timer: { key: string; event: string; dueAt: Date };
  actor: Actor;
};

/**
 * Removes a due timer whose event the case's state no longer accepts (the machine should have
 * cleared it), so it does not fire forever. The state does not change; the write is an ordinary
 * step: version-guarded, a TIMER_DROPPED history entry, a push. Null when the timer is already gone.
 */
export async function dropTimer(deps: AppDeps, args: DropTimerArgs): Promise<ApplyResult | null> {
  const store = caseStore(deps);
  const dueAt = args.timer.dueAt.toISOString();
  const key = `timer-drop:${args.timer.key}:${dueAt}`;
  const sameTimer = (t: Timer) => t.key === args.timer.key && new Date(t.dueAt).toISOString() === dueAt;
  for (let attempt = 0; ; attempt++) {
    const record = await loadCase(args.caseId);
    if (keyUse(record, key, 'TIMER_DROPPED') === 'replay')
      return { record, snapshot: restoreSnapshot(record), replayed: true };
    const snapshot = restoreSnapshot(record);
    const timers = (snapshot.context as ContextView).timers ?? [];
    if (!timers.some(sameTimer)) return null;
    const next = machineFor(record.kind).resolveState({
      value: snapshot.value,
      context: { ...(snapshot.context as Record<string, unknown>), timers: timers.filter((t) => !sameTimer(t)) },
    });
    const at = deps.now();
    const updated = await writeStep(
      store,
      record,
      next,
      {
        at,
        actor: args.actor,
        event: 'TIMER_DROPPED',
        payload: { timer: args.timer.key, event: args.timer.event, dueAt },
        key,
        keyAction: 'TIMER_DROPPED',
        actions: [],
      },
      caseExtraSet,
      recordCaseStep,
    );
    if (updated) return { record: updated, snapshot: next, replayed: false };
    if (attempt >= 5) throw await conflictError(await loadCase(args.caseId), record.version);
  }
}

/**
 * The tickets a transition must claim (the case starts holding them) or the booking whose claims it
 * lets go (it stops), from `heldTickets` on the state before and after.
 */
function claimsChange(record: LoadedCase, before: AnyMachineSnapshot, after: AnyMachineSnapshot) {
  const heldBefore = heldTickets(
    record.kind,
    statePath(before.value),
    before.context as Parameters<typeof heldTickets>[2],
  );
  const heldAfter = heldTickets(
    record.kind,
    statePath(after.value),
    after.context as Parameters<typeof heldTickets>[2],
  );
  // Claimed on entering the holding states only: later events (a note, CLOSE) find the tickets already marked.
  return { claim: heldBefore ? null : heldAfter, release: heldBefore && !heldAfter ? heldBefore.bookingId : null };
}

/** The customer's name and booking reference the queue shows, looked up again when a link changed. */
async function linkedNames(
  record: LoadedCase,
  derived: { customerId: string | null; bookingId: string | null },
): Promise<Partial<Pick<CaseRecord, 'customerName' | 'bookingRef'>>> {
  const names: Partial<Pick<CaseRecord, 'customerName' | 'bookingRef'>> = {};
  if (derived.customerId !== record.customerId) {
    const customer =
      derived.customerId && Types.ObjectId.isValid(derived.customerId)
        ? await CustomerModel.findById(derived.customerId, { name: 1 }).lean()
        : null;
    names.customerName = customer?.name ?? null;
  }
  if (derived.bookingId !== record.bookingId) {
    const booking =
      derived.bookingId && Types.ObjectId.isValid(derived.bookingId)
        ? await BookingModel.findById(derived.bookingId, { ref: 1 }).lean()
        : null;
    names.bookingRef = booking?.ref ?? null;
  }
  return names;
}

function eventPayload(event: EngineEvent): Record<string, unknown> {
  const { type: _type, ...rest } = event;
  return rest;
}
