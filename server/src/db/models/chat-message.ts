import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/**
 * One chat message. `seq` numbers a conversation's messages in the order the server accepted them
 * (allocated with an atomic $inc, see chat-sequence); the sender's `clientId` makes a retry find
 * the first message instead of adding a second.
 */
const chatMessageSchema = new Schema(
  {
    conversationId: { type: Schema.Types.ObjectId, required: true },
    seq: { type: Number, required: true, min: 1 },
    clientId: { type: String, required: true, maxlength: 64 },
    sender: {
      type: new Schema(
        {
          kind: { type: String, required: true, enum: ['customer', 'agent', 'system'] },
          id: { type: String, default: null },
          name: { type: String, required: true, maxlength: 100 },
        },
        { _id: false, strict: 'throw' },
      ),
      required: true,
    },
    text: { type: String, required: true, maxlength: 2000 },
    at: { type: Date, required: true },
    deliveredAt: { type: Date, default: null },
    readAt: { type: Date, default: null },
  },
  { strict: 'throw', strictQuery: 'throw', versionKey: false, collection: 'chat_messages' },
);
chatMessageSchema.index({ conversationId: 1, seq: 1 }, { unique: true });
chatMessageSchema.index({ conversationId: 1, clientId: 1 }, { unique: true });

export type ChatMessage = InferSchemaType<typeof chatMessageSchema>;
export const ChatMessageModel = mongoose.model('ChatMessage', chatMessageSchema);

/** The last message number given out per conversation (`_id` is the conversation id). */
const chatSequenceSchema = new Schema(
  { _id: { type: Schema.Types.ObjectId, required: true }, seq: { type: Number, required: true, default: 0 } },
  { strict: 'throw', strictQuery: 'throw', versionKey: false, collection: 'chat_sequences' },
);
export const ChatSequenceModel = mongoose.model('ChatSequence', chatSequenceSchema);

/**
 * What the chat page asked for, per conversation (`_id` is the conversation id): the name given,
 * the booking reference, the language and the callback left. The conversation itself (status,
 * agent, cases, csat) is the conversation engine's document.
 */
const chatSessionSchema = new Schema(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    name: { type: String, required: true, maxlength: 60 },
    bookingRef: { type: String, default: null, maxlength: 20 },
    bookingId: { type: String, default: null },
    locale: { type: String, required: true, enum: ['zh-CN', 'en'] },
    callbackPhone: { type: String, default: null },
    callbackRequestedAt: { type: Date, default: null },
  },
  { strict: 'throw', strictQuery: 'throw', versionKey: false, collection: 'chat_sessions' },
);
export const ChatSessionModel = mongoose.model('ChatSession', chatSessionSchema);
