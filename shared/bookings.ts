import type { RuleSetId, Mode } from './departures';

/** After ticketing, the status follows the tickets: some or all refunded or changed (workflows/machines/tickets.ts). */
export const bookingStatuses = [
  'held',
  'paid',
  'ticketed',
  'partially_refunded',
  'refunded',
  'partially_changed',
  'changed',
  'refunded_and_changed',
  'cancelled',
] as const;
export type BookingStatus = (typeof bookingStatuses)[number];
export const passengerTypes = ['adult', 'child', 'student', 'infant'] as const;
export type PassengerType = (typeof passengerTypes)[number];
export const ticketStatuses = ['active', 'changed', 'refunded', 'used'] as const;
export type TicketStatus = (typeof ticketStatuses)[number];

/**
 * How a booking was sold. The cn-rail free mistaken-purchase refund (误购) is only for online sales
 * (12306 website/app) paid electronically or with points, bought the normal way.
 * - channel: online (12306 website/app), counter (station window), agent (ticket agency 代售点),
 *   phone (this contact centre: an agent sells on the phone), vending (ticket machine).
 * - purchaseType: normal, reservation (预约), waitlist (候补), group (团体票), air-rail (空铁联运),
 *   water-rail (铁水联运), period-pass (定期票), ride-count-pass (计次票).
 */
export const salesChannels = ['online', 'counter', 'agent', 'phone', 'vending'] as const;
export type SalesChannel = (typeof salesChannels)[number];
export const paymentMethods = ['electronic', 'points', 'cash', 'card'] as const;
export type PaymentMethod = (typeof paymentMethods)[number];
export const purchaseTypes = [
  'normal',
  'reservation',
  'waitlist',
  'group',
  'air-rail',
  'water-rail',
  'period-pass',
  'ride-count-pass',
] as const;
export type PurchaseType = (typeof purchaseTypes)[number];
export type Sale = { channel: SalesChannel; payment: PaymentMethod; purchaseType: PurchaseType };

/**
 * An air ticket's taxes, kept apart from its fare (fees are percentages of the fare only; taxes are
 * always refunded): the civil aviation development fund (民航发展基金) and the fuel surcharge (燃油附加费).
 */
export type TicketTaxes = { developmentFundFen: number; fuelSurchargeFen: number };
export const noTaxes: TicketTaxes = { developmentFundFen: 0, fuelSurchargeFen: 0 };

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
  /** Air: the taxes paid on top of the fare (zero for rail, events and bookings recorded before taxes were). */
  taxes?: TicketTaxes;
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
  /** How it was sold; null for bookings recorded before the sale was (optional so older fixtures still type). */
  sale?: Sale | null;
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
