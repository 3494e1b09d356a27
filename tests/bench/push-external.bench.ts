/**
 * Push latency measured honestly: the consoles live in other processes (push-console-worker.ts,
 * forked with tsx's loader), connected over loopback, so their websocket and JSON work does not
 * share the server's event loop. 100, then 500, then 2,000 consoles subscribed to queue:refunds;
 * for each ADD_NOTE the time from the commit (the publisher called after the write, in the server)
 * to each console's receipt, both on the machine's wall clock (performance.timeOrigin + now()).
 * Also the size of one push message: a queue item, never the full case.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { CaseDetail } from '../../shared/cases';
import { rooms, type CasePush } from '../../shared/realtime';
import { createServer } from '../../server/src/http/server';
import { createPlatformFixtures, PASSWORD } from '../support/platform';
import { benchLogger, benchServerConfig, log } from './bench-env';
import { latencyStats, type LatencyStats } from './latency';
import { apiClient, signIn } from './sessions';
import type { WorkerCommand, WorkerReport } from './push-console-worker';

const WORKER = fileURLToPath(new URL('./push-console-worker.ts', import.meta.url));
const ROOM = rooms.queue('refunds');
const RECEIPT_TIMEOUT_MS = 10_000;

export type ExternalStep = { consoles: number; events: number; fromCommitMs: LatencyStats; missed: number };

export type PushExternalBenchResult = {
  external: Record<string, { p50: number; p99: number }>;
  steps: ExternalStep[];
  workers: number;
  /** Bytes of one push as sent (JSON of the message): a queue item. */
  pushMessageBytes: number;
  note: string;
};

const wallNow = () => performance.timeOrigin + performance.now();

type Worker = { child: ChildProcess; sockets: number };

function startWorker(): Worker {
  const child = fork(WORKER, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  return { child, sockets: 0 };
}

function command(worker: Worker, message: WorkerCommand): void {
  worker.child.send(message);
}

export async function pushExternalBench(options: {
  uri: string;
  dbName: string;
  steps: readonly number[];
  events: number;
  workers: number;
}): Promise<PushExternalBenchResult> {
  const base = benchServerConfig(options.uri, options.dbName);
  // One sign-in holds every console here; the product's per-session cap is for people, not for the bench.
  const config = { ...base, sockets: { ...base.sockets, maxPerSession: 100_000 } };
  const server = await createServer(config, { jobs: false, seed: false, staticDir: null, logger: benchLogger() });
  const workers = Array.from({ length: options.workers }, startWorker);
  try {
    const fx = await createPlatformFixtures();
    const { cookie } = await signIn(server.url, 'agent1', PASSWORD);
    const api = apiClient(server.url, cookie);

    const commits = new Map<string, number>();
    const original = server.deps.publisher;
    let pushMessageBytes = 0;
    server.deps.publisher = {
      publishCase(item, previous) {
        commits.set(`${item.id}:${item.version}`, wallNow());
        const message: CasePush = { room: ROOM, seq: 1, type: 'case.upsert', item };
        pushMessageBytes = Buffer.byteLength(JSON.stringify(message));
        original.publishCase(item, previous);
      },
      publishConversation: (conversation, rooms) => original.publishConversation(conversation, rooms),
      currentSeq: (room) => original.currentSeq(room),
    };

    // Receipts per push key, as the workers report them (each when all its sockets have it).
    const receipts = new Map<string, { times: number[]; reports: number; done: () => void }>();
    for (const worker of workers) {
      worker.child.on('message', (report: WorkerReport) => {
        if (report.type !== 'received') return;
        const entry = receipts.get(report.key);
        if (!entry) return;
        entry.times.push(...report.times);
        if (++entry.reports === workers.filter((w) => w.sockets > 0).length) entry.done();
      });
    }

    const connectTo = async (total: number) => {
      const current = workers.reduce((sum, w) => sum + w.sockets, 0);
      const add = total - current;
      await Promise.all(
        workers.map(
          (worker, index) =>
            new Promise<void>((resolve, reject) => {
              const count = Math.floor(add / workers.length) + (index < add % workers.length ? 1 : 0);
              if (count === 0) return resolve();
              const onMessage = (report: WorkerReport) => {
                if (report.type === 'connected') {
                  worker.child.off('message', onMessage);
                  worker.sockets = report.sockets;
                  resolve();
                } else if (report.type === 'error') reject(new Error(`console worker: ${report.message}`));
              };
              worker.child.on('message', onMessage);
              command(worker, { type: 'connect', url: server.url, cookie, room: ROOM, count });
            }),
        ),
      );
    };

    let c: CaseDetail = await api.cases.create.mutate({
      kind: 'refund',
      channel: 'phone',
      customerId: fx.customers.zhang,
      bookingId: fx.bookings.zhangRail.id,
      subject: '外部推送压测',
      idempotencyKey: `bench-${randomUUID()}`,
    });

    const measure = async (consoles: number, events: number): Promise<ExternalStep> => {
      const latencies: number[] = [];
      let missed = 0;
      for (let n = 0; n < events; n++) {
        const key = `${c.id}:${c.version + 1}`;
        let done = () => {};
        const all = new Promise<void>((resolve) => (done = resolve));
        const entry = { times: [] as number[], reports: 0, done };
        receipts.set(key, entry);
        c = await api.cases.send.mutate({
          caseId: c.id,
          expectedVersion: c.version,
          idempotencyKey: `bench-${randomUUID()}`,
          event: { type: 'ADD_NOTE', text: `外部推送 ${n + 1}` },
        });
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([all, new Promise<void>((resolve) => (timer = setTimeout(resolve, RECEIPT_TIMEOUT_MS)))]);
        clearTimeout(timer);
        receipts.delete(key);
        const committedAt = commits.get(key);
        commits.delete(key);
        missed += consoles - entry.times.length;
        if (committedAt !== undefined) for (const at of entry.times) latencies.push(at - committedAt);
      }
      return { consoles, events, fromCommitMs: latencyStats(latencies), missed };
    };

    const steps: ExternalStep[] = [];
    for (const consoles of options.steps) {
      log(`push external: connecting ${consoles} consoles in ${workers.length} worker processes`);
      await connectTo(consoles);
      await measure(consoles, 3); // warm-up
      const step = await measure(consoles, options.events);
      log(`push external: c${consoles} p50 ${step.fromCommitMs.p50} ms, p99 ${step.fromCommitMs.p99} ms`);
      steps.push(step);
    }
    return {
      external: Object.fromEntries(
        steps.map((s) => [`c${s.consoles}`, { p50: s.fromCommitMs.p50, p99: s.fromCommitMs.p99 }]),
      ),
      steps,
      workers: workers.length,
      pushMessageBytes,
      note: 'commit (publisher called after the write, server process) to receipt in console processes over loopback; one push per change per room, each a queue item',
    };
  } finally {
    for (const worker of workers) {
      if (worker.child.connected) command(worker, { type: 'stop' });
      else worker.child.kill();
    }
    await server.database.connection.dropDatabase().catch(() => undefined);
    await server.close();
  }
}
