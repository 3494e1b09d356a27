import mongoose, { Schema, type HydratedDocument, type InferSchemaType } from 'mongoose';
import {
  bookingStatuses,
  passengerTypes,
  paymentMethods,
  purchaseTypes,
  salesChannels,
  ticketStatuses,
} from '../../../../shared/bookings';
import { ruleSetIds } from '../../../../shared/departures';
import { idTypes } from '../../../../shared/identity';

const passengerSchema = new Schema(
  {
    /** Stable id of the passenger within the booking ("p1", "p2"...): cases name tickets by it. */
    passengerId: { type: String, required: true, maxlength: 40 },
    name: { type: String, required: true, maxlength: 100 },
    idType: { type: String, required: true, enum: idTypes },
    idNumber: { type: String, required: true, uppercase: true, maxlength: 32 },
    passengerType: { type: String, required: true, enum: passengerTypes },
    ticketNumber: { type: String, default: null, maxlength: 40 },
    classCode: { type: String, required: true, maxlength: 20 },
    seat: { type: String, default: null, maxlength: 20 },
    fareFen: { type: Number, required: true, min: 0, validate: Number.isInteger },
    /** Air: taxes paid on top of the fare, kept apart from it (absent in older documents: none). */
    taxes: {
      type: new Schema(
        {
          developmentFundFen: { type: Number, required: true, min: 0, default: 0, validate: Number.isInteger },
          fuelSurchargeFen: { type: Number, required: true, min: 0, default: 0, validate: Number.isInteger },
        },
        { _id: false, strict: 'throw' },
      ),
      default: undefined,
    },
    status: { type: String, required: true, enum: ticketStatuses, default: 'active' },
    /** Changed (改签) before: refund and change rules differ. */
    changed: { type: Boolean, required: true, default: false },
    /** For a changed ticket: when it was changed and when the original train left (the refund rules look at both). */
    changedAt: { type: Date, default: null },
    originalDepartureAt: { type: Date, default: null },
    /**
     * The case that will refund or change this ticket, set by one guarded write where no live claim
     * exists (server/src/bookings/ticket-claims.ts); cleared when the ticket is marked or the case lets go.
     */
    claim: {
      type: new Schema(
        {
          caseId: { type: String, required: true },
          caseRef: { type: String, required: true },
          kind: { type: String, required: true, enum: ['refund', 'change'] },
          /** When it was made: a claim whose case has not been written yet still counts for a few seconds. */
          claimedAt: { type: Date, default: null },
        },
        { _id: false, strict: 'throw' },
      ),
      default: null,
    },
  },
  { _id: false, strict: 'throw' },
);

/** How the booking was sold (shared/bookings.ts): the rail mistaken-purchase refund depends on it. */
const saleSchema = new Schema(
  {
    channel: { type: String, required: true, enum: salesChannels },
    payment: { type: String, required: true, enum: paymentMethods },
    purchaseType: { type: String, required: true, enum: purchaseTypes },
    /** The buying account (online: the 12306 account); null when none (a cash sale at a counter). */
    purchaser: { type: String, default: null, maxlength: 80 },
  },
  { _id: false, strict: 'throw' },
);

const bookingSchema = new Schema(
  {
    /** What the customer reads out on the phone: letters and digits, upper-case. */
    ref: { type: String, required: true, unique: true, uppercase: true, trim: true, maxlength: 20 },
    customerId: { type: Schema.Types.ObjectId, required: true, ref: 'Customer' },
    departureId: { type: Schema.Types.ObjectId, required: true, ref: 'Departure' },
    ruleSet: { type: String, required: true, enum: ruleSetIds },
    status: { type: String, required: true, enum: bookingStatuses },
    purchasedAt: { type: Date, required: true },
    paidAt: { type: Date, default: null },
    /** null: recorded before sales were (then no rule that depends on the sale applies). */
    sale: { type: saleSchema, default: null },
    passengers: { type: [passengerSchema], default: [] },
    totalFen: { type: Number, required: true, min: 0, validate: Number.isInteger },
    /**
     * Idempotency keys of case effects already applied to this booking (mark refunded, reissue):
     * the effect's update is guarded by `appliedEffects: { $ne: key }` and pushes the key in the
     * same single-document write, so a retried effect changes nothing.
     */
    appliedEffects: { type: [String], default: [] },
    /** The case effect that created this booking (ticketing, reissue): unique, so one effect makes one booking. */
    createdByEffect: { type: String, default: undefined },
  },
  { timestamps: true, strict: 'throw', strictQuery: 'throw' },
);
bookingSchema.index({ customerId: 1, purchasedAt: -1 });
bookingSchema.index({ departureId: 1 });
bookingSchema.index({ 'passengers.ticketNumber': 1 });
// Customer search by a passenger's ID number.
bookingSchema.index({ 'passengers.idNumber': 1 });
bookingSchema.index({ createdByEffect: 1 }, { unique: true, sparse: true });
// The ticket-issuing effect finds the booking it created by its key.
bookingSchema.index({ appliedEffects: 1 });

export type Booking = InferSchemaType<typeof bookingSchema>;
export type BookingDocument = HydratedDocument<Booking>;
export const BookingModel = mongoose.model('Booking', bookingSchema);
