import mongoose, { Schema, type Types } from 'mongoose';
import {
  callbackSources,
  callbackStatuses,
  type CallbackSource,
  type CallbackStatus,
} from '../../../../shared/conversations';

/**
 * A promise to call a customer back within a window. Its due time is durable (`dueAt`, fired by
 * the conversation jobs, so it survives restarts and runs on any node): when due, it opens a
 * `callback` conversation in the queue. Changes are guarded by `version`; `events` is append-only.
 */
const callbackSchema = new Schema(
  {
    status: { type: String, enum: callbackStatuses, required: true },
    customerId: { type: String, default: null },
    /** Digits only, no +86 (as conversations store it). */
    phone: { type: String, required: true },
    window: { from: { type: Date, required: true }, to: { type: Date, required: true } },
    source: { type: String, enum: callbackSources, required: true },
    /** Attempts made so far (a no-answer is retried until maxAttempts). */
    attempts: { type: Number, required: true, default: 0 },
    maxAttempts: { type: Number, required: true, default: 3 },
    /** When the next attempt is due (scheduled only). */
    dueAt: { type: Date, default: null },
    /** The window ended before the customer was reached: the promise was broken. */
    breachedAt: { type: Date, default: null },
    /** The attempt in progress (queued). */
    conversationId: { type: String, default: null },
    /** The call or chat the request came from. */
    originConversationId: { type: String, default: null },
    events: {
      type: [
        new Schema(
          { at: Date, event: String, actor: { id: String, name: String, role: String }, payload: Schema.Types.Mixed },
          { _id: false },
        ),
      ],
      default: [],
    },
    version: { type: Number, required: true, default: 1 },
    createKey: { type: String, required: true, unique: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'callbacks', strict: 'throw', versionKey: false, minimize: false },
);
callbackSchema.index({ status: 1, dueAt: 1 });
callbackSchema.index({ status: 1, 'window.to': 1, breachedAt: 1 });
callbackSchema.index({ customerId: 1, createdAt: -1 });

export type CallbackRecord = {
  _id: Types.ObjectId;
  status: CallbackStatus;
  customerId: string | null;
  phone: string;
  window: { from: Date; to: Date };
  source: CallbackSource;
  attempts: number;
  maxAttempts: number;
  dueAt: Date | null;
  breachedAt: Date | null;
  conversationId: string | null;
  originConversationId: string | null;
  events: { at: Date; event: string; actor: { id: string; name: string; role: string }; payload: unknown }[];
  version: number;
  createKey: string;
  createdAt: Date;
  updatedAt: Date;
};

export const CallbackModel = mongoose.model('Callback', callbackSchema);
