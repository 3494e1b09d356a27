import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { roles } from '../../../../shared/roles';

/**
 * A year's Spring Festival rush (春运) dates as an admin entered them (inclusive Asia/Shanghai
 * dates). One document per year; every quote passes them to the policy engine.
 */
const rushPeriodSchema = new Schema(
  {
    year: { type: Number, required: true, min: 2000, max: 2100, validate: Number.isInteger },
    from: { type: String, required: true, match: /^\d{4}-\d{2}-\d{2}$/ },
    to: { type: String, required: true, match: /^\d{4}-\d{2}-\d{2}$/ },
    enteredBy: {
      type: new Schema(
        {
          id: { type: String, required: true },
          name: { type: String, required: true },
          role: { type: String, required: true, enum: roles },
        },
        { _id: false, strict: 'throw' },
      ),
      required: true,
    },
    enteredAt: { type: Date, required: true },
  },
  { strict: 'throw', strictQuery: 'throw' },
);
rushPeriodSchema.index({ year: 1 }, { unique: true });

export type RushPeriodRecord = InferSchemaType<typeof rushPeriodSchema>;
export const RushPeriodModel = mongoose.model('RushPeriod', rushPeriodSchema);
