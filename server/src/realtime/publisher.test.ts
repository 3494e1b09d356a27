import { describe, expect, it } from 'vitest';
import type { Server } from 'socket.io';
import type { QueueItem } from '../../../shared/cases';
import type { CasePush } from '../../../shared/realtime';
import { createCasePublisher, roomsForCase } from './publisher';

const AGENT_A = 'aaaaaaaaaaaaaaaaaaaaaaaa';
const AGENT_B = 'bbbbbbbbbbbbbbbbbbbbbbbb';
const CASE_ID = 'cccccccccccccccccccccccc';

function item(overrides: Partial<QueueItem> = {}): QueueItem {
  return {
    id: CASE_ID,
    ref: 'C-1',
    kind: 'refund',
    state: 'quoted',
    status: 'open',
    queue: 'refunds',
    priority: 'normal',
    channel: 'phone',
    subject: 'refund',
    assignee: { id: AGENT_A, name: 'A' },
    customer: null,
    bookingRef: null,
    createdAt: '2026-05-10T00:00:00.000Z',
    updatedAt: '2026-05-10T00:00:00.000Z',
    waitingSince: '2026-05-10T00:00:00.000Z',
    nextDueAt: null,
    nextDueEvent: null,
    version: 1,
    ...overrides,
  };
}

/** Just enough of a Socket.IO server to see what was emitted to which room. */
function recordingIo() {
  const sent: CasePush[] = [];
  const io = {
    to(room: string) {
      return {
        emit(event: string, message: CasePush) {
          if (event === 'push' && message.room === room) sent.push(message);
        },
      };
    },
  };
  return { io: io as unknown as Server, sent };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('roomsForCase', () => {
  it('names the queue, assignee, supervisors and case rooms', () => {
    expect(roomsForCase(item(), null).sort()).toEqual([
      `agent:${AGENT_A}`,
      `case:${CASE_ID}`,
      'queue:refunds',
      'supervisors',
    ]);
  });

  it('also names the queue and assignee the case left', () => {
    const rooms = roomsForCase(item({ queue: 'approvals', assignee: { id: AGENT_B, name: 'B' } }), {
      queue: 'refunds',
      assigneeId: AGENT_A,
    });
    expect(rooms).toEqual(
      expect.arrayContaining(['queue:approvals', 'queue:refunds', `agent:${AGENT_A}`, `agent:${AGENT_B}`]),
    );
  });

  it("also names the rooms of the case's watchers", () => {
    const rooms = roomsForCase(item({ queue: 'escalations', assignee: null, watchers: [{ id: AGENT_B, name: 'B' }] }), {
      queue: 'escalations',
      assigneeId: null,
    });
    expect(rooms).toContain(`agent:${AGENT_B}`);
  });

  it('does not repeat a room when nothing moved', () => {
    const rooms = roomsForCase(item(), { queue: 'refunds', assigneeId: AGENT_A });
    expect(rooms).toHaveLength(new Set(rooms).size);
    expect(rooms).toHaveLength(4);
  });
});

describe('createCasePublisher', () => {
  it('numbers each room on its own, from 1, without gaps', async () => {
    const { io, sent } = recordingIo();
    const publisher = createCasePublisher(io);
    publisher.publishCase(item({ version: 1 }), null);
    publisher.publishCase(item({ version: 2, queue: 'approvals', assignee: null }), {
      queue: 'refunds',
      assigneeId: AGENT_A,
    });
    publisher.publishCase(item({ version: 3, queue: 'approvals', assignee: null }), {
      queue: 'approvals',
      assigneeId: null,
    });
    await flush();

    const seqs = (room: string) => sent.filter((m) => m.room === room).map((m) => [m.seq, m.item.version]);
    expect(seqs('supervisors')).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
    expect(seqs('queue:refunds')).toEqual([
      [1, 1],
      [2, 2],
    ]);
    expect(seqs('queue:approvals')).toEqual([
      [1, 2],
      [2, 3],
    ]);
    expect(seqs(`agent:${AGENT_A}`)).toEqual([
      [1, 1],
      [2, 2],
    ]);
    expect(await publisher.currentSeq('supervisors')).toBe(3);
    expect(await publisher.currentSeq('queue:sales')).toBe(0);
    expect(sent.every((m) => m.type === 'case.upsert')).toBe(true);
  });
});
