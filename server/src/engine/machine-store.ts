/**
 * The generic core of the engine path, for any collection whose documents host an XState machine:
 * load once (without the history or the outbox) → pure `transition` → one version-guarded
 * findOneAndUpdate that `$set`s the snapshot and its derived fields, `$inc`s the version and `$push`es
 * the history entry, the outbox effects and the remembered key → publish. A transition never reads
 * or returns the history, so its cost does not grow as a document gets older.
 *
 * How a second kind plugs in (conversations do it in server/src/conversations):
 *   1. its documents carry `version`, `state`, `snapshot`, `history`, `outbox`, `outboxPending`,
 *      `idempotencyKeys` (the fields of `StoredMachine`), and an index on whatever its jobs query;
 *   2. it describes itself once as a `MachineStore` (`model`, `label`, `restore` the snapshot with
 *      its machine, `machineOf` a record, `derive` the fields copied from a snapshot, `publish`);
 *   3. its service calls `loadRecord` / `applyMachineEvent(store, …)`, or `createMachineRecord`.
 * History `seq` is the version the step produced (both start at 1 and move together), so no step
 * needs to read the history to number its entry.
 */
import { randomUUID } from 'node:crypto';
import mongoose, { Types, type Model, type mongo } from 'mongoose';
import { transition, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import { DomainError } from '../../../shared/errors';
import type { Actor } from '../../../workflows/machines/contract';
import { EFFECT_PREFIX } from '../../../workflows/machines/effects';
import type { HistoryRecord, OutboxRecord, PersistedSnapshot } from '../db/models/case';
import { persistedSnapshot } from './snapshot';

/** How many recent idempotency keys a document remembers. A retry older than that is a new request. */
export const REMEMBERED_KEYS = 200;

/** The fields every machine-hosting document has, as the engine path loads it (no history, no outbox). */
export type StoredMachine = {
  _id: Types.ObjectId;
  version: number;
  state: string;
  snapshot: PersistedSnapshot;
  idempotencyKeys: string[];
};

/** The database's own time limit that mongoose puts on every query (DB_TIMEOUT_MS), for the driver calls here too. */
function timeLimit(): { maxTimeMS?: number } {
  const maxTimeMS = mongoose.get('maxTimeMS') as number | undefined;
  return maxTimeMS ? { maxTimeMS } : {};
}

/** What a transition never reads: the growing lists. */
export const WITHOUT_GROWING_LISTS = { history: 0, outbox: 0 } as const;

export type EngineEvent = { type: string } & Record<string, unknown>;

/** The fields a kind copies from a snapshot onto its document. */
export type Derived = { state: string } & Record<string, unknown>;

/** One kind of document run by the engine path. */
export type MachineStore<R extends StoredMachine> = {
  // Any mongoose model: the store only uses findById / findOneAndUpdate / insertOne on it.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  model: Model<any>;
  /** "Case", "Conversation": used in error messages. */
  label: string;
  machineOf(record: R): AnyStateMachine;
  /** Restores the stored snapshot (migrating it if needed); throws CORRUPT_RECORD when it cannot. */
  restore(record: R): AnyMachineSnapshot;
  /** The fields copied from a snapshot onto the document so queries can use them; `state` among them. */
  derive(snapshot: AnyMachineSnapshot): Derived;
  /** Called after every committed write with the document as written and as it was before. */
  publish(updated: R, previous: R): void;
  /** The error for an event the state does not accept (a kind words it with its own reasons); a generic one when absent. */
  refusal?(record: R, snapshot: AnyMachineSnapshot, event: EngineEvent): DomainError;
  /** Names the document in messages ("Case RF-000012"). */
  describe?(record: R): string;
};

/** Keys are remembered with the action they came with, so a key reused for another action is refused. */
export function rememberedKey(key: string, action: string): string {
  return `${key}#${action}`;
}

/** 'replay' when this key already applied this action; 'reused' when it applied another one. */
export function keyUse(record: Pick<StoredMachine, 'idempotencyKeys'>, key: string, action: string) {
  if (record.idempotencyKeys.includes(rememberedKey(key, action))) return 'replay' as const;
  // Keys remembered before payload digests were: the event type alone.
  const eventType = action.split('~')[0] ?? action;
  if (eventType !== action && record.idempotencyKeys.includes(rememberedKey(key, eventType))) return 'replay' as const;
  return record.idempotencyKeys.some((k) => k.startsWith(`${key}#`)) ? ('reused' as const) : ('new' as const);
}

/** Loads one document for a transition: once, without its history and outbox. */
export async function loadRecord<R extends StoredMachine>(store: MachineStore<R>, id: string): Promise<R> {
  const missing = () => new DomainError('NOT_FOUND', `${store.label} ${id} does not exist.`);
  if (!Types.ObjectId.isValid(id)) throw missing();
  // The driver's own findOne: the engine reads what it wrote, so mongoose's casting and hydration add nothing.
  const record = (await store.model.collection.findOne(
    { _id: new Types.ObjectId(id) },
    { projection: WITHOUT_GROWING_LISTS, ...timeLimit() },
  )) as R | null;
  if (!record) throw missing();
  return record;
}

/** The last history entry of a document (for conflict messages): one sliced read, off the hot path. */
export async function lastHistoryEntry<R extends StoredMachine>(
  store: MachineStore<R>,
  id: Types.ObjectId,
): Promise<HistoryRecord | null> {
  const doc = await store.model.findById(id, { _id: 1, history: { $slice: -1 } }).lean<{ history?: HistoryRecord[] }>();
  return doc?.history?.[0] ?? null;
}

/** The outbox entries a step records for the effects its machine described (`effect.*` actions). */
export function outboxEntries(
  ownerId: string,
  seq: number,
  actions: readonly { type: string; params?: unknown }[],
  at: Date,
): OutboxRecord[] {
  return actions
    .filter((action) => action.type.startsWith(EFFECT_PREFIX))
    .map((action, index) => ({
      id: randomUUID(),
      type: action.type.slice(EFFECT_PREFIX.length),
      params: (action.params ?? {}) as Record<string, unknown>,
      key: `${ownerId}:${seq}:${index}`,
      status: 'pending' as const,
      attempts: 0,
      nextAttemptAt: at,
      leaseUntil: null,
      lastError: null,
      doneAt: null,
      createdAt: at,
    }));
}

export type Transitioned = {
  next: AnyMachineSnapshot;
  actions: { type: string; params?: unknown }[];
};

/**
 * The pure step: checks the restored snapshot accepts the stamped event and computes the next one.
 * An event the state does not accept is EVENT_NOT_ALLOWED naming the state; a guard that throws
 * reads a context this code cannot make sense of (CORRUPT_RECORD).
 */
export function transitionRecord<R extends StoredMachine>(
  store: MachineStore<R>,
  record: R,
  snapshot: AnyMachineSnapshot,
  stamped: EngineEvent,
): Transitioned {
  const name = store.describe?.(record) ?? `${store.label} ${record._id.toHexString()}`;
  let acceptable: boolean;
  try {
    acceptable = snapshot.can(stamped);
  } catch (error) {
    throw new DomainError(
      'CORRUPT_RECORD',
      `${name} cannot be read (${error instanceof Error ? error.message : String(error)}); it was left unchanged.`,
      { id: record._id.toHexString() },
    );
  }
  if (!acceptable) {
    throw (
      store.refusal?.(record, snapshot, stamped) ??
      new DomainError(
        'EVENT_NOT_ALLOWED',
        `Event ${stamped.type} is not allowed while the ${store.label.toLowerCase()} is in state ${record.state}.`,
        { event: stamped.type, state: record.state },
      )
    );
  }
  const [next, actions] = transition(store.machineOf(record), snapshot, stamped);
  return { next, actions: actions as { type: string; params?: unknown }[] };
}

export type StepEntry = {
  at: Date;
  actor: Actor;
  event: string;
  payload: Record<string, unknown>;
  key: string;
  /** What the key is remembered with (the event type, with a payload digest for client events). */
  keyAction: string;
  actions: readonly { type: string; params?: unknown }[];
};

/**
 * The one write of a step, guarded by the version it was computed from: the next snapshot and the
 * fields derived from it (plus what `extraSet` adds), the version, the history entry, the outbox effects and
 * the remembered key; then the push. Returns the document as written (without its history and
 * outbox), or null when another write got there first (nothing was written).
 */
export async function writeStep<R extends StoredMachine>(
  store: MachineStore<R>,
  record: R,
  next: AnyMachineSnapshot,
  step: StepEntry,
  extraSet?: StepHooks<R>['extraSet'],
  recordStep?: StepHooks<R>['recordStep'],
): Promise<R | null> {
  const seq = record.version + 1;
  const derived = store.derive(next);
  const extra = extraSet ? await extraSet(record, derived, step.at) : {};
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
  const outbox = outboxEntries(record._id.toHexString(), seq, step.actions, step.at);
  const set = {
    snapshot: persistedSnapshot(next),
    ...derived,
    ...extra,
    updatedAt: step.at,
    ...(outbox.length > 0 ? { outboxPending: true } : {}),
  };
  // What the kind records with the step, from the document before and as it will be after (cases: QA replay).
  const recorded = recordStep?.(record, { ...record, ...set, version: seq }, seq);
  if (recorded) Object.assign(entry, recorded.entry);
  // Built here from typed values, so it goes to the driver as is (mongoose's update casting was most
  // of a transition's CPU).
  const update = {
    $set: { ...set, ...recorded?.set },
    $inc: { version: 1 },
    $push: {
      history: entry,
      ...(outbox.length > 0 ? { outbox: { $each: outbox } } : {}),
      idempotencyKeys: { $each: [rememberedKey(step.key, step.keyAction)], $slice: -REMEMBERED_KEYS },
    },
    // The driver types `$push` on an untyped collection as if no field held an array.
  } as unknown as mongo.UpdateFilter<mongo.Document>;
  const updated = (await store.model.collection.findOneAndUpdate({ _id: record._id, version: record.version }, update, {
    returnDocument: 'after',
    projection: WITHOUT_GROWING_LISTS,
    ...timeLimit(),
  })) as unknown as R | null;
  if (updated) store.publish(updated, record);
  return updated;
}

export type ApplyArgs<R extends StoredMachine> = {
  id: string;
  /** The version the sender saw; 'current' for system events (timers, outbox results), which retry on conflict. */
  expectedVersion: number | 'current';
  key: string;
  actor: Actor;
  event: EngineEvent;
  /** What goes into the history entry; the event without its type when absent. */
  historyPayload?: Record<string, unknown>;
  /** What the key is remembered with; the event type when absent. */
  keyAction?: string;
  /** The document the caller already loaded (through `loadRecord`) for this request: not loaded again. */
  loaded?: R;
};

/** Hooks a kind adds around the write (cases claim tickets there); all optional. */
export type StepHooks<R extends StoredMachine> = {
  /** Fields to `$set` besides the derived ones (looked up from the record and the next snapshot). */
  extraSet?(record: R, derived: Derived, at: Date): Promise<Record<string, unknown>>;
  /** Fields for the history entry and the document, from the document before and after the step (QA replay). */
  recordStep?(before: R, after: R, seq: number): { entry: Record<string, unknown>; set: Record<string, unknown> };
  /** Before the write; what it returns is handed to `afterWrite` / `afterLost`. */
  beforeWrite?(record: R, before: AnyMachineSnapshot, next: AnyMachineSnapshot, at: Date): Promise<unknown>;
  afterWrite?(updated: R, prepared: unknown): Promise<void>;
  /** The write lost a race: undo what `beforeWrite` did, given the winner. */
  afterLost?(fresh: R, prepared: unknown): Promise<void>;
  /** The message for a version conflict. */
  conflict(record: R, expected: number): Promise<DomainError>;
};

export type ApplyOutcome<R extends StoredMachine> = { record: R; snapshot: AnyMachineSnapshot; replayed: boolean };

/**
 * Applies one event to one document atomically. A stale version is a CONFLICT (nothing written); a
 * repeated key returns the document as it is (the first request's effect stands). The snapshot is
 * restored once per attempt, and the next one is returned so the caller does not restore it again.
 */
export async function applyMachineEvent<R extends StoredMachine>(
  store: MachineStore<R>,
  args: ApplyArgs<R>,
  hooks: StepHooks<R>,
  now: () => Date,
): Promise<ApplyOutcome<R>> {
  const action = args.keyAction ?? args.event.type;
  // A retry after a lost race starts from the document the race was lost to (no further load).
  let record = args.loaded ?? (await loadRecord(store, args.id));
  for (let attempt = 0; ; attempt++) {
    const use = keyUse(record, args.key, action);
    if (use === 'replay') return { record, snapshot: store.restore(record), replayed: true };
    if (use === 'reused')
      throw new DomainError(
        'INVALID_INPUT',
        `This request's idempotency key was already used for a different action; ${args.event.type} was not applied. Send it with a new key.`,
      );
    const expected = args.expectedVersion === 'current' ? record.version : args.expectedVersion;
    if (record.version !== expected) throw await hooks.conflict(record, expected);

    const snapshot = store.restore(record);
    const at = now();
    const stamped = { ...args.event, meta: { actor: args.actor, at: at.toISOString() } };
    const { next, actions } = transitionRecord(store, record, snapshot, stamped);
    const step: StepEntry = {
      at,
      actor: args.actor,
      event: args.event.type,
      payload: args.historyPayload ?? withoutType(args.event),
      key: args.key,
      keyAction: action,
      actions,
    };
    const prepared = await hooks.beforeWrite?.(record, snapshot, next, at);
    const updated = await writeStep(store, record, next, step, hooks.extraSet, hooks.recordStep);
    if (updated) {
      await hooks.afterWrite?.(updated, prepared);
      return { record: updated, snapshot: next, replayed: false };
    }
    // Nobody matched: another write got there first.
    const fresh = await loadRecord(store, args.id);
    await hooks.afterLost?.(fresh, prepared);
    if (keyUse(fresh, args.key, action) === 'replay')
      return { record: fresh, snapshot: store.restore(fresh), replayed: true };
    if (args.expectedVersion !== 'current' || attempt >= 5) throw await hooks.conflict(fresh, expected);
    record = fresh;
  }
}

function withoutType(event: EngineEvent): Record<string, unknown> {
  const { type: _type, ...rest } = event;
  return rest;
}
