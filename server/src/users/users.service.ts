import { z } from 'zod';
import { roleSchema, type Role } from '../../../shared/roles';
import type { QueueName } from '../../../shared/cases';
import { UserModel } from '../db/models/user';
import { clientFilter } from '../db/sanitize';

export const userListInputSchema = z.object({ role: roleSchema.optional() }).strict().prefault({});
export type UserListInput = z.output<typeof userListInputSchema>;

/** A colleague as the assign and transfer pickers show them. */
export type UserSummary = { id: string; name: string; role: Role; queues: QueueName[] };

/** Active users, by name; deactivated users keep their history but are not offered as assignees. */
export async function listUsers(input: UserListInput): Promise<UserSummary[]> {
  const filter = input.role ? { active: true, role: input.role } : { active: true };
  const users = await UserModel.find(filter, { name: 1, role: 1, queues: 1 }, clientFilter).sort({ name: 1 }).limit(1000).lean();
  return users.map((u) => ({ id: u._id.toHexString(), name: u.name, role: u.role, queues: [...u.queues] }));
}
