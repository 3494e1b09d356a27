import mongoose, { Schema } from 'mongoose';
import { breakReasons, presenceStatuses, type BreakReason, type PresenceStatus } from '../../../../shared/presence';

/**
 * One document per user: their presence now. `status` is what others see (on_contact and wrap_up
 * follow from live work); `chosen` is what the agent picked, which they go back to when the work
 * ends. `holds` lists the live contacts held now; the router reserves capacity with a guarded
 * update on it, so two processes cannot both fill the last slot. `version` guards status changes.
 */
const presenceSchema = new Schema(
  {
    userId: { type: String, required: true, unique: true },
    userName: { type: String, required: true },
    role: { type: String, required: true },
    status: { type: String, enum: presenceStatuses, required: true },
    reason: { type: String, enum: [...breakReasons, null], default: null },
    since: { type: Date, required: true },
    chosen: { type: String, enum: ['available', 'break', 'offline'], required: true },
    chosenReason: { type: String, enum: [...breakReasons, null], default: null },
    /** Last time a console of this user was connected (heartbeat, or the moment the last one closed). */
    lastSeenAt: { type: Date, default: null },
    idleSince: { type: Date, required: true },
    /**
     * Live contacts held (offered or in progress): what capacity is checked against. The router
     * adds one only with a guarded update that checks the room left, so no agent goes over.
     */
    holds: {
      type: [{ _id: false, conversationId: String, channel: String, at: Date }],
      default: [],
    },
    /** Open cases assigned to the user, as last counted (routing.next and the router refresh it). */
    openCases: { type: Number, default: 0 },
    version: { type: Number, required: true, default: 0 },
  },
  { collection: 'presences', versionKey: false, minimize: false },
);
presenceSchema.index({ status: 1, idleSince: 1 });
presenceSchema.index({ status: 1, lastSeenAt: 1 });

export type PresenceRecord = {
  _id: mongoose.Types.ObjectId;
  userId: string;
  userName: string;
  role: string;
  status: PresenceStatus;
  reason: BreakReason | null;
  since: Date;
  chosen: 'available' | 'break' | 'offline';
  chosenReason: BreakReason | null;
  lastSeenAt: Date | null;
  idleSince: Date;
  holds: PresenceHold[];
  openCases: number;
  version: number;
};

export type PresenceHold = { conversationId: string; channel: string; at: Date };

export const PresenceModel = mongoose.model('Presence', presenceSchema);

/** Every status change, kept: reports compute time in status from consecutive changes of a user. */
const presenceChangeSchema = new Schema(
  {
    userId: { type: String, required: true },
    userName: { type: String, required: true },
    status: { type: String, enum: presenceStatuses, required: true },
    reason: { type: String, enum: [...breakReasons, null], default: null },
    at: { type: Date, required: true },
  },
  { collection: 'presence_changes', versionKey: false },
);
presenceChangeSchema.index({ userId: 1, at: 1 });
presenceChangeSchema.index({ at: 1 });

export const PresenceChangeModel = mongoose.model('PresenceChange', presenceChangeSchema);
