/**
 * Who may call what, for every procedure of the cases, queue and quote routers and every role;
 * signed out is UNAUTHORIZED everywhere. Reads are for every signed-in role, creating and sending
 * for case workers (not QA), queue snapshots only for the queues a role works (queuesByRole), and
 * inside cases.send each event for the roles its machine names.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { roles, caseWorkerRoles, type Role } from '../../shared/roles';
import { queueNames, queuesByRole, type CaseDetail, type QueueName } from '../../shared/cases';
import { createCaller } from '../../server/src/trpc/root';
import { CaseModel, type CaseRecord } from '../../server/src/db/models/case';
import { BookingModel } from '../../server/src/db/models/booking';
import { connectTestDatabase, testDeps } from '../support/deps';
import { contextFor, createPlatformFixtures, ZHANG_ID, type PlatformFixtures } from '../support/platform';

type Caller = ReturnType<typeof createCaller>;

let disconnect: () => Promise<void>;
let fx: PlatformFixtures;
/** 47 hours before the fixture train G1 leaves: every quote below is allowed. */
const deps = testDeps({ now: () => new Date('2026-05-10T08:00:00+08:00') });
const as = (user: PlatformFixtures['users'][Role] | null): Caller => createCaller(contextFor(deps, user));

let keySeq = 0;
const key = () => `access-${process.pid}-${keySeq++}`;

/** A refund case on the fixture rail booking and a complaint, opened by a supervisor. */
let refundCase: CaseDetail;
let complaintCase: CaseDetail;

beforeAll(async () => {
  disconnect = await connectTestDatabase('cases_access');
  fx = await createPlatformFixtures();
  refundCase = await as(fx.users.supervisor).cases.create({
    kind: 'refund',
    channel: 'phone',
    customerId: fx.customers.zhang,
    bookingId: fx.bookings.zhangRail.id,
    subject: '客户要求退票',
    idempotencyKey: key(),
  });
  complaintCase = await as(fx.users.supervisor).cases.create({
    kind: 'complaint',
    channel: 'chat',
    customerId: fx.customers.li,
    subject: '列车晚点投诉',
    idempotencyKey: key(),
  });
});
afterAll(async () => {
  await disconnect();
});

async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (error) {
    return error instanceof TRPCError ? error.code : `unexpected ${String(error)}`;
  }
}

async function currentVersion(caseId: string): Promise<number> {
  const stored = await CaseModel.findById(caseId, { version: 1 }).lean<Pick<CaseRecord, 'version'>>();
  if (!stored) throw new Error(`case ${caseId} vanished`);
  return stored.version;
}

const everyone = roles;
const workers = caseWorkerRoles;

const procedures: { name: string; allowed: readonly Role[]; call: (c: Caller) => Promise<unknown> }[] = [
  {
    name: 'cases.create',
    allowed: workers,
    call: (c) =>
      c.cases.create({
        kind: 'complaint',
        channel: 'phone',
        customerId: fx.customers.zhang,
        subject: '服务态度',
        idempotencyKey: key(),
      }),
  },
  { name: 'cases.get', allowed: everyone, call: (c) => c.cases.get({ id: refundCase.id }) },
  { name: 'cases.list', allowed: everyone, call: (c) => c.cases.list({ kind: 'refund' }) },
  {
    name: 'cases.send',
    allowed: workers,
    call: async (c) =>
      c.cases.send({
        caseId: refundCase.id,
        expectedVersion: await currentVersion(refundCase.id),
        idempotencyKey: key(),
        event: { type: 'ADD_NOTE', text: '客户稍后回电' },
      }),
  },
  { name: 'cases.history', allowed: everyone, call: (c) => c.cases.history({ id: refundCase.id }) },
  { name: 'queue.snapshot (own queues)', allowed: everyone, call: (c) => c.queue.snapshot({}) },
  { name: 'queue.snapshot (mine)', allowed: everyone, call: (c) => c.queue.snapshot({ mine: true }) },
  { name: 'quote.refund', allowed: everyone, call: (c) => c.quote.refund({ bookingId: fx.bookings.zhangRail.id }) },
  {
    name: 'quote.change',
    allowed: everyone,
    call: (c) =>
      c.quote.change({
        bookingId: fx.bookings.zhangRail.id,
        passengerIds: ['p1'],
        departureId: fx.departures.g7,
        classCode: 'O',
      }),
  },
  {
    name: 'quote.compute',
    allowed: everyone,
    call: (c) =>
      c.quote.compute({
        kind: 'refund',
        ruleSet: 'cn-rail',
        fareFen: 55_300,
        purchasedAt: '2026-05-01T10:00:00+08:00',
        departureAt: '2026-05-20T08:00:00+08:00',
        requestedAt: '2026-05-15T08:00:00+08:00',
      }),
  },
  { name: 'quote.versions', allowed: everyone, call: (c) => c.quote.versions({ ruleSet: 'cn-rail' }) },
];

describe.each(procedures)('$name', ({ allowed, call }) => {
  it.each(roles.map((role) => [role]))('as %s', async (role) => {
    expect(await outcome(call(as(fx.users[role])))).toBe(allowed.includes(role) ? 'OK' : 'FORBIDDEN');
  });

  it('signed out is UNAUTHORIZED', async () => {
    expect(await outcome(call(as(null)))).toBe('UNAUTHORIZED');
  });
});

describe('queue.snapshot per queue', () => {
  const grid = roles.flatMap((role) =>
    queueNames.map((queue) => ({ role, queue, allowed: queuesByRole[role].includes(queue) })),
  );

  it.each(grid)('$role asking for $queue → allowed: $allowed', async ({ role, queue, allowed }) => {
    const result = call(as(fx.users[role]), [queue]);
    if (allowed) {
      const snapshot = await result;
      expect(snapshot.items.every((item) => item.queue === queue)).toBe(true);
      expect(snapshot.seqs.map((s) => s.room)).toEqual([`queue:${queue}`]);
    } else {
      const error = await result.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TRPCError);
      expect((error as TRPCError).code).toBe('FORBIDDEN');
      expect((error as TRPCError).message).toBe(`Your role does not work the queue(s): ${queue}.`);
    }
  });

  it('names every refused queue when some of the list is allowed', async () => {
    const error = await call(as(fx.users.agent), ['refunds', 'complaints', 'escalations']).catch(
      (e: unknown) => e as TRPCError,
    );
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe('FORBIDDEN');
    expect((error as TRPCError).message).toBe('Your role does not work the queue(s): complaints, escalations.');
  });

  it.each(roles.map((role) => [role]))('without a list, %s sees only the queues the role works', async (role) => {
    const snapshot = await as(fx.users[role]).queue.snapshot({});
    expect(snapshot.items.every((item) => queuesByRole[role].includes(item.queue))).toBe(true);
    expect(snapshot.seqs.map((s) => s.room)).toEqual(queuesByRole[role].map((q) => `queue:${q}`));
    const ids = snapshot.items.map((item) => item.id);
    expect(ids.includes(refundCase.id)).toBe(queuesByRole[role].includes('refunds'));
    expect(ids.includes(complaintCase.id)).toBe(queuesByRole[role].includes('complaints'));
  });

  function call(caller: Caller, queues: QueueName[]) {
    return caller.queue.snapshot({ queues });
  }
});

/**
 * Inside cases.send: the router lets every case worker through, then each event is checked
 * against the roles its machine names for the case's state (workflows/machines/*EventRoles).
 */
describe('cases.send checks each event against the machine roles', () => {
  let copies = 0;
  /** A copy of 张伟's rail booking: a ticket is refunded by one case at a time, so each waiting refund has its own. */
  async function bookingCopy(): Promise<string> {
    const {
      _id,
      createdAt: _c,
      updatedAt: _u,
      ...original
    } = (await BookingModel.findById(fx.bookings.zhangRail.id).lean())!;
    const ref = `AC${String(++copies).padStart(7, '0')}`;
    const copy = await BookingModel.create({
      ...original,
      ref,
      passengers: original.passengers.map((p) => ({ ...p, ticketNumber: `${ref}-${p.passengerId}`, claim: null })),
    });
    return copy._id.toHexString();
  }

  async function freshRefund(bookingId = fx.bookings.zhangRail.id): Promise<CaseDetail> {
    return as(fx.users.supervisor).cases.create({
      kind: 'refund',
      channel: 'phone',
      customerId: fx.customers.zhang,
      bookingId,
      subject: '退票',
      idempotencyKey: key(),
    });
  }

  /** A refund the customer confirmed (recorded by an agent), waiting for a supervisor's approval. */
  async function awaitingApproval(): Promise<CaseDetail> {
    const agent = as(fx.users.agent);
    let c = await freshRefund(await bookingCopy());
    c = await agent.cases.send({
      caseId: c.id,
      expectedVersion: c.version,
      idempotencyKey: key(),
      event: { type: 'VERIFY', idNumber: ZHANG_ID },
    });
    c = await agent.cases.send({
      caseId: c.id,
      expectedVersion: c.version,
      idempotencyKey: key(),
      event: { type: 'QUOTE_REFUND', passengerIds: ['p1'], involuntary: true, reason: '列车停运' },
    });
    c = await agent.cases.send({
      caseId: c.id,
      expectedVersion: c.version,
      idempotencyKey: key(),
      event: { type: 'CUSTOMER_CONFIRMED' },
    });
    expect(c.state).toBe('awaiting_approval');
    return c;
  }

  const salesDesk: readonly Role[] = ['agent', 'supervisor', 'admin'];
  const table: {
    event: string;
    allowed: readonly Role[];
    open: () => Promise<CaseDetail>;
    payload: Record<string, unknown>;
  }[] = [
    { event: 'VERIFY', allowed: salesDesk, open: freshRefund, payload: { idNumber: ZHANG_ID } },
    {
      event: 'SET_PRIORITY',
      allowed: ['complaint_handler', 'supervisor', 'admin'],
      open: freshRefund,
      payload: { priority: 'high' },
    },
    { event: 'TRANSFER', allowed: workers, open: freshRefund, payload: { queue: 'escalations' } },
    { event: 'REFUND_SETTLED', allowed: [], open: freshRefund, payload: { gatewayRef: 'RFD-forged' } },
    { event: 'APPROVE', allowed: ['supervisor', 'admin'], open: awaitingApproval, payload: { note: '同意' } },
    { event: 'REJECT', allowed: ['supervisor', 'admin'], open: awaitingApproval, payload: { reason: '材料不全' } },
  ];

  describe.each(table)('$event', ({ event, allowed, open, payload }) => {
    it.each(roles.map((role) => [role]))('as %s', async (role) => {
      const c = await open();
      const result = await outcome(
        as(fx.users[role]).cases.send({
          caseId: c.id,
          expectedVersion: c.version,
          idempotencyKey: key(),
          event: { type: event, ...payload },
        }),
      );
      if (allowed.includes(role)) {
        expect(result).toBe('OK');
        expect(await currentVersion(c.id)).toBe(c.version + 1);
      } else {
        expect(result).toBe('FORBIDDEN');
        expect(await currentVersion(c.id)).toBe(c.version);
      }
    });
  });

  it('tells a refused role why: who may send it, or that only the system does', async () => {
    const c = await freshRefund();
    const refusal = (user: PlatformFixtures['users'][Role], type: string, extra: Record<string, unknown>) =>
      as(user)
        .cases.send({ caseId: c.id, expectedVersion: c.version, idempotencyKey: key(), event: { type, ...extra } })
        .then(
          () => 'accepted',
          (e: unknown) => (e instanceof TRPCError ? `${e.code}: ${e.message}` : String(e)),
        );
    expect(await refusal(fx.users.complaint_handler, 'VERIFY', { idNumber: ZHANG_ID })).toBe(
      'FORBIDDEN: VERIFY needs one of the roles: agent, supervisor, admin.',
    );
    expect(await refusal(fx.users.admin, 'REFUND_SETTLED', { gatewayRef: 'x' })).toBe(
      'FORBIDDEN: REFUND_SETTLED is sent by the system, not by people.',
    );
    expect(await refusal(fx.users.qa, 'ADD_NOTE', { text: 'x' })).toBe(
      'FORBIDDEN: This needs one of the roles: agent, complaint_handler, supervisor, admin.',
    );
  });

  it('offers each role exactly the events it may send', async () => {
    const c = await awaitingApproval();
    const offered = async (role: Role) => (await as(fx.users[role]).cases.get({ id: c.id })).allowedEvents;
    expect(await offered('qa')).toEqual([]);
    expect(await offered('agent')).not.toContain('APPROVE');
    expect(await offered('supervisor')).toEqual(expect.arrayContaining(['APPROVE', 'REJECT']));
    expect(await offered('complaint_handler')).not.toContain('REJECT');
  });
});
