/**
 * Conversations: calls, chats and callback attempts as the console, the webhook, web chat and the
 * router use them. Every change goes through ./engine.ts.
 */
import { Types } from 'mongoose';
import { z } from 'zod';
import type { SessionUser } from '../../../shared/auth';
import { caseKindSchema, objectIdSchema, type Channel } from '../../../shared/cases';
import {
  callbackOutcomes,
  type ConversationChannel,
  type ConversationView,
  type ScreenPop,
} from '../../../shared/conversations';
import { DomainError } from '../../../shared/errors';
import { conversationEventRoles, dispositions } from '../../../workflows/machines/conversation';
import type { AppDeps } from '../deps';
import { ConversationModel, type ConversationRecord } from '../db/models/conversation';
import { CustomerModel } from '../db/models/customer';
import { CaseModel } from '../db/models/case';
import { BookingModel } from '../db/models/booking';
import { DepartureModel } from '../db/models/departure';
import { UserModel } from '../db/models/user';
import { actorOf, createCase } from '../cases/cases.service';
import { applyConversationEvent, loadConversation } from './engine';
import { recordCallbackOutcome } from './callbacks';
import { toConversationView, toConversationViews } from './projection';

const idempotencyKey = z.string().min(8).max(100);

/** What an agent sends from the console (the router, the webhook and web chat send theirs as the system). */
export const conversationCommandSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ACCEPT') }),
  z.strictObject({ type: z.literal('DECLINE') }),
  z.strictObject({ type: z.literal('ANSWER') }),
  z.strictObject({ type: z.literal('HOLD') }),
  z.strictObject({ type: z.literal('RESUME') }),
  z.strictObject({ type: z.literal('END') }),
  z.strictObject({ type: z.literal('WRAP_UP_DONE'), disposition: z.enum(dispositions) }),
  z.strictObject({
    type: z.literal('TRANSFER'),
    agentId: objectIdSchema.optional(),
    queue: z.string().max(30).optional(),
  }),
  z.strictObject({ type: z.literal('CALLBACK_OUTCOME'), outcome: z.enum(callbackOutcomes) }),
]);

export const sendConversationInputSchema = z.strictObject({
  conversationId: objectIdSchema,
  expectedVersion: z.number().int().positive(),
  idempotencyKey,
  event: conversationCommandSchema,
});
export type SendConversationInput = z.infer<typeof sendConversationInputSchema>;

export const linkCaseInputSchema = z.strictObject({
  conversationId: objectIdSchema,
  caseId: objectIdSchema,
  idempotencyKey,
});
export const openCaseInputSchema = z.strictObject({
  conversationId: objectIdSchema,
  kind: caseKindSchema,
  subject: z.string().trim().min(1).max(200),
  bookingId: objectIdSchema.nullable().default(null),
  idempotencyKey,
});

// ---------------------------------------------------------------------------------------------
// Console reads

export async function getConversation(deps: AppDeps, id: string): Promise<ConversationView> {
  return toConversationView(await loadConversation(id), deps.now());
}

const LIST_LIMIT = 100;

export async function conversationsOfCustomer(deps: AppDeps, customerId: string): Promise<ConversationView[]> {
  const records = await ConversationModel.find(
    { customerId },
    { snapshot: 0, history: 0, outbox: 0, idempotencyKeys: 0 },
  )
    .sort({ queuedAt: -1 })
    .limit(LIST_LIMIT)
    .lean<ConversationRecord[]>();
  return toConversationViews(records, deps.now());
}

export async function conversationsOfCase(deps: AppDeps, caseId: string): Promise<ConversationView[]> {
  const records = await ConversationModel.find(
    { caseIds: caseId },
    { snapshot: 0, history: 0, outbox: 0, idempotencyKeys: 0 },
  )
    .sort({ queuedAt: -1 })
    .limit(LIST_LIMIT)
    .lean<ConversationRecord[]>();
  return toConversationViews(records, deps.now());
}

/** The signed-in agent's live conversations (offered, active, wrap-up): the console's cards after a reload. */
export async function myConversations(deps: AppDeps, user: SessionUser): Promise<ConversationView[]> {
  const records = await ConversationModel.find(
    { agentId: user.id, status: { $in: ['offered', 'active', 'wrap_up'] } },
    { snapshot: 0, history: 0, outbox: 0, idempotencyKeys: 0 },
  )
    .sort({ queuedAt: 1 })
    .limit(20)
    .lean<ConversationRecord[]>();
  return toConversationViews(records, deps.now());
}

/** The incoming-call card: the conversation, the customer's open cases and next departures. */
export async function screenPop(deps: AppDeps, id: string): Promise<ScreenPop> {
  const record = await loadConversation(id);
  const conversation = await toConversationView(record, deps.now());
  if (!record.customerId || !Types.ObjectId.isValid(record.customerId))
    return { conversation, openCases: [], nextDepartures: [] };
  const customerId = new Types.ObjectId(record.customerId);
  const [cases, bookings] = await Promise.all([
    CaseModel.find({ customerId: record.customerId, status: 'open' }, { ref: 1, kind: 1, state: 1, subject: 1 })
      .sort({ updatedAt: -1 })
      .limit(5)
      .lean(),
    BookingModel.find({ customerId, status: { $nin: ['cancelled', 'refunded'] } }, { ref: 1, departureId: 1 })
      .sort({ purchasedAt: -1 })
      .limit(50)
      .lean(),
  ]);
  const departures = await DepartureModel.find(
    { _id: { $in: bookings.map((b) => b.departureId) }, departureAt: { $gte: deps.now() } },
    { code: 1, origin: 1, destination: 1, departureAt: 1 },
  )
    .sort({ departureAt: 1 })
    .limit(3)
    .lean();
  return {
    conversation,
    openCases: cases.map((c) => ({
      id: String(c._id),
      ref: String(c.ref),
      kind: String(c.kind),
      state: String(c.state),
      subject: String(c.subject),
    })),
    nextDepartures: departures.flatMap((d) => {
      const booking = bookings.find((b) => b.departureId.toHexString() === d._id.toHexString());
      return booking
        ? [
            {
              bookingId: booking._id.toHexString(),
              bookingRef: booking.ref,
              code: d.code,
              origin: d.origin,
              destination: d.destination,
              departureAt: d.departureAt.toISOString(),
            },
          ]
        : [];
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// Console changes

function assertRole(user: SessionUser, type: keyof typeof conversationEventRoles): void {
  if (!conversationEventRoles[type].includes(user.role))
    throw new DomainError('FORBIDDEN', `Your role cannot send ${type} to a conversation.`);
}

/** An agent's command: answer, hold, end, wrap up… checked against the role table and the machine. */
export async function sendConversationCommand(
  deps: AppDeps,
  user: SessionUser,
  input: SendConversationInput,
): Promise<ConversationView> {
  assertRole(user, input.event.type);
  let event: { type: string } & Record<string, unknown> = input.event;
  if (input.event.type === 'TRANSFER') {
    const { agentId, queue } = input.event;
    const target = agentId ? await UserModel.findOne({ _id: agentId, active: true }, { name: 1 }).lean() : null;
    if (agentId && !target) throw new DomainError('NOT_FOUND', `User ${agentId} does not exist.`);
    event = {
      type: 'TRANSFER',
      ...(target ? { agent: { id: target._id.toHexString(), name: target.name } } : {}),
      ...(queue ? { queue } : {}),
    };
  }
  const { record } = await applyConversationEvent(deps, {
    conversationId: input.conversationId,
    expectedVersion: input.expectedVersion,
    key: input.idempotencyKey,
    actor: actorOf(user),
    event,
  });
  if (input.event.type === 'CALLBACK_OUTCOME' && record.callbackId)
    await recordCallbackOutcome(deps, record.callbackId, input.conversationId, input.event.outcome, actorOf(user));
  return toConversationView(record, deps.now());
}

/** Links a case to a conversation: the case page finds its calls and chats through `caseIds`. */
export async function linkCase(
  deps: AppDeps,
  user: SessionUser,
  input: z.infer<typeof linkCaseInputSchema>,
): Promise<ConversationView> {
  assertRole(user, 'LINK_CASE');
  const exists = await CaseModel.exists({ _id: input.caseId });
  if (!exists) throw new DomainError('NOT_FOUND', `Case ${input.caseId} does not exist.`);
  const current = await loadConversation(input.conversationId);
  if (current.caseIds.includes(input.caseId)) return toConversationView(current, deps.now());
  const { record } = await applyConversationEvent(deps, {
    conversationId: input.conversationId,
    expectedVersion: 'current',
    key: input.idempotencyKey,
    actor: actorOf(user),
    event: { type: 'LINK_CASE', caseId: input.caseId },
  });
  return toConversationView(record, deps.now());
}

const caseChannelOf: Record<ConversationChannel, Channel> = { call: 'phone', callback: 'phone', chat: 'chat' };

/** Opens a case for the conversation's customer in one click, linked both ways. */
export async function openCaseFromConversation(
  deps: AppDeps,
  user: SessionUser,
  input: z.infer<typeof openCaseInputSchema>,
): Promise<{ conversation: ConversationView; caseId: string }> {
  const conversation = await loadConversation(input.conversationId);
  const created = await createCase(deps, user, {
    kind: input.kind,
    channel: caseChannelOf[conversation.channel],
    customerId: conversation.customerId,
    bookingId: input.bookingId,
    subject: input.subject,
    idempotencyKey: input.idempotencyKey,
  });
  const linked = await linkCase(deps, user, {
    conversationId: input.conversationId,
    caseId: created.id,
    idempotencyKey: `${input.idempotencyKey}:link`,
  });
  return { conversation: linked, caseId: created.id };
}

/** Links the customer created from an unknown caller's card. */
export async function linkCustomer(
  deps: AppDeps,
  user: SessionUser,
  input: { conversationId: string; customerId: string; idempotencyKey: string },
): Promise<ConversationView> {
  assertRole(user, 'LINK_CUSTOMER');
  if (!(await CustomerModel.exists({ _id: input.customerId })))
    throw new DomainError('NOT_FOUND', `Customer ${input.customerId} does not exist.`);
  const { record } = await applyConversationEvent(deps, {
    conversationId: input.conversationId,
    expectedVersion: 'current',
    key: input.idempotencyKey,
    actor: actorOf(user),
    event: { type: 'LINK_CUSTOMER', customerId: input.customerId },
  });
  return toConversationView(record, deps.now());
}
