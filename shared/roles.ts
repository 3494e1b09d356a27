import { z } from 'zod';

import { roles } from './role-vocabulary';

export { allRoles, caseWorkerRoles, revealRoles, roles, type Role } from './role-vocabulary';
export const roleSchema = z.enum(roles);
