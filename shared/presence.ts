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

/** Break reasons an agent picks; missed_offer is set by the router when an offer lapses. */
export const selectableBreakReasons = ['meal', 'training', 'meeting'] as const;

export const setPresenceInputSchema = z
  .object({
    status: z.enum(selectablePresenceStatuses),
    reason: z.enum(breakReasons).optional(),
  })
  .strict()
  .refine((v) => (v.status === 'break') === (v.reason !== undefined), {
    message: 'a break needs a reason, and only a break has one',
    path: ['reason'],
  });
export type SetPresenceInput = z.infer<typeof setPresenceInputSchema>;

/** Live work an agent holds now (offered or in progress), per kind; what capacity is measured against. */
export type PresenceLoad = { calls: number; chats: number; cases: number };

/** One agent's presence as the top bar, the wallboard and the router read it. */
export type PresenceView = {
  userId: string;
  userName: string;
  status: PresenceStatus;
  reason: BreakReason | null;
  /** When the current status began (ISO). */
  since: string;
  /** Last time any of the agent's consoles was seen (ISO), null when never. */
  lastSeenAt: string | null;
  /** Since when the agent has had no live contact (ISO): the router's "longest idle". */
  idleSince: string;
  load: PresenceLoad;
};
