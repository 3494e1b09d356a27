/**
 * The conversation engine: the one path for every change to a conversation, the same as for cases
 * (load once without the history → pure XState transition → one version-guarded atomic write with
 * the history entry and the remembered key → push), run by the engine core
 * (server/src/engine/machine-store.ts); this file only says what a conversation derives and where
 * its changes are pushed.
 */
import { Types } from 'mongoose';
import { initialTransition, type AnyMachineSnapshot } from 'xstate';
import { DomainError } from '../../../shared/errors';
import { rooms } from '../../../shared/realtime';
import type { Actor } from '../../../workflows/machines/contract';
import {
  conversationMachine,
  conversationStatePath,
  conversationStatusOf,
  type ConversationContext,
  type ConversationInput,
} from '../../../workflows/machines/conversation';
import type { AppDeps } from '../deps';
import { ConversationModel, type ConversationRecord } from '../db/models/conversation';
import type { HistoryRecord } from '../db/models/case';
import { applyMachineEvent, rememberedKey, WITHOUT_GROWING_LISTS, type MachineStore } from '../engine/machine-store';
import { persistedSnapshot } from '../engine/snapshot';
import { maskPayload } from '../cases/mask-payload';
import { toConversationView } from './projection';

export type ConversationEngineEvent = { type: string } & Record<string, unknown>;

function restore(record: Pick<ConversationRecord, '_id' | 'snapshot'>): AnyMachineSnapshot {
  try {
    const { value, context } = record.snapshot;
    if (typeof context !== 'object' || context === null) throw new Error('the snapshot has no context');
    return conversationMachine.resolveState({ value: value as never, context: context as ConversationContext });
  } catch (error) {
    throw new DomainError(
      'CORRUPT_RECORD',
      `Conversation ${String(record._id)} cannot be read (${error instanceof Error ? error.message : String(error)}); it was left unchanged.`,
      { conversationId: String(record._id) },
    );
  }
}

/** The fields of ConversationFields copied from the snapshot so queues, reports and jobs can query them. */
function derivedFields(snapshot: AnyMachineSnapshot) {
  const c = snapshot.context as ConversationContext;
  const timers = [...c.timers]
    .map((t) => ({ key: t.key, event: t.event, dueAt: new Date(t.dueAt) }))
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  const date = (iso: string | null) => (iso ? new Date(iso) : null);
  return {
    status: conversationStatusOf(snapshot.value),
    state: conversationStatePath(snapshot.value),
    queue: c.queue,
    customerId: c.customerId,
    phone: c.phone,
    agentId: c.agent?.id ?? null,
    agentName: c.agent?.name ?? null,
    caseIds: c.caseIds,
    externalId: c.externalId,
    callbackId: c.callbackId,
    queuedAt: new Date(c.queuedAt),
    offeredAt: date(c.offeredAt),
    answeredAt: date(c.answeredAt),
    endedAt: date(c.endedAt),
    wrapUpEndAt: date(c.wrapUpEndAt),
    holdMs: c.holdMs,
    disposition: c.disposition,
    csat: c.csat ? { score: c.csat.score, comment: c.csat.comment, at: new Date(c.csat.at) } : null,
    timers,
    nextDueAt: timers[0]?.dueAt ?? null,
  };
}

/** Pushed to the agent who has it and the one who had it (a screen pop rings in that agent's room only). */
async function publish(deps: AppDeps, record: ConversationRecord, previousAgentId: string | null): Promise<void> {
  const targets = new Set<string>();
  if (record.agentId) targets.add(rooms.agent(record.agentId));
  if (previousAgentId && previousAgentId !== record.agentId) targets.add(rooms.agent(previousAgentId));
  if (targets.size === 0) return;
  deps.publisher.publishConversation(await toConversationView(record, deps.now()), [...targets]);
}

export type CreateConversationArgs = {
  input: Omit<ConversationInput, 'conversationId' | 'config' | 'createdAt'>;
  /** The same key twice gives one conversation (a replayed webhook, a retried request). */
  createKey: string;
  actor: Actor;
};

export async function createConversation(
  deps: AppDeps,
  args: CreateConversationArgs,
): Promise<{ record: ConversationRecord; created: boolean }> {
  const existing = await ConversationModel.findOne({ createKey: args.createKey }).lean<ConversationRecord>();
  if (existing) return { record: existing, created: false };
  const id = new Types.ObjectId();
  const at = deps.now();
  const [snapshot] = initialTransition(conversationMachine, {
    ...args.input,
    conversationId: id.toHexString(),
    createdAt: at.toISOString(),
    config: deps.config.conversations,
  });
  const derived = derivedFields(snapshot);
  const entry: HistoryRecord = {
    seq: 1,
    at,
    actor: { id: args.actor.id, name: args.actor.name, role: args.actor.role },
    event: 'CREATED',
    payload: maskPayload({ channel: args.input.channel, queue: args.input.queue }),
    from: '',
    to: derived.state,
    key: args.createKey,
  };
  const doc = {
    _id: id,
    channel: args.input.channel,
    ...derived,
    snapshot: persistedSnapshot(snapshot),
    version: 1,
    history: [entry],
    outbox: [],
    outboxPending: false,
    idempotencyKeys: [rememberedKey(args.createKey, 'CREATED')],
    createKey: args.createKey,
    createdAt: at,
    updatedAt: at,
  };
  try {
    await ConversationModel.collection.insertOne(doc);
  } catch (error) {
    if ((error as { code?: unknown }).code === 11000) {
      const raced = await ConversationModel.findOne({ createKey: args.createKey }).lean<ConversationRecord>();
      if (raced) return { record: raced, created: false };
    }
    throw error;
  }
  return { record: doc as unknown as ConversationRecord, created: true };
}

export async function loadConversation(conversationId: string): Promise<ConversationRecord> {
  if (!Types.ObjectId.isValid(conversationId))
    throw new DomainError('NOT_FOUND', `Conversation ${conversationId} does not exist.`);
  const record = await ConversationModel.findById(conversationId, WITHOUT_GROWING_LISTS).lean<ConversationRecord>();
  if (!record) throw new DomainError('NOT_FOUND', `Conversation ${conversationId} does not exist.`);
  return record;
}

export type ApplyConversationEventArgs = {
  conversationId: string;
  /** The version the sender saw; 'current' for system senders (timers, webhook, router), which retry on conflict. */
  expectedVersion: number | 'current';
  key: string;
  actor: Actor;
  event: ConversationEngineEvent;
};

/** Conversations as the engine core runs them (server/src/engine/machine-store.ts). */
function conversationStore(deps: AppDeps): MachineStore<ConversationRecord> {
  return {
    model: ConversationModel,
    label: 'Conversation',
    machineOf: () => conversationMachine,
    restore,
    derive: derivedFields,
    publish(updated, previous) {
      publish(deps, updated, previous.agentId).catch((error: unknown) =>
        deps.logger.error({ err: error, conversationId: updated._id.toHexString() }, 'conversation push failed'),
      );
    },
    refusal: (record, _snapshot, event) =>
      new DomainError(
        'EVENT_NOT_ALLOWED',
        `Event ${event.type} is not allowed while the conversation is ${record.state}.`,
        {
          event: event.type,
          state: record.state,
        },
      ),
  };
}

/**
 * Applies one event atomically through the engine core: a stale version is CONFLICT; an event the
 * state does not take is EVENT_NOT_ALLOWED naming the state; a key seen before returns the
 * conversation as it is.
 */
export async function applyConversationEvent(
  deps: AppDeps,
  args: ApplyConversationEventArgs,
): Promise<{ record: ConversationRecord; replayed: boolean }> {
  const { type: _type, ...payload } = args.event;
  const { record, replayed } = await applyMachineEvent(
    conversationStore(deps),
    {
      id: args.conversationId,
      expectedVersion: args.expectedVersion,
      key: args.key,
      actor: args.actor,
      event: args.event,
      historyPayload: maskPayload(payload),
    },
    { conflict: async (current, expected) => conflict(current, expected) },
    deps.now,
  );
  return { record, replayed };
}

/** Pushes a conversation that was just created (the screen pop of a call that rang at an extension goes out after its OFFER). */
export async function publishCreated(deps: AppDeps, record: ConversationRecord): Promise<void> {
  await publish(deps, record, null);
}

function conflict(record: ConversationRecord, expected: number): DomainError {
  return new DomainError(
    'CONFLICT',
    `Someone else changed this conversation first (you saw version ${expected}, it is now version ${record.version}). Reload it and try again.`,
    { currentVersion: record.version, expectedVersion: expected },
  );
}
