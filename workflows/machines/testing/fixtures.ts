/**
 * Sample data for the machine tests: actors of every role, case input, departures, bookings and
 * resident IDs with chosen birth dates. Only tests import this file.
 */
import { residentIdCheckChar } from '../../../shared/identity';
import type { CaseKind } from '../../../shared/cases';
import type { Actor, BookingFacts, CaseInput, DepartureFacts, EventMeta, Stamped } from '../contract';
import { defaultCaseConfig } from '../contract';

export const actors = {
  agent: { id: 'u-agent-1', name: '李娜', role: 'agent' },
  agent2: { id: 'u-agent-2', name: '王伟', role: 'agent' },
  handler: { id: 'u-handler-1', name: '张敏', role: 'complaint_handler' },
  supervisor: { id: 'u-super-1', name: '刘洋', role: 'supervisor' },
  supervisor2: { id: 'u-super-2', name: '陈静', role: 'supervisor' },
  admin: { id: 'u-admin-1', name: '赵强', role: 'admin' },
  qa: { id: 'u-qa-1', name: '孙丽', role: 'qa' },
  system: { id: 'system', name: 'System', role: 'system' },
} as const satisfies Record<string, Actor>;

/** Case creation time: 2026-05-01 10:00 in Shanghai. */
export const T0 = '2026-05-01T02:00:00.000Z';

export function at(minutesAfterT0: number): string {
  return new Date(Date.parse(T0) + minutesAfterT0 * 60_000).toISOString();
}

export function meta(actor: Actor = actors.agent, when: string = at(1)): EventMeta {
  return { actor, at: when };
}

/** Adds meta to an event as the engine does. */
export function stamp<E extends { type: string }>(
  event: E,
  actor: Actor = actors.agent,
  when: string = at(1),
): Stamped<E> {
  return { ...event, meta: meta(actor, when) };
}

export function caseInput(kind: CaseKind, overrides: Partial<CaseInput> = {}): CaseInput {
  return {
    caseId: '6650a1b2c3d4e5f601234567',
    ref: `${kind.slice(0, 2).toUpperCase()}-000001`,
    kind,
    channel: 'phone',
    subject: `${kind} sample`,
    priority: 'normal',
    customerId: '6650a1b2c3d4e5f6000000c1',
    booking: null,
    createdAt: T0,
    createdBy: actors.agent,
    config: defaultCaseConfig,
    ...overrides,
  };
}

/** G1 Beijing → Shanghai, second class, 553.00 yuan, 2026-05-20 08:00 Shanghai. */
export const railDeparture: DepartureFacts = {
  departureId: '6650a1b2c3d4e5f6000000d1',
  code: 'G1',
  mode: 'rail',
  ruleSet: 'cn-rail',
  organizer: null,
  departureAt: '2026-05-20T08:00:00+08:00',
  classCode: 'O',
  className: '二等座',
  priceFen: 55_300,
  seatsLeft: 120,
  realName: false,
};

export function departure(overrides: Partial<DepartureFacts> = {}): DepartureFacts {
  return { ...railDeparture, ...overrides };
}

/** A rail booking for two passengers on G1 (adult and child), bought 2026-04-20. */
export const railBooking: BookingFacts = {
  bookingId: '6650a1b2c3d4e5f6000000b1',
  ref: 'TD0000001',
  ruleSet: 'cn-rail',
  purchasedAt: '2026-04-20T10:00:00+08:00',
  paidAt: '2026-04-20T10:01:00+08:00',
  departureId: railDeparture.departureId,
  departureAt: railDeparture.departureAt,
  mode: 'rail',
  organizer: null,
  tickets: [
    {
      passengerId: 'P1',
      passengerName: '李雷',
      passengerType: 'adult',
      classCode: 'O',
      fareFen: 55_300,
      status: 'active',
      changed: false,
    },
    {
      passengerId: 'P2',
      passengerName: '李小雷',
      passengerType: 'child',
      classCode: 'O',
      fareFen: 27_650,
      status: 'active',
      changed: false,
    },
  ],
};

export function booking(overrides: Partial<BookingFacts> = {}): BookingFacts {
  return { ...railBooking, ...overrides };
}

/** A domestic flight booking, fare class Y, 1,200 yuan, departing 2026-05-20 09:00 Shanghai. */
export const airBooking: BookingFacts = {
  bookingId: '6650a1b2c3d4e5f6000000b2',
  ref: 'TD0000002',
  ruleSet: 'cn-air',
  purchasedAt: '2026-04-20T10:00:00+08:00',
  paidAt: '2026-04-20T10:01:00+08:00',
  departureId: '6650a1b2c3d4e5f6000000d2',
  departureAt: '2026-05-20T09:00:00+08:00',
  mode: 'air',
  organizer: null,
  tickets: [
    {
      passengerId: 'P1',
      passengerName: '韩梅梅',
      passengerType: 'adult',
      classCode: 'Y',
      fareFen: 120_000,
      status: 'active',
      changed: false,
    },
  ],
};

/** A valid GB 11643 resident ID for a birth date (YYYYMMDD). */
export function residentId(birth: string, area = '110105', sequence = '123'): string {
  const first17 = `${area}${birth}${sequence}`;
  return first17 + residentIdCheckChar(first17);
}
