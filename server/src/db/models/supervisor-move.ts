import mongoose, { Schema } from 'mongoose';

/**
 * One document per bulk move (`supervisor.moveCases`), keyed by the supervisor and their
 * idempotency key: a retried request gets the first answer back and moves nothing again. Each case
 * also remembers the key (the engine's own replay check), so a move cut off halfway is finished,
 * not repeated, when it is sent again.
 */
const supervisorMoveSchema = new Schema(
  {
    _id: { type: String, required: true },
    /** What was asked (target and cases): the same key for another request is refused. */
    request: { type: String, required: true },
    result: { type: Schema.Types.Mixed, required: true },
    by: { id: String, name: String },
    at: { type: Date, required: true },
  },
  { collection: 'supervisor_moves', versionKey: false, minimize: false },
);
supervisorMoveSchema.index({ at: 1 }, { expireAfterSeconds: 7 * 24 * 3600 });

export const SupervisorMoveModel = mongoose.model('SupervisorMove', supervisorMoveSchema);
