import mongoose, { Schema } from 'mongoose';

/**
 * One document per Shanghai business day that was prepared or closed (`_id` is the date). A closed
 * day keeps what it showed when it was closed, and every write to it is guarded by
 * `status: { $ne: 'closed' }`: a closed day never changes.
 */
const reconciliationDaySchema = new Schema(
  {
    _id: { type: String },
    status: { type: String, enum: ['prepared', 'closed'], required: true },
    totals: { type: Schema.Types.Mixed, default: null },
    mismatches: { type: Schema.Types.Mixed, default: [] },
    adjustments: { type: Schema.Types.Mixed, default: [] },
    preparedAt: { type: Date, default: null },
    preparedBy: { type: String, default: null },
    /** Who is preparing the day and until when: the job on one node claims it with a guarded write. */
    claimUntil: { type: Date, default: null },
    closedAt: { type: Date, default: null },
    closedBy: { type: { _id: false, id: String, name: String }, default: null },
    note: { type: String, default: null },
    closeKey: { type: String, default: null },
  },
  { collection: 'reconciliation_days', versionKey: false, minimize: false },
);
export const ReconciliationDayModel = mongoose.model('ReconciliationDay', reconciliationDaySchema);

/** A correction entered after the fact: it belongs to the day it was made (`madeOn`), never to the closed day it corrects. */
const adjustmentSchema = new Schema(
  {
    /** The client's idempotency key: entering it twice gives one adjustment. */
    _id: { type: String },
    madeOn: { type: String, required: true },
    correctsDate: { type: String, required: true },
    kind: { type: String, enum: ['refund', 'collection', 'compensation'], required: true },
    amountFen: { type: Number, required: true },
    note: { type: String, required: true },
    by: { type: { _id: false, id: String, name: String }, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'reconciliation_adjustments', versionKey: false, strict: 'throw' },
);
adjustmentSchema.index({ madeOn: 1, at: 1 });
export const AdjustmentModel = mongoose.model('ReconciliationAdjustment', adjustmentSchema);
