import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { QueueItem } from '../../../../shared/cases';
import { agent, caseDetail, queueItem } from '../../test/fixtures';
import { http, HttpResponse } from 'msw';
import { server, TEST_API_URL, trpcMsw } from '../../test/msw';
import { renderApp } from '../../test/render';
import { compareQueueItems, matchesQueueWindow, QUEUE_WINDOW_SIZE } from '../../../../shared/queue-window';

function refsInOrder(): string[] {
  return screen.getAllByTestId('queue-row').map((row) => row.getAttribute('data-ref') ?? '');
}

/**
 * Mocks the session and queue.window over two lists, filtering and sorting them as the server
 * does (shared/queue-window.ts); counts window fetches (count-only ones apart).
 */
function mockQueue(waiting: QueueItem[], mine: QueueItem[] = []) {
  const calls = { waiting: 0, mine: 0, counts: 0, offsets: [] as number[] };
  server.use(
    trpcMsw.auth.me.query(() => agent),
    trpcMsw.queue.window.query(({ input }) => {
      const offset = input.offset ?? 0;
      const limit = input.limit ?? QUEUE_WINDOW_SIZE;
      if (limit === 0) calls.counts += 1;
      else if (input.mine) calls.mine += 1;
      else {
        calls.waiting += 1;
        calls.offsets.push(offset);
      }
      const rows = (input.mine ? mine : waiting)
        .filter((item) => matchesQueueWindow(item, input, agent.id))
        .sort(compareQueueItems);
      const seqs = input.mine
        ? [{ room: `agent:${agent.id}`, seq: 0 }]
        : (input.queues ?? []).map((name) => ({ room: `queue:${name}`, seq: 0 }));
      return { items: rows.slice(offset, offset + limit), offset, total: rows.length, seqs };
    }),
  );
  return calls;
}

const older = '2026-05-10T01:00:00.000Z';
const newer = '2026-05-10T02:00:00.000Z';

describe('QueuePage', () => {
  it('lists the waiting cases by priority, then by how long they have waited', async () => {
    mockQueue([
      queueItem({ ref: 'C-NORMAL-NEW', priority: 'normal', waitingSince: newer }),
      queueItem({ ref: 'C-URGENT', priority: 'urgent', waitingSince: newer }),
      queueItem({ ref: 'C-NORMAL-OLD', priority: 'normal', waitingSince: older }),
      queueItem({ ref: 'C-LOW', priority: 'low', waitingSince: older }),
    ]);
    renderApp('/queue');
    await waitFor(() => expect(screen.getAllByTestId('queue-row')).toHaveLength(4));
    expect(refsInOrder()).toEqual(['C-URGENT', 'C-NORMAL-OLD', 'C-NORMAL-NEW', 'C-LOW']);
    expect(screen.getByRole('grid', { name: '待处理' })).toBeInTheDocument();
  });

  it('inserts, moves and removes rows as pushes arrive, without refetching', async () => {
    const first = queueItem({ ref: 'C-FIRST', priority: 'high', waitingSince: older });
    const second = queueItem({ ref: 'C-SECOND', priority: 'normal', waitingSince: older });
    const calls = mockQueue([first, second]);
    const { socket } = renderApp('/queue');
    act(() => socket.connect());
    await waitFor(() => expect(refsInOrder()).toEqual(['C-FIRST', 'C-SECOND']));
    await waitFor(() => expect(socket.subscribed).toContain('queue:refunds'));
    expect(socket.subscribed).toContain(`agent:${agent.id}`);

    // A new urgent case lands at the top.
    const arriving = queueItem({
      ref: 'C-NEW',
      priority: 'urgent',
      queue: 'sales',
      kind: 'booking',
      waitingSince: newer,
    });
    act(() => socket.push({ room: 'queue:sales', seq: 1, type: 'case.upsert', item: arriving }));
    await waitFor(() => expect(refsInOrder()).toEqual(['C-NEW', 'C-FIRST', 'C-SECOND']));

    // The second case is raised to urgent and has waited longer: it moves to the top.
    act(() =>
      socket.push({
        room: 'queue:refunds',
        seq: 1,
        type: 'case.upsert',
        item: { ...second, priority: 'urgent', version: 2 },
      }),
    );
    await waitFor(() => expect(refsInOrder()).toEqual(['C-SECOND', 'C-NEW', 'C-FIRST']));

    // The first moves to a queue this agent does not work (approvals), the new one is closed.
    act(() =>
      socket.push({
        room: 'queue:refunds',
        seq: 2,
        type: 'case.upsert',
        item: { ...first, queue: 'approvals', version: 2 },
      }),
    );
    act(() =>
      socket.push({
        room: 'queue:sales',
        seq: 2,
        type: 'case.upsert',
        item: { ...arriving, status: 'closed', version: 2 },
      }),
    );
    await waitFor(() => expect(refsInOrder()).toEqual(['C-SECOND']));

    // An older copy arriving late through another room changes nothing.
    act(() =>
      socket.push({
        room: 'queue:changes',
        seq: 1,
        type: 'case.upsert',
        item: { ...second, priority: 'low', version: 1 },
      }),
    );
    expect(within(screen.getAllByTestId('queue-row')[0]!).getByText('紧急')).toBeInTheDocument();
    expect(calls.waiting).toBe(1);
  });

  it('puts a case assigned to me into "my cases" live', async () => {
    mockQueue([]);
    const { socket } = renderApp('/queue?tab=mine');
    act(() => socket.connect());
    await waitFor(() => expect(screen.getByTestId('queue-empty')).toHaveTextContent('您当前没有分配给自己的工单'));
    const mineNow = queueItem({ ref: 'C-MINE', assignee: { id: agent.id, name: agent.name } });
    act(() => socket.push({ room: `agent:${agent.id}`, seq: 1, type: 'case.upsert', item: mineNow }));
    await waitFor(() => expect(refsInOrder()).toEqual(['C-MINE']));
    expect(screen.getByTestId('queue-tab-mine')).toHaveTextContent('1');
  });

  it('refetches the snapshot when a push skips a sequence number', async () => {
    const calls = mockQueue([queueItem({ ref: 'C-ONE' })]);
    const { socket } = renderApp('/queue');
    act(() => socket.connect());
    await waitFor(() => expect(refsInOrder()).toEqual(['C-ONE']));
    await waitFor(() => expect(socket.subscribed).toContain('queue:refunds'));
    act(() => socket.push({ room: 'queue:refunds', seq: 1, type: 'case.upsert', item: queueItem({ ref: 'C-TWO' }) }));
    await waitFor(() => expect(refsInOrder()).toHaveLength(2));
    expect(calls.waiting).toBe(1);
    act(() => socket.push({ room: 'queue:refunds', seq: 3, type: 'case.upsert', item: queueItem({ ref: 'C-FOUR' }) }));
    await waitFor(() => expect(calls.waiting).toBe(2));
  });

  it('shows a banner while the live connection is down and resyncs when it returns', async () => {
    const calls = mockQueue([queueItem({ ref: 'C-ONE' })]);
    const { socket } = renderApp('/queue');
    act(() => socket.connect());
    await waitFor(() => expect(refsInOrder()).toEqual(['C-ONE']));
    expect(screen.queryByTestId('live-banner')).not.toBeInTheDocument();
    act(() => socket.drop());
    expect(await screen.findByTestId('live-banner')).toHaveTextContent('实时连接已断开，正在重连…');
    act(() => socket.connect());
    await waitFor(() => expect(screen.queryByTestId('live-banner')).not.toBeInTheDocument());
    await waitFor(() => expect(calls.waiting).toBe(2));
    await waitFor(() => expect(socket.subscribed).toContain('queue:refunds'));
  });

  it('says the database is not reachable, in the current language, when the server answers 503 for it', async () => {
    // The body the server sends while MongoDB is down or hung (tests/integration/database-faults.test.ts).
    const unreachable = {
      error: {
        message: 'The database is not reachable; please try again in a moment.',
        code: -32603,
        data: {
          code: 'SERVICE_UNAVAILABLE',
          httpStatus: 503,
          path: 'queue.window',
          zodIssues: null,
          issues: null,
          domain: { code: 'UNAVAILABLE', details: { reason: 'database' } },
        },
      },
    };
    server.use(
      trpcMsw.auth.me.query(() => agent),
      http.get(`${TEST_API_URL}/queue.window`, () => HttpResponse.json(unreachable, { status: 503 })),
    );
    const zh = renderApp('/queue', { language: 'zh-CN' });
    expect((await screen.findAllByText(/数据库暂时无法连接，请稍后重试。/)).length).toBeGreaterThan(0);
    zh.unmount();
    renderApp('/queue', { language: 'en' });
    expect(
      (await screen.findAllByText(/The database is not reachable; please try again in a moment\./)).length,
    ).toBeGreaterThan(0);
  });

  it('keeps a breached due time red and worded as overdue after its timer fired', async () => {
    const threeHoursAgo = new Date(Date.now() - 3 * 3_600_000 - 60_000).toISOString();
    mockQueue([
      queueItem({
        ref: 'C-LATE',
        kind: 'refund',
        queue: 'refunds',
        nextDueAt: null,
        nextDueEvent: null,
        breach: { event: 'FIRST_RESPONSE_DUE', dueAt: threeHoursAgo },
      }),
    ]);
    renderApp('/queue');
    const row = await screen.findByTestId('queue-row');
    const due = row.querySelector('[data-due]');
    expect(due).toHaveAttribute('data-due', 'overdue');
    expect(due).toHaveTextContent('超时 3小时1分');
  });

  it("offers the chosen kind's states to filter by, worded in the current language and sorted by label", async () => {
    const optionTexts = () =>
      within(screen.getByTestId('filter-state'))
        .getAllByRole('option')
        .map((o) => o.textContent)
        .slice(1);
    mockQueue([queueItem({ kind: 'complaint', queue: 'refunds', state: 'received' })]);
    const zh = renderApp('/queue?kind=complaint');
    await waitFor(() => expect(screen.getAllByTestId('queue-row')).toHaveLength(1));
    expect(optionTexts()).toEqual([
      '调查中',
      '已结案',
      '已解决',
      '已升级（投诉专员）',
      '已升级（主管）',
      '已首次回复',
      '已受理',
      '已提出方案',
    ]);
    zh.unmount();

    mockQueue([queueItem({ kind: 'complaint', queue: 'refunds', state: 'received' })]);
    renderApp('/queue?kind=complaint', { language: 'en' });
    await waitFor(() => expect(screen.getAllByTestId('queue-row')).toHaveLength(1));
    expect(optionTexts()).toEqual([
      'Acknowledged',
      'Closed',
      'Escalated (handler)',
      'Escalated (supervisor)',
      'Investigating',
      'Received',
      'Resolution proposed',
      'Resolved',
    ]);
  });

  it('filters by kind from the URL and shows the right empty state', async () => {
    mockQueue([
      queueItem({ ref: 'C-REFUND', kind: 'refund' }),
      queueItem({ ref: 'C-CHANGE', kind: 'change', queue: 'changes' }),
    ]);
    renderApp('/queue?kind=change');
    await waitFor(() => expect(refsInOrder()).toEqual(['C-CHANGE']));
    await userEvent.selectOptions(screen.getByTestId('filter-kind'), 'booking');
    expect(await screen.findByTestId('queue-empty')).toHaveTextContent('没有符合筛选条件的工单');
    expect(screen.getByTestId('location')).toHaveTextContent('kind=booking');
  });

  it('moves with J and K and opens the selected case with Enter', async () => {
    const a = queueItem({ ref: 'C-A', priority: 'urgent' });
    const b = queueItem({ ref: 'C-B', priority: 'high' });
    mockQueue([a, b]);
    server.use(trpcMsw.cases.get.query(({ input }) => caseDetail({ id: input.id, ref: 'C-A' })));
    renderApp('/queue');
    await waitFor(() => expect(refsInOrder()).toEqual(['C-A', 'C-B']));
    const user = userEvent.setup();
    await user.keyboard('j');
    await waitFor(() => expect(screen.getAllByTestId('queue-row')[0]).toHaveAttribute('aria-selected', 'true'));
    await user.keyboard('j');
    await waitFor(() => expect(screen.getAllByTestId('queue-row')[1]).toHaveAttribute('aria-selected', 'true'));
    await user.keyboard('k');
    await waitFor(() => expect(screen.getAllByTestId('queue-row')[0]).toHaveAttribute('aria-selected', 'true'));
    // Typing in the search box is not a shortcut.
    await user.click(screen.getByTestId('global-search'));
    await user.keyboard('j');
    expect(screen.getAllByTestId('queue-row')[0]).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{Escape}');
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent(`/cases/${a.id}`));
  });

  it('keeps ten thousand cases to a window of rows in the DOM', async () => {
    const many = Array.from({ length: 10_000 }, (_, i) =>
      queueItem({
        ref: `C-${String(i).padStart(5, '0')}`,
        waitingSince: new Date(Date.UTC(2026, 4, 1) + i * 1000).toISOString(),
      }),
    );
    mockQueue(many);
    renderApp('/queue');
    await waitFor(() => expect(screen.getByTestId('queue-count')).toHaveTextContent('共 10000 条'));
    const rendered = screen.getAllByTestId('queue-row');
    expect(rendered.length).toBeGreaterThan(10);
    expect(rendered.length).toBeLessThan(100);
    expect(rendered[0]).toHaveAttribute('data-ref', 'C-00000');
  });
});
