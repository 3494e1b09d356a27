import type { QueueItem } from '../../../shared/cases';
import { compareQueueItems } from '../../../shared/queue-window';
import { queuesByRole, type CaseKind, type Channel, type QueueName } from '../../../shared/case-vocabulary';
import type { SessionUser } from '../../../shared/auth';

/** The queue order, as the server's windows sort it (shared/queue-window.ts). */
export { compareQueueItems } from '../../../shared/queue-window';

export function sortQueue(items: readonly QueueItem[]): QueueItem[] {
  return [...items].sort(compareQueueItems);
}

export type QueueFilters = { kind?: CaseKind; state?: string; channel?: Channel; queue?: QueueName };

export function filterQueue(items: readonly QueueItem[], filters: QueueFilters): QueueItem[] {
  return items.filter(
    (item) =>
      (!filters.kind || item.kind === filters.kind) &&
      (!filters.state || item.state === filters.state) &&
      (!filters.channel || item.channel === filters.channel) &&
      (!filters.queue || item.queue === filters.queue),
  );
}

/** What one cached snapshot holds: some queues, the caller's own cases, or both at once. */
export type SnapshotScope = { queues?: readonly QueueName[]; mine?: boolean };

export function belongsTo(item: QueueItem, scope: SnapshotScope, meId: string): boolean {
  if (item.status !== 'open') return false;
  if (scope.queues && !scope.queues.includes(item.queue)) return false;
  // "Mine" is what I have and what I escalated and still watch (as the server's snapshot lists it).
  if (scope.mine && item.assignee?.id !== meId && !(item.watchers ?? []).some((w) => w.id === meId)) return false;
  return true;
}

/**
 * A pushed row applied to a cached list: inserted, replaced, or removed when it has left the
 * scope (closed, moved to another queue, assigned to someone else). A push older than what is
 * cached (it can arrive through two rooms) changes nothing.
 */
export function applyQueueItem(
  items: readonly QueueItem[],
  item: QueueItem,
  scope: SnapshotScope,
  meId: string,
): readonly QueueItem[] {
  const index = items.findIndex((existing) => existing.id === item.id);
  const existing = index >= 0 ? items[index] : undefined;
  if (existing && existing.version >= item.version) return items;
  const keep = belongsTo(item, scope, meId);
  if (!existing) return keep ? [...items, item] : items;
  if (!keep) return items.filter((other) => other.id !== item.id);
  const next = [...items];
  next[index] = item;
  return next;
}

/** Queues a role watches (the server refuses the others). */
export function visibleQueues(user: SessionUser): QueueName[] {
  return [...queuesByRole[user.role]];
}
