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
import type { UserRef } from '../../../shared/cases';
import { eventEnrichment } from '../../../shared/case-events';
import type { AppDeps } from '../deps';
import type { CaseRecord } from '../db/models/case';
import { UserModel } from '../db/models/user';
import { BookingModel } from '../db/models/booking';
import { loadDepartureFacts } from '../departures/departure.facts';
import { loadBookingFacts } from '../bookings/booking.facts';
import { customerIdMatches } from '../customers/identity';
import type { EngineEvent } from './engine';
import { mistakenPurchaseUsedUp } from './mistaken-purchase';
import { studentQuotaSince, studentTripsLeft as countStudentTripsLeft } from '../../../workflows/machines/student-quota';
import type { BookingFacts } from '../../../workflows/machines/contract';

async function userRef(userId: string): Promise<UserRef> {
  const user = Types.ObjectId.isValid(userId) ? await UserModel.findById(userId, { name: 1, role: 1, active: 1 }).lean() : null;
  if (!user || !user.active) throw new DomainError('NOT_FOUND', 'No active colleague with this id.', { userId });
  if (!caseWorkerRoles.includes(user.role as Role)) throw new DomainError('INVALID_INPUT', `${user.name} does not work cases (role ${user.role}).`);
  return { id: user._id.toHexString(), name: user.name };
}

/** The rule is workflows/machines/student-quota.ts; this loads the student's tickets it counts. */
async function studentTripsLeft(idNumber: string, at: Date): Promise<number> {
  const bookings = await BookingModel.find(
    { purchasedAt: { $gte: studentQuotaSince(at) }, passengers: { $elemMatch: { idNumber, passengerType: 'student' } } },
    { purchasedAt: 1, passengers: 1 },
  ).lean();
  return countStudentTripsLeft(idNumber, at, bookings);
}

export async function enrichEvent(deps: AppDeps, record: CaseRecord, event: EngineEvent, _user: SessionUser): Promise<EngineEvent> {
  const kind = eventEnrichment[record.kind][event.type];
  switch (kind) {
    case undefined:
      return event;
    case 'noteId':
      return { ...event, noteId: randomUUID() };
    case 'assignee': {
      const { assigneeId, ...rest } = event as EngineEvent & { assigneeId?: string | null };
      if (assigneeId === undefined) return rest;
      return { ...rest, assignee: assigneeId === null ? null : await userRef(assigneeId) };
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
      const booking = record.snapshot.context.booking as BookingFacts | null | undefined;
      return { ...event, mistakenPurchaseUsedToday: booking ? await mistakenPurchaseUsedUp(booking, passengerIds, deps.now()) : [] };
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
