import { z } from 'zod';

export const roles = ['agent', 'complaint_handler', 'supervisor', 'qa', 'admin'] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

/** Roles that may see unmasked ID and phone numbers when they ask explicitly (each reveal is audited). */
export const revealRoles: readonly Role[] = ['complaint_handler', 'supervisor', 'admin'];
/** Roles that work cases (send events). QA only reads. */
export const caseWorkerRoles: readonly Role[] = ['agent', 'complaint_handler', 'supervisor', 'admin'];
export const allRoles: readonly Role[] = roles;
