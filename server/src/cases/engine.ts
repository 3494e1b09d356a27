/**
 * The case engine: the one path for every change to a case, whoever asks (an agent, the timer job,
 * the outbox job). Load → pure XState transition → one version-guarded atomic write → publish.
 */
import { createHash, randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import { initialTransition, transition, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import { DomainError } from '../../../shared/errors';
import { priorityRank, type CaseKind, type Priority, type QueueName, type UserRef } from '../../../shared/cases';
import type { Actor, CaseInput, Timer } from '../../../workflows/machines/contract';
import { EFFECT_PREFIX } from '../../../workflows/machines/effects';
import {
  acceptedEvents,
  explainRefusal,
  machines,
  migrateSnapshot,
  SCHEMA_VERSION,
  statePathOf,
} from '../../../workflows/machines/registry';
import type { AppDeps } from '../deps';
import {
  CaseModel,
  type CaseRecord,
  type HistoryRecord,
  type OutboxRecord,
  type PersistedSnapshot,
} from '../db/models/case';
import { CustomerModel } from '../db/models/customer';
import { BookingModel } from '../db/models/booking';
import { toQueueItem } from './projection';
import { recordReplay } from '../qa/replay-record';
import { maskPayload } from './mask-payload';
import { heldTickets } from '../../../workflows/machines/tickets';
import { claimTickets, releaseTickets, ticketsHeldBy } from '../bookings/ticket-claims';

/** How many recent idempotency keys a case remembers. A retry older than that is a new request. */
const REMEMBERED_KEYS = 200;

export type EngineEvent = { type: string } & Record<string, unknown>;

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

export function machineFor(kind: CaseKind): AnyStateMachine {
  return machines[kind].machine as unknown as AnyStateMachine;
}

/** The dotted path of a state value: "quoted", "escalated.supervisor". */
export function statePath(value: unknown): string {
  return statePathOf(value as Parameters<typeof statePathOf>[0]);
}

/**
 * The machine snapshot stored on a case. A document that cannot be restored (damaged, or written
 * by code this version does not know) is a clear CORRUPT_RECORD error: nothing is changed, and the
 * rest of the queue keeps working.
 */
export function restoreSnapshot(
  record: Pick<CaseRecord, '_id' | 'ref' | 'kind' | 'schemaVersion' | 'snapshot'>,
): AnyMachineSnapshot {
  try {
    if (!(record.kind in machines)) throw new Error(`unknown case kind ${String(record.kind)}`);
    const persisted =
      record.schemaVersion === SCHEMA_VERSION[record.kind]
        ? record.snapshot
        : (migrateSnapshot(record.kind, record.schemaVersion, record.snapshot) as PersistedSnapshot);
    if (!persisted || typeof persisted.context !== 'object' || persisted.context === null)
      throw new Error('the snapshot has no context');
    return machineFor(record.kind).resolveState({ value: persisted.value as never, context: persisted.context });
  } catch (error) {
    throw new DomainError(
      'CORRUPT_RECORD',
      `Case ${record.ref ?? String(record._id)} cannot be read (${error instanceof Error ? error.message : String(error)}); it was left unchanged. Ask an administrator to repair it.`,
      { caseId: String(record._id) },
    );
  }
}

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

function persisted(snapshot: AnyMachineSnapshot): PersistedSnapshot {
  // Context is plain JSON by contract; the round trip strips anything that is not.
  return JSON.parse(JSON.stringify({ value: snapshot.value, context: snapshot.context })) as PersistedSnapshot;
}

function outboxEntries(
  caseId: string,
  seq: number,
  actions: { type: string; params?: unknown }[],
  at: Date,
): OutboxRecord[] {
  return actions
    .filter((action) => action.type.startsWith(EFFECT_PREFIX))
    .map((action, index) => ({
      id: randomUUID(),
      type: action.type.slice(EFFECT_PREFIX.length),
      params: (action.params ?? {}) as Record<string, unknown>,
      key: `${caseId}:${seq}:${index}`,
      status: 'pending' as const,
      attempts: 0,
      nextAttemptAt: at,
      leaseUntil: null,
      lastError: null,
      doneAt: null,
      createdAt: at,
    }));
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
): Promise<{ record: CaseRecord; created: boolean }> {
  const existing = await CaseModel.findOne({ createKey: args.createKey }).lean<CaseRecord>();
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
    snapshot: persisted(snapshot),
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
  // Replay starts from the case as created.
  const replay = recordReplay(null, { ...doc, replaySince: null }, 1);
  history.replay = replay.replay;
  Object.assign(doc, replay.set);
  try {
    await CaseModel.collection.insertOne(doc);
  } catch (error) {
    if (isDuplicateKey(error)) {
      const raced = await CaseModel.findOne({ createKey: args.createKey }).lean<CaseRecord>();
      if (raced) return { record: raced, created: false };
    }
    throw error;
  }
  const record = doc as unknown as CaseRecord;
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
};

export type ApplyResult = { record: CaseRecord; replayed: boolean };

/**
 * Keys are remembered with the event they came with, so a key reused for another action (a client
 * bug) is refused instead of being answered as if that action had been applied.
 */
export function rememberedKey(key: string, eventType: string): string {
  return `${key}#${eventType}`;
}

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
  record: Pick<CaseRecord, 'idempotencyKeys'>,
  key: string,
  action: string,
): 'new' | 'replay' | 'reused' {
  if (record.idempotencyKeys.includes(rememberedKey(key, action))) return 'replay';
  // Keys remembered before payload digests were: the event type alone.
  const eventType = action.split('~')[0] ?? action;
  if (eventType !== action && record.idempotencyKeys.includes(rememberedKey(key, eventType))) return 'replay';
  return record.idempotencyKeys.some((k) => k.startsWith(`${key}#`)) ? 'reused' : 'new';
}

export function reusedKeyError(eventType: string): DomainError {
  return new DomainError(
    'INVALID_INPUT',
    `This request's idempotency key was already used for a different action; ${eventType} was not applied. Send it with a new key.`,
  );
}

export async function loadCase(caseId: string): Promise<CaseRecord> {
  if (!Types.ObjectId.isValid(caseId)) throw new DomainError('NOT_FOUND', `Case ${caseId} does not exist.`);
  const record = await CaseModel.findById(caseId).lean<CaseRecord>();
  if (!record) throw new DomainError('NOT_FOUND', `Case ${caseId} does not exist.`);
  return record;
}

export function conflictError(record: CaseRecord, expected: number): DomainError {
  const last = record.history[record.history.length - 1];
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

/**
 * Applies one event to one case atomically. A stale version is a CONFLICT (nothing written); an
 * event the state does not accept is EVENT_NOT_ALLOWED naming the state; a repeated key returns the
 * case as it is (the first request's effect stands).
 */
export async function applyEvent(deps: AppDeps, args: ApplyEventArgs): Promise<ApplyResult> {
  for (let attempt = 0; ; attempt++) {
    const record = await loadCase(args.caseId);
    const use = keyUse(record, args.key, args.keyAction ?? args.event.type);
    if (use === 'replay') return { record, replayed: true };
    if (use === 'reused') throw reusedKeyError(args.event.type);
    const expected = args.expectedVersion === 'current' ? record.version : args.expectedVersion;
    if (record.version !== expected) throw conflictError(record, expected);

    const snapshot = restoreSnapshot(record);
    const at = deps.now();
    const stamped = { ...args.event, meta: { actor: args.actor, at: at.toISOString() } };
    let acceptable: boolean;
    try {
      acceptable = snapshot.can(stamped);
    } catch (error) {
      // A guard that throws reads a context this code cannot make sense of.
      throw new DomainError(
        'CORRUPT_RECORD',
        `Case ${record.ref} cannot be read (${error instanceof Error ? error.message : String(error)}); it was left unchanged.`,
        { caseId: args.caseId },
      );
    }
    if (!acceptable) {
      const accepted = acceptedEvents(snapshot).includes(args.event.type);
      const why = accepted ? explainRefusal(record.kind, snapshot, stamped) : null;
      throw new DomainError(
        'EVENT_NOT_ALLOWED',
        `Event ${args.event.type} is not allowed while the case is in state ${record.state}${why ? `: ${why.en}` : accepted ? ': its conditions are not met' : ''}.`,
        { event: args.event.type, state: record.state, reason: why },
      );
    }
    const [next, actions] = transition(machineFor(record.kind), snapshot, stamped);
    const step: StepEntry = {
      at,
      actor: args.actor,
      event: args.event.type,
      payload: maskPayload(args.historyPayload ?? eventPayload(args.event)),
      key: args.key,
      keyAction: args.keyAction ?? args.event.type,
      actions: actions as { type: string; params?: unknown }[],
    };
    const claims = claimsChange(record, snapshot, next);
    // Claimed before the case moves on (another case holding a ticket refuses the event), released after.
    if (claims.claim)
      await claimTickets(
        claims.claim.bookingId,
        claims.claim.passengerIds,
        { caseId: args.caseId, caseRef: record.ref, kind: record.kind as 'refund' | 'change' },
        at,
      );
    const updated = await writeStep(deps, record, next, step);
    if (updated) {
      if (claims.release) await releaseTickets(claims.release, args.caseId);
      return { record: updated, replayed: false };
    }
    // Nobody matched: another write got there first.
    const fresh = await loadCase(args.caseId);
    // A claim made for this attempt is let go unless the write that won holds the tickets too (a double click).
    if (claims.claim && !ticketsHeldBy(fresh)) {
      await releaseTickets(claims.claim.bookingId, args.caseId);
    }
    if (keyUse(fresh, args.key, args.keyAction ?? args.event.type) === 'replay')
      return { record: fresh, replayed: true };
    if (args.expectedVersion !== 'current' || attempt >= 5) throw conflictError(fresh, expected);
  }
}

type StepEntry = {
  at: Date;
  actor: Actor;
  event: string;
  payload: Record<string, unknown>;
  key: string;
  /** What the key is remembered with (the event type, with a payload digest for client events). */
  keyAction: string;
  actions: { type: string; params?: unknown }[];
};

/**
 * The one write of a step: the next snapshot and the fields derived from it, the history entry,
 * the outbox effects and the remembered key, guarded by the version the step was computed from,
 * then the push. Null when another write got there first (nothing was written).
 */
async function writeStep(
  deps: AppDeps,
  record: CaseRecord,
  next: AnyMachineSnapshot,
  step: StepEntry,
): Promise<CaseRecord | null> {
  const caseId = record._id.toHexString();
  const seq = (record.history[record.history.length - 1]?.seq ?? 0) + 1;
  const derived = derivedFields(next);
  const entry: HistoryRecord = {
    seq,
    at: step.at,
    actor: { id: step.actor.id, name: step.actor.name, role: step.actor.role },
    event: step.event,
    payload: step.payload,
    from: record.state,
    to: derived.state,
    key: step.key,
  };
  const outbox = outboxEntries(caseId, seq, step.actions, step.at);
  const moved = derived.queue !== record.queue || derived.state !== record.state;
  const names = await linkedNames(record, derived);
  const set = {
    snapshot: persisted(next),
    ...derived,
    ...names,
    updatedAt: step.at,
    ...(moved ? { waitingSince: step.at } : {}),
    ...(outbox.length > 0 ? { outboxPending: true } : {}),
  };
  // QA replay: the case data after this step, recorded with the step.
  const replay = recordReplay(record, { ...record, ...set, version: record.version + 1 }, seq);
  entry.replay = replay.replay;
  const updated = await CaseModel.findOneAndUpdate(
    { _id: record._id, version: record.version },
    {
      $set: { ...set, ...replay.set },
      $inc: { version: 1 },
      $push: {
        history: entry,
        ...(outbox.length > 0 ? { outbox: { $each: outbox } } : {}),
        idempotencyKeys: { $each: [rememberedKey(step.key, step.keyAction)], $slice: -REMEMBERED_KEYS },
      },
    },
    { returnDocument: 'after' },
  ).lean<CaseRecord>();
  if (updated) deps.publisher.publishCase(toQueueItem(updated), { queue: record.queue, assigneeId: record.assigneeId });
  return updated;
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
  const dueAt = args.timer.dueAt.toISOString();
  const key = `timer-drop:${args.timer.key}:${dueAt}`;
  const sameTimer = (t: Timer) => t.key === args.timer.key && new Date(t.dueAt).toISOString() === dueAt;
  for (let attempt = 0; ; attempt++) {
    const record = await loadCase(args.caseId);
    if (keyUse(record, key, 'TIMER_DROPPED') === 'replay') return { record, replayed: true };
    const snapshot = restoreSnapshot(record);
    const timers = (snapshot.context as ContextView).timers ?? [];
    if (!timers.some(sameTimer)) return null;
    const next = machineFor(record.kind).resolveState({
      value: snapshot.value,
      context: { ...(snapshot.context as Record<string, unknown>), timers: timers.filter((t) => !sameTimer(t)) },
    });
    const updated = await writeStep(deps, record, next, {
      at: deps.now(),
      actor: args.actor,
      event: 'TIMER_DROPPED',
      payload: { timer: args.timer.key, event: args.timer.event, dueAt },
      key,
      keyAction: 'TIMER_DROPPED',
      actions: [],
    });
    if (updated) return { record: updated, replayed: false };
    if (attempt >= 5) throw conflictError(await loadCase(args.caseId), record.version);
  }
}

/**
 * The tickets a transition must claim (the case starts holding them) or the booking whose claims it
 * lets go (it stops), from `heldTickets` on the state before and after.
 */
function claimsChange(record: CaseRecord, before: AnyMachineSnapshot, after: AnyMachineSnapshot) {
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
  record: CaseRecord,
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
