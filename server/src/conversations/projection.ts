/**
 * ConversationView: what the console reads about a conversation (phone masked, customer named).
 */
import { Types } from 'mongoose';
import type { ConversationView } from '../../../shared/conversations';
import { maskPhone } from '../../../shared/identity';
import { CustomerModel } from '../db/models/customer';
import type { ConversationRecord } from '../db/models/conversation';

type CustomerSummary = { id: string; name: string; vipTier: string };

/** The customers of several conversations, one query. */
export async function customerSummaries(ids: (string | null)[]): Promise<Map<string, CustomerSummary>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null && Types.ObjectId.isValid(id)))];
  if (wanted.length === 0) return new Map();
  const found = await CustomerModel.find({ _id: { $in: wanted } }, { name: 1, vipTier: 1 }).lean();
  return new Map(
    found.map((c) => [c._id.toHexString(), { id: c._id.toHexString(), name: c.name, vipTier: c.vipTier }]),
  );
}

export function projectConversation(
  record: ConversationRecord,
  customer: CustomerSummary | null,
  now: Date,
): ConversationView {
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  const end = record.endedAt ? new Date(record.endedAt).getTime() : now.getTime();
  return {
    id: record._id.toHexString(),
    channel: record.channel,
    status: record.status,
    state: record.state,
    queue: record.queue,
    customer,
    phone: record.phone ? maskPhone(record.phone) : null,
    agent: record.agentId ? { id: record.agentId, name: record.agentName ?? '' } : null,
    caseIds: record.caseIds,
    externalId: record.externalId,
    callbackId: record.callbackId ?? null,
    queuedAt: new Date(record.queuedAt).toISOString(),
    offeredAt: iso(record.offeredAt),
    answeredAt: iso(record.answeredAt),
    endedAt: iso(record.endedAt),
    wrapUpEndAt: iso(record.wrapUpEndAt),
    holdMs: record.holdMs,
    durationSeconds: record.answeredAt
      ? Math.max(0, Math.round((end - new Date(record.answeredAt).getTime()) / 1000))
      : null,
    disposition: record.disposition,
    csat: record.csat ? { ...record.csat, at: new Date(record.csat.at).toISOString() } : null,
    version: record.version,
  };
}

export async function toConversationView(record: ConversationRecord, now: Date): Promise<ConversationView> {
  const customers = await customerSummaries([record.customerId]);
  return projectConversation(record, (record.customerId && customers.get(record.customerId)) || null, now);
}

export async function toConversationViews(records: ConversationRecord[], now: Date): Promise<ConversationView[]> {
  const customers = await customerSummaries(records.map((r) => r.customerId));
  return records.map((r) => projectConversation(r, (r.customerId && customers.get(r.customerId)) || null, now));
}
