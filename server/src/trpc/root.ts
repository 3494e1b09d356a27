import { router, createCallerFactory, mergeRouters } from './init';
import { authRouter } from '../auth/auth.router';
import { usersRouter } from '../users/users.router';
import { customersRouter } from '../customers/customers.router';
import { departuresRouter } from '../departures/departures.router';
import { bookingsRouter } from '../bookings/bookings.router';
import { casesRouter } from '../cases/cases.router';
import { queueRouter } from '../queue/queue.router';
import { quoteRouter } from '../quote/quote.router';
import { fareRulesRouter } from '../fare-rules/fare-rules.router';
import { presenceRouter } from '../routing/presence.router';
import { skillsRouter } from '../routing/skills.router';
import { macrosRouter } from '../macros/macros.router';
import { chatRouter } from '../conversations/chat/chat.router';
import { routingRouter } from '../routing/routing.router';
import { conversationsRouter } from '../conversations/conversations.router';
import { telephonyRouter } from '../telephony/telephony.router';
import { boardRouter } from '../supervisor/board.router';
import { supervisorRouter } from '../supervisor/supervisor.router';
import { qaRouter } from '../qa/qa.router';
import { reportsRouter } from '../reports/reports.router';
import { reconciliationRouter } from '../reports/reconciliation.router';

/** The root router only composes. */
export const appRouter = router({
  auth: authRouter,
  users: usersRouter,
  customers: customersRouter,
  departures: departuresRouter,
  bookings: bookingsRouter,
  cases: casesRouter,
  queue: queueRouter,
  quote: quoteRouter,
  fareRules: fareRulesRouter,
  presence: mergeRouters(presenceRouter, boardRouter),
  skills: skillsRouter,
  supervisor: supervisorRouter,
  macros: macrosRouter,
  chat: chatRouter,
  routing: routingRouter,
  conversations: conversationsRouter,
  telephony: telephonyRouter,
  qa: qaRouter,
  reports: reportsRouter,
  reconciliation: reconciliationRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
