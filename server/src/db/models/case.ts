import mongoose, { Schema, type Types } from 'mongoose';
import { caseKinds, channels, priorities, queueNames } from '../../../../shared/cases';
import type { CaseKind, Channel, Priority, QueueName } from '../../../../shared/cases';

/**
 * One document per case. Every change goes through the case engine's single version-guarded
 * findOneAndUpdate, which sets the snapshot and the fields derived from it, bumps the version and
 * appends history and outbox entries in the same write (a standalone MongoDB has no transactions).
 */
import { historySchema, timerSchema } from './engine-fields';

const outboxSchema = new Schema(
  {
    id: String,
    type: String,
    params: Schema.Types.Mixed,
    /** Idempotency key passed to whatever performs the effect: performing twice has the effect once. */
    key: String,
    status: { type: String, enum: ['pending', 'done', 'dead'] },
    attempts: Number,
    nextAttemptAt: Date,
    leaseUntil: Date,
    /** Who holds the lease: only the holder may record the outcome. */
    leaseId: String,
    lastError: String,
    doneAt: Date,
    createdAt: Date,
  },
  { _id: false },
);

const caseSchema = new Schema(
  {
    ref: { type: String, required: true, unique: true },
    kind: { type: String, enum: caseKinds, required: true },
    schemaVersion: { type: Number, required: true },
    snapshot: { type: Schema.Types.Mixed, required: true },
    version: { type: Number, required: true },
    state: { type: String, required: true },
    status: { type: String, enum: ['open', 'closed'], required: true },
    queue: { type: String, enum: queueNames, required: true },
    priority: { type: String, enum: priorities, required: true },
    priorityRank: { type: Number, required: true },
    channel: { type: String, enum: channels, required: true },
    subject: { type: String, required: true },
    assigneeId: { type: String, default: null },
    assigneeName: { type: String, default: null },
    customerId: { type: String, default: null },
    customerName: { type: String, default: null },
    bookingId: { type: String, default: null },
    bookingRef: { type: String, default: null },
    timers: { type: [timerSchema], default: [] },
    nextDueAt: { type: Date, default: null },
    nextDueEvent: { type: String, default: null },
    /** People who follow the case without having it (a complaint handler after escalating). */
    watchers: { type: [{ _id: false, id: String, name: String }], default: [] },
    /** The first breached due time of an open case (its timer has fired and is gone from `timers`). */
    breachEvent: { type: String, default: null },
    breachDueAt: { type: Date, default: null },
    history: { type: [historySchema], default: [] },
    /** The history seq from which each entry records replay data (null: a case recorded before replay existed). */
    replaySince: { type: Number, default: null },
    outbox: { type: [outboxSchema], default: [] },
    /** True while any outbox entry is pending: what the outbox job looks for. */
    outboxPending: { type: Boolean, default: false },
    /** Recent idempotency keys of events applied to this case (a retried request is answered, not re-applied). */
    idempotencyKeys: { type: [String], default: [] },
    /** The customer's 1–5 rating after the case closed (the rating link the outbox sent); reports read it. */
    csat: { type: { _id: false, score: Number, comment: String, at: Date }, default: null },
    /** When the customer was sent the rating link (once per case). */
    csatRequestedAt: { type: Date, default: null },
    /** The key of the request that created the case: creating twice gives one case. */
    createKey: { type: String, required: true, unique: true },
    waitingSince: { type: Date, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'cases', versionKey: false, minimize: false },
);

// Queue windows: filter by status and queue, sorted by rank, waiting time, then ref (a total order for offsets).
caseSchema.index({ status: 1, queue: 1, priorityRank: -1, waitingSince: 1, ref: 1 });
caseSchema.index({ status: 1, nextDueAt: 1 });
caseSchema.index({ outboxPending: 1 });
caseSchema.index({ assigneeId: 1, status: 1 });
caseSchema.index({ 'watchers.id': 1, status: 1 });
caseSchema.index({ customerId: 1, createdAt: -1 });
// Reports: cases created in a range, history entries in a range, a customer's cases on a booking, ratings.
caseSchema.index({ createdAt: 1 });
caseSchema.index({ 'history.at': 1 });
caseSchema.index({ customerId: 1, bookingId: 1, createdAt: 1 });
caseSchema.index({ 'csat.at': 1 }, { sparse: true });

export type HistoryRecord = {
  seq: number;
  at: Date;
  actor: { id: string; name: string; role: string };
  event: string;
  payload: Record<string, unknown>;
  from: string;
  to: string;
  key: string;
  replay?: HistoryReplay;
};

/** A step's case data for replay: the whole of it (the first recorded step) or what the step changed. */
export type HistoryReplay =
  | { data: Record<string, unknown>; changes?: undefined }
  | { changes: { path: string[]; to?: unknown; removed?: true }[]; data?: undefined };

export type OutboxRecord = {
  id: string;
  type: string;
  params: Record<string, unknown>;
  key: string;
  status: 'pending' | 'done' | 'dead';
  attempts: number;
  nextAttemptAt: Date;
  leaseUntil: Date | null;
  leaseId?: string | null;
  lastError: string | null;
  doneAt: Date | null;
  createdAt: Date;
};

export type PersistedSnapshot = { value: unknown; context: Record<string, unknown> };

/** A case document as read with lean(). */
export type CaseRecord = {
  _id: Types.ObjectId;
  ref: string;
  kind: CaseKind;
  schemaVersion: number;
  snapshot: PersistedSnapshot;
  version: number;
  state: string;
  status: 'open' | 'closed';
  queue: QueueName;
  priority: Priority;
  priorityRank: number;
  channel: Channel;
  subject: string;
  assigneeId: string | null;
  assigneeName: string | null;
  customerId: string | null;
  customerName: string | null;
  bookingId: string | null;
  bookingRef: string | null;
  timers: { key: string; event: string; dueAt: Date }[];
  nextDueAt: Date | null;
  nextDueEvent: string | null;
  watchers?: { id: string; name: string }[];
  breachEvent?: string | null;
  breachDueAt?: Date | null;
  history: HistoryRecord[];
  replaySince?: number | null;
  outbox: OutboxRecord[];
  outboxPending: boolean;
  idempotencyKeys: string[];
  csat?: { score: number; comment: string | null; at: Date } | null;
  csatRequestedAt?: Date | null;
  createKey: string;
  waitingSince: Date;
  createdAt: Date;
  updatedAt: Date;
};

/**
 * A case as the engine path and the projections load it: without the two lists that grow with its
 * age (history is paged through `cases.history`; the outbox is the outbox job's).
 */
export type LoadedCase = Omit<CaseRecord, 'history' | 'outbox'>;

export const CaseModel = mongoose.model('Case', caseSchema);

const counterSchema = new Schema({ _id: String, seq: Number }, { collection: 'counters', versionKey: false });
export const CounterModel = mongoose.model('Counter', counterSchema);

/** Next number of a named sequence (one atomic upsert). */
export async function nextSequence(name: string): Promise<number> {
  const doc = await CounterModel.findOneAndUpdate(
    { _id: name },
    { $inc: { seq: 1 } },
    { upsert: true, returnDocument: 'after' },
  ).lean<{ seq: number }>();
  return doc?.seq ?? 1;
}
