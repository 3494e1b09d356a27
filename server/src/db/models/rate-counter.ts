import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/**
 * One fixed window of a rate limit: `_id` is "<limit>:<subject>:<window start ms>", `count` is
 * taken with an atomic upsert-$inc before the limited action runs, so every server process sees
 * the same count. Old windows expire through the TTL index.
 */
const rateCounterSchema = new Schema(
  {
    _id: { type: String, required: true, maxlength: 300 },
    count: { type: Number, required: true, default: 0 },
    expiresAt: { type: Date, required: true },
  },
  { strict: 'throw', strictQuery: 'throw', versionKey: false },
);
rateCounterSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

export type RateCounter = InferSchemaType<typeof rateCounterSchema>;
export const RateCounterModel = mongoose.model('RateCounter', rateCounterSchema);
