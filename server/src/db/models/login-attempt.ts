import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/**
 * Sign-in attempts counted per key (a username at an address, a username, an address), shared by
 * every server process. One document per key, changed only with atomic $inc and guarded updates.
 */
const loginAttemptSchema = new Schema(
  {
    _id: { type: String, required: true },
    /** Attempts reserved in the current window, counted before the password is checked. */
    count: { type: Number, required: true, default: 0 },
    windowEndsAt: { type: Date, required: true },
    /** How often this key has hit its limit: each lockout lasts twice as long as the one before. */
    strikes: { type: Number, required: true, default: 0 },
    /** Tidied up by TTL a day after the last window ended (where the MongoDB runs TTL expiry). */
    expiresAt: { type: Date, required: true },
  },
  { strict: 'throw', strictQuery: 'throw', versionKey: false },
);
loginAttemptSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

export type LoginAttempt = InferSchemaType<typeof loginAttemptSchema>;
export const LoginAttemptModel = mongoose.model('LoginAttempt', loginAttemptSchema, 'login_attempts');
