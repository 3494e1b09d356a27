/**
 * Skills and capacity per user: what the router may offer them and how much at once. Edited by
 * admins (/admin/skills), stored in the `skills` collection (one document per user).
 */
import { z } from 'zod';
import { queueNameSchema } from './cases';
import { conversationChannels } from './conversations';

export const skillLanguages = ['zh', 'en'] as const;
export type SkillLanguage = (typeof skillLanguages)[number];

/** Queue priority: 1 is the queue the agent serves first. */
export const queueSkillSchema = z.object({ queue: queueNameSchema, priority: z.number().int().min(1).max(9) }).strict();

export const capacitySchema = z
  .object({
    /** A call (or callback) takes the whole agent: 0 means no calls, 1 means calls. */
    calls: z.number().int().min(0).max(1),
    chats: z.number().int().min(0).max(10),
    /** Open back-office cases at once (routing.next stops offering more). */
    cases: z.number().int().min(0).max(200),
  })
  .strict();
export type Capacity = z.infer<typeof capacitySchema>;

export const skillsSchema = z
  .object({
    queues: z
      .array(queueSkillSchema)
      .max(20)
      .refine((qs) => new Set(qs.map((q) => q.queue)).size === qs.length, 'each queue once'),
    channels: z.array(z.enum(conversationChannels)).max(3),
    languages: z.array(z.enum(skillLanguages)).min(1).max(2),
    vip: z.boolean(),
    capacity: capacitySchema,
  })
  .strict();
export type Skills = z.infer<typeof skillsSchema>;

export const defaultCapacity: Capacity = { calls: 1, chats: 3, cases: 10 };

export const setSkillsInputSchema = z
  .object({ userId: z.string().regex(/^[0-9a-f]{24}$/), skills: skillsSchema })
  .strict();
export type SetSkillsInput = z.infer<typeof setSkillsInputSchema>;

export type UserSkills = { userId: string; name: string; role: string; skills: Skills; updatedAt: string | null };
