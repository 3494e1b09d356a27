import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/**
 * One customer's compensation being recorded right now (server/src/cases/compensation-lock.ts):
 * `_id` is the customer id, `holder` a random token of the request holding it, `until` when a
 * holder that died lets go by itself. Shared by every server process.
 */
const compensationLockSchema = new Schema(
  {
    _id: { type: String, required: true },
    holder: { type: String, required: true },
    until: { type: Date, required: true },
  },
  { strict: 'throw', strictQuery: 'throw', versionKey: false },
);
compensationLockSchema.index({ until: 1 }, { expireAfterSeconds: 3_600 });

export type CompensationLock = InferSchemaType<typeof compensationLockSchema>;
export const CompensationLockModel = mongoose.model('CompensationLock', compensationLockSchema, 'compensation_locks');
