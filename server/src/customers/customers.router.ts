import {
  createCustomerInputSchema,
  customerSearchInputSchema,
  revealInputSchema,
  verifyIdentityInputSchema,
} from '../../../shared/customers';
import { caseWorkerRoles, revealRoles } from '../../../shared/roles';
import { authedProcedure, roleProcedure, router } from '../trpc/init';
import { customerByIdInputSchema } from './customers.dto';
import {
  createCustomer,
  getCustomerOverview,
  revealCustomerField,
  searchCustomers,
  verifyCustomerIdentity,
} from './customers.service';

/**
 * | procedure      | who                                                          |
 * | -------------- | ------------------------------------------------------------ |
 * | search         | every signed-in role (results masked; rate limited; by phone |
 * |                | or ID number: audited)                                       |
 * | get            | every signed-in role (QA replays cases with their customer)  |
 * | reveal         | complaint_handler, supervisor, admin (audited)               |
 * | verifyIdentity | agent, complaint_handler, supervisor, admin (audited; limited |
 * |                | per user and customer)                                       |
 * | create         | agent, complaint_handler, supervisor, admin (audited; counted |
 * |                | as a search by ID number: a duplicate names its holder)      |
 */
export const customersRouter = router({
  search: authedProcedure
    .input(customerSearchInputSchema.strict())
    .query(({ ctx, input }) => searchCustomers({ actor: ctx.user, ip: ctx.ip, now: ctx.deps.now() }, input)),
  get: authedProcedure
    .input(customerByIdInputSchema)
    .query(({ ctx, input }) => getCustomerOverview(ctx.deps, ctx.user, input.id)),
  reveal: roleProcedure(...revealRoles)
    .input(revealInputSchema.strict())
    .mutation(({ ctx, input }) => revealCustomerField({ actor: ctx.user, ip: ctx.ip, now: ctx.deps.now() }, input)),
  verifyIdentity: roleProcedure(...caseWorkerRoles)
    .input(verifyIdentityInputSchema.strict())
    .mutation(({ ctx, input }) => verifyCustomerIdentity({ actor: ctx.user, ip: ctx.ip, now: ctx.deps.now() }, input)),
  create: roleProcedure(...caseWorkerRoles)
    .input(createCustomerInputSchema)
    .mutation(({ ctx, input }) => createCustomer({ actor: ctx.user, ip: ctx.ip, now: ctx.deps.now() }, input)),
});
