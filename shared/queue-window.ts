/**
 * What a queue window is: which cases a list holds (scope and filters), in which order, and how
 * many rows a window has. Zod-free (the console's first load imports it). The server turns the
 * same filters into its MongoDB query (queueWindowQuery) and the console applies pushes with
 * matchesQueueWindow, side by side here so the two cannot drift apart.
 */
import type { QueueItem } from './cases';
import { priorityRank, type CaseKind, type Channel, type QueueName } from './case-vocabulary';

/** Rows per window: the first window is what the queue page paints first. */
export const QUEUE_WINDOW_SIZE = 200;
export const QUEUE_WINDOW_MAX = 500;
export const QUEUE_SEARCH_MAX = 60;

export type QueueAssigneeFilter = 'me' | 'none';

/** The list a window belongs to: some queues or the caller's own cases, narrowed by the page's filters. */
export type QueueListInput = {
  queues?: QueueName[];
  /** Only the caller's own open cases and those they watch (whatever queue they sit in). */
  mine?: boolean;
  kind?: CaseKind;
  state?: string;
  channel?: Channel;
  queue?: QueueName;
  assignee?: QueueAssigneeFilter;
  /** Part of the case number, the subject or the customer's name, any case. */
  search?: string;
};

export type QueueWindowInput = QueueListInput & { offset?: number; limit?: number };

/** The search as both sides apply it: trimmed, case folded; empty means no search. */
export function normalizedSearch(search: string | undefined): string {
  return (search ?? '').trim().toLowerCase();
}

/** Most urgent first; among equals, whoever has waited longest; then by case number (a total order). */
export function compareQueueItems(a: QueueItem, b: QueueItem): number {
  const byPriority = priorityRank[b.priority] - priorityRank[a.priority];
  if (byPriority !== 0) return byPriority;
  const byWait = Date.parse(a.waitingSince) - Date.parse(b.waitingSince);
  if (byWait !== 0) return byWait;
  // Code-unit order, as MongoDB sorts strings, so windows and pushes agree on every tie.
  return a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0;
}

/** The server's sort for the same order (served by the cases index on status, queue, priorityRank, waitingSince, ref). */
export const queueWindowSort = { priorityRank: -1, waitingSince: 1, ref: 1 } as const;

/** Whether a case (as pushed) is in a list now. */
export function matchesQueueWindow(item: QueueItem, input: QueueListInput, meId: string): boolean {
  if (item.status !== 'open') return false;
  if (input.mine) {
    if (item.assignee?.id !== meId && !(item.watchers ?? []).some((w) => w.id === meId)) return false;
  } else if (input.queues && !input.queues.includes(item.queue)) return false;
  if (input.kind && item.kind !== input.kind) return false;
  if (input.state && item.state !== input.state) return false;
  if (input.channel && item.channel !== input.channel) return false;
  if (input.queue && item.queue !== input.queue) return false;
  if (input.assignee === 'me' && item.assignee?.id !== meId) return false;
  if (input.assignee === 'none' && item.assignee !== null) return false;
  const search = normalizedSearch(input.search);
  if (search) {
    const fields = [item.ref, item.subject, item.customer?.name ?? ''];
    if (!fields.some((field) => field.toLowerCase().includes(search))) return false;
  }
  return true;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The MongoDB filter for a list, on the stored case fields. `queues` must already be the queues
 * the caller may see (the service checks the role).
 */
export function queueWindowQuery(input: QueueListInput, meId: string, queues: readonly QueueName[]) {
  const filter: Record<string, unknown> = { status: 'open' };
  const or: Record<string, unknown>[][] = [];
  if (input.mine) or.push([{ assigneeId: meId }, { 'watchers.id': meId }]);
  if (input.queue) filter.queue = input.mine || queues.includes(input.queue) ? input.queue : { $in: [] };
  else if (!input.mine) filter.queue = { $in: [...queues] };
  if (input.kind) filter.kind = input.kind;
  if (input.state) filter.state = input.state;
  if (input.channel) filter.channel = input.channel;
  if (input.assignee === 'me') filter.assigneeId = meId;
  if (input.assignee === 'none') filter.assigneeId = null;
  const search = normalizedSearch(input.search);
  if (search) {
    const pattern = { $regex: escapeRegExp(search), $options: 'i' };
    or.push([{ ref: pattern }, { subject: pattern }, { customerName: pattern }]);
  }
  if (or.length === 1) filter.$or = or[0];
  if (or.length > 1) filter.$and = or.map((branches) => ({ $or: branches }));
  return filter;
}
