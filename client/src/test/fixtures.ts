import type { SessionUser } from '../../../shared/auth';
import type { CaseDetail, QueueItem } from '../../../shared/cases';

export const agent: SessionUser = { id: 'a00000000000000000000001', username: 'agent1', name: '王小明', role: 'agent', queues: ['sales', 'changes', 'refunds'] };
export const supervisor: SessionUser = { id: 'a00000000000000000000003', username: 'super1', name: '李主管', role: 'supervisor', queues: [] };
export const handler: SessionUser = { id: 'a00000000000000000000004', username: 'handler1', name: '赵专员', role: 'complaint_handler', queues: ['complaints', 'escalations'] };

let counter = 0;
/** A 24-hex id, unique per call. */
export function objectId(): string {
  counter += 1;
  return counter.toString(16).padStart(24, 'c');
}

export function queueItem(overrides: Partial<QueueItem> = {}): QueueItem {
  const id = overrides.id ?? objectId();
  return {
    id,
    ref: `C-${id.slice(-4)}`,
    kind: 'refund',
    state: 'verifying',
    status: 'open',
    queue: 'refunds',
    priority: 'normal',
    channel: 'phone',
    subject: 'Refund G1234',
    assignee: null,
    customer: { id: 'b00000000000000000000001', name: '张伟' },
    bookingRef: 'BK1001',
    createdAt: '2026-05-10T01:00:00.000Z',
    updatedAt: '2026-05-10T01:00:00.000Z',
    waitingSince: '2026-05-10T01:00:00.000Z',
    nextDueAt: null,
    nextDueEvent: null,
    version: 1,
    ...overrides,
  };
}

export function caseDetail(overrides: Partial<CaseDetail> = {}): CaseDetail {
  const item = queueItem(overrides);
  return {
    ...item,
    data: {},
    allowedEvents: [],
    notes: [],
    history: [
      {
        seq: 1,
        at: item.createdAt,
        actor: { id: agent.id, name: agent.name, role: 'agent' },
        event: 'CREATE',
        payload: {},
        from: item.state,
        to: item.state,
      },
    ],
    customerId: item.customer?.id ?? null,
    bookingId: 'd00000000000000000000001',
    ...overrides,
  };
}
