import mongoose, { Schema } from 'mongoose';

/**
 * Every routing decision: a live contact offered to an agent (and what became of the offer), or a
 * back-office case given to an agent by routing.next. Append-only but for the outcome, which is
 * written once (guarded on outcome: null).
 */
const routingDecisionSchema = new Schema(
  {
    kind: { type: String, enum: ['offer', 'case'], required: true },
    /** The conversation (offers) or case (routing.next). */
    subjectId: { type: String, required: true },
    channel: { type: String, default: null },
    queue: { type: String, required: true },
    agentId: { type: String, required: true },
    agentName: { type: String, required: true },
    at: { type: Date, required: true },
    /** When the contact or case first started waiting: an offer that lapses keeps it (its original age). */
    waitingSince: { type: Date, required: true },
    /** Offers: pending (null), accepted, declined, expired, taken_back (the agent went offline), gone (ended elsewhere). Cases: assigned. */
    outcome: {
      type: String,
      enum: ['accepted', 'declined', 'expired', 'taken_back', 'gone', 'assigned', null],
      default: null,
    },
    outcomeAt: { type: Date, default: null },
    /** routing.next: the agent's idempotency key, so a retry answers with the same case. */
    key: { type: String, default: null },
  },
  { collection: 'routing_decisions', versionKey: false },
);
routingDecisionSchema.index({ kind: 1, outcome: 1, at: 1 });
routingDecisionSchema.index({ subjectId: 1, at: 1 });
routingDecisionSchema.index({ agentId: 1, at: -1 });
routingDecisionSchema.index({ key: 1 }, { unique: true, partialFilterExpression: { key: { $type: 'string' } } });

export type RoutingOutcome = 'accepted' | 'declined' | 'expired' | 'taken_back' | 'gone' | 'assigned';

export type RoutingDecisionRecord = {
  _id: mongoose.Types.ObjectId;
  kind: 'offer' | 'case';
  subjectId: string;
  channel: string | null;
  queue: string;
  agentId: string;
  agentName: string;
  at: Date;
  waitingSince: Date;
  outcome: RoutingOutcome | null;
  outcomeAt: Date | null;
  key: string | null;
};

export const RoutingDecisionModel = mongoose.model('RoutingDecision', routingDecisionSchema);
