/**
 * Presence: an agent's availability. The contract shared by routing, the console's top bar,
 * the wallboard and reports (time in status). Stored in the `presences` collection (one document
 * per user) and, for every change, in `presence_changes`.
 */
import { z } from 'zod';

export const presenceStatuses = ['available', 'on_contact', 'wrap_up', 'break', 'offline'] as const;
export type PresenceStatus = z.infer<typeof presenceStatusSchema>;
export const presenceStatusSchema = z.enum(presenceStatuses);

export const breakReasons = ['meal', 'training', 'meeting', 'missed_offer'] as const;
export type BreakReason = z.infer<typeof breakReasonSchema>;
export const breakReasonSchema = z.enum(breakReasons);

/** Statuses an agent may choose; on_contact and wrap_up follow from their live work. */
export const selectablePresenceStatuses = ['available', 'break', 'offline'] as const;
