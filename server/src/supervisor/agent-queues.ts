/**
 * The queues an agent works today: what a supervisor set for the day (Asia/Shanghai), else the
 * queues of their skills, else their user record's. Kept apart from the skills an admin edits, so
 * tomorrow the agent is back on their usual queues without anyone undoing anything. The day's
 * document records who set it and when.
 */
import mongoose, { Schema } from 'mongoose';
import { queueNames, type QueueName } from '../../../shared/cases';
import type { SessionUser } from '../../../shared/auth';
import { DomainError } from '../../../shared/errors';
import { setAgentQueuesInputSchema, type SetAgentQueuesInput } from '../../../shared/wallboard';
import { shanghaiDate } from '../../../workflows/time/shanghai';
import type { AppDeps } from '../deps';
import { UserModel } from '../db/models/user';

const agentDaySchema = new Schema(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    /** The Shanghai business day, YYYY-MM-DD. */
    date: { type: String, required: true },
    queues: { type: [{ type: String, enum: queueNames }], default: [] },
    by: { id: String, name: String },
    at: { type: Date, required: true },
  },
  { collection: 'agent_queue_days', versionKey: false },
);
export const AgentQueueDayModel = mongoose.model('AgentQueueDay', agentDaySchema);

type SkillsQueues = { queues?: { queue: QueueName }[] };

export async function agentQueuesToday(
  deps: Pick<AppDeps, 'now'>,
  userId: string,
  fallback: readonly QueueName[],
): Promise<readonly QueueName[]> {
  const day = await AgentQueueDayModel.findById(`${userId}:${shanghaiDate(deps.now())}`, { queues: 1 }).lean();
  if (day) return day.queues as QueueName[];
  const skills = await mongoose.connection
    .collection('skills')
    .findOne<SkillsQueues>({ userId }, { projection: { queues: 1 } });
  const fromSkills = skills?.queues?.map((q) => q.queue) ?? [];
  return fromSkills.length > 0 ? fromSkills : fallback;
}

/** All of today's overrides, by user id (the wallboard shows them). */
export async function queueDaysToday(deps: Pick<AppDeps, 'now'>): Promise<Map<string, QueueName[]>> {
  const days = await AgentQueueDayModel.find({ date: shanghaiDate(deps.now()) }, { userId: 1, queues: 1 }).lean();
  return new Map(days.map((d) => [d.userId, d.queues as QueueName[]]));
}

export async function setAgentQueues(
  deps: AppDeps,
  actor: SessionUser,
  rawInput: SetAgentQueuesInput,
): Promise<{ agentId: string; date: string; queues: QueueName[] }> {
  const input = setAgentQueuesInputSchema.parse(rawInput);
  const agent = await UserModel.findById(input.agentId, { name: 1, role: 1, active: 1 }).lean();
  if (!agent || !agent.active || (agent.role !== 'agent' && agent.role !== 'complaint_handler'))
    throw new DomainError('NOT_FOUND', 'No active agent with this id.', { agentId: input.agentId });
  const date = shanghaiDate(deps.now());
  const queues = [...new Set(input.queues)];
  await AgentQueueDayModel.updateOne(
    { _id: `${input.agentId}:${date}` },
    { $set: { userId: input.agentId, date, queues, by: { id: actor.id, name: actor.name }, at: deps.now() } },
    { upsert: true },
  );
  deps.wallboard?.changed();
  return { agentId: input.agentId, date, queues };
}
