/**
 * A supervisor sets an agent's status (through the presence service, so the change is recorded and
 * pushed like the agent's own), never while the agent is on a call: that would hide a live caller.
 */
import mongoose from 'mongoose';
import type { SessionUser } from '../../../shared/auth';
import { DomainError } from '../../../shared/errors';
import type { PresenceView } from '../../../shared/presence';
import { setAgentStatusInputSchema, type SetAgentStatusInput } from '../../../shared/wallboard';
import type { AppDeps } from '../deps';
import { UserModel } from '../db/models/user';
import { choosePresence, ensurePresence } from '../routing/presence.service';

export async function setAgentStatus(
  deps: AppDeps,
  actor: SessionUser,
  rawInput: SetAgentStatusInput,
): Promise<PresenceView> {
  const input = setAgentStatusInputSchema.parse(rawInput);
  if ((input.status === 'break') !== (input.reason !== undefined))
    throw new DomainError('INVALID_INPUT', 'A break needs a reason, and only a break has one.');
  if (input.reason === 'missed_offer')
    throw new DomainError('INVALID_INPUT', 'The "missed offer" break is set by the router, not chosen.');
  const agent = await UserModel.findById(input.agentId, { name: 1, role: 1, active: 1 }).lean();
  if (!agent || !agent.active || (agent.role !== 'agent' && agent.role !== 'complaint_handler'))
    throw new DomainError('NOT_FOUND', 'No active agent with this id.', { agentId: input.agentId });
  const user = { id: input.agentId, name: agent.name, role: agent.role as SessionUser['role'] };
  const presence = await ensurePresence(deps, user);
  const onCall = await mongoose.connection.collection('conversations').countDocuments({
    agentId: input.agentId,
    channel: { $in: ['call', 'callback'] },
    status: { $in: ['offered', 'active'] },
  });
  if (onCall > 0 || presence.holds.some((hold) => hold.channel === 'call' || hold.channel === 'callback'))
    throw new DomainError('CONFLICT', `${agent.name} is on a call; set their status when the call has ended.`);
  deps.logger.info({ by: actor.id, agentId: input.agentId, status: input.status }, 'supervisor set an agent status');
  const view = await choosePresence(deps, user, { status: input.status, reason: input.reason ?? null });
  deps.wallboard?.changed();
  return view;
}
