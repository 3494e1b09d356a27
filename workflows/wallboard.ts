/**
 * Wallboard figures as definitions (pure): service-level targets per channel, the wait alert, and
 * what counts as "due soon". The server's aggregations and the console read them from here.
 */
import type { ConversationChannel } from '../shared/conversations';

export type WallboardConfig = {
  /** A live contact answered within this many seconds of queuing counts as within service level. */
  serviceLevelSec: Record<ConversationChannel, number>;
  /** A queue alerts once its longest-waiting contact has waited longer than this. */
  waitAlertSec: number;
  /** Open cases each agent may hold (the router's default when a user has no capacity of their own). */
  caseCapacity: number;
  /** Chats an agent takes at once. */
  chatCapacity: number;
};

export const defaultWallboardConfig: WallboardConfig = {
  serviceLevelSec: { call: 20, chat: 60, callback: 60 },
  waitAlertSec: 60,
  caseCapacity: 20,
  chatCapacity: 3,
};

/** Due times turn amber under 15 minutes (the console's DUE_SOON_MS is the same rule). */
export const DUE_SOON_MS = 15 * 60 * 1000;

/** The fullest channel's share of capacity: a call takes the whole agent. */
export function capacityUsed(
  live: { call: number; chat: number; callback: number },
  openCases: number,
  capacity: { call: number; chat: number; cases: number },
): number {
  const shares = [
    (live.call + live.callback) / Math.max(1, capacity.call),
    live.chat / Math.max(1, capacity.chat),
    openCases / Math.max(1, capacity.cases),
  ];
  return Math.min(1, Math.max(0, ...shares));
}
