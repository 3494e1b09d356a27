import {
  chatAgentSendSchema,
  chatByIdSchema,
  chatForCaseSchema,
  chatMarkReadSchema,
  chatMessagesInputSchema,
  chatOpenCaseSchema,
} from '../../../../shared/chat';
import { caseWorkerRoles } from '../../../../shared/roles';
import { authedProcedure, roleProcedure, router } from '../../trpc/init';
import {
  agentRead,
  chatMessages,
  chatsForCase,
  chatSummary,
  closeChatByAgent,
  myChats,
  openCaseFromChat,
  postAgentMessage,
  takeWaitingChat,
  waitingChats,
} from './chat.service';

const worker = roleProcedure(...caseWorkerRoles);

/**
 * The agents' side of web chat.
 * | procedure | who                                                                     |
 * | --------- | ----------------------------------------------------------------------- |
 * | waiting   | agent, complaint_handler, supervisor, admin (chats of the role's queues) |
 * | mine      | the same (the chats they have)                                          |
 * | get       | the same (a chat of their queues, or theirs)                            |
 * | messages  | the same                                                                |
 * | take      | the same (first come: another agent's take is CONFLICT)                 |
 * | send      | the agent who has the chat                                              |
 * | markRead  | the agent who has the chat                                              |
 * | close     | the agent who has the chat                                              |
 * | openCase  | the agent who has the chat (creates and links, or opens the linked case) |
 * | forCase   | every signed-in role (whoever may read the case)                        |
 */
export const chatRouter = router({
  waiting: worker.query(({ ctx }) => waitingChats(ctx.user)),
  mine: worker.query(({ ctx }) => myChats(ctx.user)),
  get: worker.input(chatByIdSchema).query(({ ctx, input }) => chatSummary(ctx.user, input.conversationId)),
  messages: worker.input(chatMessagesInputSchema).query(({ ctx, input }) => chatMessages(ctx.user, input)),
  take: worker
    .input(chatByIdSchema)
    .mutation(({ ctx, input }) => takeWaitingChat(ctx.deps, ctx.user, input.conversationId)),
  send: worker.input(chatAgentSendSchema).mutation(({ ctx, input }) => postAgentMessage(ctx.deps, ctx.user, input)),
  markRead: worker.input(chatMarkReadSchema).mutation(({ ctx, input }) => agentRead(ctx.deps, ctx.user, input)),
  close: worker
    .input(chatByIdSchema)
    .mutation(({ ctx, input }) => closeChatByAgent(ctx.deps, ctx.user, input.conversationId)),
  openCase: worker.input(chatOpenCaseSchema).mutation(({ ctx, input }) => openCaseFromChat(ctx.deps, ctx.user, input)),
  forCase: authedProcedure.input(chatForCaseSchema).query(({ input }) => chatsForCase(input.caseId)),
});
