/**
 * queue.window against MongoDB: windows of the queue in its order that add up to the whole list,
 * the total and the rooms' seqs with each, filters applied by the server (and the console's rule
 * for pushes agreeing with it on every case), and the role's queues enforced.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queuesByRole } from '../../shared/cases';
import { matchesQueueWindow, type QueueListInput } from '../../shared/queue-window';
import { connectTestDatabase } from '../support/deps';
import { engineTestContext, failureOf, newKey } from '../support/engine-steps';
import { createPlatformFixtures, type PlatformFixtures } from '../support/platform';
import { seedOpenCases, type SeededCase } from '../support/queue-cases';

let cleanup: () => Promise<void>;
let fx: PlatformFixtures;
let seeded: SeededCase[];
const ctx = engineTestContext('2026-05-05T09:00:00+08:00');
const NOW = Date.parse('2026-05-05T09:00:00+08:00');

beforeAll(async () => {
  cleanup = await connectTestDatabase('queue_windows');
  fx = await createPlatformFixtures();
  // All seeded cases waited longer than one created now.
  seeded = await seedOpenCases(ctx.deps, fx, 520, { refPrefix: 'W', now: NOW - 1000 });
});
afterAll(async () => cleanup());

/** The queue order worked out here, independently of the code under test. */
function expectedOrder(cases: SeededCase[]): string[] {
  return [...cases]
    .sort(
      (a, b) =>
        b.priorityRank - a.priorityRank ||
        a.waitingSince.getTime() - b.waitingSince.getTime() ||
        (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0),
    )
    .map((c) => c.ref);
}

const agentQueues = (c: SeededCase) => (queuesByRole.agent as readonly string[]).includes(c.queue);

async function wholeList(input: QueueListInput, limit = 200) {
  const agent = ctx.as(fx.users.agent);
  const first = await agent.queue.window({ ...input, limit });
  const refs = first.items.map((i) => i.ref);
  for (let offset = limit; offset < first.total; offset += limit) {
    const next = await agent.queue.window({ ...input, offset, limit });
    expect(next.offset).toBe(offset);
    expect(next.total).toBe(first.total);
    refs.push(...next.items.map((i) => i.ref));
  }
  return { first, refs };
}

describe('queue.window', () => {
  it('answers the first 200 rows in queue order with the total and the seqs, and later windows continue it', async () => {
    const mine = seeded.filter(agentQueues);
    const { first, refs } = await wholeList({});
    expect(first.items).toHaveLength(200);
    expect(first.total).toBe(mine.length);
    expect(first.seqs.map((s) => s.room).sort()).toEqual(['queue:changes', 'queue:refunds', 'queue:sales']);
    expect(refs).toEqual(expectedOrder(mine));
  });

  it('answers only the count for limit 0', async () => {
    const answer = await ctx.as(fx.users.agent).queue.window({ kind: 'refund', limit: 0 });
    expect(answer.items).toEqual([]);
    expect(answer.total).toBe(seeded.filter((c) => c.kind === 'refund').length);
  });

  const me = () => fx.users.agent.id;
  const filters: { name: string; input: QueueListInput; keep: (c: SeededCase) => boolean }[] = [
    { name: 'kind', input: { kind: 'change' }, keep: (c) => c.kind === 'change' },
    { name: 'channel', input: { channel: 'chat' }, keep: (c) => c.channel === 'chat' },
    { name: 'queue', input: { queue: 'refunds' }, keep: (c) => c.queue === 'refunds' },
    { name: 'state', input: { state: 'verifying' }, keep: (c) => c.state === 'verifying' },
    { name: 'assignee me', input: { assignee: 'me' }, keep: (c) => c.assigneeId === me() },
    { name: 'unassigned', input: { assignee: 'none' }, keep: (c) => c.assigneeId === null },
    { name: 'search by ref', input: { search: ' rf-w0001 ' }, keep: (c) => /^RF-W0001/.test(c.ref) },
    { name: 'search by subject', input: { search: '航班取消' }, keep: (c) => c.subject.includes('航班取消') },
    { name: 'search by customer', input: { search: '张伟' }, keep: (c) => (c.customerName ?? '').includes('张伟') },
    {
      name: 'several at once',
      input: { kind: 'refund', channel: 'phone', assignee: 'none', search: '#1' },
      keep: (c) => c.kind === 'refund' && c.channel === 'phone' && c.assigneeId === null && c.subject.includes('#1'),
    },
  ];

  it.each(filters)('filters on the server: $name', async ({ input, keep }) => {
    const expected = seeded.filter((c) => agentQueues(c) && keep(c));
    expect(expected.length).toBeGreaterThan(0);
    const { first, refs } = await wholeList(input, 150);
    expect(first.total).toBe(expected.length);
    expect(refs).toEqual(expectedOrder(expected));
    // The console applies pushes with the same rule: it agrees with the server on every row.
    const all = await ctx.as(fx.users.agent).queue.window({ limit: 500 });
    const rest = await ctx.as(fx.users.agent).queue.window({ offset: 500, limit: 500 });
    const matched = [...all.items, ...rest.items].filter((item) => matchesQueueWindow(item, input, me()));
    expect(matched.map((i) => i.ref).sort()).toEqual([...refs].sort());
  });

  it("lists the caller's own cases with `mine`, filtered too", async () => {
    const { first, refs } = await wholeList({ mine: true, kind: 'booking' }, 50);
    const expected = seeded.filter((c) => c.assigneeId === me() && c.kind === 'booking');
    expect(expected.length).toBeGreaterThan(0);
    expect(first.total).toBe(expected.length);
    expect(refs).toEqual(expectedOrder(expected));
    expect(first.seqs.map((s) => s.room)).toEqual([`agent:${me()}`]);
  });

  it('places a case created through the engine where its priority and waiting time put it', async () => {
    const agent = ctx.as(fx.users.agent);
    const created = await agent.cases.create({
      kind: 'booking',
      channel: 'phone',
      customerId: fx.customers.zhang,
      subject: '加急订票',
      priority: 'urgent',
      idempotencyKey: newKey('qw'),
    });
    const window = await agent.queue.window({ kind: 'booking', limit: 5 });
    const urgentOlder = seeded.filter((c) => c.kind === 'booking' && c.priority === 'urgent').length;
    const all = await wholeList({ kind: 'booking' });
    expect(all.refs.indexOf(created.ref)).toBe(urgentOlder);
    expect(window.total).toBe(seeded.filter((c) => c.kind === 'booking').length + 1);
  });

  it("refuses a queue the caller's role does not work", async () => {
    const error = await failureOf(ctx.as(fx.users.agent).queue.window({ queues: ['complaints'] }));
    expect(error.code).toBe('FORBIDDEN');
    const filtered = await ctx.as(fx.users.agent).queue.window({ queue: 'complaints' });
    expect(filtered.total).toBe(0);
  });
});
