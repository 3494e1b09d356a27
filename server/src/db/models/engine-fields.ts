import { Schema } from 'mongoose';

/**
 * The parts of a document the engine core (server/src/engine/machine-store.ts) writes, whatever the
 * kind: cases and conversations keep their durable timers and their history the same way.
 */
export const timerSchema = new Schema({ key: String, event: String, dueAt: Date }, { _id: false });

export const historySchema = new Schema(
  {
    /** The version the step made. */
    seq: Number,
    at: Date,
    actor: { id: String, name: String, role: String },
    event: String,
    payload: Schema.Types.Mixed,
    from: String,
    to: String,
    /** Idempotency key of the request that caused it (audit trail of retries). */
    key: String,
    /** What QA replay needs: the case data after the step, in full or as its changes (server/src/qa/replay-record.ts). */
    replay: Schema.Types.Mixed,
  },
  { _id: false },
);
