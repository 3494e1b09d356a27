/**
 * Adds the facts a machine needs but a client must not supply (prices, identity results, quotas,
 * people), as listed in shared/case-events.ts `eventEnrichment`. Runs after the client payload has
 * been parsed and before the engine's transition.
 */
import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import { DomainError } from '../../../shared/errors';
import { caseWorkerRoles, type Role } from '../../../shared/roles';
import type { SessionUser } from '../../../shared/auth';
import { queuesByRole, type QueueName, type UserRef } from '../../../shared/cases';
import { eventEnrichment } from '../../../shared/case-events';
import type { AppDeps } from '../deps';
import { CaseModel, type CaseRecord, type LoadedCase } from '../db/models/case';
import { UserModel } from '../db/models/user';
import { BookingModel } from '../db/models/booking';
import { CustomerModel } from '../db/models/customer';
import { loadDepartureFacts } from '../departures/departure.facts';
import {
  assertBookingOfCustomer,
  bookingHolderId,
  bookingIdentityMatches,
  loadBookingFacts,
} from '../bookings/booking.facts';
import { customerIdMatches } from '../customers/identity';
import { countLookup, giveBackAttempt, searchLimits, type LookupContext } from '../customers/search-limits';
import { recordAudit } from '../audit/audit.service';
import type { EngineEvent } from './engine';
import type { CaseConfig } from '../../../workflows/machines/contract';
import { DEFAULT_COMPENSATION_PERIOD_DAYS } from '../../../workflows/machines/complaint';

import { mistakenPurchaseUsedUp } from './mistaken-purchase';
import { enteredRushPeriods } from '../fare-rules/fare-rules.service';
import {
  studentQuotaSince,
  studentTripsLeft as countStudentTripsLeft,
} from '../../../workflows/machines/student-quota';
import type { BookingFacts, DepartureFacts } from '../../../workflows/machines/contract';
import { showTicketHolder } from '../bookings/real-name';

/** An active colleague who works cases in `queue` (approvals only go to those who may approve). */
async function userRef(userId: string, queue: QueueName): Promise<UserRef> {
  const user = Types.ObjectId.isValid(userId)
    ? await UserModel.findById(userId, { name: 1, role: 1, active: 1 }).lean()
    : null;
  if (!user || !user.active) throw new DomainError('NOT_FOUND', 'No active colleague with this id.', { userId });
  if (!caseWorkerRoles.includes(user.role as Role))
    throw new DomainError('INVALID_INPUT', `${user.name} does not work cases (role ${user.role}).`);
  if (!queuesByRole[user.role as Role].includes(queue)) {
    throw new DomainError('INVALID_INPUT', `${user.name} (role ${user.role}) does not work the ${queue} queue.`, {
      userId,
      queue,
    });
  }
  return { id: user._id.toHexString(), name: user.name };
}

/** The rule is workflows/machines/student-quota.ts; this loads the student's tickets it counts. */
async function studentTripsLeft(idNumber: string, at: Date): Promise<number> {
  const bookings = await BookingModel.find(
    {
      purchasedAt: { $gte: studentQuotaSince(at) },
      passengers: { $elemMatch: { idNumber, passengerType: 'student' } },
    },
    { purchasedAt: 1, passengers: 1 },
  ).lean();
  return countStudentTripsLeft(idNumber, at, bookings);
}

/** Quote events price the booking as it is now (ticket states, other cases' claims), not the copy made at creation. */
const freshBookingEvents: Partial<Record<CaseRecord['kind'], readonly string[]>> = {
  refund: ['QUOTE_REFUND', 'REQUOTE'],
  change: ['CHOOSE_DEPARTURE', 'REQUOTE'],
};

/**
 * What the case customer's other complaints gave them within the period: accepted resolutions with an
 * amount (vouchers, points, money), counted by acceptance time.
 */
async function customerRecentCompensation(record: LoadedCase, now: Date): Promise<number> {
  if (!record.customerId) return 0;
  const days =
    (record.snapshot.context.config as CaseConfig | undefined)?.compensationPeriodDays ??
    DEFAULT_COMPENSATION_PERIOD_DAYS;
  const since = new Date(now.getTime() - days * 86_400_000).toISOString();
  const others = await CaseModel.find(
    {
      kind: 'complaint',
      customerId: record.customerId,
      _id: { $ne: record._id },
      'snapshot.context.resolutions.acceptedAt': { $gte: since },
    },
    { 'snapshot.context.resolutions': 1 },
  ).lean<Pick<CaseRecord, 'snapshot'>[]>();
  let total = 0;
  for (const other of others) {
    const resolutions = (other.snapshot.context.resolutions ?? []) as {
      kind: string;
      amountFen: number;
      acceptedAt: string;
    }[];
    for (const r of resolutions) if (r.kind !== 'apology' && r.acceptedAt >= since) total += r.amountFen;
  }
  return total;
}

/** `ip`: where the request came from, for the audit of identity checks. */
export async function enrichEvent(
  deps: AppDeps,
  record: LoadedCase,
  event: EngineEvent,
  user: SessionUser,
  ip: string,
): Promise<EngineEvent> {
  const enriched = await enrichByKind(deps, record, event, { actor: user, ip, now: deps.now() });
  if (!record.bookingId || !freshBookingEvents[record.kind]?.includes(event.type)) return enriched;
  return { ...enriched, booking: await loadBookingFacts(record.bookingId) };
}

async function enrichByKind(
  deps: AppDeps,
  record: LoadedCase,
  event: EngineEvent,
  lookup: LookupContext,
): Promise<EngineEvent> {
  const kind = eventEnrichment[record.kind][event.type];
  switch (kind) {
    case undefined:
      return event;
    case 'noteId':
      return { ...event, noteId: randomUUID() };
    case 'assignee': {
      const { assigneeId, ...rest } = event as EngineEvent & { assigneeId?: string | null; queue?: QueueName };
      if (assigneeId === undefined) return rest;
      // A transfer names the queue the assignee will work the case in; an assignment keeps the case's.
      return { ...rest, assignee: assigneeId === null ? null : await userRef(assigneeId, rest.queue ?? record.queue) };
    }
    case 'departure': {
      const { departureId, classCode } = event as EngineEvent & { departureId: string; classCode: string };
      return { ...event, departure: await loadDepartureFacts(departureId, classCode) };
    }
    case 'booking': {
      const { bookingId } = event as EngineEvent & { bookingId: string };
      const booking = await loadBookingFacts(bookingId);
      if (record.customerId) await assertBookingOfCustomer(booking.bookingId, record.customerId);
      return { ...event, booking };
    }
    case 'customer': {
      const { customerId } = event as EngineEvent & { customerId: string };
      const exists = Types.ObjectId.isValid(customerId) && (await CustomerModel.exists({ _id: customerId })) !== null;
      if (!exists) throw new DomainError('NOT_FOUND', 'No customer with this id.', { customerId });
      // With a booking linked, the case's customer is its holder or one of its passengers, as at creation.
      if (record.bookingId) await assertBookingOfCustomer(record.bookingId, customerId);
      return event;
    }
    case 'identity': {
      const { idNumber, ...rest } = event as EngineEvent & { idNumber: string };
      if (!record.bookingId && !record.customerId) return { ...rest, identityVerified: false };
      // A wrong VERIFY leaves the case in verifying, so it is as much an oracle as verifyIdentity: the
      // same small budget, per user and the booking's holder (or the case customer), so neither
      // another of their bookings nor their customer page gives fresh guesses; counted first, audited.
      const target = record.bookingId ? `booking:${record.bookingId}` : `customer:${record.customerId}`;
      const holderId = record.bookingId ? await bookingHolderId(record.bookingId) : record.customerId;
      const subject = holderId ? `${lookup.actor.id}:${holderId}` : `${lookup.actor.id}:booking:${record.bookingId}`;
      await countLookup(lookup, searchLimits.identityCheck, subject, 'ID number checks for this customer', target);
      // Against the people of the booking the case acts on (its holder or a passenger), not whoever the case is linked to.
      const identityVerified = record.bookingId
        ? await bookingIdentityMatches(record.bookingId, idNumber)
        : await customerIdMatches(record.customerId ?? '', idNumber);
      // Only wrong numbers use the budget up: an agent verifying the same caller on several cases is not guessing.
      if (identityVerified) await giveBackAttempt(searchLimits.identityCheck, subject, lookup.now);
      await recordAudit({
        actor: lookup.actor,
        action: 'customer.identity_checked',
        target,
        details: { match: identityVerified, caseRef: record.ref },
        at: lookup.now,
        ip: lookup.ip,
      });
      return { ...rest, identityVerified };
    }
    case 'mistakenPurchase': {
      const { passengerIds } = event as EngineEvent & { passengerIds: string[] };
      const booking = record.snapshot.context.booking as BookingFacts | null | undefined;
      return {
        ...event,
        mistakenPurchaseUsedToday: booking ? await mistakenPurchaseUsedUp(booking, passengerIds, deps.now()) : [],
        springFestivalRush: await enteredRushPeriods(),
      };
    }
    case 'passengerChecks': {
      const { passengers } = event as EngineEvent & { passengers: { passengerType: string; idNumber: string }[] };
      const now = deps.now();
      const departure = (record.snapshot.context.quote as { departure?: DepartureFacts } | null | undefined)?.departure;
      const enriched = await Promise.all(
        passengers.map(async (p) => ({
          ...p,
          ...(p.passengerType === 'student' ? { studentQuotaLeft: await studentTripsLeft(p.idNumber, now) } : {}),
          ...(departure?.realName
            ? { showTicketHeldBy: await showTicketHolder(departure.departureId, p.idNumber, record._id) }
            : {}),
        })),
      );
      return { ...event, passengers: enriched };
    }
    case 'recentCompensation':
      return { ...event, customerRecentCompensationFen: await customerRecentCompensation(record, deps.now()) };
    default: {
      const unreachable: never = kind;
      throw new Error(`unknown enrichment ${String(unreachable)}`);
    }
  }
}
