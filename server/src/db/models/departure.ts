import mongoose, { Schema, type HydratedDocument, type InferSchemaType } from 'mongoose';
import { modes, ruleSetIds } from '../../../../shared/departures';

const fareClassSchema = new Schema(
  {
    /** Seat class or fare class code: "O" (二等座), "M", "Y", "VIP"... unique within a departure. */
    code: { type: String, required: true, maxlength: 20 },
    name: { type: String, required: true, maxlength: 60 },
    priceFen: { type: Number, required: true, min: 0, validate: Number.isInteger },
    /** Air: the taxes an adult ticket pays on top of priceFen (development fund, fuel surcharge); absent: none. */
    taxes: {
      type: new Schema(
        {
          developmentFundFen: { type: Number, required: true, min: 0, validate: Number.isInteger },
          fuelSurchargeFen: { type: Number, required: true, min: 0, validate: Number.isInteger },
        },
        { _id: false, strict: 'throw' },
      ),
      default: undefined,
    },
    /** Inventory; the case engine's hold/release effects change it with a guarded $inc. */
    seatsLeft: { type: Number, required: true, min: 0, validate: Number.isInteger },
  },
  { _id: false, strict: 'throw' },
);

/** A train, a flight or a show: what a ticket is for. */
const departureSchema = new Schema(
  {
    mode: { type: String, required: true, enum: modes },
    /** Train number, flight number or show code. */
    code: { type: String, required: true, trim: true, maxlength: 20 },
    /** Station/airport codes or venue name. */
    origin: { type: String, required: true, trim: true, maxlength: 60 },
    destination: { type: String, required: true, trim: true, maxlength: 60 },
    departureAt: { type: Date, required: true },
    arrivalAt: { type: Date, default: null },
    ruleSet: { type: String, required: true, enum: ruleSetIds },
    /** Event organizer (its refund tiers) or airline. */
    organizer: { type: String, default: null, maxlength: 100 },
    /** Real-name sale: one ticket per ID per show (set by hand; a show of 5,000 or more is real-name anyway). */
    realName: { type: Boolean, required: true, default: false },
    /** A show's approved attendee capacity (批准观众人数); 5,000 or more sells by real name (workflows/machines/passengers.ts). */
    approvedCapacity: {
      type: Number,
      default: null,
      min: 0,
      validate: (v: number | null) => v === null || Number.isInteger(v),
    },
    classes: { type: [fareClassSchema], default: [] },
    /** Idempotency keys of inventory effects (hold, release) already applied: guarded like bookings'. */
    appliedEffects: { type: [String], default: [] },
  },
  { timestamps: true, strict: 'throw', strictQuery: 'throw' },
);
departureSchema.index({ departureAt: 1 });
departureSchema.index({ mode: 1, origin: 1, destination: 1, departureAt: 1 });
departureSchema.index({ code: 1, departureAt: 1 });

export type Departure = InferSchemaType<typeof departureSchema>;
export type DepartureDocument = HydratedDocument<Departure>;
export const DepartureModel = mongoose.model('Departure', departureSchema);
