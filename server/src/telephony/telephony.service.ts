/**
 * What a verified CTI event does to the call's conversation. Events can come late, twice or out of
 * order, and for calls we never heard of: each is applied when the conversation's state takes it
 * and otherwise recorded as ignored, never an error to the phone system.
 */
import type { TelephonyEvent } from '../../../shared/conversations';
import { DomainError } from '../../../shared/errors';
import type { AppDeps } from '../deps';
import { ConversationModel, type ConversationRecord } from '../db/models/conversation';
import { requestCallback } from '../conversations/callbacks';
import {
  agentByExtension,
  matchCaller,
  sendSystemConversationEvent,
  startConversation,
} from '../conversations/contacts';

export type TelephonyOutcome = {
  outcome: 'applied' | 'ignored';
  conversationId: string | null;
  reason?: string;
};

/** The queue a call waits in until the router or the extension takes it. */
const CALL_QUEUE = 'sales';
/** A callback asked for on the phone is promised within this many minutes. */
const CALLBACK_WINDOW_MINUTES = 120;

const PHONE_SYSTEM = { id: 'telephony', name: 'Phone system', role: 'system' } as const;

export async function handleTelephonyEvent(
  deps: AppDeps,
  event: TelephonyEvent,
  webhookId: string,
): Promise<TelephonyOutcome> {
  const key = `webhook:${webhookId}`;
  let conversation = await ConversationModel.findOne(
    { channel: 'call', externalId: event.callId },
    { _id: 1, status: 1, agentId: 1 },
  ).lean<Pick<ConversationRecord, '_id' | 'status' | 'agentId'>>();
  const agent = event.agentExtension ? await agentByExtension(event.agentExtension) : null;

  const open = async () => {
    const caller = await matchCaller(event.from);
    const { record } = await startConversation(deps, {
      channel: 'call',
      queue: CALL_QUEUE,
      customerId: caller.customerId,
      phone: caller.phone,
      externalId: event.callId,
      createKey: `call:${event.callId}`,
      actor: PHONE_SYSTEM,
    });
    return record;
  };
  const apply = async (type: string, extra: Record<string, unknown> = {}): Promise<TelephonyOutcome> => {
    if (!conversation) return { outcome: 'ignored', conversationId: null, reason: `unknown call ${event.callId}` };
    const conversationId = conversation._id.toHexString();
    try {
      await sendSystemConversationEvent(deps, conversationId, { type, ...extra }, `${key}:${type}`, PHONE_SYSTEM);
      return { outcome: 'applied', conversationId };
    } catch (error) {
      if (error instanceof DomainError && error.code === 'EVENT_NOT_ALLOWED')
        return { outcome: 'ignored', conversationId, reason: error.message };
      throw error;
    }
  };

  switch (event.type) {
    case 'call.ringing': {
      if (!conversation) conversation = await open();
      if (!agent) return { outcome: 'applied', conversationId: conversation._id.toHexString() };
      return apply('OFFER', { agent });
    }
    case 'call.answered': {
      // Answered before we heard it ring (events out of order): the call starts here.
      if (!conversation) conversation = await open();
      return apply('ANSWER', agent ? { agent } : {});
    }
    case 'call.held':
      return apply('HOLD');
    case 'call.resumed':
      return apply('RESUME');
    case 'call.transferred':
      if (!agent)
        return {
          outcome: 'ignored',
          conversationId: conversation?._id.toHexString() ?? null,
          reason: 'no extension to transfer to',
        };
      return apply('TRANSFER', { agent });
    case 'call.ended':
      // Hung up before anyone answered: the caller abandoned the call.
      return apply(
        conversation && (conversation.status === 'queued' || conversation.status === 'offered') ? 'ABANDON' : 'END',
      );
    case 'call.missed':
      return apply('MISS');
    case 'callback.requested': {
      const at = new Date(event.at);
      const from = at.getTime() > deps.now().getTime() ? at : deps.now();
      await requestCallback(deps, {
        customerId: null,
        phone: event.from,
        window: {
          from: from.toISOString(),
          to: new Date(from.getTime() + CALLBACK_WINDOW_MINUTES * 60_000).toISOString(),
        },
        source: 'telephony',
        ...(conversation ? { conversationId: conversation._id.toHexString() } : {}),
        idempotencyKey: key,
        actor: PHONE_SYSTEM,
      });
      return { outcome: 'applied', conversationId: conversation?._id.toHexString() ?? null };
    }
    default: {
      const unreachable: never = event.type;
      return { outcome: 'ignored', conversationId: null, reason: `unknown event ${String(unreachable)}` };
    }
  }
}
