/**
 * A small hand-worked fixture for the report figures: conversations, cases and presence changes
 * inserted as the writers store them (shared/conversations.ts field names, the case engine's
 * history and outbox entries). tests/integration/reports.test.ts holds the answers, worked out by hand.
 */
import mongoose, { Types } from 'mongoose';

const FIXTURE_DAY = '2026-03-02';
let shiftMs = 0;
/** A fixture time; the whole fixture moves when it is inserted for another first day. */
const at = (local: string) => new Date(new Date(`${local}+08:00`).getTime() + shiftMs);
const person = (role = 'agent') => ({ id: 'u', name: 'u', role });
const system = { id: 'system', name: 'system', role: 'system' };

export const A1 = { id: 'a1', name: '王芳' };
export const A2 = { id: 'a2', name: '李强' };
export const H1 = { id: 'h1', name: '赵敏' };

function conversation(fields: Record<string, unknown>) {
  return {
    channel: 'call',
    status: 'ended',
    queue: 'sales',
    customerId: null,
    phone: null,
    agentId: null,
    agentName: null,
    caseIds: [],
    externalId: null,
    offeredAt: null,
    answeredAt: null,
    endedAt: null,
    wrapUpEndAt: null,
    holdMs: 0,
    disposition: null,
    csat: null,
    ...fields,
  };
}

type Entry = {
  at: Date;
  event: string;
  from: string;
  to: string;
  key?: string;
  actor?: { id: string; name: string; role: string };
};

function caseDoc(
  ref: string,
  fields: Record<string, unknown>,
  history: Entry[],
  context: Record<string, unknown> = {},
  outbox: unknown[] = [],
) {
  const createdAt = fields.createdAt as Date;
  return {
    _id: new Types.ObjectId(),
    ref,
    schemaVersion: 1,
    snapshot: { value: 'x', context },
    version: history.length,
    state: history.at(-1)?.to ?? 'open',
    status: history.at(-1)?.to === 'closed' ? 'closed' : 'open',
    priority: 'normal',
    priorityRank: 1,
    subject: ref,
    assigneeId: null,
    assigneeName: null,
    customerId: null,
    customerName: null,
    bookingId: null,
    bookingRef: null,
    timers: [],
    nextDueAt: null,
    watchers: [],
    history: history.map((h, i) => ({ seq: i + 1, payload: {}, key: `k-${ref}-${i}`, actor: person(), ...h })),
    outbox,
    outboxPending: false,
    idempotencyKeys: [],
    createKey: `create-${ref}`,
    waitingSince: createdAt,
    updatedAt: history.at(-1)?.at ?? createdAt,
    csat: null,
    ...fields,
  };
}

/** Inserts the fixture with its first day on `firstDay` (the answers in the tests are for 2 and 3 March 2026). */
export async function insertReportFixture(firstDay = FIXTURE_DAY) {
  shiftMs = Date.parse(`${firstDay}T00:00:00+08:00`) - Date.parse(`${FIXTURE_DAY}T00:00:00+08:00`);
  const db = mongoose.connection;
  await db.collection('conversations').insertMany([
    conversation({
      queuedAt: at('2026-03-02T10:00:00'),
      answeredAt: at('2026-03-02T10:00:15'),
      endedAt: at('2026-03-02T10:05:15'),
      wrapUpEndAt: at('2026-03-02T10:06:15'),
      holdMs: 60_000,
      agentId: A1.id,
      agentName: A1.name,
      csat: { score: 5, comment: '很好', at: at('2026-03-02T10:07:00') },
    }),
    conversation({
      channel: 'chat',
      queue: 'refunds',
      queuedAt: at('2026-03-02T11:00:00'),
      answeredAt: at('2026-03-02T11:00:40'),
      endedAt: at('2026-03-02T11:10:40'),
      wrapUpEndAt: at('2026-03-02T11:11:40'),
      agentId: A2.id,
      agentName: A2.name,
      csat: { score: 3, comment: null, at: at('2026-03-02T11:12:00') },
    }),
    conversation({ status: 'abandoned', queuedAt: at('2026-03-03T09:00:00') }),
    conversation({
      status: 'wrap_up',
      queuedAt: at('2026-03-03T09:30:00'),
      answeredAt: at('2026-03-03T09:30:10'),
      endedAt: at('2026-03-03T09:32:10'),
      agentId: A1.id,
      agentName: A1.name,
    }),
    // The evening before the range: not counted.
    conversation({ status: 'abandoned', queuedAt: at('2026-03-01T23:59:00') }),
  ]);

  const refundFields = { kind: 'refund', queue: 'refunds', channel: 'phone', customerId: 'cu1', bookingId: 'b1' };
  await db.collection('cases').insertMany([
    caseDoc(
      'R1',
      { ...refundFields, assigneeId: A1.id, assigneeName: A1.name, createdAt: at('2026-03-02T09:00:00') },
      [
        { at: at('2026-03-02T09:00:00'), event: 'CREATE', from: 'none', to: 'verifying' },
        { at: at('2026-03-02T09:10:00'), event: 'CUSTOMER_CONFIRMED', from: 'quoted', to: 'submitting' },
        {
          at: at('2026-03-02T09:11:00'),
          event: 'REFUND_SETTLED',
          from: 'submitting',
          to: 'settled',
          key: 'effect:k-r1',
          actor: system,
        },
        { at: at('2026-03-02T09:20:00'), event: 'CLOSE', from: 'settled', to: 'closed' },
      ],
      { quote: { totalFeeFen: 1000, totalRefundFen: 9000 } },
      [{ id: 'o1', type: 'refund.submit', key: 'k-r1', params: { amountFen: 9000 }, status: 'done' }],
    ),
    caseDoc('R2', { ...refundFields, assigneeId: A1.id, assigneeName: A1.name, createdAt: at('2026-03-03T10:00:00') }, [
      { at: at('2026-03-03T10:00:00'), event: 'CREATE', from: 'none', to: 'verifying' },
      {
        at: at('2026-03-03T12:00:00'),
        event: 'DEADLINE_BREACHED',
        from: 'submitting',
        to: 'submitting',
        actor: system,
      },
    ]),
    // Eight days after R2, on the same booking: R2 still counts as resolved on first contact.
    caseDoc('X', { ...refundFields, createdAt: at('2026-03-11T10:00:00') }, [
      { at: at('2026-03-11T10:00:00'), event: 'CREATE', from: 'none', to: 'verifying' },
    ]),
    caseDoc(
      'CH1',
      {
        kind: 'change',
        queue: 'changes',
        channel: 'chat',
        customerId: 'cu2',
        bookingId: 'b2',
        assigneeId: A2.id,
        assigneeName: A2.name,
        createdAt: at('2026-03-02T14:00:00'),
      },
      [
        { at: at('2026-03-02T14:00:00'), event: 'CREATE', from: 'none', to: 'verifying' },
        { at: at('2026-03-02T15:00:00'), event: 'REISSUED', from: 'reissuing', to: 'done', actor: system },
        { at: at('2026-03-02T16:00:00'), event: 'CLOSE', from: 'done', to: 'closed' },
      ],
      { quote: { totalChangeFeeFen: 500, totalDifferenceFeeFen: 2000, totalPayFen: 2500 } },
    ),
    caseDoc(
      'CP1',
      {
        kind: 'complaint',
        queue: 'complaints',
        channel: 'phone',
        customerId: 'cu3',
        assigneeId: H1.id,
        assigneeName: H1.name,
        createdAt: at('2026-03-03T08:00:00'),
        csat: { score: 4, comment: '处理及时', at: at('2026-03-03T10:00:00') },
      },
      [
        { at: at('2026-03-03T08:00:00'), event: 'CREATE', from: 'none', to: 'new' },
        { at: at('2026-03-03T08:30:00'), event: 'FIRST_RESPONSE_DUE', from: 'new', to: 'new', actor: system },
        { at: at('2026-03-03T09:00:00'), event: 'CUSTOMER_ACCEPTED', from: 'proposed', to: 'resolving' },
        {
          at: at('2026-03-03T09:05:00'),
          event: 'COMPENSATION_ISSUED',
          from: 'resolving',
          to: 'resolved',
          key: 'effect:k-c1',
          actor: system,
        },
        { at: at('2026-03-03T09:30:00'), event: 'CLOSE', from: 'resolved', to: 'closed' },
      ],
      { resolutions: [{ kind: 'voucher', amountFen: 5000 }] },
      [{ id: 'o2', type: 'compensation.issue', key: 'k-c1', params: { amountFen: 5000 }, status: 'done' }],
    ),
    // Opened three days before the range, closed in it.
    caseDoc('OLD', { kind: 'booking', queue: 'sales', channel: 'phone', createdAt: at('2026-02-27T10:00:00') }, [
      { at: at('2026-02-27T10:00:00'), event: 'CREATE', from: 'none', to: 'draft' },
      { at: at('2026-03-02T10:00:00'), event: 'CLOSE', from: 'ticketed', to: 'closed' },
    ]),
  ]);

  const change = (user: { id: string; name: string }, status: string, local: string) => ({
    userId: user.id,
    userName: user.name,
    status,
    reason: null,
    at: at(local),
  });
  await db
    .collection('presence_changes')
    .insertMany([
      change(A1, 'available', '2026-03-01T20:00:00'),
      change(A1, 'on_contact', '2026-03-02T10:00:00'),
      change(A1, 'wrap_up', '2026-03-02T10:30:00'),
      change(A1, 'break', '2026-03-02T10:40:00'),
      change(A1, 'available', '2026-03-02T11:00:00'),
      change(A1, 'offline', '2026-03-02T12:00:00'),
      change(A2, 'available', '2026-03-03T09:00:00'),
      change(A2, 'on_contact', '2026-03-03T09:30:00'),
    ]);
}
