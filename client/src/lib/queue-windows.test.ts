import { describe, expect, it } from 'vitest';
import type { QueueItem } from '../../../shared/cases';
import { agent, queueItem } from '../test/fixtures';
import { listKeyOf, patchQueueList, rowAt, type QueueWindowData, type WindowEntry } from './queue-windows';

// Ten refund cases in queue order R0..R9 (same priority, each waiting a minute less than the one before).
const at = (minute: number) => new Date(Date.UTC(2026, 4, 10, 0, minute)).toISOString();
const rows = Array.from({ length: 10 }, (_, i) => queueItem({ ref: `R${i}`, waitingSince: at(i * 10), version: 2 }));
const row = (i: number): QueueItem => rows[i]!;
const list = { queues: ['refunds' as const] };
const room = 'queue:refunds';

/** Windows of three rows: rows 0–2 and 6–8 loaded, ten rows in all. */
function loaded(): WindowEntry<string>[] {
  const window = (offset: number): WindowEntry<string> => ({
    key: `w${offset}`,
    limit: 3,
    data: { items: rows.slice(offset, offset + 3), offset, total: 10, seqs: [{ room, seq: 4 }] },
  });
  return [window(0), window(6)];
}

function patch(item: QueueItem, options: { outdated?: boolean } = {}) {
  const result = patchQueueList(loaded(), { room, seq: 5, item }, list, agent.id, options);
  const data = (key: string) => result.updates.find((u) => u.key === key)?.data as QueueWindowData;
  return { ...result, refs: (key: string) => data(key).items.map((i) => i.ref), total: data('w0').total, data };
}

describe('queue windows', () => {
  it('replaces a loaded case in place: nothing moves, nothing to refetch', () => {
    const result = patch({ ...row(1), subject: '新主题', version: 3 });
    expect(result.refs('w0')).toEqual(['R0', 'R1', 'R2']);
    expect(result.data('w0').items[1]?.subject).toBe('新主题');
    expect({ total: result.total, stale: result.stale, unknown: result.totalUnknown }).toEqual({
      total: 10,
      stale: [],
      unknown: false,
    });
  });

  it('puts a new case into the loaded window its order falls in and refetches the windows after it', () => {
    const result = patch(queueItem({ ref: 'N', waitingSince: at(5), version: 1 }));
    expect(result.refs('w0')).toEqual(['R0', 'N', 'R1', 'R2']);
    expect(result.total).toBe(11);
    expect(result.stale).toEqual(['w6']);
    expect(result.totalUnknown).toBe(false);
  });

  it('counts a new case that falls outside the loaded windows and shows it when its window loads', () => {
    const between = patch(queueItem({ ref: 'N', waitingSince: at(45), version: 1 }));
    expect(between.refs('w0')).toEqual(['R0', 'R1', 'R2']);
    expect(between.refs('w6')).toEqual(['R6', 'R7', 'R8']);
    expect(between.total).toBe(11);
    // Its rows moved one down: the later window is fetched again.
    expect(between.stale).toEqual(['w6']);

    const last = patch(queueItem({ ref: 'N', waitingSince: at(200), version: 1 }));
    expect(last.refs('w6')).toEqual(['R6', 'R7', 'R8']);
    expect({ total: last.total, stale: last.stale }).toEqual({ total: 11, stale: [] });
  });

  it('moves a case raised to urgent to the head of the list', () => {
    const result = patch({ ...row(7), priority: 'urgent', version: 3 });
    expect(result.refs('w0')).toEqual(['R7', 'R0', 'R1', 'R2']);
    expect(result.refs('w6')).toEqual(['R6', 'R8']);
    expect(result.total).toBe(10);
    // Window 6 starts one row later on the server and misses a row: fetched again.
    expect(result.stale).toEqual(['w6']);
  });

  it('takes out a loaded case that left the list and refetches the window that now misses a row', () => {
    const result = patch({ ...row(7), status: 'closed', version: 3 });
    expect(result.refs('w6')).toEqual(['R6', 'R8']);
    expect(result.total).toBe(9);
    expect(result.stale).toEqual(['w6']);
  });

  it('asks for the count again when nothing loaded says whether a pushed case was in the list', () => {
    const unknown = queueItem({ ref: 'R4', waitingSince: at(40), status: 'closed', version: 7 });
    const result = patch(unknown);
    expect(result.totalUnknown).toBe(true);
    expect(result.total).toBe(10);
    // It may have sat in the unloaded rows 3–5: the window after them may have moved.
    expect(result.stale).toEqual(['w6']);
  });

  it('ignores a case that is not in this list and never was, and an outdated copy, but advances the seqs', () => {
    const other = patch(queueItem({ ref: 'S', queue: 'sales', kind: 'booking', version: 1 }));
    const outdated = patch({ ...row(1), status: 'closed', version: 9 }, { outdated: true });
    for (const result of [other, outdated]) {
      expect(result.refs('w0')).toEqual(['R0', 'R1', 'R2']);
      expect({ total: result.total, stale: result.stale, unknown: result.totalUnknown }).toEqual({
        total: 10,
        stale: [],
        unknown: false,
      });
      expect(result.data('w6').seqs).toEqual([{ room, seq: 5 }]);
    }
  });

  it('reads rows by index from the windows loaded, and keys a list by its filters alone', () => {
    const windows = [loaded()[0]!.data, undefined, loaded()[1]!.data];
    expect([0, 2, 3, 6, 8].map((i) => rowAt(windows, 3, i)?.ref)).toEqual(['R0', 'R2', undefined, 'R6', 'R8']);
    expect(listKeyOf({ queues: ['refunds'], kind: 'refund', offset: 200, limit: 200 })).toBe(
      listKeyOf({ kind: 'refund', queues: ['refunds'], search: '' }),
    );
  });
});
