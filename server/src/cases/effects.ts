/**
 * What the outbox job does for each effect a machine describes. Every handler is idempotent by the
 * effect's key: single-document writes guarded by `appliedEffects: { $ne: key }`, inserts keyed by
 * it, and gateway calls that carry it. A handler returns the result event for the case, if any.
 */
import { Types } from 'mongoose';
import type { EffectMap, EffectName } from '../../../workflows/machines/effects';
import type { AppDeps } from '../deps';
import { BookingModel } from '../db/models/booking';
import { DepartureModel } from '../db/models/departure';
import { CaseModel, nextSequence } from '../db/models/case';
import { DomainError } from '../../../shared/errors';
import { bookingStatusFor } from '../../../workflows/machines/tickets';
import { taxesFor } from '../../../workflows/machines/passengers';
import type { PassengerType } from '../../../shared/bookings';
import { claimTickets } from '../bookings/ticket-claims';
import { CompensationModel, NotificationModel } from '../db/models/effect-records';
import type { EngineEvent } from './engine';

export type EffectContext = { key: string; caseId: string };
export type EffectOutcome = { event?: EngineEvent };
type EffectHandler<P> = (deps: AppDeps, params: P, ctx: EffectContext) => Promise<EffectOutcome>;

function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}

/** Seat labels for seats counted down from the class's inventory: rail "05车12F", air "23C", events "A区3排12座". */
export function seatLabels(mode: string, firstIndex: number, count: number): string[] {
  return Array.from({ length: count }, (_, n) => {
    const i = firstIndex + n;
    if (mode === 'air') return `${Math.floor(i / 6) + 1}${'ABCDEF'[i % 6]}`;
    if (mode === 'event')
      return `${'ABCDEFGH'[Math.floor(i / 400) % 8]}区${Math.floor((i % 400) / 20) + 1}排${(i % 20) + 1}座`;
    return `${String(Math.floor(i / 100) + 1).padStart(2, '0')}车${Math.floor((i % 100) / 5) + 1}${'ABCDF'[i % 5]}`;
  });
}

const SEATS_PER_CARRIAGE = 100;

/**
 * Where a rail hold of `count` seats, counted down to `seatsLeftAfter`, is labelled so the party
 * sits in one carriage: when the block would straddle two carriages it moves down into the lower
 * one, `skip` more seats below it are taken from inventory (they are the ones it now uses), and the
 * straddled seats of the upper carriage stay unsold. Other modes and blocks that fit: unchanged.
 */
export function seatsTogether(
  mode: string,
  seatsLeftAfter: number,
  count: number,
): { firstIndex: number; skip: number } {
  const top = seatsLeftAfter + count;
  const upperCarriageStart = Math.floor((top - 1) / SEATS_PER_CARRIAGE) * SEATS_PER_CARRIAGE;
  if (mode !== 'rail' || count > SEATS_PER_CARRIAGE || seatsLeftAfter >= upperCarriageStart)
    return { firstIndex: seatsLeftAfter, skip: 0 };
  return { firstIndex: upperCarriageStart - count, skip: top - upperCarriageStart };
}

async function changeInventory(
  departureId: string,
  classCode: string,
  delta: number,
  key: string,
): Promise<{ applied: boolean; seatsLeftAfter: number | null; mode: string | null }> {
  const filter: Record<string, unknown> = { _id: departureId, appliedEffects: { $ne: key } };
  if (delta < 0) filter.classes = { $elemMatch: { code: classCode, seatsLeft: { $gte: -delta } } };
  else filter['classes.code'] = classCode;
  const updated = await DepartureModel.findOneAndUpdate(
    filter,
    { $inc: { 'classes.$[c].seatsLeft': delta }, $push: { appliedEffects: key } },
    { arrayFilters: [{ 'c.code': classCode }], returnDocument: 'after' },
  ).lean();
  if (updated) {
    return {
      applied: true,
      seatsLeftAfter: updated.classes.find((c) => c.code === classCode)?.seatsLeft ?? null,
      mode: updated.mode,
    };
  }
  const current = await DepartureModel.findById(departureId).lean();
  const already = current?.appliedEffects?.includes(key) ?? false;
  return {
    applied: already,
    seatsLeftAfter: current?.classes.find((c) => c.code === classCode)?.seatsLeft ?? null,
    mode: current?.mode ?? null,
  };
}

/** Fresh ticket numbers from a counter, skipping any already on a ticket (imported or seeded bookings). */
async function ticketNumbers(mode: string, count: number): Promise<string[]> {
  const prefix = mode === 'air' ? '781-' : mode === 'event' ? 'EV' : 'E';
  const numbers: string[] = [];
  while (numbers.length < count) {
    const candidate = `${prefix}${String(await nextSequence('ticket-number')).padStart(9, '0')}`;
    if (!(await BookingModel.exists({ 'passengers.ticketNumber': candidate }))) numbers.push(candidate);
  }
  return numbers;
}

type NewBooking = Omit<Parameters<typeof BookingModel.create>[0], 'ref' | 'createdByEffect'>;

/**
 * Creates the booking an effect makes, once: `createdByEffect` is unique, so a second run of the
 * same effect (a retry, or another process after a lost lease) gets the first one's booking. The
 * reference is the next free one: the counter can meet references made elsewhere (seeded or
 * imported bookings), and a taken one is skipped.
 */
async function createBookingOnce(effectKey: string, doc: NewBooking) {
  for (let attempt = 0; ; attempt++) {
    const existing = await BookingModel.findOne({ createdByEffect: effectKey }).lean();
    if (existing) return existing;
    const ref = `TD${String(await nextSequence('booking-ref')).padStart(7, '0')}`;
    try {
      return (await BookingModel.create({ ...doc, ref, createdByEffect: effectKey })).toObject();
    } catch (error) {
      const taken = isDuplicateKey(error) ? (error as { keyPattern?: Record<string, unknown> }).keyPattern : undefined;
      if (!taken || attempt >= 20) throw error;
      // A taken reference: try the next one. A taken effect key: the loop finds that booking.
    }
  }
}

const holdSeats: EffectHandler<EffectMap['inventory.hold']> = async (_deps, p, { key }) => {
  if (!Types.ObjectId.isValid(p.departureId)) return { event: { type: 'HOLD_FAILED', reason: 'departure not found' } };
  const result = await changeInventory(p.departureId, p.classCode, -p.count, key);
  if (!result.applied) {
    return {
      event: {
        type: 'HOLD_FAILED',
        reason: result.mode === null ? 'departure not found' : `not enough seats left in class ${p.classCode}`,
      },
    };
  }
  const mode = result.mode ?? 'rail';
  const left = result.seatsLeftAfter ?? 0;
  const together = seatsTogether(mode, left, p.count);
  // Moving the party into one carriage takes the seats below it too, under its own key; when they
  // are gone (another hold got there first) the party keeps the seats it has, across two carriages.
  if (
    together.skip > 0 &&
    (await changeInventory(p.departureId, p.classCode, -together.skip, `${key}:together`)).applied
  ) {
    return { event: { type: 'SEATS_HELD', seats: seatLabels(mode, together.firstIndex, p.count) } };
  }
  return { event: { type: 'SEATS_HELD', seats: seatLabels(mode, left, p.count) } };
};

const releaseSeats: EffectHandler<EffectMap['inventory.release']> = async (_deps, p, { key }) => {
  if (Types.ObjectId.isValid(p.departureId)) await changeInventory(p.departureId, p.classCode, p.count, key);
  return {};
};

const collectPayment: EffectHandler<EffectMap['payment.collect']> = async (deps, p, { key }) => {
  const result = await deps.paymentGateway.collect({
    idempotencyKey: key,
    amountFen: p.amountFen,
    reference: p.reference,
  });
  return {
    event: result.ok
      ? { type: 'PAYMENT_SUCCEEDED', paymentRef: result.paymentRef }
      : { type: 'PAYMENT_FAILED', reason: result.reason },
  };
};

const issueTickets: EffectHandler<EffectMap['tickets.issue']> = async (deps, p, { key }) => {
  const existing = await BookingModel.findOne({ createdByEffect: key }).lean();
  if (existing) {
    return {
      event: {
        type: 'TICKETS_ISSUED',
        bookingId: existing._id.toHexString(),
        bookingRef: existing.ref,
        ticketNumbers: existing.passengers.map((x) => x.ticketNumber ?? ''),
      },
    };
  }
  const numbers = await ticketNumbers(p.departure.mode, p.passengers.length);
  const now = deps.now();
  const booking = await createBookingOnce(key, {
    customerId: p.customerId,
    departureId: p.departure.departureId,
    ruleSet: p.departure.ruleSet,
    status: 'ticketed',
    purchasedAt: now,
    paidAt: now,
    // Sold by an agent of this contact centre on the phone, paid through the gateway: channel
    // 'phone', so the online-only free mistaken-purchase refund never applies to it.
    sale: { channel: 'phone', payment: 'electronic', purchaseType: 'normal', purchaser: null },
    passengers: p.passengers.map((x, i) => ({
      passengerId: x.passengerId,
      name: x.name,
      idType: x.idType,
      idNumber: x.idNumber,
      passengerType: x.passengerType,
      ticketNumber: numbers[i] ?? null,
      classCode: p.departure.classCode,
      seat: x.seat,
      fareFen: x.fareFen,
      // The departure's taxes, kept apart from the fare (the booking's quote took the fares only).
      taxes: taxesFor(p.departure.taxes, x.passengerType as PassengerType, p.departure.mode),
      status: 'active',
      changed: false,
    })),
    totalFen: p.passengers.reduce((sum, x) => sum + x.fareFen, 0),
  });
  return {
    event: {
      type: 'TICKETS_ISSUED',
      bookingId: booking._id.toHexString(),
      bookingRef: booking.ref,
      ticketNumbers: booking.passengers.map((x) => x.ticketNumber ?? ''),
    },
  };
};

const submitRefund: EffectHandler<EffectMap['refund.submit']> = async (deps, p, { key, caseId }) => {
  // A ticket refund pays only while its case holds the tickets (checked again here, before money moves).
  const owner = await CaseModel.findById(caseId, { ref: 1, kind: 1 }).lean<{ ref: string; kind: string }>();
  if (owner?.kind === 'refund' && p.bookingId && p.passengerIds.length > 0) {
    try {
      await claimTickets(p.bookingId, p.passengerIds, { caseId, caseRef: owner.ref, kind: 'refund' }, deps.now());
    } catch (error) {
      if (error instanceof DomainError && error.code === 'CONFLICT')
        return { event: { type: 'REFUND_FAILED', reason: error.message } };
      throw error;
    }
  }
  const result = await deps.paymentGateway.refund({
    idempotencyKey: key,
    amountFen: p.amountFen,
    reference: p.bookingId ?? p.reason,
  });
  return {
    event: result.ok
      ? { type: 'REFUND_SETTLED', gatewayRef: result.gatewayRef }
      : { type: 'REFUND_FAILED', reason: result.reason },
  };
};

/** Sets ticket statuses and the booking's status from them, guarded by the document's last update time. */
async function updateTickets(
  bookingId: string,
  passengerIds: string[],
  status: 'refunded' | 'changed',
  key: string,
): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const booking = await BookingModel.findById(bookingId).lean();
    if (!booking || booking.appliedEffects.includes(key)) return;
    // Marked tickets are done with: their claim goes in the same write (the whole list, guarded by the update time).
    const passengers = booking.passengers.map((x) =>
      passengerIds.includes(x.passengerId) ? { ...x, status, claim: null } : x,
    );
    const bookingStatus = bookingStatusFor(
      booking.status,
      passengers.map((x) => x.status),
    );
    const result = await BookingModel.updateOne(
      { _id: booking._id, updatedAt: booking.updatedAt, appliedEffects: { $ne: key } },
      { $set: { passengers, status: bookingStatus }, $push: { appliedEffects: key } },
    );
    if (result.modifiedCount === 1) return;
  }
  throw new Error(`booking ${bookingId} kept changing; will retry`);
}

const markRefunded: EffectHandler<EffectMap['booking.markRefunded']> = async (_deps, p, { key }) => {
  await updateTickets(p.bookingId, p.passengerIds, 'refunded', key);
  return {};
};

const reissue: EffectHandler<EffectMap['booking.reissue']> = async (deps, p, { key, caseId }) => {
  const old = await BookingModel.findById(p.bookingId).lean();
  if (!old) throw new Error(`booking ${p.bookingId} not found`);
  const moving = old.passengers.filter((x) => p.passengerIds.includes(x.passengerId));
  // Only while this case holds the tickets (a retry after the old tickets were marked has nothing left to check).
  if (!old.appliedEffects.includes(`${key}:old`)) {
    const owner = await CaseModel.findById(caseId, { ref: 1 }).lean<{ ref: string }>();
    await claimTickets(
      p.bookingId,
      p.passengerIds,
      { caseId, caseRef: owner?.ref ?? caseId, kind: 'change' },
      deps.now(),
    );
  }
  const oldDeparture = await DepartureModel.findById(old.departureId, { departureAt: 1 }).lean();
  // Each step is idempotent under its own key, so a retry after a crash finishes the job.
  const taken = await changeInventory(
    p.newDeparture.departureId,
    p.newDeparture.classCode,
    -moving.length,
    `${key}:take`,
  );
  if (!taken.applied) {
    // No seats left on the new train: never overbook. The effect retries (seats may come back) and
    // then stops, leaving the case in reissuing for a person to decide (left for a REISSUE_FAILED event).
    throw new Error(
      `not enough seats left in class ${p.newDeparture.classCode} of ${p.newDeparture.code} to reissue ${moving.length} ticket(s)`,
    );
  }
  const seats = seatLabels(p.newDeparture.mode, taken.seatsLeftAfter ?? 0, moving.length);
  // Per-passenger fares when the machine gives them (a rail child pays half the new fare).
  const fareOf = (passengerId: string) => p.fares?.find((f) => f.passengerId === passengerId)?.fareFen ?? p.newFareFen;
  let created = await BookingModel.findOne({ createdByEffect: `${key}:new` }).lean();
  if (!created) {
    const numbers = await ticketNumbers(p.newDeparture.mode, moving.length);
    created = await createBookingOnce(`${key}:new`, {
      customerId: old.customerId,
      departureId: p.newDeparture.departureId,
      ruleSet: p.newDeparture.ruleSet,
      status: 'ticketed',
      purchasedAt: old.purchasedAt,
      paidAt: deps.now(),
      // The changed tickets keep the original sale (and being changed, never get the mistaken-purchase refund).
      sale: old.sale ?? null,
      passengers: moving.map((x, i) => ({
        passengerId: x.passengerId,
        name: x.name,
        idType: x.idType,
        idNumber: x.idNumber,
        passengerType: x.passengerType,
        ticketNumber: numbers[i] ?? null,
        classCode: p.newDeparture.classCode,
        seat: seats[i] ?? null,
        fareFen: fareOf(x.passengerId),
        // The taxes paid with the ticket stay with it (they are refunded in full if it is refunded later).
        ...(x.taxes
          ? { taxes: { developmentFundFen: x.taxes.developmentFundFen, fuelSurchargeFen: x.taxes.fuelSurchargeFen } }
          : {}),
        status: 'active',
        changed: true,
        changedAt: deps.now(),
        originalDepartureAt: oldDeparture?.departureAt ?? null,
      })),
      totalFen: moving.reduce((sum, x) => sum + fareOf(x.passengerId), 0),
    });
  }
  await updateTickets(p.bookingId, p.passengerIds, 'changed', `${key}:old`);
  const oldClass = moving[0]?.classCode;
  if (oldClass) await changeInventory(old.departureId.toHexString(), oldClass, moving.length, `${key}:give`);
  return {
    event: {
      type: 'REISSUED',
      ticketNumbers: created.passengers.map((x) => x.ticketNumber ?? ''),
      newBookingId: created._id.toHexString(),
      newBookingRef: created.ref,
    },
  };
};

const issueCompensation: EffectHandler<EffectMap['compensation.issue']> = async (deps, p, { key, caseId }) => {
  const reference = `CMP-${key
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(-10)
    .toUpperCase()}`;
  try {
    await CompensationModel.create({
      _id: key,
      caseId,
      customerId: p.customerId,
      type: p.type,
      amountFen: p.amountFen,
      reference,
      at: deps.now(),
    });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
  return { event: { type: 'COMPENSATION_ISSUED', reference } };
};

const notifyCustomer: EffectHandler<EffectMap['notify.customer']> = async (deps, p, { key, caseId }) => {
  try {
    await NotificationModel.create({
      _id: key,
      caseId,
      customerId: p.customerId,
      template: p.template,
      params: p.params,
      at: deps.now(),
    });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
  return {};
};

export const effectHandlers: { [K in EffectName]: EffectHandler<EffectMap[K]> } = {
  'inventory.hold': holdSeats,
  'inventory.release': releaseSeats,
  'payment.collect': collectPayment,
  'tickets.issue': issueTickets,
  'refund.submit': submitRefund,
  'booking.markRefunded': markRefunded,
  'booking.reissue': reissue,
  'compensation.issue': issueCompensation,
  'notify.customer': notifyCustomer,
};
