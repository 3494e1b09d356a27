import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/**
 * A signed-in session. Only sha256(token) is stored: a leaked database dump does not let anyone
 * sign in. Expiry is checked on every read, since not every MongoDB here runs TTL expiry; the TTL
 * index just tidies up where it does.
 */
const sessionSchema = new Schema(
  {
    tokenHash: { type: String, required: true, unique: true },
    userId: { type: Schema.Types.ObjectId, required: true, ref: 'User', index: true },
    expiresAt: { type: Date, required: true },
    createdAt: { type: Date, required: true },
    ip: { type: String, required: true, maxlength: 100 },
  },
  { strict: 'throw', strictQuery: 'throw' },
);
sessionSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

export type Session = InferSchemaType<typeof sessionSchema>;
export const SessionModel = mongoose.model('Session', sessionSchema);
