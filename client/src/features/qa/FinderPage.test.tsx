import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { RouterInputs } from '../../lib/trpc';
import { supervisor } from '../../test/fixtures';
import { server, trpcMsw } from '../../test/msw';
import { renderScreen } from '../../test/render';
import { FinderPage } from './FinderPage';

type FindInput = RouterInputs['qa']['cases']['find'];

function serve(asked: FindInput[]) {
  server.use(
    trpcMsw.users.list.query(() => [
      { id: 'a00000000000000000000001', name: '王芳', role: 'agent' as const, queues: [] },
    ]),
    trpcMsw.qa.cases.find.query(({ input }) => {
      asked.push(input);
      return {
        items: [
          {
            id: 'c00000000000000000000001',
            ref: 'RF-000002',
            kind: 'refund' as const,
            state: 'closed',
            status: 'closed' as const,
            channel: 'phone' as const,
            agent: { id: 'a00000000000000000000001', name: '王芳' },
            customerName: '张伟',
            bookingRef: 'TD1',
            moneyFen: 96_000,
            createdAt: '2026-05-10T01:00:00.000Z',
            updatedAt: '2026-05-10T01:02:03.000Z',
          },
        ],
        nextCursor: null,
      };
    }),
  );
}

const stateOptions = () =>
  within(screen.getByTestId('finder-state'))
    .getAllByRole('option')
    .slice(1)
    .map((o) => o.textContent ?? '');

describe('QA case finder', () => {
  it('offers a kind’s states by their labels, sorted in Chinese and in English, and asks the server with the state name', async () => {
    const asked: FindInput[] = [];
    serve(asked);
    renderScreen(<FinderPage />, { path: '/qa/find', url: '/qa/find?kind=refund', user: supervisor });
    expect(await screen.findByText('RF-000002')).toBeInTheDocument();
    const zh = stateOptions();
    expect(zh).toContain('已结案');
    expect(zh).not.toContain('closed');
    expect(zh).toEqual([...zh].sort((a, b) => a.localeCompare(b, 'zh-CN')));
    await userEvent.selectOptions(screen.getByTestId('finder-state'), 'refund:closed');
    await userEvent.type(screen.getByTestId('finder-min'), '500');
    await waitFor(() => expect(asked.at(-1)).toEqual({ kind: 'refund', state: 'closed', minMoneyFen: 50_000 }));
    expect(screen.getByText('¥960.00')).toBeInTheDocument();
    expect(screen.getByText('2026-05-10 09:02:03')).toBeInTheDocument();
  });

  it('sorts the labels in English when the console is in English', async () => {
    serve([]);
    renderScreen(<FinderPage />, { path: '/qa/find', url: '/qa/find?kind=refund', user: supervisor, language: 'en' });
    expect(await screen.findByText('RF-000002')).toBeInTheDocument();
    const en = stateOptions();
    expect(en).toContain('Closed');
    expect(en).toEqual([...en].sort((a, b) => a.localeCompare(b, 'en')));
  });
});
