/**
 * What one transition costs the database, counted with mongoose's debug hook: exactly one read and
 * one write of the case, neither carrying the history, whatever the case's age; and the history
 * itself paged through `cases.history`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { CaseModel, type HistoryRecord } from '../../server/src/db/models/case';
import { connectTestDatabase } from '../support/deps';
import { createPlatformFixtures, type PlatformFixtures } from '../support/platform';
import { engineTestContext, newKey, step } from '../support/engine-steps';

let cleanup: () => Promise<void>;
let fx: PlatformFixtures;

beforeAll(async () => {
  cleanup = await connectTestDatabase('transition_cost');
  fx = await createPlatformFixtures();
});
afterAll(async () => {
  mongoose.set('debug', false);
  await cleanup();
});

type CaseCall = { method: string; args: unknown[] };

/** Runs `work` and returns every call mongoose made on the cases collection meanwhile. */
async function casesCallsDuring(work: () => Promise<unknown>): Promise<CaseCall[]> {
  const calls: CaseCall[] = [];
  mongoose.set('debug', (collection: string, method: string, ...args: unknown[]) => {
    if (collection === 'cases') calls.push({ method, args });
  });
  try {
    await work();
  } finally {
    mongoose.set('debug', false);
  }
  return calls;
}

const reads = new Set(['find', 'findOne', 'aggregate', 'countDocuments']);
const writes = new Set(['findOneAndUpdate', 'updateOne', 'updateMany', 'insertOne', 'replaceOne']);

/** A complaint with `entries` history entries in all (the older ones written straight to the database). */
async function complaintWithHistory(entries: number) {
  const ctx = engineTestContext('2026-05-10T09:00:00+08:00');
  const handler = ctx.as(fx.users.complaint_handler);
  const created = await handler.cases.create({
    kind: 'complaint',
    channel: 'phone',
    customerId: fx.customers.li,
    subject: '历史很长的投诉',
    idempotencyKey: newKey('create'),
  });
  const old: HistoryRecord[] = Array.from({ length: entries - 1 }, (_, i) => ({
    seq: i + 2,
    at: new Date(Date.UTC(2026, 4, 10, 1, 0, i)),
    actor: { id: fx.users.complaint_handler.id, name: fx.users.complaint_handler.name, role: 'complaint_handler' },
    event: 'ADD_NOTE',
    payload: { text: `第 ${i + 2} 条记录：客户来电补充说明情况，要求尽快处理。`.repeat(3) },
    from: created.state,
    to: created.state,
    key: `old-${i}`,
  }));
  await CaseModel.updateOne({ _id: created.id }, { $push: { history: { $each: old } }, $inc: { version: old.length } });
  return { ctx, handler, created: { ...created, version: created.version + old.length } };
}

describe('a transition', () => {
  it('reads the case once and writes it once, without its history, on a case with 300 entries', async () => {
    const { handler, created } = await complaintWithHistory(300);
    let result: Record<string, unknown> = {};
    const calls = await casesCallsDuring(async () => {
      result = (await step(handler, created, { type: 'ADD_NOTE', text: '再次致电客户' })) as Record<string, unknown>;
    });
    const summary = calls.map((c) => c.method);
    console.log(`cases calls for one ADD_NOTE: ${JSON.stringify(summary)}; returned history: ${'history' in result}`);
    expect(calls.filter((c) => reads.has(c.method)).map((c) => c.method)).toEqual(['findOne']);
    expect(calls.filter((c) => writes.has(c.method)).map((c) => c.method)).toEqual(['findOneAndUpdate']);
    expect(calls).toHaveLength(2);
    // Both the read and the write's answer leave the history (and the outbox) out.
    for (const call of calls) expect(JSON.stringify(call.args)).toMatch(/"projection":\{"history":0,"outbox":0\}/);
    expect(result).not.toHaveProperty('history');
    expect(result.version).toBe(301);

    const stored = await CaseModel.findById(created.id, { history: { $slice: -1 } }).lean<{
      history: HistoryRecord[];
    }>();
    expect(stored?.history[0]).toMatchObject({ seq: 301, event: 'ADD_NOTE', payload: { text: '再次致电客户' } });
  });

  it('a stale version is still a conflict naming who changed the case last', async () => {
    const { handler, created } = await complaintWithHistory(3);
    await step(handler, created, { type: 'ADD_NOTE', text: '第一次' });
    const error = await step(handler, created, { type: 'ADD_NOTE', text: '第二次' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CONFLICT' });
    expect(String((error as Error).message)).toContain(`${fx.users.complaint_handler.name} sent ADD_NOTE`);
  });
});

describe('cases.history', () => {
  it('pages the history in order, each page one sliced read', async () => {
    const { handler, created } = await complaintWithHistory(250);
    const first = await handler.cases.history({ id: created.id, limit: 100 });
    expect(first.entries.map((e) => e.seq)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(first.entries[0]?.event).toBe('CREATED');
    expect(first.nextAfterSeq).toBe(100);
    const second = await handler.cases.history({ id: created.id, afterSeq: 100, limit: 100 });
    expect(second.entries[0]?.seq).toBe(101);
    const third = await handler.cases.history({ id: created.id, afterSeq: 200, limit: 100 });
    expect(third.entries.map((e) => e.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 201));
    expect(third.nextAfterSeq).toBeNull();
    const calls = await casesCallsDuring(() => handler.cases.history({ id: created.id, afterSeq: 240 }));
    expect(calls.map((c) => c.method)).toEqual(['findOne']);
  });
});
