/**
 * Demo data on first start. For now the demo users (one per role, a few agents); the seed engineer
 * extends this with customers, departures, bookings and cases.
 */
import type { Role } from '../shared/roles';
import { queuesByRole, type QueueName } from '../shared/cases';
import type { AppDeps } from '../server/src/deps';
import { UserModel } from '../server/src/db/models/user';
import { hashPassword } from '../server/src/auth/passwords';

export type SeedDeps = Pick<AppDeps, 'config' | 'logger' | 'now'>;

export const DEMO_PASSWORD = 'demo1234';

export type DemoUser = { username: string; name: string; role: Role; queues: readonly QueueName[] };

export const DEMO_USERS: readonly DemoUser[] = [
  { username: 'agent1', name: '王芳', role: 'agent', queues: ['sales', 'changes'] },
  { username: 'agent2', name: '李强', role: 'agent', queues: ['refunds', 'changes'] },
  { username: 'agent3', name: '陈静', role: 'agent', queues: ['sales'] },
  { username: 'handler1', name: '赵敏', role: 'complaint_handler', queues: queuesByRole.complaint_handler },
  { username: 'super1', name: '刘洋', role: 'supervisor', queues: queuesByRole.supervisor },
  { username: 'qa1', name: '孙丽', role: 'qa', queues: [] },
  { username: 'admin1', name: '周杰', role: 'admin', queues: [] },
];

/** Seeds when the database has no users yet (config.seed 'auto'); 'always' adds whatever demo users are missing. */
export async function seedIfEmpty(deps: SeedDeps): Promise<{ seeded: boolean }> {
  if (deps.config.seed === 'never') return { seeded: false };
  const existing = await UserModel.countDocuments();
  if (existing > 0 && deps.config.seed !== 'always') return { seeded: false };
  const created = await seedDemoUsers();
  deps.logger.info({ users: created }, 'seeded demo users');
  return { seeded: created > 0 };
}

async function seedDemoUsers(): Promise<number> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  let created = 0;
  for (const user of DEMO_USERS) {
    // Upsert by username: running the seed again never duplicates or overwrites a user.
    const result = await UserModel.updateOne(
      { username: user.username },
      { $setOnInsert: { username: user.username, name: user.name, role: user.role, queues: [...user.queues], passwordHash, active: true } },
      { upsert: true },
    );
    created += result.upsertedCount;
  }
  return created;
}
