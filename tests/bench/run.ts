/**
 * `npm run bench`: the case engine's throughput, push latency to 200 consoles, and the console's
 * initial JS and 10k-row queue render, and a 90-day report over 100,000 cases. Prints one JSON document on stdout; progress goes to stderr.
 *
 *   npm run bench                 # everything
 *   npm run bench -- engine push  # only some parts (engine, push, client, chat, reports, router)
 *
 * Sizes: BENCH_CASES (engine cases per mode, default 200), BENCH_CPU_CASES (cases per history
 * length for engine.cpuMsPerTransition, 20) and BENCH_CPU_NOTES (timed notes per case, 10),
 * BENCH_SOCKETS (200), BENCH_PUSH_EVENTS (50), BENCH_PUSH_EXTERNAL_EVENTS (30 per console count:
 * 100, 500, 2000, in BENCH_PUSH_WORKERS = 4 processes), BENCH_QUEUE_CASES (10000, the larger
 * queue; the smaller has 100), BENCH_RENDER_RUNS (5), BENCH_CHATS (200 open chats: key
 * chat.latencyMs.c200), BENCH_CHAT_MESSAGES (2 per chat), BENCH_CHAT_SENDERS (8 at once).
 * BENCH_REPORT_CASES (100000), BENCH_ROUTER_AGENTS (200), BENCH_ROUTER_CONTACTS (2000),
 * BENCH_ROUTER_ROUNDS (3).
 */
import { execFile } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import mongoose from 'mongoose';
import { benchDbName, benchMongo, log } from './bench-env';
import { clientBench, type ClientBenchResult } from './client.bench';
import { engineBench, type EngineBenchResult } from './engine.bench';
import { engineCpuBench, type EngineCpuBenchResult } from './engine-cpu.bench';
import type { PushBenchResult } from './push.bench';
import type { ChatBenchResult } from './chat.bench';
import type { PushExternalBenchResult } from './push-external.bench';

import { reportsBench, type ReportsBenchResult } from './reports.bench';

import { routerBench, type RouterBenchResult } from './router.bench';

const parts = ['engine', 'push', 'client', 'chat', 'reports', 'router'] as const;
type Part = (typeof parts)[number];

function selectedParts(argv: readonly string[]): Part[] {
  const asked = argv.filter((arg) => !arg.startsWith('-'));
  const unknown = asked.filter((arg) => !(parts as readonly string[]).includes(arg));
  if (unknown.length > 0)
    throw new Error(`unknown bench part(s): ${unknown.join(', ')}; choose from ${parts.join(', ')}`);
  return asked.length === 0 ? [...parts] : parts.filter((part) => asked.includes(part));
}

function sizeFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

/** What answers at the URI: the dev emulator reports itself in buildInfo.gitVersion. */
async function describeServer(uri: string): Promise<{ version: string | null; emulator: boolean }> {
  const connection = await mongoose.createConnection(uri, { serverSelectionTimeoutMS: 5000 }).asPromise();
  try {
    const info = (await connection.db?.admin().buildInfo()) as { version?: string; gitVersion?: string } | undefined;
    return { version: info?.version ?? null, emulator: info?.gitVersion === 'mongo-emulator' };
  } finally {
    await connection.close();
  }
}

/** Each mongoose warning once: the engine's deprecated findOneAndUpdate option would print one per write. */
function dedupeWarnings(): void {
  const seen = new Set<string>();
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    const key = `${warning.name}: ${warning.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    process.stderr.write(`(warning, shown once) ${key}\n`);
  });
}

/** Runs a bench entry (tests/bench/<entry>) in its own Node process: options in, its JSON result out. */
function inOwnProcess<T>(entry: string, ...args: unknown[]): Promise<T> {
  const file = fileURLToPath(new URL(`./${entry}`, import.meta.url));
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', file, ...args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg)))],
      { maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        process.stderr.write(stderr);
        if (error) reject(new Error(stderr.trim().split('\n').at(-1) ?? error.message));
        else resolve(JSON.parse(stdout) as T);
      },
    );
  });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function main(): Promise<number> {
  dedupeWarnings();
  // Libraries that print with console.log would corrupt the JSON on stdout.
  console.log = (...args: unknown[]) => console.error(...args);
  const selected = selectedParts(process.argv.slice(2));
  const started = performance.now();
  const mongo = await benchMongo();
  const errors: Partial<Record<Part, string>> = {};
  let engine: EngineBenchResult | undefined;
  let engineCpu: EngineCpuBenchResult | undefined;
  let push: PushBenchResult | undefined;
  let pushExternal: PushExternalBenchResult | undefined;
  let client: ClientBenchResult | undefined;
  let chat: ChatBenchResult | undefined;
  let reports: ReportsBenchResult | undefined;
  let router: RouterBenchResult | undefined;
  let server: { version: string | null; emulator: boolean };
  try {
    server = await describeServer(mongo.uri);
    if (server.emulator)
      log('MongoDB at MONGODB_URI is the dev wire-protocol emulator: database-bound figures are not MongoDB speed');
    if (selected.includes('engine')) {
      engine = await engineBench({
        uri: mongo.uri,
        dbName: benchDbName('engine'),
        cases: sizeFromEnv('BENCH_CASES', 200),
      }).catch((error: unknown) => {
        errors.engine = messageOf(error);
        return undefined;
      });
      engineCpu = await engineCpuBench({
        uri: mongo.uri,
        dbName: benchDbName('engine_cpu'),
        cases: sizeFromEnv('BENCH_CPU_CASES', 20),
        transitionsPerCase: sizeFromEnv('BENCH_CPU_NOTES', 10),
      }).catch((error: unknown) => {
        errors.engine = [errors.engine, `cpu: ${messageOf(error)}`].filter(Boolean).join('; ');
        return undefined;
      });
    }
    if (selected.includes('push')) {
      push = await inOwnProcess<PushBenchResult>('part.main.ts', 'push', {
        uri: mongo.uri,
        dbName: benchDbName('push'),
        sockets: sizeFromEnv('BENCH_SOCKETS', 200),
        events: sizeFromEnv('BENCH_PUSH_EVENTS', 50),
      }).catch((error: unknown) => {
        errors.push = messageOf(error);
        return undefined;
      });
      pushExternal = await inOwnProcess<PushExternalBenchResult>('push-external.main.ts', {
        uri: mongo.uri,
        dbName: benchDbName('push_external'),
        steps: [100, 500, 2000],
        events: sizeFromEnv('BENCH_PUSH_EXTERNAL_EVENTS', 30),
        workers: sizeFromEnv('BENCH_PUSH_WORKERS', 4),
      }).catch((error: unknown) => {
        errors.push = [errors.push, `external: ${messageOf(error)}`].filter(Boolean).join('; ');
        return undefined;
      });
    }
    if (selected.includes('client')) {
      client = await clientBench({
        uri: mongo.uri,
        dbName: benchDbName('client'),
        cases: sizeFromEnv('BENCH_QUEUE_CASES', 10_000),
        runs: sizeFromEnv('BENCH_RENDER_RUNS', 5),
      }).catch((error: unknown) => {
        errors.client = messageOf(error);
        return undefined;
      });
      if (client?.queueRenderError) errors.client = client.queueRenderError;
    }
    if (selected.includes('chat')) {
      chat = await inOwnProcess<ChatBenchResult>('part.main.ts', 'chat', {
        uri: mongo.uri,
        dbName: benchDbName('chat'),
        chats: sizeFromEnv('BENCH_CHATS', 200),
        messagesPerChat: sizeFromEnv('BENCH_CHAT_MESSAGES', 2),
        senders: sizeFromEnv('BENCH_CHAT_SENDERS', 8),
      }).catch((error: unknown) => {
        errors.chat = messageOf(error);
        return undefined;
      });
    }
    if (selected.includes('reports')) {
      reports = await reportsBench({
        uri: mongo.uri,
        dbName: benchDbName('reports'),
        cases: sizeFromEnv('BENCH_REPORT_CASES', 100_000),
      }).catch((error: unknown) => {
        errors.reports = messageOf(error);
        return undefined;
      });
    }
    if (selected.includes('router')) {
      router = await routerBench({
        uri: mongo.uri,
        dbName: benchDbName('router'),
        agents: sizeFromEnv('BENCH_ROUTER_AGENTS', 200),
        contacts: sizeFromEnv('BENCH_ROUTER_CONTACTS', 2000),
        rounds: sizeFromEnv('BENCH_ROUTER_ROUNDS', 3),
      }).catch((error: unknown) => {
        errors.router = messageOf(error);
        return undefined;
      });
    }
  } finally {
    await mongo.stop();
  }

  const report = {
    timestamp: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? null,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    platform: `${process.platform}-${process.arch}`,
    database: {
      kind: mongo.description,
      serverVersion: server.version,
      emulator: server.emulator,
      note: server.emulator
        ? 'MONGODB_URI server is the dev MongoDB wire-protocol emulator (in-memory, single-threaded JS): database-bound figures are not MongoDB speed'
        : 'MONGODB_URI server',
    },
    parts: selected,
    caseTransitionsPerSecond: engine?.caseTransitionsPerSecond ?? null,
    caseTransitionLatencyMs: engine
      ? {
          sequential: { p50: engine.sequential.latencyMs.p50, p99: engine.sequential.latencyMs.p99 },
          concurrency8: { p50: engine.concurrency8.latencyMs.p50, p99: engine.concurrency8.latencyMs.p99 },
        }
      : null,
    engine: engineCpu ? { cpuMsPerTransition: engineCpu.cpuMsPerTransition } : null,
    push: pushExternal ? { external: pushExternal.external, messageBytes: pushExternal.pushMessageBytes } : null,
    pushLatencyMs: push?.pushLatencyMs ?? null,
    client: client
      ? {
          initialJsGzipBytes: client.initialJsGzipBytes,
          queueFirstRowsMs: client.queueFirstRowsMs,
          queueRender10kMs: client.queueRender10kMs,
        }
      : null,
    chat: chat ? { latencyMs: { [`c${chat.chats}`]: { p50: chat.latencyMs.p50, p99: chat.latencyMs.p99 } } } : null,
    details: {
      engine: engine ?? null,
      engineCpu: engineCpu ?? null,
      push: push ?? null,
      pushExternal: pushExternal ?? null,
      client: client ?? null,
      chat: chat ?? null,
      reports: reports ?? null,
      router: router ?? null,
    },
    reports: reports
      ? {
          summaryMs: { [`d${reports.days}c${Math.round(reports.cases / 1000)}k`]: reports.summaryMs },
          byDayMs: reports.byDayMs,
          byAgentMs: reports.byAgentMs,
          note: server.emulator
            ? 'measured over the stand-in database here (the dev MongoDB wire-protocol emulator, aggregation in JS through mingo): not MongoDB speed'
            : `measured over ${mongo.description}`,
        }
      : null,
    router: router
      ? {
          decisionsPerSec: router.decisionsPerSec,
          offerLatencyMs: { p50: router.offerLatencyMs.p50, p99: router.offerLatencyMs.p99 },
        }
      : null,
    errors,
    durationSeconds: Math.round((performance.now() - started) / 100) / 10,
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  return Object.keys(errors).length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${messageOf(error)}\n`);
    process.exit(1);
  },
);
