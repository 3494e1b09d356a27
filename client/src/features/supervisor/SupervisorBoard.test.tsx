import { act, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { queueNames } from '../../../../shared/cases';
import { queueItem, supervisor } from '../../test/fixtures';
import { server, trpcMsw } from '../../test/msw';
import { renderScreen } from '../../test/render';
import { SupervisorBoard } from './SupervisorBoard';

const emptyBoard = () => trpcMsw.presence.board.query(() => ({ at: new Date().toISOString(), agents: [], queues: [] }));

describe('supervisor board', () => {
  it('counts each queue and follows pushes live, watching every queue', async () => {
    const past = new Date(Date.now() - 60_000).toISOString();
    server.use(
      emptyBoard(),
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

    act(() =>
      socket.push({
        room: 'queue:approvals',
        seq: 1,
        type: 'case.upsert',
        item: queueItem({ queue: 'approvals', state: 'awaiting_approval' }),
      }),
    );
    await waitFor(() => expect(screen.getByTestId('board-count-approvals')).toHaveTextContent('1'));
    expect(screen.getByTestId('board-total')).toHaveTextContent('在办工单 4 条');
  });

  it('counts and shows as overdue the cases whose SLA timer already fired and was recorded as a breach', async () => {
    const threeHoursAgo = new Date(Date.now() - 3 * 3_600_000).toISOString();
    const later = new Date(Date.now() + 50 * 3_600_000).toISOString();
    server.use(
      emptyBoard(),
      trpcMsw.queue.snapshot.query(({ input }) => ({
        items: [
          queueItem({
            kind: 'complaint',
            queue: 'complaints',
            state: 'received',
            nextDueAt: later,
            nextDueEvent: 'RESOLUTION_DUE',
            breach: { event: 'FIRST_RESPONSE_DUE', dueAt: threeHoursAgo },
          }),
          queueItem({
            kind: 'complaint',
            queue: 'complaints',
            state: 'received',
            nextDueAt: null,
            nextDueEvent: null,
            breach: { event: 'RESOLUTION_DUE', dueAt: threeHoursAgo },
          }),
          queueItem({
            kind: 'complaint',
            queue: 'complaints',
            state: 'received',
            nextDueAt: later,
            nextDueEvent: 'RESOLUTION_DUE',
          }),
        ],
        seqs: (input.queues ?? []).map((name) => ({ room: `queue:${name}`, seq: 0 })),
      })),
    );
    renderScreen(<SupervisorBoard />, { path: '/supervisor', url: '/supervisor', user: supervisor });
    await waitFor(() => expect(screen.getByTestId('board-count-complaints')).toHaveTextContent('3'));
    expect(screen.getByTestId('board-overdue-complaints')).toHaveTextContent('2');
    const overdue = document.querySelectorAll('[data-due="overdue"]');
    expect(overdue).toHaveLength(2);
    expect(overdue[0]).toHaveTextContent(/3小时/);
  });
});
