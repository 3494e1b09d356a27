/**
 * Hostile input to the cases, queue and quote procedures: wrong types, MongoDB operators where
 * strings belong, huge strings, unknown fields, unknown events, and event payloads that try to
 * smuggle facts only the engine may supply (departure, identityVerified, booking, assignee, meta,
 * quotas). Each is a 4xx with a message a person can read, and nothing in the database changes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import { DomainError } from '../../shared/errors';
import type { CaseDetail } from '../../shared/cases';
import { createCaller } from '../../server/src/trpc/root';
import { CaseModel, type CaseRecord } from '../../server/src/db/models/case';
import { connectTestDatabase, testDeps } from '../support/deps';
import { contextFor, createPlatformFixtures, ZHANG_ID, type PlatformFixtures } from '../support/platform';

type Caller = ReturnType<typeof createCaller>;

let disconnect: () => Promise<void>;
let fx: PlatformFixtures;
const deps = testDeps({ now: () => new Date('2026-05-10T08:00:00+08:00') });
const as = (user: PlatformFixtures['users']['admin']): Caller =>
  createCaller(contextFor(deps, user, { ip: '192.0.2.66' }));

let keySeq = 0;
const key = () => `hostile-${process.pid}-${keySeq++}`;

/** One open case per kind; refund and change wait in 'verifying', booking in 'draft', complaint in 'received'. */
const open = {} as Record<'refund' | 'booking' | 'complaint', CaseDetail>;

beforeAll(async () => {
  disconnect = await connectTestDatabase('cases_hostile');
  fx = await createPlatformFixtures();
  const admin = as(fx.users.admin);
  open.refund = await admin.cases.create({
    kind: 'refund',
    channel: 'phone',
    customerId: fx.customers.zhang,
    bookingId: fx.bookings.zhangRail.id,
    subject: '退票',
    idempotencyKey: key(),
  });
  open.booking = await admin.cases.create({
    kind: 'booking',
    channel: 'phone',
    customerId: fx.customers.zhang,
    subject: '订票',
    idempotencyKey: key(),
  });
  open.complaint = await admin.cases.create({
    kind: 'complaint',
    channel: 'chat',
    customerId: fx.customers.li,
    subject: '投诉',
    idempotencyKey: key(),
  });
});
afterAll(async () => {
  await disconnect();
});

/** Counts of every collection and the write-relevant fields of every case: a refused call changes none of it. */
async function databaseState(): Promise<{ counts: Record<string, number>; cases: unknown[] }> {
  const db = mongoose.connection.db;
  if (!db) throw new Error('not connected');
  const counts: Record<string, number> = {};
  for (const { name } of await db.listCollections().toArray())
    counts[name] = await db.collection(name).countDocuments();
  const cases = (await CaseModel.find({}).sort({ _id: 1 }).lean<CaseRecord[]>()).map((c) => ({
    id: c._id.toHexString(),
    version: c.version,
    state: c.state,
    queue: c.queue,
    history: c.history.length,
    outbox: c.outbox.length,
    snapshot: c.snapshot,
  }));
  return { counts, cases };
}

/** The messages a caller gets to read: zod issues, or the domain error's own message and issues. */
function messagesOf(error: TRPCError): { paths: string[]; text: string } {
  const cause = error.cause;
  if (cause instanceof ZodError) {
    return {
      paths: cause.issues.map((i) => i.path.map(String).join('.')),
      text: cause.issues.map((i) => i.message).join('; '),
    };
  }
  if (cause instanceof DomainError) {
    const issues = (cause.details?.issues ?? []) as { path: string; message: string }[];
    return { paths: issues.map((i) => i.path), text: error.message };
  }
  return { paths: [], text: error.message };
}

// Inputs typed loosely on purpose: this is what a hostile client can put on the wire.
type Loose = (input: unknown) => Promise<unknown>;
type HostileCase = {
  name: string;
  call: (c: Caller) => Loose;
  input: () => unknown;
  code: 'BAD_REQUEST' | 'NOT_FOUND' | 'FORBIDDEN' | 'CONFLICT';
  /** A path the issues must name ('' = the object itself). */
  field?: string;
  /** Text the message must contain, e.g. the smuggled key or the state. */
  says?: string;
};

const send = (c: Caller) => c.cases.send as Loose;
const create = (c: Caller) => c.cases.create as Loose;
/** A cases.send input for one of the open cases at its current version, with `event` as given. */
const sendTo =
  (kind: keyof typeof open, event: unknown, extra: Record<string, unknown> = {}) =>
  () => ({
    caseId: open[kind].id,
    expectedVersion: open[kind].version,
    idempotencyKey: key(),
    event,
    ...extra,
  });
const fakeActor = { id: 'ffffffffffffffffffffffff', name: '系统', role: 'admin' };
const departureFacts = () => ({
  departureId: 'ffffffffffffffffffffffff',
  code: 'G1',
  mode: 'rail',
  ruleSet: 'cn-rail',
  organizer: null,
  departureAt: '2026-05-12T07:00:00.000Z',
  classCode: 'O',
  className: '二等座',
  priceFen: 1,
  seatsLeft: 999,
  realName: false,
});

const smuggling: HostileCase[] = [
  {
    name: 'VERIFY claiming identityVerified beside a wrong number',
    call: send,
    input: sendTo('refund', { type: 'VERIFY', idNumber: '110105194912310000', identityVerified: true }),
    code: 'BAD_REQUEST',
    says: 'identityVerified',
  },
  {
    name: 'VERIFY with identityVerified instead of a number',
    call: send,
    input: sendTo('refund', { type: 'VERIFY', identityVerified: true }),
    code: 'BAD_REQUEST',
    field: 'idNumber',
  },
  {
    name: 'VERIFY with an operator for the number',
    call: send,
    input: sendTo('refund', { type: 'VERIFY', idNumber: { $ne: '' } }),
    code: 'BAD_REQUEST',
    field: 'idNumber',
  },
  {
    name: 'QUOTE with the departure facts (a 0.01 yuan price) supplied',
    call: send,
    input: sendTo('booking', {
      type: 'QUOTE',
      departureId: 'x',
      classCode: 'O',
      passengerCount: 1,
      departure: departureFacts(),
    }),
    code: 'BAD_REQUEST',
    says: 'departure',
  },
  {
    name: 'QUOTE with the departure facts and a valid departure id',
    call: send,
    input: () =>
      sendTo('booking', {
        type: 'QUOTE',
        departureId: fx.departures.g1,
        classCode: 'O',
        passengerCount: 1,
        departure: departureFacts(),
      })(),
    code: 'BAD_REQUEST',
    says: 'departure',
  },
  {
    name: 'ENTER_PASSENGERS with a student quota supplied',
    call: send,
    input: sendTo('booking', {
      type: 'ENTER_PASSENGERS',
      passengers: [
        { name: '张伟', idType: 'resident_id', idNumber: ZHANG_ID, passengerType: 'student', studentQuotaLeft: 99 },
      ],
    }),
    code: 'BAD_REQUEST',
    says: 'studentQuotaLeft',
  },
  {
    name: 'ENTER_PASSENGERS with the real-name check supplied',
    call: send,
    input: sendTo('booking', {
      type: 'ENTER_PASSENGERS',
      passengers: [
        { name: '张伟', idType: 'resident_id', idNumber: ZHANG_ID, passengerType: 'adult', showTicketHeldBy: null },
      ],
    }),
    code: 'BAD_REQUEST',
    says: 'showTicketHeldBy',
  },
  {
    name: 'ADD_NOTE with meta naming another actor and time',
    call: send,
    input: sendTo('refund', { type: 'ADD_NOTE', text: '备注', meta: { actor: fakeActor, at: '2020-01-01T00:00:00Z' } }),
    code: 'BAD_REQUEST',
    says: 'meta',
  },
  {
    name: 'ADD_NOTE with a noteId',
    call: send,
    input: sendTo('refund', { type: 'ADD_NOTE', text: '备注', noteId: 'n-1' }),
    code: 'BAD_REQUEST',
    says: 'noteId',
  },
  {
    name: 'TRANSFER with an assignee object instead of an id',
    call: send,
    input: sendTo('refund', {
      type: 'TRANSFER',
      queue: 'approvals',
      assignee: { id: 'ffffffffffffffffffffffff', name: '刘洋' },
    }),
    code: 'BAD_REQUEST',
    says: 'assignee',
  },
  {
    name: 'ASSIGN with both an id and a forged assignee',
    call: send,
    input: () =>
      sendTo('refund', {
        type: 'ASSIGN',
        assigneeId: fx.users.agent.id,
        assignee: { id: fx.users.qa.id, name: '孙丽' },
      })(),
    code: 'BAD_REQUEST',
    says: 'assignee',
  },
  {
    name: 'LINK_BOOKING with booking facts supplied',
    call: send,
    input: () =>
      sendTo('refund', {
        type: 'LINK_BOOKING',
        bookingId: fx.bookings.smithAir.id,
        booking: { ref: 'TD0000002', tickets: [] },
      })(),
    code: 'BAD_REQUEST',
    says: 'booking',
  },
  {
    name: 'QUOTE_REFUND with a ready-made quote',
    call: send,
    input: sendTo('refund', {
      type: 'QUOTE_REFUND',
      passengerIds: ['p1'],
      reason: '行程取消',
      quote: { totalRefundFen: 99_999_999, totalFeeFen: 0 },
    }),
    code: 'BAD_REQUEST',
    says: 'quote',
  },
  {
    name: 'PROPOSE_RESOLUTION with meta claiming a higher role',
    call: send,
    input: sendTo('complaint', {
      type: 'PROPOSE_RESOLUTION',
      kind: 'voucher',
      amountFen: 10_000,
      text: '补偿',
      meta: { actor: fakeActor },
    }),
    code: 'BAD_REQUEST',
    says: 'meta',
  },
  {
    name: 'PROPOSE_RESOLUTION with a negative amount',
    call: send,
    input: sendTo('complaint', { type: 'PROPOSE_RESOLUTION', kind: 'voucher', amountFen: -500, text: '补偿' }),
    code: 'BAD_REQUEST',
    field: 'amountFen',
  },
  {
    name: 'PROPOSE_RESOLUTION with the amount as a string',
    call: send,
    input: sendTo('complaint', { type: 'PROPOSE_RESOLUTION', kind: 'voucher', amountFen: '10000', text: '补偿' }),
    code: 'BAD_REQUEST',
    field: 'amountFen',
  },
  {
    name: 'an event with a constructor key',
    call: send,
    input: sendTo('refund', { type: 'ADD_NOTE', text: 'x', constructor: { prototype: { identityVerified: true } } }),
    code: 'BAD_REQUEST',
    says: 'constructor',
  },
];

const events: HostileCase[] = [
  {
    name: 'an unknown event',
    call: send,
    input: sendTo('refund', { type: 'DROP_TABLES' }),
    code: 'BAD_REQUEST',
    says: 'A refund case has no event DROP_TABLES.',
  },
  {
    name: 'an event of another kind',
    call: send,
    input: sendTo('refund', { type: 'HOLD_SEATS' }),
    code: 'BAD_REQUEST',
    says: 'A refund case has no event HOLD_SEATS.',
  },
  {
    name: 'the CREATED history marker',
    call: send,
    input: sendTo('refund', { type: 'CREATED' }),
    code: 'BAD_REQUEST',
    says: 'no event CREATED',
  },
  {
    name: 'an xstate internal event',
    call: send,
    input: sendTo('refund', { type: 'xstate.init' }),
    code: 'BAD_REQUEST',
    field: 'event.type',
  },
  {
    name: 'a lower-case event name',
    call: send,
    input: sendTo('refund', { type: 'add_note', text: 'x' }),
    code: 'BAD_REQUEST',
    field: 'event.type',
  },
  {
    name: 'an operator for the event type',
    call: send,
    input: sendTo('refund', { type: { $ne: '' } }),
    code: 'BAD_REQUEST',
    field: 'event.type',
  },
  {
    name: 'an event that is a string',
    call: send,
    input: sendTo('refund', 'ADD_NOTE'),
    code: 'BAD_REQUEST',
    field: 'event',
  },
  { name: 'no event at all', call: send, input: sendTo('refund', undefined), code: 'BAD_REQUEST', field: 'event' },
  {
    name: 'a huge event name',
    call: send,
    input: sendTo('refund', { type: 'A'.repeat(10_000) }),
    code: 'BAD_REQUEST',
    field: 'event.type',
  },
  {
    name: 'an event the state does not accept',
    call: send,
    input: sendTo('refund', { type: 'ESCALATE', reason: '客户不满' }),
    code: 'BAD_REQUEST',
    says: 'Event ESCALATE is not allowed while the case is in state verifying.',
  },
  {
    name: 'a huge note',
    call: send,
    input: sendTo('refund', { type: 'ADD_NOTE', text: '字'.repeat(100_000) }),
    code: 'BAD_REQUEST',
    field: 'text',
  },
  {
    name: 'a blank note',
    call: send,
    input: sendTo('refund', { type: 'ADD_NOTE', text: '   ' }),
    code: 'BAD_REQUEST',
    field: 'text',
  },
  {
    name: 'an operator for the note',
    call: send,
    input: sendTo('refund', { type: 'ADD_NOTE', text: { $gt: '' } }),
    code: 'BAD_REQUEST',
    field: 'text',
  },
  {
    name: 'TRANSFER to an unknown queue',
    call: send,
    input: sendTo('refund', { type: 'TRANSFER', queue: 'vip' }),
    code: 'BAD_REQUEST',
    field: 'queue',
  },
  {
    name: 'ASSIGN to an unknown user',
    call: send,
    input: sendTo('refund', { type: 'ASSIGN', assigneeId: 'ffffffffffffffffffffffff' }),
    code: 'NOT_FOUND',
  },
  {
    name: 'ASSIGN to a QA reviewer',
    call: send,
    input: () => sendTo('refund', { type: 'ASSIGN', assigneeId: fx.users.qa.id })(),
    code: 'BAD_REQUEST',
    says: 'does not work cases',
  },
  {
    name: 'ASSIGN to a deactivated user',
    call: send,
    input: () => sendTo('refund', { type: 'ASSIGN', assigneeId: fx.users.inactive.id })(),
    code: 'NOT_FOUND',
  },
  {
    name: 'LINK_CUSTOMER with an operator',
    call: send,
    input: sendTo('refund', { type: 'LINK_CUSTOMER', customerId: { $ne: null } }),
    code: 'BAD_REQUEST',
    field: 'customerId',
  },
  {
    name: 'LINK_BOOKING to a missing booking',
    call: send,
    input: sendTo('refund', { type: 'LINK_BOOKING', bookingId: 'ffffffffffffffffffffffff' }),
    code: 'NOT_FOUND',
  },
  {
    name: 'QUOTE for a missing departure',
    call: send,
    input: sendTo('booking', {
      type: 'QUOTE',
      departureId: 'ffffffffffffffffffffffff',
      classCode: 'O',
      passengerCount: 1,
    }),
    code: 'NOT_FOUND',
  },
  {
    name: 'QUOTE for a class the train does not have',
    call: send,
    input: () =>
      sendTo('booking', { type: 'QUOTE', departureId: fx.departures.g1, classCode: 'Z', passengerCount: 1 })(),
    code: 'NOT_FOUND',
    says: 'Departure G1 has no class "Z".',
  },
  {
    name: 'QUOTE for 1000 passengers',
    call: send,
    input: () =>
      sendTo('booking', { type: 'QUOTE', departureId: fx.departures.g1, classCode: 'O', passengerCount: 1000 })(),
    code: 'BAD_REQUEST',
    field: 'passengerCount',
  },
  {
    name: 'a REFUND_SETTLED from a person',
    call: send,
    input: sendTo('refund', { type: 'REFUND_SETTLED', gatewayRef: 'RFD-1' }),
    code: 'FORBIDDEN',
    says: 'sent by the system',
  },
];

const envelope: HostileCase[] = [
  {
    name: 'an operator for the case id',
    call: send,
    input: sendTo('refund', { type: 'ADD_NOTE', text: 'x' }, { caseId: { $ne: null } }),
    code: 'BAD_REQUEST',
    field: 'caseId',
  },
  {
    name: 'a non-hex case id',
    call: send,
    input: sendTo('refund', { type: 'ADD_NOTE', text: 'x' }, { caseId: 'zzzzzzzzzzzzzzzzzzzzzzzz' }),
    code: 'BAD_REQUEST',
    field: 'caseId',
  },
  {
    name: 'a case that does not exist',
    call: send,
    input: sendTo('refund', { type: 'ADD_NOTE', text: 'x' }, { caseId: 'ffffffffffffffffffffffff' }),
    code: 'NOT_FOUND',
    says: 'does not exist',
  },
  {
    name: 'the version as a string',
    call: send,
    input: sendTo('refund', { type: 'ADD_NOTE', text: 'x' }, { expectedVersion: '1' }),
    code: 'BAD_REQUEST',
    field: 'expectedVersion',
  },
  {
    name: 'a negative version',
    call: send,
    input: sendTo('refund', { type: 'ADD_NOTE', text: 'x' }, { expectedVersion: -1 }),
    code: 'BAD_REQUEST',
    field: 'expectedVersion',
  },
  {
    name: 'an operator for the version',
    call: send,
    input: sendTo('refund', { type: 'ADD_NOTE', text: 'x' }, { expectedVersion: { $gte: 0 } }),
    code: 'BAD_REQUEST',
    field: 'expectedVersion',
  },
  {
    name: 'a future version',
    call: send,
    input: sendTo('refund', { type: 'ADD_NOTE', text: 'x' }, { expectedVersion: 999 }),
    code: 'CONFLICT',
    says: 'you saw version 999',
  },
  {
    name: 'a key with punctuation',
    call: send,
    input: sendTo('refund', { type: 'ADD_NOTE', text: 'x' }, { idempotencyKey: '$where: 1' }),
    code: 'BAD_REQUEST',
    field: 'idempotencyKey',
  },
  {
    name: 'an operator for the key',
    call: send,
    input: sendTo('refund', { type: 'ADD_NOTE', text: 'x' }, { idempotencyKey: { $ne: null } }),
    code: 'BAD_REQUEST',
    field: 'idempotencyKey',
  },
  {
    name: 'a huge key',
    call: send,
    input: sendTo('refund', { type: 'ADD_NOTE', text: 'x' }, { idempotencyKey: 'k'.repeat(10_000) }),
    code: 'BAD_REQUEST',
    field: 'idempotencyKey',
  },
  {
    name: 'an actor beside the event',
    call: send,
    input: sendTo('refund', { type: 'ADD_NOTE', text: 'x' }, { actor: fakeActor }),
    code: 'BAD_REQUEST',
    says: 'actor',
  },
  {
    name: 'a string instead of an object',
    call: send,
    input: () => JSON.stringify(sendTo('refund', { type: 'ADD_NOTE', text: 'x' })()),
    code: 'BAD_REQUEST',
    field: '',
  },
];

const creating: HostileCase[] = [
  {
    name: 'an unknown kind',
    call: create,
    input: () => ({ kind: 'lottery', channel: 'phone', customerId: null, subject: 'x', idempotencyKey: key() }),
    code: 'BAD_REQUEST',
    field: 'kind',
  },
  {
    name: 'an operator for the kind',
    call: create,
    input: () => ({
      kind: { $in: ['refund'] },
      channel: 'phone',
      customerId: null,
      subject: 'x',
      idempotencyKey: key(),
    }),
    code: 'BAD_REQUEST',
    field: 'kind',
  },
  {
    name: 'an operator for the customer',
    call: create,
    input: () => ({
      kind: 'complaint',
      channel: 'phone',
      customerId: { $ne: null },
      subject: 'x',
      idempotencyKey: key(),
    }),
    code: 'BAD_REQUEST',
    field: 'customerId',
  },
  {
    name: 'a customer that does not exist',
    call: create,
    input: () => ({
      kind: 'complaint',
      channel: 'phone',
      customerId: 'ffffffffffffffffffffffff',
      subject: 'x',
      idempotencyKey: key(),
    }),
    code: 'NOT_FOUND',
  },
  {
    name: 'a booking that does not exist',
    call: create,
    input: () => ({
      kind: 'refund',
      channel: 'phone',
      customerId: fx.customers.zhang,
      bookingId: 'ffffffffffffffffffffffff',
      subject: 'x',
      idempotencyKey: key(),
    }),
    code: 'NOT_FOUND',
  },
  {
    name: 'a refund without a booking',
    call: create,
    input: () => ({
      kind: 'refund',
      channel: 'phone',
      customerId: fx.customers.zhang,
      subject: 'x',
      idempotencyKey: key(),
    }),
    code: 'BAD_REQUEST',
    says: 'A refund case needs the booking it is about.',
  },
  {
    name: 'a huge subject',
    call: create,
    input: () => ({
      kind: 'complaint',
      channel: 'phone',
      customerId: null,
      subject: '投'.repeat(100_000),
      idempotencyKey: key(),
    }),
    code: 'BAD_REQUEST',
    field: 'subject',
  },
  {
    name: 'a blank subject',
    call: create,
    input: () => ({ kind: 'complaint', channel: 'phone', customerId: null, subject: ' \n ', idempotencyKey: key() }),
    code: 'BAD_REQUEST',
    field: 'subject',
  },
  {
    name: 'an unknown priority',
    call: create,
    input: () => ({
      kind: 'complaint',
      channel: 'phone',
      customerId: null,
      subject: 'x',
      priority: 'critical',
      idempotencyKey: key(),
    }),
    code: 'BAD_REQUEST',
    field: 'priority',
  },
  {
    name: 'a state, queue and assignee chosen by the client',
    call: create,
    input: () => ({
      kind: 'complaint',
      channel: 'phone',
      customerId: null,
      subject: 'x',
      idempotencyKey: key(),
      state: 'resolved',
      queue: 'approvals',
      assigneeId: fx.users.admin.id,
    }),
    code: 'BAD_REQUEST',
    says: 'state',
  },
  {
    name: 'a snapshot and version chosen by the client',
    call: create,
    input: () => ({
      kind: 'complaint',
      channel: 'phone',
      customerId: null,
      subject: 'x',
      idempotencyKey: key(),
      snapshot: { value: 'closed', context: {} },
      version: 99,
    }),
    code: 'BAD_REQUEST',
    says: 'snapshot',
  },
  {
    name: 'no idempotency key',
    call: create,
    input: () => ({ kind: 'complaint', channel: 'phone', customerId: null, subject: 'x' }),
    code: 'BAD_REQUEST',
    field: 'idempotencyKey',
  },
  {
    name: 'an array instead of an object',
    call: create,
    input: () => [{ kind: 'complaint' }],
    code: 'BAD_REQUEST',
    field: '',
  },
];

const reading: HostileCase[] = [
  {
    name: 'get with an operator for the id',
    call: (c) => c.cases.get as Loose,
    input: () => ({ id: { $gt: '' } }),
    code: 'BAD_REQUEST',
    field: 'id',
  },
  {
    name: 'get with a non-hex id',
    call: (c) => c.cases.get as Loose,
    input: () => ({ id: 'zzzzzzzzzzzzzzzzzzzzzzzz' }),
    code: 'BAD_REQUEST',
    field: 'id',
  },
  {
    name: 'get a case that does not exist',
    call: (c) => c.cases.get as Loose,
    input: () => ({ id: 'ffffffffffffffffffffffff' }),
    code: 'NOT_FOUND',
    says: 'Case ffffffffffffffffffffffff does not exist.',
  },
  {
    name: 'get with an unknown field',
    call: (c) => c.cases.get as Loose,
    input: () => ({ id: open.refund.id, $where: 'sleep(1000)' }),
    code: 'BAD_REQUEST',
    says: '$where',
  },
  {
    name: 'history with a number',
    call: (c) => c.cases.history as Loose,
    input: () => ({ id: 42 }),
    code: 'BAD_REQUEST',
    field: 'id',
  },
  {
    name: 'history of a case that does not exist',
    call: (c) => c.cases.history as Loose,
    input: () => ({ id: 'ffffffffffffffffffffffff' }),
    code: 'NOT_FOUND',
  },
  {
    name: 'list with an operator for the state',
    call: (c) => c.cases.list as Loose,
    input: () => ({ state: { $ne: '' } }),
    code: 'BAD_REQUEST',
    field: 'state',
  },
  {
    name: 'list with a huge state',
    call: (c) => c.cases.list as Loose,
    input: () => ({ state: 's'.repeat(10_000) }),
    code: 'BAD_REQUEST',
    field: 'state',
  },
  {
    name: 'list with an operator for the assignee',
    call: (c) => c.cases.list as Loose,
    input: () => ({ assigneeId: { $ne: null } }),
    code: 'BAD_REQUEST',
    field: 'assigneeId',
  },
  {
    name: 'list with an operator for the customer',
    call: (c) => c.cases.list as Loose,
    input: () => ({ customerId: { $exists: true } }),
    code: 'BAD_REQUEST',
    field: 'customerId',
  },
  {
    name: 'list with a huge limit',
    call: (c) => c.cases.list as Loose,
    input: () => ({ limit: 1e9 }),
    code: 'BAD_REQUEST',
    field: 'limit',
  },
  {
    name: 'list with a zero limit',
    call: (c) => c.cases.list as Loose,
    input: () => ({ limit: 0 }),
    code: 'BAD_REQUEST',
    field: 'limit',
  },
  {
    name: 'list with an operator cursor',
    call: (c) => c.cases.list as Loose,
    input: () => ({ cursor: { $gt: '' } }),
    code: 'BAD_REQUEST',
    field: 'cursor',
  },
  {
    name: 'list with a garbage cursor',
    call: (c) => c.cases.list as Loose,
    input: () => ({ cursor: 'not-a-cursor' }),
    code: 'BAD_REQUEST',
    says: 'The page cursor is not valid.',
  },
  {
    name: 'list with an unknown kind',
    call: (c) => c.cases.list as Loose,
    input: () => ({ kind: 'lottery' }),
    code: 'BAD_REQUEST',
    field: 'kind',
  },
  {
    name: 'list with a raw filter',
    call: (c) => c.cases.list as Loose,
    input: () => ({ filter: { status: 'closed' } }),
    code: 'BAD_REQUEST',
    says: 'filter',
  },
];

const queueing: HostileCase[] = [
  {
    name: 'snapshot with a queue name instead of a list',
    call: (c) => c.queue.snapshot as Loose,
    input: () => ({ queues: 'refunds' }),
    code: 'BAD_REQUEST',
    field: 'queues',
  },
  {
    name: 'snapshot of an unknown queue',
    call: (c) => c.queue.snapshot as Loose,
    input: () => ({ queues: ['vip'] }),
    code: 'BAD_REQUEST',
    field: 'queues.0',
  },
  {
    name: 'snapshot with an operator queue',
    call: (c) => c.queue.snapshot as Loose,
    input: () => ({ queues: [{ $ne: '' }] }),
    code: 'BAD_REQUEST',
    field: 'queues.0',
  },
  {
    name: 'snapshot of too many queues',
    call: (c) => c.queue.snapshot as Loose,
    input: () => ({ queues: Array.from({ length: 11 }, () => 'refunds') }),
    code: 'BAD_REQUEST',
    field: 'queues',
  },
  {
    name: 'snapshot with mine as a string',
    call: (c) => c.queue.snapshot as Loose,
    input: () => ({ mine: 'yes' }),
    code: 'BAD_REQUEST',
    field: 'mine',
  },
  {
    name: 'snapshot with a huge limit',
    call: (c) => c.queue.snapshot as Loose,
    input: () => ({ limit: 1e9 }),
    code: 'BAD_REQUEST',
    field: 'limit',
  },
  {
    name: 'snapshot asking for closed cases',
    call: (c) => c.queue.snapshot as Loose,
    input: () => ({ status: 'closed' }),
    code: 'BAD_REQUEST',
    says: 'status',
  },
];

const quoting: HostileCase[] = [
  {
    name: 'refund quote with an operator booking id',
    call: (c) => c.quote.refund as Loose,
    input: () => ({ bookingId: { $ne: null } }),
    code: 'BAD_REQUEST',
    field: 'bookingId',
  },
  {
    name: 'refund quote for a missing booking',
    call: (c) => c.quote.refund as Loose,
    input: () => ({ bookingId: 'ffffffffffffffffffffffff' }),
    code: 'NOT_FOUND',
  },
  {
    name: 'refund quote for an unknown passenger',
    call: (c) => c.quote.refund as Loose,
    input: () => ({ bookingId: fx.bookings.zhangRail.id, passengerIds: ['p9'] }),
    code: 'NOT_FOUND',
    says: 'p9',
  },
  {
    name: 'refund quote with a passenger id string',
    call: (c) => c.quote.refund as Loose,
    input: () => ({ bookingId: fx.bookings.zhangRail.id, passengerIds: 'p1' }),
    code: 'BAD_REQUEST',
    field: 'passengerIds',
  },
  {
    name: 'refund quote at a time of the client’s choosing',
    call: (c) => c.quote.refund as Loose,
    input: () => ({ bookingId: fx.bookings.zhangRail.id, requestedAt: '2026-01-01T00:00:00+08:00' }),
    code: 'BAD_REQUEST',
    says: 'requestedAt',
  },
  {
    name: 'refund quote with a fare supplied',
    call: (c) => c.quote.refund as Loose,
    input: () => ({ bookingId: fx.bookings.zhangRail.id, fareFen: 1 }),
    code: 'BAD_REQUEST',
    says: 'fareFen',
  },
  {
    name: 'refund quote with involuntary as a string',
    call: (c) => c.quote.refund as Loose,
    input: () => ({ bookingId: fx.bookings.zhangRail.id, involuntary: 'true' }),
    code: 'BAD_REQUEST',
    field: 'involuntary',
  },
  {
    name: 'change quote to a missing departure',
    call: (c) => c.quote.change as Loose,
    input: () => ({ bookingId: fx.bookings.zhangRail.id, departureId: 'ffffffffffffffffffffffff', classCode: 'O' }),
    code: 'NOT_FOUND',
  },
  {
    name: 'change quote to a class the train lacks',
    call: (c) => c.quote.change as Loose,
    input: () => ({ bookingId: fx.bookings.zhangRail.id, departureId: fx.departures.g7, classCode: 'M' }),
    code: 'NOT_FOUND',
    says: 'Departure G7 has no class "M".',
  },
  {
    name: 'change quote with the new fare supplied',
    call: (c) => c.quote.change as Loose,
    input: () => ({
      bookingId: fx.bookings.zhangRail.id,
      departureId: fx.departures.g7,
      classCode: 'O',
      newFareFen: 1,
    }),
    code: 'BAD_REQUEST',
    says: 'newFareFen',
  },
  {
    name: 'change quote with a huge class code',
    call: (c) => c.quote.change as Loose,
    input: () => ({
      bookingId: fx.bookings.zhangRail.id,
      departureId: fx.departures.g7,
      classCode: 'O'.repeat(10_000),
    }),
    code: 'BAD_REQUEST',
    field: 'classCode',
  },
  {
    name: 'compute with an unknown rule set',
    call: (c) => c.quote.compute as Loose,
    input: () => ({
      kind: 'refund',
      ruleSet: 'cn-bus',
      fareFen: 100,
      purchasedAt: '2026-05-01T10:00:00+08:00',
      departureAt: '2026-05-20T08:00:00+08:00',
      requestedAt: '2026-05-10T08:00:00+08:00',
    }),
    code: 'BAD_REQUEST',
    field: 'ruleSet',
  },
  {
    name: 'compute of an unknown kind',
    call: (c) => c.quote.compute as Loose,
    input: () => ({ kind: 'upgrade', ruleSet: 'cn-rail', fareFen: 100 }),
    code: 'BAD_REQUEST',
    field: 'kind',
  },
  {
    name: 'compute with the fare as a string',
    call: (c) => c.quote.compute as Loose,
    input: () => ({
      kind: 'refund',
      ruleSet: 'cn-rail',
      fareFen: '553',
      purchasedAt: '2026-05-01T10:00:00+08:00',
      departureAt: '2026-05-20T08:00:00+08:00',
      requestedAt: '2026-05-10T08:00:00+08:00',
    }),
    code: 'BAD_REQUEST',
    field: 'fareFen',
  },
  {
    name: 'compute with an unknown field',
    call: (c) => c.quote.compute as Loose,
    input: () => ({
      kind: 'refund',
      ruleSet: 'cn-rail',
      fareFen: 100,
      purchasedAt: '2026-05-01T10:00:00+08:00',
      departureAt: '2026-05-20T08:00:00+08:00',
      requestedAt: '2026-05-10T08:00:00+08:00',
      feeFen: 0,
    }),
    code: 'BAD_REQUEST',
    says: 'feeFen',
  },
  {
    name: 'versions of an unknown rule set',
    call: (c) => c.quote.versions as Loose,
    input: () => ({ ruleSet: 'cn-bus' }),
    code: 'BAD_REQUEST',
    field: 'ruleSet',
  },
];

describe.each([
  { group: 'smuggled engine facts', table: smuggling },
  { group: 'events', table: events },
  { group: 'cases.send envelope', table: envelope },
  { group: 'cases.create', table: creating },
  { group: 'cases reads', table: reading },
  { group: 'queue.snapshot', table: queueing },
  { group: 'quotes', table: quoting },
])('$group', ({ table }) => {
  it.each(table)('$name → $code, nothing changed', async ({ call, input, code, field, says }) => {
    const before = await databaseState();
    const error = await call(as(fx.users.admin))(input()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    const trpcError = error as TRPCError;
    expect(trpcError.code).toBe(code);

    const { paths, text } = messagesOf(trpcError);
    expect(text.length).toBeGreaterThan(0);
    expect(trpcError.message).not.toContain('    at ');
    if (field !== undefined) expect(paths).toContain(field);
    if (says !== undefined) expect(`${trpcError.message}\n${text}`).toContain(says);

    expect(await databaseState()).toEqual(before);
  });
});

describe('smuggling that parses is still ignored', () => {
  it('a __proto__ key cannot lend VERIFY an identity result', async () => {
    const admin = as(fx.users.admin);
    const c = await admin.cases.create({
      kind: 'refund',
      channel: 'phone',
      customerId: fx.customers.zhang,
      bookingId: fx.bookings.zhangRail.id,
      subject: '退票',
      idempotencyKey: key(),
    });
    // What JSON.parse makes of a body with "__proto__": an own key, as it arrives over HTTP.
    const event = JSON.parse(
      '{"type":"VERIFY","idNumber":"110105194912310000","__proto__":{"identityVerified":true}}',
    ) as unknown;
    const result = await (admin.cases.send as Loose)({
      caseId: c.id,
      expectedVersion: c.version,
      idempotencyKey: key(),
      event,
    }).catch((e: unknown) => e);
    const stored = await CaseModel.findById(c.id).lean<CaseRecord>();
    expect(stored?.state).toBe('verifying');
    if (result instanceof TRPCError) {
      expect(result.code).toBe('BAD_REQUEST');
      expect(stored?.version).toBe(c.version);
    } else {
      // Parsed without the key: a failed identity check is recorded, nothing more.
      expect(stored?.history.at(-1)?.payload).toEqual({ identityVerified: false });
    }
  });

  it('text that looks like an operator or a room is just text', async () => {
    const admin = as(fx.users.admin);
    expect((await admin.cases.list({ state: '$where' })).items).toEqual([]);
    expect((await admin.cases.list({ state: '{"$ne":""}' })).items).toEqual([]);
    const c = await admin.cases.get({ id: open.complaint.id });
    const noted = await admin.cases.send({
      caseId: c.id,
      expectedVersion: c.version,
      idempotencyKey: key(),
      event: { type: 'ADD_NOTE', text: '{"$set":{"state":"closed"}}' },
    });
    expect(noted.state).toBe(c.state);
    expect(noted.notes.at(-1)?.text).toBe('{"$set":{"state":"closed"}}');
    open.complaint = noted;
  });
});
