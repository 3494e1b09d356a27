import mongoose, { Schema, type Types } from 'mongoose';
import type { HistoryRecord, PersistedSnapshot } from './case';
import { historySchema, timerSchema } from './engine-fields';
import { conversationChannels, conversationStatuses, type ConversationFields } from '../../../../shared/conversations';

/**
 * One document per call, chat or callback attempt: the fields of shared/conversations.ts
 * ConversationFields (derived from the machine snapshot after every step), the snapshot itself, a
 * version for the guarded write, the append-only event list (`history`, as cases keep it: the
 * engine core's shape, seq = the version the step made) and the durable timers. Written only by
 * server/src/conversations/engine.ts through the engine core (server/src/engine/machine-store.ts).
 */

const conversationSchema = new Schema(
  {
    channel: { type: String, enum: conversationChannels, required: true },
    status: { type: String, enum: conversationStatuses, required: true },
    /** Dotted machine state ('active.held'). */
    state: { type: String, required: true },
    queue: { type: String, required: true },
    customerId: { type: String, default: null },
    phone: { type: String, default: null },
    agentId: { type: String, default: null },
    agentName: { type: String, default: null },
    caseIds: { type: [String], default: [] },
    externalId: { type: String, default: null },
    callbackId: { type: String, default: null },
    queuedAt: { type: Date, required: true },
    offeredAt: { type: Date, default: null },
    answeredAt: { type: Date, default: null },
    endedAt: { type: Date, default: null },
    wrapUpEndAt: { type: Date, default: null },
    holdMs: { type: Number, default: 0 },
    disposition: { type: String, default: null },
    csat: { type: { score: Number, comment: String, at: Date }, default: null, _id: false },
    snapshot: { type: Schema.Types.Mixed, required: true },
    version: { type: Number, required: true },
    history: { type: [historySchema], default: [] },
    /** The engine core's outbox (conversations describe no effects yet; kept so the core's write fits). */
    outbox: { type: [Schema.Types.Mixed], default: [] },
    outboxPending: { type: Boolean, default: false },
    timers: { type: [timerSchema], default: [] },
    nextDueAt: { type: Date, default: null },
    idempotencyKeys: { type: [String], default: [] },
    /** Unique among documents that have one (the engine always sets it; reports' fixtures and imports may not). */
    createKey: { type: String, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'conversations', strict: 'throw', minimize: false, versionKey: false },
);
conversationSchema.index(
  { createKey: 1 },
  { unique: true, partialFilterExpression: { createKey: { $type: 'string' } } },
);
conversationSchema.index({ status: 1, queue: 1, queuedAt: 1 });
// Reports: contacts of a range, ratings of a range.
conversationSchema.index({ queuedAt: 1 });
conversationSchema.index({ 'csat.at': 1 }, { partialFilterExpression: { 'csat.at': { $type: 'date' } } });
conversationSchema.index({ agentId: 1, status: 1 });
conversationSchema.index({ customerId: 1, queuedAt: -1 });
conversationSchema.index({ caseIds: 1 });
conversationSchema.index({ nextDueAt: 1 }, { partialFilterExpression: { nextDueAt: { $type: 'date' } } });
conversationSchema.index({ channel: 1, externalId: 1 });

export type ConversationRecord = ConversationFields & {
  _id: Types.ObjectId;
  state: string;
  callbackId: string | null;
  snapshot: PersistedSnapshot;
  version: number;
  /** Absent when loaded for a transition (the engine core never reads it). */
  history?: HistoryRecord[];
  timers: { key: string; event: string; dueAt: Date }[];
  nextDueAt: Date | null;
  idempotencyKeys: string[];
  createKey: string;
  createdAt: Date;
  updatedAt: Date;
};

export const ConversationModel = mongoose.model('Conversation', conversationSchema);
