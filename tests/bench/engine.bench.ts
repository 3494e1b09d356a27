/**
 * Case transitions through the real service layer (createCase, sendCaseEvent: validation,
 * enrichment, XState transition, version-guarded findOneAndUpdate) against MongoDB, with a
 * recording publisher and an in-memory payment gateway. Each case gets a realistic run of events;
 * cases run one after another (sequential) and then eight at a time (concurrency 8, each worker on
 * its own cases, so there are no version conflicts to retry).
 */
import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import type { SessionUser } from '../../shared/auth';
import type { CaseDetail, CreateCaseInput, SendEventInput } from '../../shared/cases';
import { createCase, sendCaseEvent } from '../../server/src/cases/cases.service';
import type { AppDeps } from '../../server/src/deps';
import { BookingModel } from '../../server/src/db/models/booking';
import { countingGateway, recordingPublisher, testClock, testDeps } from '../support/deps';
import { createPlatformFixtures, ZHANG_ID, type PlatformFixtures } from '../support/platform';
import { log } from './bench-env';
import { latencyStats, since, type LatencyStats } from './latency';

export type EngineRunResult = {
  cases: number;
  transitions: number;
  seconds: number;
  transitionsPerSecond: number;
  latencyMs: LatencyStats;
  createLatencyMs: LatencyStats;
};

export type EngineBenchResult = {
  caseTransitionsPerSecond: { sequential: number; concurrency8: number };
  sequential: EngineRunResult;
  concurrency8: EngineRunResult;
  eventsPerCase: { refund: string[]; complaint: string[] };
  finalStates: Record<string, number>;
  publishedPushes: number;
};

type Plan = {
  user: SessionUser;
  create: Omit<CreateCaseInput, 'idempotencyKey'>;
  events: SendEventInput['event'][];
};

/** Half refunds (agent: verify, quote, note, confirm), half complaints (handler: acknowledge ... propose). */
function plans(fx: PlatformFixtures): { refund: Plan; complaint: Plan } {
  return {
    refund: {
      user: fx.users.agent,
      create: {
        kind: 'refund',
        channel: 'phone',
        customerId: fx.customers.zhang,
        bookingId: fx.bookings.zhangRail.id,
        subject: '客户要求退票（压测）',
      },
      events: [
        { type: 'VERIFY', idNumber: ZHANG_ID },
        { type: 'QUOTE_REFUND', passengerIds: ['p1'], reason: '行程取消' },
        { type: 'ADD_NOTE', text: '客户同意按报价退款' },
        { type: 'CUSTOMER_CONFIRMED' },
      ],
    },
    complaint: {
      user: fx.users.complaint_handler,
      create: { kind: 'complaint', channel: 'chat', customerId: fx.customers.li, subject: '列车晚点投诉（压测）' },
      events: [
        { type: 'ACKNOWLEDGE', message: '您好，已收到您的投诉，我们会尽快处理。' },
        { type: 'START_INVESTIGATION' },
        { type: 'ADD_NOTE', text: '已联系车站核实晚点原因' },
        { type: 'PROPOSE_RESOLUTION', kind: 'apology', amountFen: 0, text: '向客户致歉' },
      ],
    },
  };
}

let copies = 0;
async function bookingCopy(bookingId: string): Promise<string> {
  const { _id, createdAt: _c, updatedAt: _u, ...original } = (await BookingModel.findById(bookingId).lean())!;
  const ref = `BN${String(++copies).padStart(7, '0')}`;
  const copy = await BookingModel.create({
    ...original,
    ref,
    passengers: original.passengers.map((p) => ({ ...p, ticketNumber: `${ref}-${p.passengerId}`, claim: null })),
  });
  return copy._id.toHexString();
}

/** Runs `work` over `count` indexes with `concurrency` workers, each taking the next index. */
async function pool(count: number, concurrency: number, work: (index: number) => Promise<void>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let index = next++; index < count; index = next++) await work(index);
    }),
  );
  return since(started);
}

/**
 * Creates the cases first (timed on their own), then applies each case's events in order, with
 * `concurrency` workers on different cases. Throughput is transitions over the second phase's wall time.
 */
async function runCases(
  deps: AppDeps,
  planList: Plan[],
  concurrency: number,
): Promise<EngineRunResult & { finals: string[] }> {
  const creates: number[] = [];
  const transitions: number[] = [];
  const cases: CaseDetail[] = [];
  await pool(planList.length, concurrency, async (index) => {
    const plan = planList[index]!;
    // A ticket is refunded by one case at a time: each refund works on its own copy of the booking (not timed).
    const create =
      plan.create.kind === 'refund' && plan.create.bookingId
        ? { ...plan.create, bookingId: await bookingCopy(plan.create.bookingId) }
        : plan.create;
    const start = performance.now();
    cases[index] = await createCase(deps, plan.user, { ...create, idempotencyKey: `bench-${randomUUID()}` });
    creates.push(since(start));
  });
  const wall = await pool(planList.length, concurrency, async (index) => {
    const plan = planList[index]!;
    let current = cases[index]!;
    for (const event of plan.events) {
      const start = performance.now();
      current = await sendCaseEvent(
        deps,
        plan.user,
        {
          caseId: current.id,
          expectedVersion: current.version,
          idempotencyKey: `bench-${randomUUID()}`,
          event,
        },
        { ip: '127.0.0.1' },
      );
      transitions.push(since(start));
    }
    cases[index] = current;
  });
  const seconds = wall / 1000;
  return {
    cases: planList.length,
    transitions: transitions.length,
    seconds: Math.round(seconds * 1000) / 1000,
    transitionsPerSecond: Math.round(transitions.length / seconds),
    latencyMs: latencyStats(transitions),
    createLatencyMs: latencyStats(creates),
    finals: cases.map((c) => `${c.kind}:${c.state}`),
  };
}

export async function engineBench(options: { uri: string; dbName: string; cases: number }): Promise<EngineBenchResult> {
  await mongoose.connect(options.uri, { dbName: options.dbName, serverSelectionTimeoutMS: 5000, retryWrites: false });
  try {
    await mongoose.connection.syncIndexes();
    const fx = await createPlatformFixtures();
    const publisher = recordingPublisher();
    // Before the G1 departure on 2026-05-12, so refunds quote normally.
    const deps = testDeps({
      now: testClock('2026-05-05T09:00:00+08:00').now,
      publisher,
      paymentGateway: countingGateway(),
    });
    const { refund, complaint } = plans(fx);
    const planList = (count: number) => Array.from({ length: count }, (_, i) => (i % 2 === 0 ? refund : complaint));

    log(`engine: warm-up (10 cases)`);
    await runCases(deps, planList(10), 1);

    log(`engine: ${options.cases} cases sequential`);
    const { finals: seqFinals, ...sequential } = await runCases(deps, planList(options.cases), 1);
    log(`engine: sequential ${sequential.transitionsPerSecond} transitions/s`);

    log(`engine: ${options.cases} cases with concurrency 8`);
    const { finals: parFinals, ...concurrency8 } = await runCases(deps, planList(options.cases), 8);
    log(`engine: concurrency 8 ${concurrency8.transitionsPerSecond} transitions/s`);

    const finalStates: Record<string, number> = {};
    for (const state of [...seqFinals, ...parFinals]) finalStates[state] = (finalStates[state] ?? 0) + 1;
    return {
      caseTransitionsPerSecond: {
        sequential: sequential.transitionsPerSecond,
        concurrency8: concurrency8.transitionsPerSecond,
      },
      sequential,
      concurrency8,
      eventsPerCase: { refund: refund.events.map((e) => e.type), complaint: complaint.events.map((e) => e.type) },
      finalStates,
      publishedPushes: publisher.pushes.length,
    };
  } finally {
    await mongoose.connection.dropDatabase().catch(() => undefined);
    await mongoose.disconnect();
  }
}
