/**
 * reports.summary over a 90-day range of 100,000 cases (BENCH_REPORT_CASES), with a call or chat
 * for every second case and the agents' status changes: the time of one ungrouped summary
 * (`reports.summaryMs.d90c100k`) and of the same range grouped by day and by agent. The cases are
 * inserted as the engine stores them (history with result events, outbox amounts), in bulk.
 */
import mongoose, { Types } from 'mongoose';
import { reportSummary } from '../../server/src/reports/reports.service';
import { shanghaiDate, shanghaiMidnight } from '../../workflows/time/shanghai';
import { log } from './bench-env';

export type ReportsBenchResult = {
  cases: number;
  days: number;
  summaryMs: number;
  byDayMs: number | null;
  byAgentMs: number | null;
  insertSeconds: number;
};

const DAY = 86_400_000;
const MINUTE = 60_000;
const kinds = ['booking', 'change', 'refund', 'complaint'] as const;
const queues = { booking: 'sales', change: 'changes', refund: 'refunds', complaint: 'complaints' } as const;
const agents = Array.from({ length: 40 }, (_, i) => ({ id: `agent-${i}`, name: `坐席${i}` }));

function caseDoc(i: number, startMs: number, days: number) {
  const kind = kinds[i % kinds.length] ?? 'booking';
  const agent = agents[i % agents.length] ?? { id: 'a', name: 'a' };
  const createdAt = new Date(startMs + ((i * 7919) % (days * 1440)) * MINUTE);
  const at = (minutes: number) => new Date(createdAt.getTime() + minutes * MINUTE);
  const person = { id: agent.id, name: agent.name, role: 'agent' };
  const system = { id: 'system', name: 'system', role: 'system' };
  const key = `bench-${i}`;
  const money =
    kind === 'refund'
      ? { event: 'REFUND_SETTLED', type: 'refund.submit' }
      : kind === 'change'
        ? { event: 'REISSUED', type: 'tickets.reissue' }
        : kind === 'complaint'
          ? { event: 'COMPENSATION_ISSUED', type: 'compensation.issue' }
          : { event: 'PAYMENT_SUCCEEDED', type: 'payment.collect' };
  const closed = i % 3 !== 0;
  const history = [
    {
      seq: 1,
      at: createdAt,
      actor: person,
      event: 'CREATE',
      from: 'none',
      to: 'verifying',
      payload: {},
      key: `c-${key}`,
    },
    {
      seq: 2,
      at: at(8),
      actor: person,
      event: 'CUSTOMER_CONFIRMED',
      from: 'quoted',
      to: 'submitting',
      payload: {},
      key: `s-${key}`,
    },
    {
      seq: 3,
      at: at(9),
      actor: system,
      event: money.event,
      from: 'submitting',
      to: 'settled',
      payload: {},
      key: `effect:${key}`,
    },
    ...(closed
      ? [
          {
            seq: 4,
            at: at(20),
            actor: person,
            event: 'CLOSE',
            from: 'settled',
            to: 'closed',
            payload: {},
            key: `x-${key}`,
          },
        ]
      : []),
  ];
  return {
    _id: new Types.ObjectId(),
    ref: `BENCH${i}`,
    kind,
    schemaVersion: 1,
    snapshot: {
      value: 'x',
      context: {
        quote: { totalFeeFen: 500, totalRefundFen: 9500, totalChangeFeeFen: 300, totalDifferenceFeeFen: 1200 },
      },
    },
    version: history.length,
    state: closed ? 'closed' : 'settled',
    status: closed ? 'closed' : 'open',
    queue: queues[kind],
    priority: 'normal',
    priorityRank: 1,
    channel: i % 2 === 0 ? 'phone' : 'chat',
    subject: 'bench',
    assigneeId: agent.id,
    assigneeName: agent.name,
    customerId: `cu-${i % 20_000}`,
    customerName: null,
    bookingId: `b-${i % 30_000}`,
    bookingRef: null,
    timers: [],
    nextDueAt: null,
    history,
    outbox: [{ id: `o-${i}`, type: money.type, key, params: { amountFen: 9500 }, status: 'done' }],
    outboxPending: false,
    idempotencyKeys: [],
    createKey: `create-${key}`,
    waitingSince: createdAt,
    createdAt,
    updatedAt: history.at(-1)?.at ?? createdAt,
    csat: i % 10 === 0 ? { score: 1 + (i % 5), comment: i % 20 === 0 ? '好' : null, at: at(30) } : null,
  };
}

function conversationDoc(i: number, startMs: number, days: number) {
  const agent = agents[i % agents.length] ?? { id: 'a', name: 'a' };
  const queuedAt = new Date(startMs + ((i * 104_729) % (days * 1440)) * MINUTE);
  const answered = i % 7 !== 0;
  const at = (s: number) => new Date(queuedAt.getTime() + s * 1000);
  return {
    channel: i % 3 === 0 ? 'chat' : 'call',
    status: answered ? 'ended' : 'abandoned',
    queue: ['sales', 'changes', 'refunds', 'complaints'][i % 4],
    customerId: null,
    phone: null,
    agentId: answered ? agent.id : null,
    agentName: answered ? agent.name : null,
    caseIds: [],
    externalId: null,
    queuedAt,
    offeredAt: answered ? at(5) : null,
    answeredAt: answered ? at(5 + (i % 40)) : null,
    endedAt: answered ? at(300) : null,
    wrapUpEndAt: answered ? at(360) : null,
    holdMs: (i % 4) * 10_000,
    disposition: null,
    csat: null,
  };
}

export async function reportsBench(options: {
  uri: string;
  dbName: string;
  cases: number;
}): Promise<ReportsBenchResult> {
  const days = 90;
  // The emulator answers nothing else while one aggregation runs (single-threaded): long timeouts
  // keep the driver's monitor from giving up on it mid-report.
  const connection = await mongoose.connect(options.uri, {
    dbName: options.dbName,
    serverSelectionTimeoutMS: 600_000,
    connectTimeoutMS: 600_000,
    socketTimeoutMS: 0,
    heartbeatFrequencyMS: 600_000,
  });
  try {
    await mongoose.connection.syncIndexes();
    const to = shanghaiDate(Date.now() - DAY);
    const from = shanghaiDate(shanghaiMidnight(to) - (days - 1) * DAY);
    const startMs = shanghaiMidnight(from);
    const inserted = performance.now();
    const batch = 5_000;
    for (let i = 0; i < options.cases; i += batch) {
      const docs = Array.from({ length: Math.min(batch, options.cases - i) }, (_, n) => caseDoc(i + n, startMs, days));
      await mongoose.connection.collection('cases').insertMany(docs, { ordered: false });
      const contacts = docs.filter((_, n) => (i + n) % 2 === 0).map((_, n) => conversationDoc(i + n, startMs, days));
      if (contacts.length > 0)
        await mongoose.connection.collection('conversations').insertMany(contacts, { ordered: false });
      log(`reports bench: inserted ${Math.min(i + batch, options.cases)} of ${options.cases} cases`);
    }
    const changes = agents.flatMap((agent, a) =>
      Array.from({ length: days * 4 }, (_, n) => ({
        userId: agent.id,
        userName: agent.name,
        status: ['available', 'on_contact', 'wrap_up', 'offline'][n % 4],
        reason: null,
        at: new Date(startMs + Math.floor(n / 4) * DAY + (8 + (n % 4) * 2) * 3_600_000 + a * MINUTE),
      })),
    );
    await mongoose.connection.collection('presence_changes').insertMany(changes, { ordered: false });
    const insertSeconds = Math.round((performance.now() - inserted) / 100) / 10;

    const time = async (groupBy?: 'day' | 'agent') => {
      const started = performance.now();
      const summary = await reportSummary({ from, to, ...(groupBy ? { groupBy } : {}) }, Date.now());
      const ms = Math.round(performance.now() - started);
      log(`reports bench: ${groupBy ?? 'ungrouped'} summary of ${summary.cases.createdTotal} cases in ${ms} ms`);
      if (summary.cases.createdTotal !== options.cases)
        throw new Error(`the summary counted ${summary.cases.createdTotal} cases, not ${options.cases}`);
      return ms;
    };
    const summaryMs = await time();
    // The grouped runs take as long again each on the emulator: BENCH_REPORT_GROUPED=0 leaves them out.
    const grouped = process.env.BENCH_REPORT_GROUPED !== '0';
    const byDayMs = grouped ? await time('day') : null;
    const byAgentMs = grouped ? await time('agent') : null;
    return { cases: options.cases, days, summaryMs, byDayMs, byAgentMs, insertSeconds };
  } finally {
    await mongoose.connection.dropDatabase().catch(() => undefined);
    await connection.disconnect();
  }
}
