/**
 * `qa.replay`: one step per history entry with the case data right after it (as `cases.get`
 * projects it) and what the step changed, rebuilt from what the engine recorded with each step;
 * entries written before replay was recorded come as "state only" (data null). Linked calls and
 * chats (the `conversations` and `chat_messages` collections) are put on the same timeline.
 */
import mongoose from 'mongoose';
import { DomainError } from '../../../shared/errors';
import type { ConversationFields } from '../../../shared/conversations';
import { Types } from 'mongoose';
import { CaseModel, type CaseRecord } from '../db/models/case';
import { toHistoryEntries } from '../cases/projection';
import { applyJsonChanges, jsonChanges, type JsonChange } from './json-changes';
import type { CaseData } from './replay-record';

export type ReplayChange = { path: string[]; from: unknown; to: unknown };

type ConversationStep = { at?: Date; event?: string; from?: string; to?: string; actor?: { name?: string } };
type ConversationDoc = Partial<ConversationFields> & {
  _id: unknown;
  /** The conversation's own step log (written through the engine path like a case's history). */
  history?: ConversationStep[];
  events?: ConversationStep[];
};
type ChatMessageDoc = {
  _id: unknown;
  conversationId?: unknown;
  seq?: number;
  text?: string;
  body?: string;
  sender?: string | { role?: string; name?: string };
  senderRole?: string;
  senderName?: string;
  at?: Date;
  createdAt?: Date;
};

export type ContactEvent = {
  at: string;
  conversationId: string;
  channel: string;
  kind: 'call_event' | 'chat_message';
  /** The call or chat event (queued, answered, ended…), or the message sender. */
  label: string;
  text: string | null;
};

function valueAt(data: unknown, path: string[]): unknown {
  let value = data;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function withFrom(before: unknown, changes: readonly JsonChange[]): ReplayChange[] {
  return changes.map((c) => ({
    path: c.path,
    from: valueAt(before, c.path) ?? null,
    to: c.removed ? null : (c.to ?? null),
  }));
}

export async function replayCase(caseId: string) {
  // Replay is the one reader of the whole history (the engine path never loads it).
  const record = Types.ObjectId.isValid(caseId)
    ? await CaseModel.findById(caseId, { outbox: 0, idempotencyKeys: 0 }).lean<CaseRecord>()
    : null;
  if (!record) throw new DomainError('NOT_FOUND', `Case ${caseId} does not exist.`);
  const entries = toHistoryEntries(record.history);
  let data: CaseData | null = null;
  const steps = record.history.map((entry, i) => {
    const replay = entry.replay;
    let changes: ReplayChange[] = [];
    if (replay?.data) {
      const before = data;
      data = replay.data as CaseData;
      changes = before ? withFrom(before, jsonChanges(before, data)) : withFrom({}, jsonChanges({}, data));
    } else if (replay?.changes && data) {
      const before: CaseData = data;
      data = applyJsonChanges(before, replay.changes);
      changes = withFrom(before, replay.changes);
    } else {
      data = null;
    }
    const shown = entries[i] ?? toHistoryEntries([entry])[0];
    if (!shown) throw new Error('unreachable: one shown entry per history entry');
    return {
      index: i + 1,
      at: shown.at,
      actor: shown.actor,
      role: shown.actor.role,
      event: shown.event,
      from: shown.from,
      to: shown.to,
      payload: shown.payload,
      data: data as CaseData | null,
      changes,
    };
  });
  return {
    caseId: record._id.toHexString(),
    ref: record.ref,
    kind: record.kind,
    /** 'full': every step has its data; 'partial': from some step on; 'state_only': none (recorded before replay). */
    coverage: steps.every((s) => s.data)
      ? ('full' as const)
      : steps.some((s) => s.data)
        ? ('partial' as const)
        : ('state_only' as const),
    steps,
    contacts: await linkedContacts(caseId),
  };
}

/** The call events and chat messages of the conversations linked to the case, oldest first; none when there are none. */
async function linkedContacts(caseId: string): Promise<ContactEvent[]> {
  const db = mongoose.connection.db;
  if (!db) throw new DomainError('UNAVAILABLE', 'The database is not connected.');
  const conversations = await db
    .collection<ConversationDoc>('conversations')
    .find({ caseIds: caseId })
    .limit(50)
    .toArray();
  const events: ContactEvent[] = [];
  const iso = (d: unknown) => (d instanceof Date ? d.toISOString() : typeof d === 'string' ? d : null);
  for (const c of conversations) {
    const conversationId = String(c._id);
    const channel = c.channel ?? 'call';
    const push = (at: unknown, label: string, text: string | null = null) => {
      const when = iso(at);
      if (when) events.push({ at: when, conversationId, channel, kind: 'call_event', label, text });
    };
    // The conversation engine keeps its step log in `history` (as cases do); older documents called it `events`.
    const steps = c.history ?? c.events;
    if (steps && steps.length > 0) {
      for (const h of steps) push(h.at, h.event ?? h.to ?? 'event', h.actor?.name ?? null);
    } else {
      push(c.queuedAt, 'queued');
      push(c.offeredAt, 'offered', c.agentName ?? null);
      push(c.answeredAt, 'answered', c.agentName ?? null);
      push(c.endedAt, 'ended', c.disposition ?? null);
    }
    if (channel === 'chat') {
      const messages = await db
        .collection<ChatMessageDoc>('chat_messages')
        .find({ conversationId: { $in: [c._id, conversationId] } })
        .sort({ seq: 1 })
        .limit(500)
        .toArray();
      for (const m of messages) {
        const when = iso(m.at ?? m.createdAt);
        if (!when) continue;
        const sender =
          typeof m.sender === 'string'
            ? m.sender
            : (m.sender?.name ?? m.sender?.role ?? m.senderName ?? m.senderRole ?? '');
        events.push({
          at: when,
          conversationId,
          channel,
          kind: 'chat_message',
          label: sender,
          text: m.text ?? m.body ?? null,
        });
      }
    }
  }
  return events.sort((a, b) => a.at.localeCompare(b.at));
}
