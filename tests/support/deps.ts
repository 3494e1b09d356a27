import pino from 'pino';
import mongoose from 'mongoose';
import type { QueueItem } from '../../shared/cases';
import type { AppDeps, CasePublisher, ChatChannel, PaymentGateway } from '../../server/src/deps';
import { loadConfig } from '../../server/src/config';
import { testDatabase } from './db';

export type RecordedPush = { item: QueueItem; previous: { queue: string; assigneeId: string | null } | null };

export type RecordedChatPush = { to: string[]; event: string; payload: unknown };

/** A chat channel that remembers what it sent; nobody acknowledges, and no agent is listening. */
export function recordingChatChannel(): ChatChannel & { sent: RecordedChatPush[] } {
  const sent: RecordedChatPush[] = [];
  return {
    sent,
    toCustomer(conversationId, event, payload) {
      sent.push({ to: [`conversation:${conversationId}`], event, payload });
    },
    async deliverToCustomer(message) {
      sent.push({ to: [`conversation:${message.conversationId}`], event: 'message', payload: message });
      return false;
    },
    toAgents(rooms, push) {
      sent.push({ to: rooms, event: 'chat', payload: push });
    },
    async deliverToAgent(agentId, push) {
      sent.push({ to: [`agent:${agentId}`], event: 'chat', payload: push });
      return false;
    },
    async agentsListening() {
      return 0;
    },
  };
}

/** A publisher that remembers what it was asked to publish. */
export function recordingPublisher(): CasePublisher & { pushes: RecordedPush[] } {
  const pushes: RecordedPush[] = [];
  return {
    pushes,
    publishCase(item, previous) {
      pushes.push({ item, previous });
    },
    publishConversation() {},
    async currentSeq() {
      return pushes.length;
    },
  };
}

/** An in-memory gateway that, like a real one, pays a key once however often it is asked. */
export function countingGateway(
  options: { failRefunds?: number } = {},
): PaymentGateway & { payouts: Map<string, number>; refundCalls: number } {
  const payouts = new Map<string, number>();
  let failuresLeft = options.failRefunds ?? 0;
  const gateway = {
    payouts,
    refundCalls: 0,
    async collect({ idempotencyKey }: { idempotencyKey: string }) {
      return { ok: true as const, paymentRef: `PAY-${idempotencyKey.slice(-8)}` };
    },
    async refund({ idempotencyKey, amountFen }: { idempotencyKey: string; amountFen: number }) {
      gateway.refundCalls++;
      if (failuresLeft > 0) {
        failuresLeft--;
        return { ok: false as const, reason: 'bank declined (test)' };
      }
      if (!payouts.has(idempotencyKey)) payouts.set(idempotencyKey, amountFen);
      return { ok: true as const, gatewayRef: `RFD-${idempotencyKey.slice(-8)}` };
    },
  };
  return gateway;
}

export type TestClock = { now: () => Date; set(iso: string): void; advance(ms: number): void };

export function testClock(start = '2026-05-10T08:00:00+08:00'): TestClock {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    set(iso) {
      current = new Date(iso);
    },
    advance(ms) {
      current = new Date(current.getTime() + ms);
    },
  };
}

export function testDeps(overrides: Partial<AppDeps> = {}): AppDeps {
  return {
    config: { ...loadConfig({}), jobIntervalMs: 50 },
    logger: pino({ level: 'silent' }),
    publisher: recordingPublisher(),
    liveSessions: { end: () => undefined },
    paymentGateway: countingGateway(),
    chat: recordingChatChannel(),
    now: () => new Date(),
    ...overrides,
  };
}

/** Connects mongoose to a fresh database for this test file; returns a cleanup. */
export async function connectTestDatabase(label: string): Promise<() => Promise<void>> {
  const { uri, dbName } = testDatabase(label);
  await mongoose.connect(uri, { dbName, serverSelectionTimeoutMS: 5000 });
  await mongoose.connection.syncIndexes();
  return async () => {
    await mongoose.connection.dropDatabase().catch(() => undefined);
    await mongoose.disconnect();
  };
}
