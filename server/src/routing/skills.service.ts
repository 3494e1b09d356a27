/**
 * Skills and capacity per user (`skills` collection). A user without a document works with the
 * defaults: the queues on their user record, every channel, Chinese, no VIP handling, and the
 * configured capacity.
 */
import type { SessionUser } from '../../../shared/auth';
import { DomainError } from '../../../shared/errors';
import type { Role } from '../../../shared/roles';
import { skillsSchema, type SetSkillsInput, type Skills, type UserSkills } from '../../../shared/skills';
import type { AppDeps } from '../deps';
import { recordAudit } from '../audit/audit.service';
import { SkillsModel, type SkillsRecord } from '../db/models/skills';
import { UserModel } from '../db/models/user';

/** Roles the router and routing.next serve. */
export const routedRoles: readonly Role[] = ['agent', 'complaint_handler', 'supervisor'];

export function defaultSkills(config: AppDeps['config'], queues: readonly string[]): Skills {
  return skillsSchema.parse({
    queues: queues.map((queue, i) => ({ queue, priority: Math.min(9, i + 1) })),
    channels: ['call', 'chat', 'callback'],
    languages: ['zh'],
    vip: false,
    capacity: { calls: 1, chats: config.routing.defaultChats, cases: config.routing.defaultCases },
  });
}

function fromRecord(record: SkillsRecord): Skills {
  return {
    queues: record.queues.map((q) => ({ queue: q.queue, priority: q.priority })),
    channels: [...record.channels],
    languages: [...record.languages],
    vip: record.vip,
    capacity: { calls: record.capacity.calls, chats: record.capacity.chats, cases: record.capacity.cases },
  };
}

/** Skills of many users at once (the router reads every available agent's in one query). */
export async function skillsByUser(
  deps: Pick<AppDeps, 'config'>,
  users: { id: string; queues: readonly string[] }[],
): Promise<Map<string, Skills>> {
  const records = await SkillsModel.find({ userId: { $in: users.map((u) => u.id) } }).lean<SkillsRecord[]>();
  const byId = new Map(records.map((r) => [r.userId, fromRecord(r)]));
  return new Map(users.map((u) => [u.id, byId.get(u.id) ?? defaultSkills(deps.config, u.queues)]));
}

export async function skillsOf(
  deps: Pick<AppDeps, 'config'>,
  user: Pick<SessionUser, 'id' | 'queues'>,
): Promise<Skills> {
  return (
    (await skillsByUser(deps, [{ id: user.id, queues: user.queues }])).get(user.id) ??
    defaultSkills(deps.config, user.queues)
  );
}

/** Every active user the router serves, with their skills (the admin page). */
export async function listSkills(deps: Pick<AppDeps, 'config'>): Promise<UserSkills[]> {
  const users = await UserModel.find({ active: true, role: { $in: routedRoles } }, { name: 1, role: 1, queues: 1 })
    .sort({ name: 1 })
    .limit(1000)
    .lean();
  const records = await SkillsModel.find({ userId: { $in: users.map((u) => u._id.toHexString()) } }).lean<
    SkillsRecord[]
  >();
  const byId = new Map(records.map((r) => [r.userId, r]));
  return users.map((u) => {
    const id = u._id.toHexString();
    const record = byId.get(id);
    return {
      userId: id,
      name: u.name,
      role: u.role,
      skills: record ? fromRecord(record) : defaultSkills(deps.config, u.queues),
      updatedAt: record?.updatedAt ? record.updatedAt.toISOString() : null,
    };
  });
}

/** An admin sets a user's skills (audited). */
export async function setSkills(
  deps: Pick<AppDeps, 'config' | 'now'>,
  request: { actor: SessionUser; ip: string },
  input: SetSkillsInput,
): Promise<UserSkills> {
  const user = await UserModel.findById(input.userId, { name: 1, role: 1, active: 1 }).lean();
  if (!user || !user.active) throw new DomainError('NOT_FOUND', `No active user with id ${input.userId}.`);
  if (!routedRoles.includes(user.role)) {
    throw new DomainError('POLICY_REFUSED', `A ${user.role} is not routed work, so has no skills to set.`);
  }
  const at = deps.now();
  await SkillsModel.updateOne(
    { userId: input.userId },
    { $set: { ...input.skills, updatedAt: at, updatedBy: request.actor.id } },
    { upsert: true },
  );
  await recordAudit({
    actor: request.actor,
    action: 'skills.changed',
    target: `user:${input.userId}`,
    details: { skills: input.skills },
    at,
    ip: request.ip,
  });
  return { userId: input.userId, name: user.name, role: user.role, skills: input.skills, updatedAt: at.toISOString() };
}

/** Seeds skills for users who have none (the demo). */
export async function seedSkills(entries: { userId: string; skills: Skills }[]): Promise<void> {
  for (const entry of entries) {
    await SkillsModel.updateOne(
      { userId: entry.userId },
      { $setOnInsert: { userId: entry.userId, ...entry.skills, updatedAt: null, updatedBy: null } },
      { upsert: true },
    );
  }
}
