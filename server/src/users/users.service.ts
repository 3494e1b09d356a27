import { Types } from 'mongoose';
import { z } from 'zod';
import type { SessionUser } from '../../../shared/auth';
import { DomainError } from '../../../shared/errors';
import { roleSchema, type Role } from '../../../shared/roles';
import { objectIdSchema, type QueueName } from '../../../shared/cases';
import type { AppDeps } from '../deps';
import { recordAudit } from '../audit/audit.service';
import { SessionModel } from '../db/models/session';
import { UserModel } from '../db/models/user';
import { clientFilter } from '../db/sanitize';

export const userListInputSchema = z.object({ role: roleSchema.optional() }).strict().prefault({});
export type UserListInput = z.output<typeof userListInputSchema>;

/** A colleague as the assign and transfer pickers show them. */
export type UserSummary = { id: string; name: string; role: Role; queues: QueueName[] };

/** Active users, by name; deactivated users keep their history but are not offered as assignees. */
export async function listUsers(input: UserListInput): Promise<UserSummary[]> {
  const filter = input.role ? { active: true, role: input.role } : { active: true };
  const users = await UserModel.find(filter, { name: 1, role: 1, queues: 1 }, clientFilter)
    .sort({ name: 1 })
    .limit(1000)
    .lean();
  return users.map((u) => ({ id: u._id.toHexString(), name: u.name, role: u.role, queues: [...u.queues] }));
}

export const setUserActiveInputSchema = z.object({ userId: objectIdSchema, active: z.boolean() }).strict();
export type SetUserActiveInput = z.output<typeof setUserActiveInputSchema>;
export const setUserRoleInputSchema = z.object({ userId: objectIdSchema, role: roleSchema }).strict();
export type SetUserRoleInput = z.output<typeof setUserRoleInputSchema>;

type AdminRequest = { actor: SessionUser; ip: string };
type UserChange = { id: string; active: boolean; role: Role; sessionsEnded: number };

/** Deactivates or reactivates a user. Deactivating ends every session they have, and its sockets in every process. */
export async function setUserActive(
  deps: Pick<AppDeps, 'now' | 'liveSessions'>,
  request: AdminRequest,
  input: SetUserActiveInput,
): Promise<UserChange> {
  if (input.userId === request.actor.id && !input.active) {
    throw new DomainError('POLICY_REFUSED', 'You cannot deactivate your own account; ask another admin.');
  }
  const user = await UserModel.findByIdAndUpdate(
    input.userId,
    { $set: { active: input.active } },
    { returnDocument: 'after' },
  ).lean();
  if (!user) throw new DomainError('NOT_FOUND', `No user with id ${input.userId}.`);
  const sessionsEnded = input.active ? 0 : await endUserSessions(deps, user._id);
  await recordAudit({
    actor: request.actor,
    action: 'user.active_changed',
    target: `user:${input.userId}`,
    details: { username: user.username, active: input.active, sessionsEnded },
    at: deps.now(),
    ip: request.ip,
  });
  return { id: input.userId, active: user.active, role: user.role, sessionsEnded };
}

/** Changes a user's role. Their sessions end (and their sockets in every process): they sign in again under the new role. */
export async function setUserRole(
  deps: Pick<AppDeps, 'now' | 'liveSessions'>,
  request: AdminRequest,
  input: SetUserRoleInput,
): Promise<UserChange> {
  if (input.userId === request.actor.id && input.role !== 'admin') {
    throw new DomainError('POLICY_REFUSED', 'You cannot take the admin role from yourself; ask another admin.');
  }
  const before = await UserModel.findByIdAndUpdate(
    input.userId,
    { $set: { role: input.role } },
    { returnDocument: 'before' },
  ).lean();
  if (!before) throw new DomainError('NOT_FOUND', `No user with id ${input.userId}.`);
  const sessionsEnded = before.role === input.role ? 0 : await endUserSessions(deps, before._id);
  await recordAudit({
    actor: request.actor,
    action: 'user.role_changed',
    target: `user:${input.userId}`,
    details: { username: before.username, from: before.role, to: input.role, sessionsEnded },
    at: deps.now(),
    ip: request.ip,
  });
  return { id: input.userId, active: before.active, role: input.role, sessionsEnded };
}

/** Deletes the user's sessions, then closes the sockets opened with each of them (in every process, through the Redis adapter). */
async function endUserSessions(deps: Pick<AppDeps, 'liveSessions'>, userId: Types.ObjectId): Promise<number> {
  const sessions = await SessionModel.find({ userId }, { _id: 1 }).lean();
  if (sessions.length === 0) return 0;
  await SessionModel.deleteMany({ _id: { $in: sessions.map((s) => s._id) } });
  for (const session of sessions) deps.liveSessions.end(session._id.toHexString());
  return sessions.length;
}
