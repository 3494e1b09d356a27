import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/**
 * One call to the (fake) payment gateway, keyed by its idempotency key: a retried call finds the
 * first one's result here instead of moving money again.
 */
const paymentSchema = new Schema(
  {
    idempotencyKey: { type: String, required: true, unique: true, maxlength: 200 },
    kind: { type: String, required: true, enum: ['collect', 'refund'] },
    amountFen: { type: Number, required: true, min: 0, validate: Number.isInteger },
    reference: { type: String, required: true, maxlength: 200 },
    /** paymentRef for a collection, gatewayRef for a refund. Only money that moved is recorded. */
    gatewayRef: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { strict: 'throw', strictQuery: 'throw' },
);

// The daily reconciliation reads a business day's records.
paymentSchema.index({ at: 1 });

export type Payment = InferSchemaType<typeof paymentSchema>;
export const PaymentModel = mongoose.model('Payment', paymentSchema);
