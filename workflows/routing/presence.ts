/**
 * What status an agent shows, from what they chose and the live work they hold. Pure: the
 * presence service and the router both ask this, so the rule lives once.
 */
import type { BreakReason, PresenceStatus } from '../../shared/presence';

export type ChosenPresence = { status: 'available' | 'break' | 'offline'; reason: BreakReason | null };
/** Live contacts in progress (accepted) and in wrap-up; offers do not change the status. */
export type LiveWork = { active: number; wrapUp: number };

export function effectivePresence(
  chosen: ChosenPresence,
  work: LiveWork,
): { status: PresenceStatus; reason: BreakReason | null } {
  // Work in progress outranks the choice: an agent on a call who picks "break" goes on break after it.
  if (work.active > 0) return { status: 'on_contact', reason: null };
  if (work.wrapUp > 0) return { status: 'wrap_up', reason: null };
  return { status: chosen.status, reason: chosen.status === 'break' ? chosen.reason : null };
}
