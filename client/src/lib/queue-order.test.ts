import { describe, expect, it } from 'vitest';
import { agent, queueItem } from '../test/fixtures';
import { matchesQueueWindow } from '../../../shared/queue-window';
import { applyQueueItem, sortQueue } from './queue-order';

describe('queue order', () => {
  it('sorts by priority, then by waiting time, then by ref', () => {
    const items = [
      queueItem({ ref: 'C-3', priority: 'normal', waitingSince: '2026-05-10T02:00:00Z' }),
      queueItem({ ref: 'C-2', priority: 'normal', waitingSince: '2026-05-10T01:00:00Z' }),
      queueItem({ ref: 'C-1', priority: 'urgent', waitingSince: '2026-05-10T03:00:00Z' }),
      queueItem({ ref: 'C-5', priority: 'low', waitingSince: '2026-05-10T00:00:00Z' }),
      queueItem({ ref: 'C-4', priority: 'normal', waitingSince: '2026-05-10T02:00:00Z' }),
    ];
    expect(sortQueue(items).map((item) => item.ref)).toEqual(['C-1', 'C-2', 'C-3', 'C-4', 'C-5']);
  });

  it('filters by kind, state and channel together', () => {
    const items = [
      queueItem({ kind: 'refund', state: 'quoted', channel: 'phone' }),
      queueItem({ kind: 'refund', state: 'quoted', channel: 'chat' }),
      queueItem({ kind: 'change', state: 'quoted' }),
    ];
    const filters = { kind: 'refund', state: 'quoted', channel: 'chat' } as const;
    expect(items.filter((item) => matchesQueueWindow(item, filters, agent.id))).toEqual([items[1]]);
    expect(items.filter((item) => matchesQueueWindow(item, {}, agent.id))).toHaveLength(3);
  });
});

describe('applying a pushed row', () => {
  const scope = { queues: ['refunds' as const] };

  it('inserts a new row in scope and ignores one out of scope', () => {
    const row = queueItem({ queue: 'refunds' });
    expect(applyQueueItem([], row, scope, agent.id)).toEqual([row]);
    expect(applyQueueItem([], queueItem({ queue: 'sales' }), scope, agent.id)).toEqual([]);
  });

  it('replaces a newer version, keeps a newer cached one, removes what left the scope', () => {
    const row = queueItem({ queue: 'refunds', version: 3 });
    const list = [row];
    expect(applyQueueItem(list, { ...row, priority: 'urgent', version: 4 }, scope, agent.id)[0]?.priority).toBe(
      'urgent',
    );
    expect(applyQueueItem(list, { ...row, priority: 'low', version: 2 }, scope, agent.id)).toBe(list);
    expect(applyQueueItem(list, { ...row, status: 'closed', version: 4 }, scope, agent.id)).toEqual([]);
    expect(applyQueueItem(list, { ...row, queue: 'approvals', version: 4 }, scope, agent.id)).toEqual([]);
  });

  it('keeps "mine" to cases assigned to me', () => {
    const row = queueItem({ assignee: { id: agent.id, name: agent.name }, version: 1 });
    const mine = applyQueueItem([], row, { mine: true }, agent.id);
    expect(mine).toEqual([row]);
    expect(
      applyQueueItem(mine, { ...row, assignee: { id: 'someone', name: 'X' }, version: 2 }, { mine: true }, agent.id),
    ).toEqual([]);
  });

  it('keeps in "mine" a case I escalated and still watch, though nobody has it yet', () => {
    const row = queueItem({
      kind: 'complaint',
      queue: 'complaints',
      assignee: { id: agent.id, name: agent.name },
      version: 1,
    });
    const mine = applyQueueItem([], row, { mine: true }, agent.id);
    const escalated = {
      ...row,
      queue: 'escalations' as const,
      assignee: null,
      watchers: [{ id: agent.id, name: agent.name }],
      version: 2,
    };
    expect(applyQueueItem(mine, escalated, { mine: true }, agent.id)).toEqual([escalated]);
  });
});
