/**
 * What the router needs from the conversations: the waiting ones, the live ones an agent holds,
 * and two guarded writes (offer; take back). Behind this small interface so the router does not
 * care how a conversation changes state.
 *
 * `rawConversationStore` works on the `conversations` collection directly (the shared field names
 * of shared/conversations.ts plus `version`, `offerDueAt` and `declines`), with its own offer
 * expiry. The conversation engine's store sends OFFER / QUEUE / OFFER_EXPIRED through the engine.
 */
import mongoose, { Types } from 'mongoose';
import type { ConversationChannel, ConversationStatus } from '../../../shared/conversations';
import { CustomerModel } from '../db/models/customer';

export type StoredContact = {
  id: string;
  channel: ConversationChannel;
  queue: string;
  status: ConversationStatus;
  version: number;
  /** When the contact started waiting: kept across offers (its original age). */
  queuedAt: Date;
  agentId: string | null;
  offeredAt: Date | null;
  vip: boolean;
  language: 'zh' | 'en' | null;
  /** Agents who declined it or let the offer lapse, newest last. */
  declines: { agentId: string; at: Date; reason: 'declined' | 'expired' }[];
};

export type ConversationStore = {
  /** Queued contacts, longest waiting first. */
  waiting(limit: number): Promise<StoredContact[]>;
  byIds(ids: string[]): Promise<StoredContact[]>;
  /** Contacts offered to, or worked by, these agents. */
  liveWith(agentIds: string[]): Promise<StoredContact[]>;
  /** queued → offered to the agent, only if the contact is still at `contact.version`. */
  offer(contact: StoredContact, agent: { id: string; name: string }, at: Date, dueAt: Date): Promise<boolean>;
  /** offered → queued again (the agent went offline), keeping its age; guarded on version. */
  takeBack(contact: StoredContact, at: Date): Promise<boolean>;
  /** Sends the expiry of every lapsed offer (when the store's own timer job does not). Returns how many. */
  expireDue(now: Date): Promise<number>;
};

const LIVE: ConversationStatus[] = ['offered', 'active', 'wrap_up'];

type RawConversation = {
  _id: Types.ObjectId;
  channel: ConversationChannel;
  queue: string;
  status: ConversationStatus;
  version: number;
  queuedAt: Date;
  agentId: string | null;
  offeredAt: Date | null;
  offerDueAt?: Date | null;
  customerId: string | null;
  language?: 'zh' | 'en' | null;
  declines?: { agentId: string; at: Date; reason: 'declined' | 'expired' }[];
};

const FIELDS = {
  channel: 1,
  queue: 1,
  status: 1,
  version: 1,
  queuedAt: 1,
  agentId: 1,
  offeredAt: 1,
  offerDueAt: 1,
  customerId: 1,
  language: 1,
  declines: 1,
} as const;

/** Gold and platinum customers are routed to agents with VIP handling. */
async function vipCustomers(customerIds: (string | null)[]): Promise<Set<string>> {
  const ids = [...new Set(customerIds.filter((id): id is string => !!id && Types.ObjectId.isValid(id)))];
  if (ids.length === 0) return new Set();
  const vips = await CustomerModel.find(
    { _id: { $in: ids }, vipTier: { $in: ['gold', 'platinum'] } },
    { _id: 1 },
  ).lean();
  return new Set(vips.map((c) => c._id.toHexString()));
}

export function rawConversationStore(): ConversationStore & {
  /** A new waiting contact (the telephony webhook and web chat do this through the conversation engine). */
  enqueue(input: {
    channel: ConversationChannel;
    queue: string;
    queuedAt: Date;
    customerId?: string | null;
    language?: 'zh' | 'en' | null;
  }): Promise<string>;
  /** The agent's own answer to an offer. */
  answer(id: string, agentId: string, answer: 'accept' | 'decline', at: Date): Promise<boolean>;
  /** The contact ends (accepted work done, or the caller hung up while waiting). */
  end(id: string, at: Date): Promise<boolean>;
} {
  const collection = () => mongoose.connection.collection<RawConversation>('conversations');
  const toContacts = async (docs: RawConversation[]): Promise<StoredContact[]> => {
    const vips = await vipCustomers(docs.map((d) => d.customerId));
    return docs.map((d) => ({
      id: d._id.toHexString(),
      channel: d.channel,
      queue: d.queue,
      status: d.status,
      version: d.version,
      queuedAt: d.queuedAt,
      agentId: d.agentId,
      offeredAt: d.offeredAt,
      vip: d.customerId ? vips.has(d.customerId) : false,
      language: d.language ?? null,
      declines: d.declines ?? [],
    }));
  };
  const find = async (filter: Record<string, unknown>, sort?: Record<string, 1 | -1>, limit = 5000) =>
    toContacts(
      await collection()
        .find(filter, { projection: FIELDS, ...(sort ? { sort } : {}), limit })
        .toArray(),
    );

  return {
    waiting: (limit) => find({ status: 'queued' }, { queuedAt: 1 }, limit),
    byIds: (ids) =>
      find({ _id: { $in: ids.filter((id) => Types.ObjectId.isValid(id)).map((id) => new Types.ObjectId(id)) } }),
    liveWith: (agentIds) => find({ agentId: { $in: agentIds }, status: { $in: LIVE } }),
    async offer(contact, agent, at, dueAt) {
      const result = await collection().updateOne(
        { _id: new Types.ObjectId(contact.id), status: 'queued', version: contact.version },
        {
          $set: {
            status: 'offered',
            agentId: agent.id,
            agentName: agent.name,
            offeredAt: at,
            offerDueAt: dueAt,
            updatedAt: at,
          },
          $inc: { version: 1 },
        },
      );
      return result.modifiedCount === 1;
    },
    async takeBack(contact, at) {
      const result = await collection().updateOne(
        { _id: new Types.ObjectId(contact.id), status: 'offered', version: contact.version },
        {
          $set: { status: 'queued', agentId: null, agentName: null, offeredAt: null, offerDueAt: null, updatedAt: at },
          $inc: { version: 1 },
        },
      );
      return result.modifiedCount === 1;
    },
    async expireDue(now) {
      const due = await collection()
        .find({ status: 'offered', offerDueAt: { $lte: now } }, { projection: FIELDS, limit: 1000 })
        .toArray();
      let expired = 0;
      for (const doc of due) {
        const result = await collection().updateOne(
          { _id: doc._id, status: 'offered', version: doc.version },
          {
            $set: {
              status: 'queued',
              agentId: null,
              agentName: null,
              offeredAt: null,
              offerDueAt: null,
              updatedAt: now,
            },
            $push: { declines: { agentId: doc.agentId ?? '', at: now, reason: 'expired' } },
            $inc: { version: 1 },
          },
        );
        expired += result.modifiedCount;
      }
      return expired;
    },
    async enqueue(input) {
      const result = await collection().insertOne({
        _id: new Types.ObjectId(),
        channel: input.channel,
        queue: input.queue,
        status: 'queued',
        version: 0,
        queuedAt: input.queuedAt,
        agentId: null,
        offeredAt: null,
        offerDueAt: null,
        customerId: input.customerId ?? null,
        language: input.language ?? null,
        declines: [],
      });
      return result.insertedId.toHexString();
    },
    async answer(id, agentId, answer, at) {
      const result = await collection().updateOne(
        { _id: new Types.ObjectId(id), status: 'offered', agentId },
        answer === 'accept'
          ? { $set: { status: 'active', offerDueAt: null, updatedAt: at }, $inc: { version: 1 } }
          : {
              $set: { status: 'queued', agentId: null, offeredAt: null, offerDueAt: null, updatedAt: at },
              $push: { declines: { agentId, at, reason: 'declined' } },
              $inc: { version: 1 },
            },
      );
      return result.modifiedCount === 1;
    },
    async end(id, at) {
      const result = await collection().updateOne(
        { _id: new Types.ObjectId(id), status: { $in: ['queued', 'active', 'wrap_up'] } },
        { $set: { status: 'ended', endedAt: at, updatedAt: at }, $inc: { version: 1 } },
      );
      return result.modifiedCount === 1;
    },
  };
}
