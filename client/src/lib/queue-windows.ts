/**
 * Pushes applied to the windows of one queue list that the console holds. A window covers the
 * rows [offset, offset + limit) of the list in queue order; the console fetches the ones in
 * view. A push replaces, moves, inserts or removes its case in the loaded windows and corrects
 * the list's total; windows whose rows it shifted are named stale (to be fetched again), and when
 * nothing loaded says whether the case was in the list before, the total is marked unknown (to be
 * counted again by the server).
 */
import type { QueueItem } from '../../../shared/cases';
import { compareQueueItems, matchesQueueWindow, type QueueListInput } from '../../../shared/queue-window';

export type QueueWindowData = {
  items: QueueItem[];
  offset: number;
  total: number;
  seqs: { room: string; seq: number }[];
};

export type WindowEntry<K> = { key: K; limit: number; data: QueueWindowData };

export type ListPatch<K> = {
  /** New data for the entries that changed (every entry advances its seqs past the push). */
  updates: { key: K; data: QueueWindowData }[];
  /** Windows whose rows moved against the server's offsets, or that now miss a row. */
  stale: K[];
  /** The push may have changed the total in a way the loaded windows cannot tell. */
  totalUnknown: boolean;
};

/** The list a window input belongs to: the input without offset and limit, in a stable form. */
export function listKeyOf(input: QueueListInput & { offset?: number; limit?: number }): string {
  const { offset: _offset, limit: _limit, ...list } = input;
  const entries = Object.entries(list)
    .filter(([, value]) => value !== undefined && value !== '' && value !== false)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return JSON.stringify(entries);
}

function advanceSeqs(seqs: QueueWindowData['seqs'], room: string, seq: number): QueueWindowData['seqs'] {
  return seqs.some((entry) => entry.room === room && entry.seq < seq)
    ? seqs.map((entry) => (entry.room === room ? { room, seq: Math.max(entry.seq, seq) } : entry))
    : seqs;
}

function insertSorted(items: QueueItem[], item: QueueItem): QueueItem[] {
  let at = items.findIndex((other) => compareQueueItems(item, other) < 0);
  if (at < 0) at = items.length;
  return [...items.slice(0, at), item, ...items.slice(at)];
}

/**
 * Applies `item` (pushed through `room` with `seq`) to the loaded entries of one list. Count-only
 * entries (limit 0) carry the total and nothing else. `outdated`: the push is older than a copy
 * of the case already seen.
 */
export function patchQueueList<K>(
  entries: readonly WindowEntry<K>[],
  push: { room: string; seq: number; item: QueueItem },
  list: QueueListInput,
  meId: string,
  options: { outdated?: boolean } = {},
): ListPatch<K> {
  const { item } = push;
  const windows = entries.filter((entry) => entry.limit > 0).sort((a, b) => a.data.offset - b.data.offset);
  const total = windows[0]?.data.total ?? entries[0]?.data.total ?? 0;

  let foundAt = -1;
  let existing: QueueItem | undefined;
  windows.forEach((entry, index) => {
    const hit = entry.data.items.find((other) => other.id === item.id);
    if (hit && (!existing || hit.version > existing.version)) {
      existing = hit;
      foundAt = index;
    }
  });
  const advanceOnly = (): ListPatch<K> => ({
    updates: entries.map((entry) => ({
      key: entry.key,
      data: { ...entry.data, seqs: advanceSeqs(entry.data.seqs, push.room, push.seq) },
    })),
    stale: [],
    totalUnknown: false,
  });
  // An older copy of a case than one already seen (it can come through two rooms) changes nothing.
  if (options.outdated || (existing && existing.version >= item.version)) return advanceOnly();

  const now = matchesQueueWindow(item, list, meId);
  // Loaded: it was in the list. Version 1: it was just created. Otherwise nothing here says.
  const before: boolean | null = existing ? true : item.version === 1 ? false : null;
  if (!now && before === false) return advanceOnly();

  const items = windows.map((entry) => entry.data.items.filter((other) => other.id !== item.id));
  // The window the case goes into: within its rows, before the first row of the list, after the
  // last row of the list, or at the seam of two windows loaded side by side.
  let insertAt = -1;
  if (now) {
    insertAt = windows.findIndex((entry, index) => {
      const rows = items[index] ?? [];
      const first = rows[0];
      const last = rows[rows.length - 1];
      if (!first || !last) return entry.data.offset === 0;
      const reachesEnd = entry.data.offset + entry.data.items.length >= total;
      if (compareQueueItems(item, first) < 0) {
        if (entry.data.offset === 0) return true;
        const previous = windows[index - 1];
        const previousRows = items[index - 1] ?? [];
        const previousLast = previousRows[previousRows.length - 1];
        return (
          previous !== undefined &&
          previous.data.offset + previous.data.items.length === entry.data.offset &&
          previousLast !== undefined &&
          compareQueueItems(item, previousLast) > 0
        );
      }
      return compareQueueItems(item, last) <= 0 || reachesEnd;
    });
    if (insertAt >= 0) items[insertAt] = insertSorted(items[insertAt] ?? [], item);
  }
  const nextTotal = before === null ? total : total + (now ? 1 : 0) - (before ? 1 : 0);

  const stale: K[] = [];
  windows.forEach((entry, index) => {
    // Rows added (+1) or taken (-1) before this window's first row move it against the server.
    let shift = 0;
    if (foundAt >= 0 && foundAt < index) shift -= 1;
    if (insertAt >= 0 && insertAt < index) shift += 1;
    const first = entry.data.items[0];
    const insertedInGapBefore = now && insertAt < 0 && first !== undefined && compareQueueItems(item, first) < 0;
    if (insertedInGapBefore) shift += 1;
    const previous = windows[index - 1];
    const afterGap = previous
      ? previous.data.offset + previous.data.items.length < entry.data.offset
      : entry.data.offset > 0;
    // Where an unloaded case was before is unknown: any window after an unloaded stretch may have moved.
    const unknownShift = before === null && foundAt < 0 && afterGap;
    const shrunk =
      (items[index]?.length ?? 0) < entry.limit && entry.data.offset + (items[index]?.length ?? 0) < nextTotal;
    if (shift !== 0 || unknownShift || (shrunk && foundAt === index && insertAt !== index)) stale.push(entry.key);
  });

  const byKey = new Map(windows.map((entry, index) => [entry.key, items[index] ?? entry.data.items]));
  return {
    updates: entries.map((entry) => ({
      key: entry.key,
      data: {
        ...entry.data,
        items: byKey.get(entry.key) ?? entry.data.items,
        total: nextTotal,
        seqs: advanceSeqs(entry.data.seqs, push.room, push.seq),
      },
    })),
    stale,
    totalUnknown: before === null,
  };
}

/** The row at `index` of a list from its loaded windows (undefined while its window is not loaded). */
export function rowAt(
  windows: readonly (QueueWindowData | undefined)[],
  size: number,
  index: number,
): QueueItem | undefined {
  const data = windows[Math.floor(index / size)];
  if (!data) return undefined;
  return data.items[index - data.offset];
}
