import mongoose, { Schema } from 'mongoose';

/**
 * Webhook ids the telephony endpoint has handled (the `_id` is the `webhook-id`, unique by
 * definition): the phone system's retry of a delivery is answered without doing anything twice.
 */
const telephonyReceiptSchema = new Schema(
  {
    _id: { type: String },
    type: { type: String, required: true },
    callId: { type: String, required: true },
    outcome: { type: String, required: true },
    conversationId: { type: String, default: null },
    receivedAt: { type: Date, required: true },
  },
  { collection: 'telephony_receipts', versionKey: false, strict: 'throw' },
);
telephonyReceiptSchema.index({ receivedAt: 1 }, { expireAfterSeconds: 7 * 24 * 3600 });

export const TelephonyReceiptModel = mongoose.model('TelephonyReceipt', telephonyReceiptSchema);
