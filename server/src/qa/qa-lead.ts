import { Types } from 'mongoose';
import type { SessionUser } from '../../../shared/auth';
import { DomainError } from '../../../shared/errors';
import { UserModel } from '../db/models/user';

/** Admins, and QA reviewers with the lead flag (read fresh: a flag taken away counts at once). */
export async function isQaLead(user: Pick<SessionUser, 'id' | 'role'>): Promise<boolean> {
  if (user.role === 'admin') return true;
  if (user.role !== 'qa' || !Types.ObjectId.isValid(user.id)) return false;
  const doc = await UserModel.findById(user.id, { qaLead: 1, active: 1 }).lean();
  return Boolean(doc?.active && doc.qaLead);
}

export async function assertQaLead(user: Pick<SessionUser, 'id' | 'role'>, what: string): Promise<void> {
  if (!(await isQaLead(user))) throw new DomainError('FORBIDDEN', `Only QA leads and admins may ${what}.`);
}
