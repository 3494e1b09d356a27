import { z } from 'zod';
import { roleSchema } from './roles';

export const loginInputSchema = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(200),
});
export type LoginInput = z.infer<typeof loginInputSchema>;

export const sessionUserSchema = z.object({
  id: z.string(),
  username: z.string(),
  name: z.string(),
  role: roleSchema,
  /** Queues this user works by default. */
  queues: z.array(z.string()),
});
export type SessionUser = z.infer<typeof sessionUserSchema>;

export const SESSION_COOKIE = 'td_session';
