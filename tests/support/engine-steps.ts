/**
 * What the case-engine integration tests share: a caller factory over test deps on a fixed clock,
 * fresh idempotency keys, one step of a case on the version last seen, and 张伟's ticketed rail
 * booking with the fields a test cares about overridable.
 */
import { TRPCError } from '@trpc/server';
import { createCaller } from '../../server/src/trpc/root';
import { DepartureModel } from '../../server/src/db/models/departure';
import { BookingModel } from '../../server/src/db/models/booking';
import type { AppDeps } from '../../server/src/deps';
import type { SessionUser } from '../../shared/auth';
import { countingGateway, recordingPublisher, testClock, testDeps } from './deps';
import { contextFor, ZHANG_ID, type PlatformFixtures } from './platform';

export type Caller = ReturnType<typeof createCaller>;
export type CaseEvent = { type: string } & Record<string, unknown>;

/** Test deps on a clock set to `isoNow`, with a counting gateway and a recording publisher; `as(user)` is that user's caller. */
export function engineTestContext(isoNow: string, overrides: Partial<AppDeps> = {}) {
  const clock = testClock(isoNow);
  const gateway = countingGateway();
  const publisher = recordingPublisher();
  const deps = testDeps({ now: clock.now, paymentGateway: gateway, publisher, ...overrides });
  const as = (user: SessionUser) => createCaller(contextFor(deps, user));
  return { clock, gateway, publisher, deps, as };
}

let keySeq = 0;
/** A fresh idempotency key, unique within this process and across reruns. */
export function newKey(prefix: string): string {
  return `${prefix}-${process.pid}-${Date.now()}-${keySeq++}`;
}

/** Sends an event on the version the caller last saw, with a fresh key. */
export function step(caller: Caller, c: { id: string; version: number }, event: CaseEvent) {
  return caller.cases.send({ caseId: c.id, expectedVersion: c.version, idempotencyKey: newKey('step'), event });
}

/** The TRPCError a call failed with; anything else (success included) fails the test. */
export async function failureOf(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return error;
}

export type SaleFields = {
  channel: 'online' | 'counter' | 'phone';
  payment: 'electronic' | 'cash';
  purchaseType: 'normal';
  purchaser: string | null;
};

export type RailBookingFields = {
  ref: string;
  /** 张伟's ticket p1. */
  ticketNumber: string;
  /** An existing departure; without it a BJP → SHH train `departureCode` with one ¥553 second-class fare is made. */
  departureId?: string;
  departureCode?: string;
  departureAt?: string;
  purchasedAt?: string;
  /** Paid when bought unless given. */
  paidAt?: string;
  sale?: SaleFields;
  /** Fields of ticket p1 beyond the defaults (seat, change marks ...). */
  p1?: Record<string, unknown>;
  /** More passengers after p1, and the booking total that includes them. */
  morePassengers?: Record<string, unknown>[];
  totalFen?: number;
};

/** A ticketed rail booking of 张伟 with one adult second-class ticket p1 (¥553). */
export async function ticketedRailBooking(
  fx: PlatformFixtures,
  fields: RailBookingFields,
): Promise<{ id: string; departureId: string; ticketNumber: string }> {
  const departureId =
    fields.departureId ??
    (
      await DepartureModel.create({
        mode: 'rail',
        code: fields.departureCode ?? `G${fields.ref}`,
        origin: 'BJP',
        destination: 'SHH',
        departureAt: new Date(fields.departureAt ?? '2026-05-25T09:00:00+08:00'),
        ruleSet: 'cn-rail',
        classes: [{ code: 'O', name: '二等座', priceFen: 55_300, seatsLeft: 50 }],
      })
    )._id.toHexString();
  const purchasedAt = new Date(fields.purchasedAt ?? '2026-05-01T10:00:00+08:00');
  const booking = await BookingModel.create({
    ref: fields.ref,
    customerId: fx.customers.zhang,
    departureId,
    ruleSet: 'cn-rail',
    status: 'ticketed',
    purchasedAt,
    paidAt: fields.paidAt ? new Date(fields.paidAt) : purchasedAt,
    ...(fields.sale ? { sale: fields.sale } : {}),
    totalFen: fields.totalFen ?? 55_300,
    passengers: [
      {
        passengerId: 'p1',
        name: '张伟',
        idType: 'resident_id',
        idNumber: ZHANG_ID,
        passengerType: 'adult',
        ticketNumber: fields.ticketNumber,
        classCode: 'O',
        seat: '01车1A',
        fareFen: 55_300,
        ...fields.p1,
      },
      ...(fields.morePassengers ?? []),
    ],
  });
  return { id: booking._id.toHexString(), departureId, ticketNumber: fields.ticketNumber };
}
