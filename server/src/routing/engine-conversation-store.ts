/**
 * The router's conversation store on the conversation engine: offers and take-backs are OFFER and
 * QUEUE events sent by the router through the engine (version-guarded, recorded in the
 * conversation's event list, pushed); the offer's expiry is the engine's durable 'offer' timer,
 * fired by the conversation timer job as OFFER_EXPIRED.
 */
import { Types } from 'mongoose';
import { DomainError } from '../../../shared/errors';
import type { Actor } from '../../../workflows/machines/contract';
import type { AppDeps } from '../deps';
import { ConversationModel } from '../db/models/conversation';
import { CustomerModel } from '../db/models/customer';
import { applyConversationEvent } from '../conversations/engine';
import type { ConversationStore, StoredContact } from './conversation-store';

export const ROUTER_ACTOR: Actor = { id: 'router', name: 'Router', role: 'system' };

const FIELDS = {
  channel: 1,
  queue: 1,
  status: 1,
  version: 1,
  queuedAt: 1,
  agentId: 1,
  offeredAt: 1,
  customerId: 1,
  'snapshot.context.declines': 1,
} as const;

type Row = {
  _id: Types.ObjectId;
  channel: StoredContact['channel'];
  queue: string;
  status: StoredContact['status'];
  version: number;
  queuedAt: Date;
  agentId: string | null;
  offeredAt: Date | null;
  customerId: string | null;
  snapshot?: { context?: { declines?: { agentId: string; at: string; reason: 'declined' | 'expired' }[] } };
};

async function toContacts(rows: Row[]): Promise<StoredContact[]> {
  const customerIds = [
    ...new Set(rows.map((r) => r.customerId).filter((id): id is string => !!id && Types.ObjectId.isValid(id))),
  ];
  const vips =
    customerIds.length === 0
      ? new Set<string>()
      : new Set(
          (
            await CustomerModel.find(
              { _id: { $in: customerIds }, vipTier: { $in: ['gold', 'platinum'] } },
              { _id: 1 },
            ).lean()
          ).map((c) => c._id.toHexString()),
        );
  return rows.map((r) => ({
    id: r._id.toHexString(),
    channel: r.channel,
    queue: r.queue,
    status: r.status,
    version: r.version,
    queuedAt: r.queuedAt,
    agentId: r.agentId,
    offeredAt: r.offeredAt,
    vip: r.customerId ? vips.has(r.customerId) : false,
    language: null,
    declines: (r.snapshot?.context?.declines ?? []).map((d) => ({
      agentId: d.agentId,
      at: new Date(d.at),
      reason: d.reason,
    })),
  }));
}

/** A lost race (someone changed the conversation first, or it left the state): false, nothing written. */
async function guarded(send: () => Promise<unknown>): Promise<boolean> {
  try {
    await send();
    return true;
  } catch (error) {
    if (error instanceof DomainError && (error.code === 'CONFLICT' || error.code === 'EVENT_NOT_ALLOWED')) return false;
    throw error;
  }
}

export function engineConversationStore(deps: AppDeps): ConversationStore {
  const find = async (filter: Record<string, unknown>, sort?: Record<string, 1 | -1>, limit = 5000) =>
    toContacts(
      await ConversationModel.find(filter, FIELDS)
        .sort(sort ?? { _id: 1 })
        .limit(limit)
        .lean<Row[]>(),
    );
  return {
    waiting: (limit) => find({ status: 'queued' }, { queuedAt: 1 }, limit),
    byIds: (ids) => find({ _id: { $in: ids.filter((id) => Types.ObjectId.isValid(id)) } }),
    liveWith: (agentIds) => find({ agentId: { $in: agentIds }, status: { $in: ['offered', 'active', 'wrap_up'] } }),
    offer: (contact, agent) =>
      guarded(() =>
        applyConversationEvent(deps, {
          conversationId: contact.id,
          expectedVersion: contact.version,
          key: `router:offer:${contact.id}:${contact.version}`,
          actor: ROUTER_ACTOR,
          event: { type: 'OFFER', agent: { id: agent.id, name: agent.name } },
        }),
      ),
    takeBack: (contact) =>
      guarded(() =>
        applyConversationEvent(deps, {
          conversationId: contact.id,
          expectedVersion: contact.version,
          key: `router:take-back:${contact.id}:${contact.version}`,
          actor: ROUTER_ACTOR,
          event: { type: 'QUEUE' },
        }),
      ),
    // The engine's own timer job fires OFFER_EXPIRED from the durable 'offer' timer.
    expireDue: async () => 0,
  };
}
