/**
 * Where a contact starts: the caller's number matched to a customer, an extension to an agent, a
 * conversation opened in its queue, and the system's events (webhook, router, web chat, jobs).
 */
import type { ConversationChannel } from '../../../shared/conversations';
import { normalizePhone } from '../../../shared/customers';
import type { Actor } from '../../../workflows/machines/contract';
import type { AppDeps } from '../deps';
import type { ConversationRecord } from '../db/models/conversation';
import { CustomerModel } from '../db/models/customer';
import { UserModel } from '../db/models/user';
import { applyConversationEvent, createConversation, publishCreated } from './engine';

export const SYSTEM_ACTOR: Actor = { id: 'system', name: 'System', role: 'system' };

/** The stored form of a caller's number and the customer it belongs to (the oldest, when several share it). */
export async function matchCaller(raw: string): Promise<{ phone: string; customerId: string | null }> {
  const phone = normalizePhone(raw).replace(/\D/g, '');
  if (phone.length < 5) return { phone, customerId: null };
  const customer = await CustomerModel.findOne({ phone }, { _id: 1 }).sort({ _id: 1 }).lean();
  return { phone, customerId: customer?._id.toHexString() ?? null };
}

export async function agentByExtension(extension: string): Promise<{ id: string; name: string } | null> {
  const user = await UserModel.findOne({ extension, active: true }, { name: 1 }).lean();
  return user ? { id: user._id.toHexString(), name: user.name } : null;
}

export type StartConversationArgs = {
  channel: ConversationChannel;
  queue: string;
  customerId: string | null;
  phone: string | null;
  externalId: string | null;
  callbackId?: string | null;
  createKey: string;
  actor?: Actor;
};

/** Opens a conversation in the queue (idempotent by createKey). */
export async function startConversation(
  deps: AppDeps,
  args: StartConversationArgs,
): Promise<{ record: ConversationRecord; created: boolean }> {
  const result = await createConversation(deps, {
    input: {
      channel: args.channel,
      queue: args.queue,
      customerId: args.customerId,
      phone: args.phone,
      externalId: args.externalId,
      callbackId: args.callbackId ?? null,
    },
    createKey: args.createKey,
    actor: args.actor ?? SYSTEM_ACTOR,
  });
  if (result.created) await publishCreated(deps, result.record);
  return result;
}

/** A system event (router, webhook, web chat, timers): applied on the current version, retried on conflict. */
export function sendSystemConversationEvent(
  deps: AppDeps,
  conversationId: string,
  event: { type: string } & Record<string, unknown>,
  key: string,
  actor: Actor = SYSTEM_ACTOR,
) {
  return applyConversationEvent(deps, { conversationId, expectedVersion: 'current', key, actor, event });
}
