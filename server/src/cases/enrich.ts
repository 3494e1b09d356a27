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
import { CaseModel, type CaseRecord } from '../db/models/case';
import { UserModel } from '../db/models/user';
import { BookingModel } from '../db/models/booking';
import { loadDepartureFacts } from '../departures/departure.facts';
import { loadBookingFacts } from '../bookings/booking.facts';
import { customerIdMatches } from '../customers/identity';
import type { EngineEvent } from './engine';

/** Rail student discount: 4 one-way trips per academic year (Oct 1 - Sep 30). */
const STUDENT_TRIPS_PER_YEAR = 4;

/** An active colleague who works cases in `queue` (approvals only go to those who may approve). */
async function userRef(userId: string, queue: QueueName): Promise<UserRef> {
  const user = Types.ObjectId.isValid(userId) ? await UserModel.findById(userId, { name: 1, role: 1, active: 1 }).lean() : null;
  if (!user || !user.active) throw new DomainError('NOT_FOUND', 'No active colleague with this id.', { userId });
  if (!caseWorkerRoles.includes(user.role as Role)) throw new DomainError('INVALID_INPUT', `${user.name} does not work cases (role ${user.role}).`);
  if (!queuesByRole[user.role as Role].includes(queue)) {
    throw new DomainError('INVALID_INPUT', `${user.name} (role ${user.role}) does not work the ${queue} queue.`, { userId, queue });
  }
  return { id: user._id.toHexString(), name: user.name };
}

function academicYearStart(at: Date): Date {
  // Asia/Shanghai is UTC+8 all year.
  const local = new Date(at.getTime() + 8 * 3600_000);
  const year = local.getUTCMonth() >= 9 ? local.getUTCFullYear() : local.getUTCFullYear() - 1;
  return new Date(Date.UTC(year, 9, 1) - 8 * 3600_000);
}

async function studentTripsLeft(idNumber: string, at: Date): Promise<number> {
  const since = academicYearStart(at);
  const bookings = await BookingModel.find(
    { purchasedAt: { $gte: since }, passengers: { $elemMatch: { idNumber, passengerType: 'student', status: { $ne: 'refunded' } } } },
    { passengers: 1 },
  ).lean();
  const used = bookings.reduce((sum, b) => sum + b.passengers.filter((p) => p.idNumber === idNumber && p.passengerType === 'student' && p.status !== 'refunded').length, 0);
  return Math.max(0, STUDENT_TRIPS_PER_YEAR - used);
}

function startOfShanghaiDay(at: Date): Date {
  const local = new Date(at.getTime() + 8 * 3600_000);
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) - 8 * 3600_000);
}

/**
 * The passengers (of this case's booking, among those selected) who already had a free
 * mistaken-purchase refund settled today, found by their ID number across bookings.
 */
async function mistakenPurchaseUsedToday(record: CaseRecord, passengerIds: string[], now: Date): Promise<string[]> {
  if (!record.bookingId) return [];
  const booking = await BookingModel.findById(record.bookingId, { passengers: 1 }).lean();
  if (!booking) return [];
  const selected = booking.passengers.filter((p) => passengerIds.includes(p.passengerId));
  // Refunds actually paid out today (settlement time, not last update: a later note must not count).
  const earlier = await CaseModel.find(
    {
      kind: 'refund',
      'snapshot.context.settlement.at': { $gte: startOfShanghaiDay(now).toISOString() },
      'snapshot.context.quote.lines.quote.ruleId': { $regex: /mistaken-purchase/ },
    },
    { bookingId: 1, 'snapshot.context.quote.lines': 1 },
  ).lean<Pick<CaseRecord, 'bookingId' | 'snapshot'>[]>();
  const freeLines = new Map<string, string[]>();
  for (const c of earlier) {
    const lines = ((c.snapshot.context.quote as { lines?: { passengerId: string; quote: { ruleId: string } }[] } | null)?.lines ?? []).filter((l) =>
      l.quote.ruleId.includes('mistaken-purchase'),
    );
    if (c.bookingId && lines.length > 0) freeLines.set(c.bookingId, [...(freeLines.get(c.bookingId) ?? []), ...lines.map((l) => l.passengerId)]);
  }
  const others = freeLines.size > 0 ? await BookingModel.find({ _id: { $in: [...freeLines.keys()] } }, { passengers: 1 }).lean() : [];
  const usedIdNumbers = new Set<string>();
  for (const other of others) {
    const passengerIds = freeLines.get(other._id.toHexString()) ?? [];
    for (const p of other.passengers) if (passengerIds.includes(p.passengerId)) usedIdNumbers.add(p.idNumber);
  }
  return selected.filter((p) => usedIdNumbers.has(p.idNumber)).map((p) => p.passengerId);
}

export async function enrichEvent(deps: AppDeps, record: CaseRecord, event: EngineEvent, _user: SessionUser): Promise<EngineEvent> {
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
      return { ...event, booking: await loadBookingFacts(bookingId) };
    }
    case 'identity': {
      const { idNumber, ...rest } = event as EngineEvent & { idNumber: string };
      const identityVerified = record.customerId ? await customerIdMatches(record.customerId, idNumber) : false;
      return { ...rest, identityVerified };
    }
    case 'mistakenPurchase': {
      const { passengerIds } = event as EngineEvent & { passengerIds: string[] };
      return { ...event, mistakenPurchaseUsedToday: await mistakenPurchaseUsedToday(record, passengerIds, deps.now()) };
    }
    case 'studentQuota': {
      const { passengers } = event as EngineEvent & { passengers: { passengerType: string; idNumber: string }[] };
      const now = deps.now();
      const enriched = await Promise.all(
        passengers.map(async (p) => (p.passengerType === 'student' ? { ...p, studentQuotaLeft: await studentTripsLeft(p.idNumber, now) } : p)),
      );
      return { ...event, passengers: enriched };
    }
    default: {
      const unreachable: never = kind;
      throw new Error(`unknown enrichment ${String(unreachable)}`);
    }
  }
}
