import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { ConversationView, ScreenPop } from '../../../../shared/conversations';
import { agent } from '../../test/fixtures';
import { server, trpcMsw } from '../../test/msw';
import { renderApp } from '../../test/render';

const ringing: ConversationView = {
  id: '6650a1b2c3d4e5f6000000f1',
  channel: 'call',
  status: 'offered',
  state: 'offered',
  queue: 'sales',
  customer: { id: '6650a1b2c3d4e5f6000000c1', name: '张伟', vipTier: 'gold' },
  phone: '138****8000',
  agent: { id: agent.id, name: agent.name },
  caseIds: [],
  externalId: 'call-1',
  callbackId: null,
  queuedAt: '2026-05-10T01:00:00.000Z',
  offeredAt: '2026-05-10T01:00:01.000Z',
  answeredAt: null,
  endedAt: null,
  wrapUpEndAt: null,
  holdMs: 0,
  durationSeconds: null,
  disposition: null,
  csat: null,
  version: 2,
};
const pop: ScreenPop = {
  conversation: ringing,
  openCases: [{ id: '6650a1b2c3d4e5f6000000a1', ref: 'RF-000012', kind: 'refund', state: 'quoted', subject: '退票' }],
  nextDepartures: [
    {
      bookingId: '6650a1b2c3d4e5f6000000b1',
      bookingRef: 'TD0000001',
      code: 'G1',
      origin: '北京南',
      destination: '上海虹桥',
      departureAt: '2026-05-12T07:00:00+08:00',
    },
  ],
};

describe('IncomingCalls', () => {
  it('pops the card from a push to my room with the caller, open cases and next departures; answering sends ACCEPT', async () => {
    const sent: unknown[] = [];
    server.use(
      trpcMsw.auth.me.query(() => agent),
      trpcMsw.queue.snapshot.query(() => ({ items: [], seqs: [] })),
      trpcMsw.conversations.screenPop.query(() => pop),
      trpcMsw.conversations.send.mutation(({ input }) => {
        sent.push(input);
        return {
          ...ringing,
          status: 'active',
          state: 'active.talking',
          answeredAt: new Date().toISOString(),
          version: 3,
        };
      }),
    );
    const { socket } = renderApp('/queue', { language: 'en' });
    act(() => socket.connect());
    await waitFor(() => expect(socket.subscribed).toContain(`agent:${agent.id}`));
    expect(screen.queryByTestId('incoming-call')).toBeNull();

    act(() =>
      socket.pushConversation({
        room: `agent:${agent.id}`,
        seq: 1,
        type: 'conversation.upsert',
        conversation: ringing,
      }),
    );
    const card = await screen.findByTestId('incoming-call');
    expect(within(card).getByTestId('call-status')).toHaveTextContent('Incoming call');
    expect(within(card).getByTestId('call-customer')).toHaveTextContent('张伟');
    expect(within(card).getByTestId('call-customer')).toHaveAttribute('href', '/customers/6650a1b2c3d4e5f6000000c1');
    expect(within(card).getByTestId('call-number')).toHaveTextContent('138****8000');
    expect(within(card).getByText('Gold')).toBeInTheDocument();
    expect(await within(card).findByTestId('call-open-case')).toHaveAttribute(
      'href',
      '/cases/6650a1b2c3d4e5f6000000a1',
    );
    expect(within(card).getByTestId('call-departure')).toHaveTextContent('G1 北京南→上海虹桥');

    await userEvent.click(within(card).getByTestId('call-answer'));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toMatchObject({ conversationId: ringing.id, expectedVersion: 2, event: { type: 'ACCEPT' } });
  });

  it('ignores a push about a call offered to someone else and drops the card when the call leaves me', async () => {
    server.use(
      trpcMsw.auth.me.query(() => agent),
      trpcMsw.queue.snapshot.query(() => ({ items: [], seqs: [] })),
      trpcMsw.conversations.screenPop.query(() => pop),
    );
    const { socket } = renderApp('/queue', { language: 'zh-CN' });
    act(() => socket.connect());
    await waitFor(() => expect(socket.subscribed).toContain(`agent:${agent.id}`));
    const elsewhere = { ...ringing, agent: { id: '6650a1b2c3d4e5f6000000e9', name: '李强' } };
    act(() =>
      socket.pushConversation({ room: 'agent:x', seq: 1, type: 'conversation.upsert', conversation: elsewhere }),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.queryByTestId('incoming-call')).toBeNull();

    act(() =>
      socket.pushConversation({
        room: `agent:${agent.id}`,
        seq: 2,
        type: 'conversation.upsert',
        conversation: ringing,
      }),
    );
    expect(await screen.findByTestId('call-status')).toHaveTextContent('来电');
    const missed = { ...ringing, status: 'missed' as const, state: 'missed', version: 3 };
    act(() =>
      socket.pushConversation({ room: `agent:${agent.id}`, seq: 3, type: 'conversation.upsert', conversation: missed }),
    );
    await waitFor(() => expect(screen.queryByTestId('incoming-call')).toBeNull());
  });
});
