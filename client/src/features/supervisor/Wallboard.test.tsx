import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Board, BoardAgent, BoardQueue, MoveCasesInput } from '../../../../shared/wallboard';
import { objectId, supervisor } from '../../test/fixtures';
import { server, trpcMsw } from '../../test/msw';
import { renderScreen } from '../../test/render';
import { WorkNotices } from '../../app/WorkNotices';
import { Wallboard, useCaseSelection } from './Wallboard';

function boardQueue(overrides: Partial<BoardQueue> = {}): BoardQueue {
  return {
    name: 'sales',
    waiting: 0,
    oldestWaitingSince: null,
    longestWaitSec: 0,
    alertAfterSec: 60,
    alert: false,
    serviceLevel: null,
    answeredToday: 0,
    abandonedToday: 0,
    averageWaitSec: null,
    openCases: 0,
    unassignedCases: 0,
    overdue: 0,
    breachedDueTimes: 0,
    dueSoon: 0,
    ...overrides,
  };
}

function boardAgent(overrides: Partial<BoardAgent> = {}): BoardAgent {
  return {
    id: objectId(),
    name: '王芳',
    role: 'agent',
    status: 'available',
    reason: null,
    since: new Date(Date.now() - 5 * 60_000).toISOString(),
    queues: ['sales', 'refunds'],
    liveContacts: { call: 0, chat: 0, callback: 0 },
    openCases: 0,
    capacity: { call: 1, chat: 3, cases: 20 },
    capacityUsed: 0,
    cases: [],
    ...overrides,
  };
}

const cases = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    id: objectId(),
    ref: `BK-00010${i}`,
    queue: 'sales' as const,
    priority: 'normal' as const,
    state: 'draft',
    version: 3 + i,
    overdue: false,
  }));

function Screen() {
  const selection = useCaseSelection();
  return (
    <>
      <WorkNotices />
      <Wallboard selection={selection} />
    </>
  );
}

describe('wallboard', () => {
  it('shows the figures, follows board pushes, alerts on a long wait and moves a shift-clicked range in one call', async () => {
    const from = boardAgent({ cases: cases(4), openCases: 4 });
    const to = boardAgent({ name: '李强', status: 'break', reason: 'meal' });
    const first: Board = {
      at: new Date().toISOString(),
      agents: [from, to],
      queues: [boardQueue({ serviceLevel: 0.75, overdue: 2 })],
    };
    const moves: MoveCasesInput[] = [];
    server.use(
      trpcMsw.presence.board.query(() => first),
      trpcMsw.supervisor.moveCases.mutation(({ input }) => {
        moves.push(input);
        return {
          moved: input.caseIds.slice(1).map((id) => ({ id, ref: 'x' })),
          conflicts: [
            { id: input.caseIds[0] ?? '', ref: 'BK-000100', reason: 'BK-000100 changed since you selected it' },
          ],
          refused: [],
        };
      }),
    );
    const { socket } = renderScreen(<Screen />, {
      path: '/supervisor',
      url: '/supervisor',
      user: supervisor,
      language: 'en',
    });
    act(() => socket.connect());
    await waitFor(() => expect(screen.getByTestId('wb-sl-sales')).toHaveTextContent('75%'));
    expect(screen.getByTestId('wb-overdue-sales')).toHaveTextContent('2');
    expect(within(screen.getByTestId(`wb-agent-${to.id}`)).getByTestId('wb-agent-status')).toHaveTextContent(
      'Break · meal',
    );
    await waitFor(() => expect(socket.subscribed).toContain('supervisors'));

    // A push replaces the board: a call waiting 2 minutes is past the 60 s threshold.
    act(() =>
      socket.pushBoard({
        board: {
          ...first,
          queues: [
            boardQueue({
              waiting: 1,
              oldestWaitingSince: new Date(Date.now() - 120_000).toISOString(),
              serviceLevel: 0.5,
            }),
          ],
        },
      }),
    );
    await waitFor(() => expect(screen.getByTestId('wb-sl-sales')).toHaveTextContent('50%'));
    expect(screen.getByTestId('wb-waiting-sales')).toHaveTextContent('1');
    expect(screen.getByTestId('wait-alerts')).toHaveTextContent(/Sales|sales/);

    // Tick the first case, shift-click the third: three selected, moved to 李强 at the versions seen.
    const boxes = within(screen.getByTestId(`wb-agent-${from.id}`)).getAllByRole('checkbox');
    fireEvent.click(boxes[0] as HTMLElement);
    fireEvent.click(boxes[2] as HTMLElement, { shiftKey: true });
    expect(screen.getByTestId('selected-count')).toHaveTextContent('Selected: 3');
    fireEvent.change(screen.getByTestId('move-target'), { target: { value: `agent:${to.id}` } });
    fireEvent.click(screen.getByTestId('move-submit'));
    await waitFor(() =>
      expect(screen.getByTestId('move-result')).toHaveTextContent('Moved 2 · conflicts 1 · refused 0'),
    );
    expect(screen.getByTestId('move-result')).toHaveTextContent('BK-000100 · Changed meanwhile, not moved');
    expect(moves).toHaveLength(1);
    expect(moves[0]?.to).toEqual({ agentId: to.id });
    expect(moves[0]?.expectedVersions).toEqual(
      Object.fromEntries(from.cases.slice(0, 3).map((c) => [c.id, c.version])),
    );
    expect(screen.getByTestId('selected-count')).toHaveTextContent('Selected: 0');
  });

  it('sets an agent’s status and their queues for today, and offers no status change during a call', async () => {
    const free = boardAgent();
    const onCall = boardAgent({ name: '李强', status: 'on_contact', liveContacts: { call: 1, chat: 0, callback: 0 } });
    const statuses: unknown[] = [];
    const queueDays: unknown[] = [];
    server.use(
      trpcMsw.presence.board.query(() => ({ at: new Date().toISOString(), agents: [free, onCall], queues: [] })),
      trpcMsw.supervisor.setAgentStatus.mutation(({ input }) => {
        statuses.push(input);
        return {
          userId: input.agentId,
          userName: free.name,
          status: input.status,
          reason: input.reason ?? null,
          since: new Date().toISOString(),
          lastSeenAt: null,
          idleSince: new Date().toISOString(),
          load: { calls: 0, chats: 0, cases: 0 },
        };
      }),
      trpcMsw.supervisor.setAgentQueues.mutation(({ input }) => {
        queueDays.push(input);
        return { agentId: input.agentId, date: '2026-05-05', queues: input.queues };
      }),
    );
    const { socket } = renderScreen(<Screen />, {
      path: '/supervisor',
      url: '/supervisor',
      user: supervisor,
      language: 'en',
    });
    act(() => socket.connect());
    const freeRow = await screen.findByTestId(`wb-agent-${free.id}`);
    expect(within(screen.getByTestId(`wb-agent-${onCall.id}`)).getByTestId('wb-set-status')).toBeDisabled();
    fireEvent.change(within(freeRow).getByTestId('wb-set-status'), { target: { value: 'break:meal' } });
    await waitFor(() => expect(statuses).toEqual([{ agentId: free.id, status: 'break', reason: 'meal' }]));

    fireEvent.click(within(freeRow).getByRole('button', { name: 'Sales · Refunds' }));
    fireEvent.click(within(freeRow).getByRole('checkbox', { name: 'Sales' }));
    fireEvent.click(within(freeRow).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(queueDays).toEqual([{ agentId: free.id, queues: ['refunds'] }]));
  });

  it('tells the agent who received work, with a toast', async () => {
    server.use(trpcMsw.presence.board.query(() => ({ at: new Date().toISOString(), agents: [], queues: [] })));
    const { socket } = renderScreen(<Screen />, { path: '/supervisor', url: '/supervisor', user: supervisor });
    act(() => socket.connect());
    act(() => socket.pushNotice({ type: 'cases.received', refs: ['BK-000101', 'BK-000102'], by: '刘洋' }));
    await waitFor(() =>
      expect(screen.getByTestId('work-toast')).toHaveTextContent('刘洋 转给你 2 条工单：BK-000101, BK-000102'),
    );
    fireEvent.click(screen.getByTestId('work-sound'));
    expect(localStorage.getItem('ticket-desk.work-sound')).toBe('off');
  });
});
