import { Types } from 'mongoose';
import { DomainError } from '../../../shared/errors';
import {
  type CaseKind,
  type CaseHistoryInput,
  type CaseListInput,
  type CreateCaseInput,
  type HistoryPage,
  type QueueItem,
  type SendEventInput,
  caseHistoryInputSchema,
  caseListInputSchema,
  createCaseInputSchema,
  queuesByKind,
  queuesByRole,
} from '../../../shared/cases';
import type { SessionUser } from '../../../shared/auth';
import type { TypedCaseDetail } from '../../../shared/case-detail';
import type { Role } from '../../../shared/roles';
import { clientEventSchemas } from '../../../shared/case-events';
import { machines, rolesFor } from '../../../workflows/machines/registry';
import type { Actor } from '../../../workflows/machines/contract';
import type { AppDeps } from '../deps';
import { CaseModel, nextSequence, type CaseRecord, type HistoryRecord, type LoadedCase } from '../db/models/case';
import { CustomerModel } from '../db/models/customer';
import { assertBookingOfCustomer, loadBookingFacts } from '../bookings/booking.facts';
import { recentIdentityMatch } from '../customers/identity';
import { applyEvent, conflictError, createCaseRecord, keyAction, keyUse, loadCase, reusedKeyError } from './engine';
import { WITHOUT_GROWING_LISTS } from '../engine/machine-store';
import { enrichEvent } from './enrich';
import { withCompensationLock } from './compensation-lock';
import { toCaseDetail, toHistoryEntries, toQueueItems } from './projection';

const refPrefix: Record<CaseKind, string> = { booking: 'BK', change: 'CH', refund: 'RF', complaint: 'CP' };

export function actorOf(user: SessionUser): Actor {
  return { id: user.id, name: user.name, role: user.role };
}

export async function createCase(
  deps: AppDeps,
  user: SessionUser,
  rawInput: CreateCaseInput,
): Promise<TypedCaseDetail> {
  const input = createCaseInputSchema.parse(rawInput);
  const createKey = `${user.id}:${input.idempotencyKey}`;
  // A retried create returns the case it made, without spending another reference number.
  const already = await CaseModel.findOne({ createKey }, WITHOUT_GROWING_LISTS).lean<LoadedCase>();
  if (already) {
    // A key that made another case (another kind, customer, booking, channel or subject) is a client bug, not a retry.
    const sameRequest =
      already.kind === input.kind &&
      (already.customerId ?? null) === (input.customerId ?? null) &&
      (already.bookingId ?? null) === (input.bookingId ?? null) &&
      already.channel === input.channel &&
      already.subject === input.subject;
    if (!sameRequest) throw reusedKeyError('CREATE');
    return toCaseDetail(already, user.role);
  }
  let customerName: string | null = null;
  if (input.customerId) {
    const customer = await CustomerModel.findById(input.customerId).lean<{ name: string }>();
    if (!customer) throw new DomainError('NOT_FOUND', `Customer ${input.customerId} does not exist.`);
    customerName = customer.name;
  }
  const booking = input.bookingId ? await loadBookingFacts(input.bookingId) : null;
  if (booking && input.customerId) await assertBookingOfCustomer(booking.bookingId, input.customerId);
  if ((input.kind === 'change' || input.kind === 'refund') && !booking) {
    throw new DomainError('INVALID_INPUT', `A ${input.kind} case needs the booking it is about.`);
  }
  const seq = await nextSequence(`case-${input.kind}`);
  // The agent who opens a case works it, when its queue is one of theirs (an agent's complaint goes
  // to the handlers); supervisors and admins open cases for the queue, not for themselves.
  const firstQueue = queuesByKind[input.kind][0];
  const worksIt =
    (user.role === 'agent' || user.role === 'complaint_handler') &&
    firstQueue !== undefined &&
    queuesByRole[user.role].includes(firstQueue);
  const assignee = worksIt ? { id: user.id, name: user.name } : null;
  const { record: created, created: isNew } = await createCaseRecord(deps, {
    kind: input.kind,
    createKey,
    customerName,
    bookingRef: booking?.ref ?? null,
    input: {
      ref: `${refPrefix[input.kind]}-${String(seq).padStart(6, '0')}`,
      channel: input.channel,
      subject: input.subject,
      priority: input.priority,
      customerId: input.customerId,
      booking,
      createdAt: deps.now().toISOString(),
      createdBy: actorOf(user),
      assignee,
      config: deps.config.cases,
    },
  });
  const record =
    isNew && input.customerId ? await verifiedOnCustomerPage(deps, user, created, input.customerId) : created;
  return toCaseDetail(record, user.role);
}

/**
 * The caller's identity, checked on the customer page by this agent minutes ago (an audited match
 * on the server, never a flag from the client), counts for the case opened from it: recorded once,
 * as the case's VERIFY step. A case that does not verify (booking, complaint) is left as created.
 */
async function verifiedOnCustomerPage(
  deps: AppDeps,
  user: SessionUser,
  record: LoadedCase,
  customerId: string,
): Promise<LoadedCase> {
  if (!rolesFor(record.kind, record.state, 'VERIFY').includes(user.role)) return record;
  const checkedAt = await recentIdentityMatch(user.id, customerId, deps.now());
  if (!checkedAt) return record;
  try {
    const { record: verified } = await applyEvent(deps, {
      caseId: record._id.toHexString(),
      expectedVersion: record.version,
      key: `${record.createKey ?? record._id.toHexString()}:identity`,
      actor: actorOf(user),
      event: { type: 'VERIFY', identityVerified: true },
      historyPayload: { identityVerified: true, checkedOn: 'customer_page', checkedAt: checkedAt.toISOString() },
    });
    return verified;
  } catch (error) {
    // The check matched but the case cannot take it (no usable ticket): the agent sees why on VERIFY.
    if (error instanceof DomainError && error.code === 'EVENT_NOT_ALLOWED') return record;
    throw error;
  }
}

export async function getCase(caseId: string, role: Role): Promise<TypedCaseDetail> {
  return toCaseDetail(await loadCase(caseId), role);
}

/**
 * One page of a case's history, oldest first. The entry numbered n sits at position n − 1 (each
 * step writes one entry and one version), so a page is one sliced read whatever the case's age.
 */
export async function caseHistory(rawInput: CaseHistoryInput): Promise<HistoryPage> {
  const input = caseHistoryInputSchema.parse(rawInput);
  const doc = await CaseModel.findById(input.id, {
    _id: 1,
    version: 1,
    history: { $slice: [input.afterSeq, input.limit] },
  }).lean<{ version: number; history?: HistoryRecord[] }>();
  if (!doc) throw new DomainError('NOT_FOUND', `Case ${input.id} does not exist.`);
  const entries = toHistoryEntries((doc.history ?? []).filter((entry) => entry.seq > input.afterSeq));
  const last = entries[entries.length - 1]?.seq ?? input.afterSeq;
  return { entries, nextAfterSeq: entries.length === input.limit && last < doc.version ? last : null };
}

/** Checks who may send the event and what it carries, adds server-side facts, then applies it. */
export async function sendCaseEvent(
  deps: AppDeps,
  user: SessionUser,
  input: SendEventInput,
  request: { ip: string },
): Promise<TypedCaseDetail> {
  const record = await loadCase(input.caseId);
  const key = `${user.id}:${input.idempotencyKey}`;
  // A retry of a request that went through gets the case as it is, whatever has happened since;
  // a stale version is told at once, before any lookups.
  const action = keyAction(input.event);
  const use = keyUse(record, key, action);
  if (use === 'replay') return toCaseDetail(record, user.role);
  if (use === 'reused') throw reusedKeyError(input.event.type);
  if (record.version !== input.expectedVersion) throw await conflictError(record, input.expectedVersion);
  const { type, ...payload } = input.event;
  const eventRoles = machines[record.kind].eventRoles as Record<string, readonly Role[] | undefined>;
  if (eventRoles[type] === undefined) {
    throw new DomainError('EVENT_NOT_ALLOWED', `A ${record.kind} case has no event ${type}.`, {
      event: type,
      state: record.state,
    });
  }
  const roles = rolesFor(record.kind, record.state, type);
  if (!roles.includes(user.role)) {
    throw new DomainError(
      'FORBIDDEN',
      roles.length === 0
        ? `${type} is sent by the system, not by people.`
        : `${type} needs one of the roles: ${roles.join(', ')}.`,
    );
  }
  const schema = (
    clientEventSchemas[record.kind] as Record<
      string,
      {
        safeParse(
          v: unknown,
        ):
          | { success: true; data: Record<string, unknown> }
          | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
      }
    >
  )[type];
  if (!schema)
    throw new DomainError('EVENT_NOT_ALLOWED', `A ${record.kind} case has no event ${type} for people to send.`);
  const parsed = schema.safeParse({ type, ...payload });
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
    throw new DomainError(
      'INVALID_INPUT',
      `${type}: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`,
      { issues },
    );
  }
  const clientEvent = parsed.data as { type: string } & Record<string, unknown>;
  const apply = async () => {
    const event = await enrichEvent(deps, record, clientEvent, user, request.ip);
    return applyEvent(deps, {
      caseId: input.caseId,
      expectedVersion: input.expectedVersion,
      key,
      actor: actorOf(user),
      event,
      historyPayload: historyPayloadOf(clientEvent, event),
      keyAction: action,
      loaded: record,
    });
  };
  // An acceptance counts the customer's other compensation: one customer's acceptances take turns.
  const { record: updated, snapshot } =
    record.kind === 'complaint' && type === 'CUSTOMER_ACCEPTED' && record.customerId
      ? await withCompensationLock(record.customerId, deps.now(), apply)
      : await apply();
  return toCaseDetail(updated, user.role, snapshot);
}

/**
 * What the history shows of an event: the client's payload, never a typed ID number, plus what the
 * server found out (identity result, the assignee's name: QA reads histories long after people leave).
 */
function historyPayloadOf(
  clientEvent: Record<string, unknown>,
  enriched: Record<string, unknown>,
): Record<string, unknown> {
  const { type: _type, idNumber: _idNumber, ...rest } = clientEvent;
  return {
    ...rest,
    ...('identityVerified' in enriched ? { identityVerified: enriched.identityVerified } : {}),
    ...('assignee' in enriched ? { assignee: enriched.assignee } : {}),
  };
}

function listFilter(input: ReturnType<typeof caseListInputSchema.parse>, user: SessionUser): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  if (input.kind) filter.kind = input.kind;
  if (input.queue) filter.queue = input.queue;
  if (input.state) filter.state = input.state;
  if (input.status) filter.status = input.status;
  if (input.channel) filter.channel = input.channel;
  if (input.customerId) filter.customerId = input.customerId;
  if (input.assigneeId === 'me') filter.assigneeId = user.id;
  else if (input.assigneeId === 'none') filter.assigneeId = null;
  else if (input.assigneeId) filter.assigneeId = input.assigneeId;
  return filter;
}

/** Cases newest first, paged by an opaque cursor (the last id seen). */
export async function listCases(
  deps: AppDeps,
  user: SessionUser,
  rawInput: CaseListInput,
): Promise<{ items: QueueItem[]; nextCursor: string | null }> {
  const input = caseListInputSchema.parse(rawInput);
  const filter = listFilter(input, user);
  if (input.cursor) {
    if (!Types.ObjectId.isValid(input.cursor)) throw new DomainError('INVALID_INPUT', 'The page cursor is not valid.');
    filter._id = { $lt: new Types.ObjectId(input.cursor) };
  }
  const records = await CaseModel.find(filter, { history: 0, outbox: 0, snapshot: 0, idempotencyKeys: 0 })
    .sort({ _id: -1 })
    .limit(input.limit + 1)
    .lean<CaseRecord[]>();
  const page = records.slice(0, input.limit);
  return {
    items: toQueueItems(page, deps.logger),
    nextCursor: records.length > input.limit ? (page[page.length - 1]?._id.toHexString() ?? null) : null,
  };
}
