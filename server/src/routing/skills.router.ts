import { setSkillsInputSchema } from '../../../shared/skills';
import { roleProcedure, router } from '../trpc/init';
import { listSkills, setSkills } from './skills.service';

/**
 * | procedure | who                                 |
 * | --------- | ----------------------------------- |
 * | list      | admin, supervisor (reads)           |
 * | set       | admin (audited)                     |
 */
export const skillsRouter = router({
  list: roleProcedure('admin', 'supervisor').query(({ ctx }) => listSkills(ctx.deps)),
  set: roleProcedure('admin')
    .input(setSkillsInputSchema)
    .mutation(({ ctx, input }) => setSkills(ctx.deps, { actor: ctx.user, ip: ctx.ip }, input)),
});
