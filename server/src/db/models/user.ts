import mongoose, { Schema, type HydratedDocument, type InferSchemaType } from 'mongoose';
import { roles } from '../../../../shared/roles';
import { queueNames } from '../../../../shared/cases';

const userSchema = new Schema(
  {
    /** Sign-in name, stored lower-case so "Agent1" and "agent1" are one user. */
    username: { type: String, required: true, unique: true, lowercase: true, trim: true, maxlength: 64 },
    name: { type: String, required: true, trim: true, maxlength: 100 },
    role: { type: String, required: true, enum: roles },
    /** argon2id PHC string. */
    passwordHash: { type: String, required: true },
    /** Queues this user works by default (also what the assign picker shows). */
    queues: { type: [{ type: String, enum: queueNames }], default: [] },
    /** The phone extension that rings at this user's desk (telephony webhook `agentExtension`); null for none. */
    extension: { type: String, default: null, match: /^\d{3,8}$/ },
    /** Deactivated users cannot sign in and drop out of pickers; their history stays. */
    active: { type: Boolean, required: true, default: true },
    /** QA reviewers who lead QA: they define scorecards and sampling rules and resolve disputes. */
    qaLead: { type: Boolean, default: false },
  },
  { timestamps: true, strict: 'throw', strictQuery: 'throw' },
);
userSchema.index({ role: 1, active: 1 });
userSchema.index({ extension: 1 }, { unique: true, partialFilterExpression: { extension: { $type: 'string' } } });

export type User = InferSchemaType<typeof userSchema>;
export type UserDocument = HydratedDocument<User>;
export const UserModel = mongoose.model('User', userSchema);
