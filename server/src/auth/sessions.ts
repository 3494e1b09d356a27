/**
 * Sessions live in MongoDB. The cookie holds a random 32-byte token; the database holds only its
 * sha256, so reading the sessions collection does not let anyone sign in.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import type { SessionUser } from '../../../shared/auth';
import { SessionModel } from '../db/models/session';
import { UserModel, type User } from '../db/models/user';
import { clientFilter } from '../db/sanitize';

export type ResolvedSession = { sessionId: string; user: SessionUser; expiresAt: Date };

/** base64url of 32 bytes: 43 characters. Anything else is not one of ours and is not looked up. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function toSessionUser(
  user: Pick<User, 'username' | 'name' | 'role' | 'queues'> & { _id: Types.ObjectId },
): SessionUser {
  return {
    id: user._id.toHexString(),
    username: user.username,
    name: user.name,
    role: user.role,
    queues: [...user.queues],
  };
}

export async function createSession(args: {
  userId: Types.ObjectId;
  ip: string;
  now: Date;
  ttlHours: number;
}): Promise<{ token: string; sessionId: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(args.now.getTime() + args.ttlHours * 3_600_000);
  const session = await SessionModel.create({
    tokenHash: hashSessionToken(token),
    userId: args.userId,
    expiresAt,
    createdAt: args.now,
    ip: args.ip.slice(0, 100),
  });
  return { token, sessionId: session._id.toHexString(), expiresAt };
}

/** The signed-in user for a cookie token, or null when the token is unknown, expired or the user is deactivated. */
export async function resolveSession(token: string | undefined | null, now: Date): Promise<ResolvedSession | null> {
  if (typeof token !== 'string' || !TOKEN_PATTERN.test(token)) return null;
  const session = await SessionModel.findOne({ tokenHash: hashSessionToken(token) }, null, clientFilter).lean();
  // Expiry is checked here: a MongoDB without TTL expiry (or a late TTL monitor) keeps old sessions around.
  if (!session || session.expiresAt.getTime() <= now.getTime()) return null;
  const user = await UserModel.findById(session.userId).lean();
  if (!user || !user.active) return null;
  return { sessionId: session._id.toHexString(), user: toSessionUser(user), expiresAt: session.expiresAt };
}

export async function deleteSession(sessionId: string): Promise<void> {
  if (!Types.ObjectId.isValid(sessionId)) return;
  await SessionModel.deleteOne({ _id: new Types.ObjectId(sessionId) });
}
