import mongoose, { Schema, type HydratedDocument, type InferSchemaType } from 'mongoose';
import { idTypes } from '../../../../shared/identity';
import { vipTiers } from '../../../../shared/customers';

const customerSchema = new Schema(
  {
    name: { type: String, required: true, trim: true, maxlength: 100 },
    /**
     * Lower-cased name for case-insensitive prefix search on an index. Set by the pre-validate hook
     * on create/save/insertMany; an updateOne that changes `name` must set it too.
     */
    nameLower: { type: String, required: true },
    /** Digits only, mainland mobile numbers without +86. */
    phone: { type: String, required: true, match: /^\d{5,20}$/ },
    email: { type: String, default: null, maxlength: 200 },
    idType: { type: String, required: true, enum: idTypes },
    /** Upper-case (the resident ID check character is "X"). */
    idNumber: { type: String, required: true, uppercase: true, trim: true, maxlength: 32 },
    vipTier: { type: String, required: true, enum: vipTiers, default: 'none' },
  },
  { timestamps: true, strict: 'throw', strictQuery: 'throw' },
);
customerSchema.pre('validate', function deriveNameLower() {
  if (typeof this.name === 'string') this.nameLower = this.name.toLowerCase();
});
customerSchema.index({ phone: 1 });
customerSchema.index({ idNumber: 1 });
// One customer per identity document: customers.create refuses a second one, and this catches a race.
customerSchema.index({ idType: 1, idNumber: 1 }, { unique: true });
customerSchema.index({ nameLower: 1 });

export type Customer = InferSchemaType<typeof customerSchema>;
export type CustomerDocument = HydratedDocument<Customer>;
export const CustomerModel = mongoose.model('Customer', customerSchema);
