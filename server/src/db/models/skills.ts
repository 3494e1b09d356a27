import mongoose, { Schema } from 'mongoose';
import { queueNames } from '../../../../shared/cases';
import { conversationChannels } from '../../../../shared/conversations';
import { skillLanguages, type Skills } from '../../../../shared/skills';

/** One document per user: the queues, channels and languages they serve, and how much at once. */
const skillsSchema = new Schema(
  {
    userId: { type: String, required: true, unique: true },
    queues: { type: [{ _id: false, queue: { type: String, enum: queueNames }, priority: Number }], default: [] },
    channels: { type: [{ type: String, enum: conversationChannels }], default: [] },
    languages: { type: [{ type: String, enum: skillLanguages }], default: ['zh'] },
    vip: { type: Boolean, default: false },
    capacity: { calls: Number, chats: Number, cases: Number },
    updatedAt: { type: Date, default: null },
    updatedBy: { type: String, default: null },
  },
  { collection: 'skills', versionKey: false },
);

export type SkillsRecord = Skills & { _id: mongoose.Types.ObjectId; userId: string; updatedAt: Date | null };

export const SkillsModel = mongoose.model('Skills', skillsSchema);
