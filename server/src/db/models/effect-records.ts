import mongoose, { Schema } from 'mongoose';

/** Compensation given for complaints (vouchers, points), keyed by the effect's idempotency key. */
const compensationSchema = new Schema(
  {
    _id: { type: String },
    caseId: { type: String, required: true },
    customerId: { type: String, required: true },
    type: { type: String, required: true, enum: ['voucher', 'points'] },
    amountFen: { type: Number, required: true, min: 0 },
    reference: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'compensations', versionKey: false, strict: 'throw' },
);
compensationSchema.index({ at: 1 });
export const CompensationModel = mongoose.model('Compensation', compensationSchema);

/** Messages to customers (e-ticket, quote, acknowledgement): the record an SMS/e-mail sender would work from. */
const notificationSchema = new Schema(
  {
    _id: { type: String },
    caseId: { type: String, required: true },
    customerId: { type: String, default: null },
    template: { type: String, required: true },
    params: { type: Schema.Types.Mixed, default: {} },
    at: { type: Date, required: true },
  },
  { collection: 'notifications', versionKey: false, strict: 'throw', minimize: false },
);
export const NotificationModel = mongoose.model('Notification', notificationSchema);
