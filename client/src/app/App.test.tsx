import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import type { SessionUser } from '../../../shared/auth';
import { agent, supervisor } from '../test/fixtures';
import { server, trpcMsw } from '../test/msw';
import { renderApp } from '../test/render';

function signedInAs(user: SessionUser | null) {
  server.use(
    trpcMsw.auth.me.query(() => user),
    trpcMsw.queue.snapshot.query(() => ({ items: [], seqs: [] })),
    trpcMsw.queue.window.query(({ input }) => ({ items: [], offset: input.offset ?? 0, total: 0, seqs: [] })),
  );
}

describe('console shell', () => {
  it('sends a visitor to the login page and back to where they were after signing in', async () => {
    let session: SessionUser | null = null;
    const logins: { username: string; password: string }[] = [];
    server.use(
      trpcMsw.auth.me.query(() => session),
      trpcMsw.auth.login.mutation(({ input }) => {
        logins.push(input);
        if (input.password !== 'demo1234')
          throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Wrong username or password.' });
        session = agent;
        return agent;
      }),
      trpcMsw.queue.snapshot.query(() => ({ items: [], seqs: [] })),
      trpcMsw.queue.window.query(({ input }) => ({ items: [], offset: input.offset ?? 0, total: 0, seqs: [] })),
    );
    renderApp('/queue?kind=refund');
    await waitFor(() =>
      expect(screen.getByTestId('location')).toHaveTextContent('/login?next=%2Fqueue%3Fkind%3Drefund'),
    );
    const user = userEvent.setup();
    await user.type(screen.getByTestId('login-username'), 'agent1');
    await user.type(screen.getByTestId('login-password'), 'wrong');
    await user.click(screen.getByTestId('login-submit'));
    expect(await screen.findByTestId('login-error')).toHaveTextContent('用户名或密码不正确');
    await user.clear(screen.getByTestId('login-password'));
    await user.type(screen.getByTestId('login-password'), 'demo1234');
    await user.click(screen.getByTestId('login-submit'));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/queue?kind=refund'));
    expect(await screen.findByTestId('current-user')).toHaveTextContent('王小明 · 客服专员');
    expect(logins.map((login) => login.username)).toEqual(['agent1', 'agent1']);
  });

  it('asks for both fields before trying to sign in', async () => {
    const logins: unknown[] = [];
    server.use(
      trpcMsw.auth.me.query(() => null),
      trpcMsw.auth.login.mutation(({ input }) => {
        logins.push(input);
        return agent;
      }),
    );
    renderApp('/login');
    const user = userEvent.setup();
    await user.type(await screen.findByTestId('login-username'), 'agent1');
    await user.click(screen.getByTestId('login-submit'));
    expect(await screen.findByTestId('login-required')).toHaveTextContent('请输入用户名和密码');
    expect(screen.getByTestId('login-password')).toHaveAttribute('aria-invalid', 'true');
    expect(logins).toEqual([]);
  });

  it('goes to the login page when the live connection is refused for an ended session', async () => {
    let session: SessionUser | null = agent;
    server.use(
      trpcMsw.auth.me.query(() => session),
      trpcMsw.queue.snapshot.query(() => ({ items: [], seqs: [] })),
      trpcMsw.queue.window.query(({ input }) => ({ items: [], offset: input.offset ?? 0, total: 0, seqs: [] })),
    );
    const { socket } = renderApp('/queue');
    act(() => socket.connect());
    await screen.findByTestId('current-user');
    session = null;
    act(() => socket.refuseSession());
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/login?next=%2Fqueue'));
  });

  it('shows the demo accounts on the login page in development', async () => {
    signedInAs(null);
    renderApp('/login');
    expect(await screen.findByTestId('demo-hint')).toHaveTextContent('agent1, agent2, handler1, super1, qa1, admin1');
    expect(screen.getByTestId('demo-hint')).toHaveTextContent('demo1234');
  });

  it('builds the navigation from the role', async () => {
    signedInAs(agent);
    const first = renderApp('/queue');
    const nav = await screen.findByRole('navigation', { name: '主导航' });
    expect(
      within(nav)
        .getAllByRole('link')
        .map((link) => link.textContent),
    ).toEqual(['工作队列', '客户查询', '在线会话', '我的质检']);
    first.unmount();
    signedInAs(supervisor);
    renderApp('/queue');
    const supervisorNav = await screen.findByRole('navigation', { name: '主导航' });
    expect(
      within(supervisorNav)
        .getAllByRole('link')
        .map((link) => link.textContent),
    ).toEqual([
      '工作队列',
      '客户查询',
      '在线会话',
      '队列看板',
      '常用语',
      '票价规则',
      '查找案例',
      '申诉',
      '报表',
      '技能',
    ]);
  });

  it('keeps agents off the fare rules page (the server refuses fareRules.list to them too)', async () => {
    signedInAs(agent);
    renderApp('/admin/rules');
    expect(await screen.findByRole('alert')).toHaveTextContent('您的角色无权执行此操作。');
  });

  it('keeps agents off the supervisor board', async () => {
    signedInAs(agent);
    renderApp('/supervisor');
    expect(await screen.findByRole('alert')).toHaveTextContent('您的角色无权执行此操作。');
  });

  it('switches language and remembers the choice', async () => {
    signedInAs(agent);
    const first = renderApp('/queue');
    await userEvent.selectOptions(await screen.findByTestId('language-switch'), 'en');
    expect(await screen.findByRole('heading', { name: 'Queue' })).toBeInTheDocument();
    expect(localStorage.getItem('td.lang')).toBe('en');
    first.unmount();
    renderApp('/queue');
    expect(await screen.findByRole('heading', { name: 'Queue' })).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('en');
  });

  it('lists the shortcuts on ? and focuses the search on /', async () => {
    signedInAs(agent);
    renderApp('/queue');
    await screen.findByTestId('current-user');
    const user = userEvent.setup();
    await user.keyboard('?');
    const dialog = await screen.findByTestId('shortcuts-dialog');
    expect(dialog).toHaveAttribute('open');
    expect(within(dialog).getByText('队列中下一条')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: '关闭' }));
    await user.keyboard('/');
    expect(screen.getByTestId('global-search')).toHaveFocus();
    server.use(trpcMsw.customers.search.query(() => []));
    await user.keyboard('张伟{Enter}');
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/customers?q=%E5%BC%A0%E4%BC%9F'));
  });
});
