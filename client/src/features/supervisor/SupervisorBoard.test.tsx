import { act, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { queueNames } from '../../../../shared/cases';
import { queueItem, supervisor } from '../../test/fixtures';
import { server, trpcMsw } from '../../test/msw';
import { renderScreen } from '../../test/render';
import { SupervisorBoard } from './SupervisorBoard';

describe('supervisor board', () => {
  it('counts each queue and follows pushes live, watching every queue', async () => {
    const past = new Date(Date.now() - 60_000).toISOString();
    server.use(
      trpcMsw.queue.snapshot.query(({ input }) => ({
        items: [
          queueItem({ queue: 'refunds', nextDueAt: past }),
          queueItem({ queue: 'refunds', assignee: { id: 'u1', name: '王小明' } }),
          queueItem({ queue: 'complaints', kind: 'complaint', state: 'received', priority: 'urgent' }),
        ],
        seqs: (input.queues ?? []).map((name) => ({ room: `queue:${name}`, seq: 0 })),
      })),
    );
    const { socket } = renderScreen(<SupervisorBoard />, { path: '/supervisor', url: '/supervisor', user: supervisor });
    act(() => socket.connect());
    await waitFor(() => expect(screen.getByTestId('board-count-refunds')).toHaveTextContent('2'));
    expect(screen.getByTestId('board-unassigned-refunds')).toHaveTextContent('1');
    expect(screen.getByTestId('board-overdue-refunds')).toHaveTextContent('1');
    expect(screen.getByTestId('board-count-complaints')).toHaveTextContent('1');
    expect(screen.getByTestId('board-load')).toHaveTextContent('王小明');
    await waitFor(() => expect(socket.subscribed).toContain('supervisors'));
    for (const name of queueNames) expect(socket.subscribed).toContain(`queue:${name}`);

    act(() => socket.push({ room: 'queue:approvals', seq: 1, type: 'case.upsert', item: queueItem({ queue: 'approvals', state: 'awaiting_approval' }) }));
    await waitFor(() => expect(screen.getByTestId('board-count-approvals')).toHaveTextContent('1'));
    expect(screen.getByTestId('board-total')).toHaveTextContent('在办工单 4 条');
  });
});
