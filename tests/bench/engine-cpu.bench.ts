/**
 * The server's own CPU per transition (`process.cpuUsage`: this process's user + system time, which
 * leaves out the database's, a process of its own), on young cases (5 history entries) and old
 * ones (300). The figure is how the cost grows with a case's age: the goal is old ≤ 1.3 × young
 * and ≤ 0.5 ms. Each transition is an ADD_NOTE through the real service (sendCaseEvent); young
 * and old cases take turns so drift on a noisy machine hits both alike.
 */
import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import type { CaseDetail } from '../../shared/cases';
import { createCase, sendCaseEvent } from '../../server/src/cases/cases.service';
import { CaseModel, type HistoryRecord } from '../../server/src/db/models/case';
import { recordingPublisher, testClock, testDeps } from '../support/deps';
import { createPlatformFixtures } from '../support/platform';
import { log } from './bench-env';
import { latencyStats, type LatencyStats } from './latency';

export type CpuRun = {
  historyEntries: number;
  transitions: number;
  /** CPU milliseconds per transition in this process: the median, and the mean of all. */
  cpuMs: { p50: number; mean: number };
  /** Wall time per transition (CPU here + database + loopback). */
  wallMs: LatencyStats;
};

export type EngineCpuBenchResult = {
  cpuMsPerTransition: { shortHistory: number; longHistory: number; longOverShort: number };
  shortHistory: CpuRun;
  longHistory: CpuRun;
};

const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;

function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

export async function engineCpuBench(options: {
  uri: string;
  dbName: string;
  /** Cases per history length. */
  cases: number;
  /** Notes added to each case (timed). */
  transitionsPerCase: number;
}): Promise<EngineCpuBenchResult> {
  await mongoose.connect(options.uri, { dbName: options.dbName, serverSelectionTimeoutMS: 5000, retryWrites: false });
  try {
    await mongoose.connection.syncIndexes();
    const fx = await createPlatformFixtures();
    const deps = testDeps({ now: testClock('2026-05-05T09:00:00+08:00').now, publisher: recordingPublisher() });
    const handler = fx.users.complaint_handler;

    /** A complaint whose history has `entries` entries (the older ones written straight to the database). */
    const complaint = async (entries: number): Promise<CaseDetail> => {
      const created = await createCase(deps, handler, {
        kind: 'complaint',
        channel: 'phone',
        customerId: fx.customers.li,
        subject: '投诉（CPU 压测）',
        idempotencyKey: `cpu-${randomUUID()}`,
      });
      const older: HistoryRecord[] = Array.from({ length: entries - 1 }, (_, i) => ({
        seq: created.version + i + 1,
        at: new Date(Date.UTC(2026, 4, 5, 0, 0, i)),
        actor: { id: handler.id, name: handler.name, role: handler.role },
        event: 'ADD_NOTE',
        payload: { text: `第 ${i + 2} 条：客户来电补充说明，要求尽快处理并回电。` },
        from: created.state,
        to: created.state,
        key: `cpu-old-${i}`,
      }));
      if (older.length > 0)
        await CaseModel.updateOne(
          { _id: created.id },
          { $push: { history: { $each: older } }, $inc: { version: older.length } },
        );
      return { ...created, version: created.version + older.length };
    };

    const lengths = { shortHistory: 5, longHistory: 300 } as const;
    const cases = { shortHistory: [] as CaseDetail[], longHistory: [] as CaseDetail[] };
    for (let i = 0; i < options.cases; i++) {
      cases.shortHistory.push(await complaint(lengths.shortHistory));
      cases.longHistory.push(await complaint(lengths.longHistory));
    }
    const samples = {
      shortHistory: { cpu: [] as number[], wall: [] as number[] },
      longHistory: { cpu: [] as number[], wall: [] as number[] },
    };

    const note = async (which: keyof typeof cases, index: number, timed: boolean) => {
      const current = cases[which][index]!;
      const cpu = process.cpuUsage();
      const wall = performance.now();
      cases[which][index] = await sendCaseEvent(
        deps,
        handler,
        {
          caseId: current.id,
          expectedVersion: current.version,
          idempotencyKey: `cpu-${randomUUID()}`,
          event: { type: 'ADD_NOTE', text: '已再次联系客户' },
        },
        { ip: '127.0.0.1' },
      );
      if (!timed) return;
      samples[which].cpu.push(cpuMsSince(cpu));
      samples[which].wall.push(performance.now() - wall);
    };

    log(`engine cpu: warm-up`);
    for (let i = 0; i < Math.min(5, options.cases); i++) {
      await note('shortHistory', i, false);
      await note('longHistory', i, false);
    }
    log(`engine cpu: ${options.cases} cases × ${options.transitionsPerCase} notes, histories of 5 and 300`);
    for (let round = 0; round < options.transitionsPerCase; round++) {
      for (let i = 0; i < options.cases; i++) {
        await note('shortHistory', i, true);
        await note('longHistory', i, true);
      }
    }

    const run = (which: keyof typeof cases): CpuRun => {
      const cpu = samples[which].cpu;
      return {
        historyEntries: lengths[which],
        transitions: cpu.length,
        cpuMs: { p50: round(median(cpu)), mean: round(cpu.reduce((a, b) => a + b, 0) / cpu.length) },
        wallMs: latencyStats(samples[which].wall),
      };
    };
    const shortHistory = run('shortHistory');
    const longHistory = run('longHistory');
    log(`engine cpu: short ${shortHistory.cpuMs.p50} ms, long ${longHistory.cpuMs.p50} ms per transition`);
    return {
      cpuMsPerTransition: {
        shortHistory: shortHistory.cpuMs.p50,
        longHistory: longHistory.cpuMs.p50,
        longOverShort: round(longHistory.cpuMs.p50 / shortHistory.cpuMs.p50, 2),
      },
      shortHistory,
      longHistory,
    };
  } finally {
    await mongoose.connection.dropDatabase().catch(() => undefined);
    await mongoose.disconnect();
  }
}
