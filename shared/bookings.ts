import type { RuleSetId, Mode } from './departures';

/** After ticketing, the status follows the tickets: some or all refunded or changed (workflows/machines/tickets.ts). */
export const bookingStatuses = ['held', 'paid', 'ticketed', 'partially_refunded', 'refunded', 'partially_changed', 'changed', 'refunded_and_changed', 'cancelled'] as const;
export type BookingStatus = (typeof bookingStatuses)[number];
export const passengerTypes = ['adult', 'child', 'student', 'infant'] as const;
export type PassengerType = (typeof passengerTypes)[number];
export const ticketStatuses = ['active', 'changed', 'refunded', 'used'] as const;
export type TicketStatus = (typeof ticketStatuses)[number];

export type TicketDTO = {
  /** Passenger id within the booking. */
  passengerId: string;
  passengerName: string;
  passengerType: PassengerType;
  idType: string;
  idNumber: string; // masked
  ticketNumber: string | null;
  classCode: string;
  seat: string | null;
  fareFen: number;
  status: TicketStatus;
  /** The ticket was changed (改签) before: refund and change rules differ. */
  changed: boolean;
};

export type BookingDTO = {
  id: string;
  ref: string;
  customerId: string;
  status: BookingStatus;
  ruleSet: RuleSetId;
  purchasedAt: string;
  paidAt: string | null;
  totalFen: number;
  departure: {
    id: string;
    mode: Mode;
    code: string;
    origin: string;
    destination: string;
    departureAt: string;
    organizer: string | null;
  };
  tickets: TicketDTO[];
};
