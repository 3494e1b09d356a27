/**
 * The roles and who may do what, free of zod so the console's first load can use them
 * (./roles adds the schema and re-exports these).
 */
export const roles = ['agent', 'complaint_handler', 'supervisor', 'qa', 'admin'] as const;
export type Role = (typeof roles)[number];

/** Roles that may see unmasked ID and phone numbers when they ask explicitly (each reveal is audited). */
export const revealRoles: readonly Role[] = ['complaint_handler', 'supervisor', 'admin'];
/** Roles that work cases (send events). QA only reads. */
export const caseWorkerRoles: readonly Role[] = ['agent', 'complaint_handler', 'supervisor', 'admin'];
export const allRoles: readonly Role[] = roles;
