import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { macroCategories } from '../../../../shared/macros';

const localized = (max: number) =>
  new Schema(
    {
      'zh-CN': { type: String, required: true, maxlength: max },
      en: { type: String, required: true, maxlength: max },
    },
    { _id: false, strict: 'throw' },
  );

/** A standard phrase (shared/macros.ts): what agents insert into chat replies and case notes. */
const macroSchema = new Schema(
  {
    shortcut: { type: String, required: true, unique: true, maxlength: 40 },
    category: { type: String, required: true, enum: macroCategories },
    title: { type: localized(80), required: true },
    text: { type: localized(2000), required: true },
    updatedBy: { type: String, default: null },
  },
  { timestamps: true, strict: 'throw', strictQuery: 'throw' },
);

export type Macro = InferSchemaType<typeof macroSchema>;
export const MacroModel = mongoose.model('Macro', macroSchema);
