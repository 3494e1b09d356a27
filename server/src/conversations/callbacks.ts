/**
 * Callbacks: a promised window to call a customer back (asked for on the phone system, by an agent,
 * or from a chat nobody could take). A durable due time opens a `callback` conversation in the
 * queue; its outcome (reached / no answer / cancelled) comes back from that conversation; no answer
 * is retried up to maxAttempts; a window that ends before the customer was reached is a breach.
 */
import { Types } from 'mongoose';
import { z } from 'zod';
import { normalizePhone } from '../../../shared/customers';
import {
  callbackSources,
  callbackWindowSchema,
  type CallbackSource,
  type CallbackView,
} from '../../../shared/conversations';
import { DomainError } from '../../../shared/errors';
import { maskPhone } from '../../../shared/identity';
import type { Actor } from '../../../workflows/machines/contract';
import type { CallbackOutcome } from '../../../workflows/machines/conversation';
import type { AppDeps } from '../deps';
import { CallbackModel, type CallbackRecord } from '../db/models/callback';
import { customerSummaries } from './projection';
import { SYSTEM_ACTOR, matchCaller, startConversation } from './contacts';

/** Minutes between a no-answer and the next attempt. */
export const CALLBACK_RETRY_MINUTES = 10;
export const CALLBACK_MAX_ATTEMPTS = 3;
/** The queue callback attempts wait in. */
const CALLBACK_QUEUE = 'sales';

export const requestCallbackInputSchema = z.strictObject({
  customerId: z
    .string()
    .regex(/^[0-9a-f]{24}$/)
    .nullable(),
  phone: z.string().trim().min(5).max(40),
  window: callbackWindowSchema,
  source: z.enum(callbackSources),
  conversationId: z
    .string()
    .regex(/^[0-9a-f]{24}$/)
    .optional(),
  idempotencyKey: z.string().min(8).max(100).optional(),
});

export type RequestCallbackArgs = {
  customerId: string | null;
  phone: string;
  window: { from: string; to: string };
  source: CallbackSource;
  conversationId?: string;
  /** The same key twice gives one callback (a replayed webhook, a retried click). */
  idempotencyKey?: string;
  actor?: Actor;
};

/** Records a callback promise; it comes due at the window's start. Callable by web chat and the webhook. */
export async function requestCallback(deps: AppDeps, args: RequestCallbackArgs): Promise<CallbackView> {
  const from = new Date(args.window.from);
  const to = new Date(args.window.to);
  if (!(to.getTime() > from.getTime()))
    throw new DomainError('INVALID_INPUT', 'A callback window must end after it starts.');
  const phone = normalizePhone(args.phone).replace(/\D/g, '');
  if (phone.length < 5) throw new DomainError('INVALID_INPUT', 'A callback needs a phone number to call.');
  const customerId = args.customerId ?? (await matchCaller(phone)).customerId;
  const now = deps.now();
  const actor = args.actor ?? SYSTEM_ACTOR;
  const createKey = args.idempotencyKey ?? new Types.ObjectId().toHexString();
  const existing = await CallbackModel.findOne({ createKey }).lean<CallbackRecord>();
  if (existing) return (await toCallbackViews([existing]))[0] as CallbackView;
  const doc = {
    status: 'scheduled' as const,
    customerId,
    phone,
    window: { from, to },
    source: args.source,
    attempts: 0,
    maxAttempts: CALLBACK_MAX_ATTEMPTS,
    dueAt: from,
    breachedAt: null,
    conversationId: null,
    originConversationId: args.conversationId ?? null,
    events: [{ at: now, event: 'REQUESTED', actor: actorRecord(actor), payload: { source: args.source } }],
    version: 1,
    createKey,
    createdAt: now,
    updatedAt: now,
  };
  try {
    const created = await CallbackModel.create(doc);
    return (await toCallbackViews([created.toObject() as unknown as CallbackRecord]))[0] as CallbackView;
  } catch (error) {
    if ((error as { code?: unknown }).code === 11000) {
      const raced = await CallbackModel.findOne({ createKey }).lean<CallbackRecord>();
      if (raced) return (await toCallbackViews([raced]))[0] as CallbackView;
    }
    throw error;
  }
}

function actorRecord(actor: Actor) {
  return { id: actor.id, name: actor.name, role: actor.role };
}

/**
 * Every scheduled callback whose time has come becomes a queued `callback` conversation, once: the
 * conversation's createKey names the callback and attempt, and the move is guarded by version.
 */
export async function fireDueCallbacks(deps: AppDeps): Promise<number> {
  const now = deps.now();
  const due = await CallbackModel.find({ status: 'scheduled', dueAt: { $lte: now } })
    .sort({ dueAt: 1 })
    .limit(50)
    .lean<CallbackRecord[]>();
  let fired = 0;
  for (const callback of due) {
    const attempt = callback.attempts + 1;
    const { record } = await startConversation(deps, {
      channel: 'callback',
      queue: CALLBACK_QUEUE,
      customerId: callback.customerId,
      phone: callback.phone,
      externalId: null,
      callbackId: callback._id.toHexString(),
      createKey: `callback:${callback._id.toHexString()}:${attempt}`,
    });
    const moved = await CallbackModel.updateOne(
      { _id: callback._id, version: callback.version, status: 'scheduled' },
      {
        $set: {
          status: 'queued',
          dueAt: null,
          attempts: attempt,
          conversationId: record._id.toHexString(),
          updatedAt: now,
        },
        $inc: { version: 1 },
        $push: {
          events: {
            at: now,
            event: 'DUE',
            actor: actorRecord(SYSTEM_ACTOR),
            payload: { attempt, conversationId: record._id.toHexString() },
          },
        },
      },
    );
    if (moved.modifiedCount === 1) fired++;
  }
  return fired;
}

/** Open promises whose window has ended: recorded once as a breach (the callback stays open to be made). */
export async function recordCallbackBreaches(deps: AppDeps): Promise<number> {
  const now = deps.now();
  const result = await CallbackModel.updateMany(
    { status: { $in: ['scheduled', 'queued'] }, 'window.to': { $lte: now }, breachedAt: null },
    {
      $set: { breachedAt: now, updatedAt: now },
      $inc: { version: 1 },
      $push: { events: { at: now, event: 'BREACHED', actor: actorRecord(SYSTEM_ACTOR), payload: {} } },
    },
  );
  return result.modifiedCount;
}

/**
 * The outcome of an attempt, as the agent recorded it on the callback conversation: reached and
 * cancelled close the promise; no answer schedules the next attempt, until the last one.
 */
export async function recordCallbackOutcome(
  deps: AppDeps,
  callbackId: string,
  conversationId: string,
  outcome: CallbackOutcome,
  actor: Actor,
): Promise<void> {
  const now = deps.now();
  const callback = await CallbackModel.findOne({
    _id: callbackId,
    conversationId,
    status: 'queued',
  }).lean<CallbackRecord>();
  if (!callback) return; // Recorded already (a retried click) or the promise was cancelled meanwhile.
  const retry = outcome === 'no_answer' && callback.attempts < callback.maxAttempts;
  const status =
    outcome === 'reached' ? 'reached' : outcome === 'cancelled' ? 'cancelled' : retry ? 'scheduled' : 'failed';
  await CallbackModel.updateOne(
    { _id: callback._id, version: callback.version },
    {
      $set: {
        status,
        dueAt: retry ? new Date(now.getTime() + CALLBACK_RETRY_MINUTES * 60_000) : null,
        conversationId: retry ? null : conversationId,
        updatedAt: now,
      },
      $inc: { version: 1 },
      $push: { events: { at: now, event: 'OUTCOME', actor: actorRecord(actor), payload: { outcome, conversationId } } },
    },
  );
}

/** Cancels a promise that has not been made yet. */
export async function cancelCallback(deps: AppDeps, callbackId: string, actor: Actor): Promise<CallbackView> {
  const now = deps.now();
  const updated = await CallbackModel.findOneAndUpdate(
    { _id: callbackId, status: { $in: ['scheduled', 'queued'] } },
    {
      $set: { status: 'cancelled', dueAt: null, updatedAt: now },
      $inc: { version: 1 },
      $push: { events: { at: now, event: 'CANCELLED', actor: actorRecord(actor), payload: {} } },
    },
    { returnDocument: 'after' },
  ).lean<CallbackRecord>();
  if (!updated) {
    if (!(await CallbackModel.exists({ _id: callbackId })))
      throw new DomainError('NOT_FOUND', `Callback ${callbackId} does not exist.`);
    throw new DomainError('EVENT_NOT_ALLOWED', 'This callback was already made or cancelled.');
  }
  return (await toCallbackViews([updated]))[0] as CallbackView;
}

/** Open callbacks (scheduled or queued), soonest first; or a customer's, newest first. */
export async function listCallbacks(filter: { customerId?: string }): Promise<CallbackView[]> {
  const records = filter.customerId
    ? await CallbackModel.find({ customerId: filter.customerId }, { events: 0 })
        .sort({ createdAt: -1 })
        .limit(50)
        .lean<CallbackRecord[]>()
    : await CallbackModel.find({ status: { $in: ['scheduled', 'queued'] } }, { events: 0 })
        .sort({ 'window.from': 1 })
        .limit(100)
        .lean<CallbackRecord[]>();
  return toCallbackViews(records);
}

async function toCallbackViews(records: CallbackRecord[]): Promise<CallbackView[]> {
  const customers = await customerSummaries(records.map((r) => r.customerId));
  return records.map((r) => ({
    id: r._id.toHexString(),
    status: r.status,
    customerId: r.customerId,
    customerName: (r.customerId && customers.get(r.customerId)?.name) || null,
    phone: maskPhone(r.phone),
    window: { from: r.window.from.toISOString(), to: r.window.to.toISOString() },
    source: r.source,
    attempts: r.attempts,
    dueAt: r.dueAt ? r.dueAt.toISOString() : null,
    conversationId: r.conversationId,
    breachedAt: r.breachedAt ? r.breachedAt.toISOString() : null,
    createdAt: r.createdAt.toISOString(),
  }));
}
