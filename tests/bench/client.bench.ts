/**
 * The console in a real browser:
 * - initial JS: gzip size of the scripts dist/client/index.html loads up front (entry script and
 *   modulepreloads; lazy chunks are not counted), building the console first when dist/client is
 *   missing or older than client/ and shared/;
 * - queue render: the whole server serving the built console over a database with 10,000 open
 *   cases, a supervisor signed in, headless Chromium navigating to /queue. Times are taken inside
 *   the page (performance.now, navigation start = 0) by a MutationObserver installed before the
 *   app's scripts run.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { Types } from 'mongoose';
import { chromium, type Page } from 'playwright-core';
import { priorityRank, type CreateCaseInput, type Priority } from '../../shared/cases';
import type { SessionUser } from '../../shared/auth';
import type { AppDeps } from '../../server/src/deps';
import { createCase } from '../../server/src/cases/cases.service';
import { CaseModel, type CaseRecord } from '../../server/src/db/models/case';
import { createServer } from '../../server/src/http/server';
import { createPlatformFixtures, PASSWORD, type PlatformFixtures } from '../support/platform';
import { benchLogger, benchServerConfig, log } from './bench-env';
import { signIn } from './sessions';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIST = join(ROOT, 'dist/client');
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

export type InitialJs = {
  initialJsGzipBytes: number;
  initialJsBytes: number;
  initialCssGzipBytes: number;
  files: { file: string; bytes: number; gzipBytes: number }[];
  built: boolean;
};

export type QueueRenderRun = {
  /** Navigation start to the first queue row in the DOM, and to the frame after it (painted). */
  firstRowMs: number;
  firstRowPaintedMs: number;
  /** When the queue.snapshot response(s) finished arriving, and how big they were. */
  snapshotRequestStartMs: number | null;
  snapshotResponseEndMs: number | null;
  snapshotBytes: number | null;
  snapshotTransferBytes: number | null;
  /** First row painted minus snapshot response end: parsing, sorting and rendering 10k items. */
  renderAfterDataMs: number | null;
  rowsInDom: number;
};

export type ClientBenchResult = {
  initialJsGzipBytes: number | null;
  queueRender10kMs: number | null;
  initialJs: InitialJs | { error: string };
  queueRender?: {
    cases: number;
    rowCount: number;
    runs: QueueRenderRun[];
    scrollToBottom: { lastRowMs: number; lastRowPaintedMs: number; lastRowIndex: number };
    seedMs: number;
    note: string;
  };
  queueRenderError?: string;
};

// ---------------------------------------------------------------------------------------------
// Initial JS

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function buildIsStale(): boolean {
  const index = join(DIST, 'index.html');
  if (!existsSync(index)) return true;
  const builtAt = statSync(index).mtimeMs;
  return ['client', 'shared'].some((dir) => newestMtime(join(ROOT, dir)) > builtAt);
}

async function buildConsole(): Promise<void> {
  log('client: building the console (vite build)');
  await new Promise<void>((done, fail) => {
    // Build output goes to stderr: stdout carries only the result document.
    const child = spawn('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: ['ignore', 2, 2] });
    child.on('error', fail);
    child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`vite build exited with ${code}`))));
  });
}

/** The entry script and modulepreloads of index.html, gzipped as a server would send them. */
export async function initialJs(): Promise<InitialJs> {
  const built = buildIsStale();
  if (built) await buildConsole();
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const attr = (tag: string, name: string) => new RegExp(`\\b${name}="([^"]+)"`).exec(tag)?.[1] ?? null;
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => attr(m[0], 'src'));
  const preloads = [...html.matchAll(/<link\b[^>]*>/g)]
    .filter((m) => attr(m[0], 'rel') === 'modulepreload')
    .map((m) => attr(m[0], 'href'));
  const styles = [...html.matchAll(/<link\b[^>]*>/g)]
    .filter((m) => attr(m[0], 'rel') === 'stylesheet')
    .map((m) => attr(m[0], 'href'));
  const sizeOf = (href: string) => {
    const bytes = readFileSync(resolve(DIST, `.${new URL(href, 'http://console.local/').pathname}`));
    return { file: href, bytes: bytes.length, gzipBytes: gzipSync(bytes).length };
  };
  const files = [...new Set([...scripts, ...preloads].filter((href): href is string => href !== null))].map(sizeOf);
  const css = styles.filter((href): href is string => href !== null).map(sizeOf);
  return {
    initialJsGzipBytes: files.reduce((sum, f) => sum + f.gzipBytes, 0),
    initialJsBytes: files.reduce((sum, f) => sum + f.bytes, 0),
    initialCssGzipBytes: css.reduce((sum, f) => sum + f.gzipBytes, 0),
    files,
    built,
  };
}

// ---------------------------------------------------------------------------------------------
// 10,000 open cases

const templateKinds = ['booking', 'change', 'refund', 'complaint'] as const;
const subjects = [
  '改签到明天同一时段',
  '客户要求全额退票',
  '列车晚点两小时投诉',
  '帮老人预订下周车票',
  '航班取消要求退款',
  '座位与订单不符',
  '学生票资质核验',
  '儿童票改签',
];

/** Weighted so a queue looks like a queue: mostly normal, some high, few urgent. */
function priorityFor(i: number): Priority {
  const roll = (i * 7919) % 100;
  return roll < 3 ? 'urgent' : roll < 18 ? 'high' : roll < 90 ? 'normal' : 'low';
}

/**
 * One real case per kind through the engine, then `count` copies of them with their own ids,
 * refs, subjects, priorities and waiting times, inserted directly (creating 10,000 through the
 * engine would take minutes on the dev emulator). The templates are removed afterwards.
 */
async function seedOpenCases(deps: AppDeps, fx: PlatformFixtures, count: number): Promise<void> {
  const users = { agent: fx.users.agent, handler: fx.users.complaint_handler };
  const inputs: Record<
    (typeof templateKinds)[number],
    { user: SessionUser; input: Omit<CreateCaseInput, 'idempotencyKey'> }
  > = {
    booking: {
      user: users.agent,
      input: { kind: 'booking', channel: 'phone', customerId: fx.customers.zhang, subject: '订票' },
    },
    change: {
      user: users.agent,
      input: {
        kind: 'change',
        channel: 'phone',
        customerId: fx.customers.zhang,
        bookingId: fx.bookings.zhangRail.id,
        subject: '改签',
      },
    },
    refund: {
      user: users.agent,
      input: {
        kind: 'refund',
        channel: 'chat',
        customerId: fx.customers.zhang,
        bookingId: fx.bookings.zhangRail.id,
        subject: '退票',
      },
    },
    complaint: {
      user: users.handler,
      input: { kind: 'complaint', channel: 'email', customerId: fx.customers.li, subject: '投诉' },
    },
  };
  const templates: CaseRecord[] = [];
  for (const kind of templateKinds) {
    const { user, input } = inputs[kind];
    const created = await createCase(deps, user, { ...input, idempotencyKey: `bench-${randomUUID()}` });
    const record = await CaseModel.findById(created.id).lean<CaseRecord>();
    if (!record) throw new Error(`template ${kind} case missing`);
    templates.push(record);
  }
  const now = Date.now();
  const assignees = [null, null, null, { id: users.agent.id, name: users.agent.name }];
  const batch: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const template = templates[i % templates.length];
    if (!template) throw new Error('no template');
    const id = new Types.ObjectId();
    const ref = `${template.ref.slice(0, 2)}-B${String(i + 1).padStart(6, '0')}`;
    const priority = priorityFor(i);
    const subject = `${subjects[i % subjects.length]} #${i + 1}`;
    const assignee = template.kind === 'complaint' ? null : (assignees[i % assignees.length] ?? null);
    // Waiting from a few seconds to about three days.
    const waitingSince = new Date(now - ((i * 2654435761) % (3 * 24 * 3600_000)));
    const { _id: _templateId, ...rest } = template;
    batch.push({
      ...rest,
      _id: id,
      ref,
      createKey: `bench-clone-${randomUUID()}`,
      subject,
      priority,
      priorityRank: priorityRank[priority],
      assigneeId: assignee?.id ?? null,
      assigneeName: assignee?.name ?? null,
      waitingSince,
      createdAt: waitingSince,
      updatedAt: waitingSince,
      idempotencyKeys: [],
      snapshot: {
        ...template.snapshot,
        context: { ...template.snapshot.context, caseId: id.toHexString(), ref, subject, priority, assignee },
      },
    });
    if (batch.length === 1000) await CaseModel.collection.insertMany(batch.splice(0));
  }
  if (batch.length > 0) await CaseModel.collection.insertMany(batch);
  await CaseModel.deleteMany({ _id: { $in: templates.map((t) => t._id) } });
}

// ---------------------------------------------------------------------------------------------
// In the page

type PageMarks = { firstRow: number | null; firstRowPainted: number | null };
type MarkedWindow = Window & { __benchMarks?: PageMarks };

/** Runs in the page before its scripts: notes when the first queue row enters the DOM and is painted. */
function installMarks(): void {
  const marks: PageMarks = { firstRow: null, firstRowPainted: null };
  (window as MarkedWindow).__benchMarks = marks;
  const observer = new MutationObserver(() => {
    if (marks.firstRow !== null || !document.querySelector('[data-testid="queue-row"]')) return;
    marks.firstRow = performance.now();
    observer.disconnect();
    // A message posted from an animation frame callback is handled after that frame is painted.
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        marks.firstRowPainted = performance.now();
      };
      channel.port2.postMessage(null);
    });
  });
  observer.observe(document, { childList: true, subtree: true });
}

async function measureQueueLoad(page: Page, url: string): Promise<QueueRenderRun> {
  await page.goto(`${url}/queue`, { waitUntil: 'commit' });
  await page.waitForFunction(() => (window as MarkedWindow).__benchMarks?.firstRowPainted != null, undefined, {
    timeout: 60_000,
    polling: 50,
  });
  return page.evaluate((): QueueRenderRun => {
    const marks = (window as MarkedWindow).__benchMarks ?? { firstRow: null, firstRowPainted: null };
    const snapshots = performance
      .getEntriesByType('resource')
      .filter((entry): entry is PerformanceResourceTiming => entry.name.includes('queue.snapshot'));
    const responseEnd = snapshots.length > 0 ? Math.max(...snapshots.map((entry) => entry.responseEnd)) : null;
    const round = (ms: number) => Math.round(ms * 10) / 10;
    return {
      firstRowMs: round(marks.firstRow ?? Number.NaN),
      firstRowPaintedMs: round(marks.firstRowPainted ?? Number.NaN),
      snapshotRequestStartMs:
        snapshots.length > 0 ? round(Math.min(...snapshots.map((entry) => entry.requestStart))) : null,
      snapshotResponseEndMs: responseEnd === null ? null : round(responseEnd),
      snapshotBytes: snapshots.length > 0 ? snapshots.reduce((sum, entry) => sum + entry.decodedBodySize, 0) : null,
      snapshotTransferBytes:
        snapshots.length > 0 ? snapshots.reduce((sum, entry) => sum + entry.transferSize, 0) : null,
      renderAfterDataMs:
        responseEnd === null || marks.firstRowPainted === null ? null : round(marks.firstRowPainted - responseEnd),
      rowsInDom: document.querySelectorAll('[data-testid="queue-row"]').length,
    };
  });
}

/** Scrolls the queue to its end and times until the last row is in the DOM, then painted. */
async function measureScrollToBottom(
  page: Page,
): Promise<{ lastRowMs: number; lastRowPaintedMs: number; lastRowIndex: number }> {
  return page.evaluate(async () => {
    const table = document.querySelector('[data-testid="queue-table"]');
    const scroller = document.querySelector<HTMLElement>('[data-testid="queue-scroll"]');
    if (!table || !scroller) throw new Error('queue table not found');
    // aria-rowcount counts the header row; rows are numbered from 2.
    const lastRowIndex = Number(table.getAttribute('aria-rowcount'));
    const selector = `[data-testid="queue-row"][aria-rowindex="${lastRowIndex}"]`;
    const start = performance.now();
    const rendered = new Promise<number>((done) => {
      const observer = new MutationObserver(() => {
        if (!document.querySelector(selector)) return;
        observer.disconnect();
        done(performance.now());
      });
      observer.observe(scroller, { childList: true, subtree: true });
    });
    scroller.scrollTop = scroller.scrollHeight;
    const lastRowAt = document.querySelector(selector) ? performance.now() : await rendered;
    await new Promise<void>((done) =>
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => done();
        channel.port2.postMessage(null);
      }),
    );
    const round = (ms: number) => Math.round(ms * 10) / 10;
    return { lastRowMs: round(lastRowAt - start), lastRowPaintedMs: round(performance.now() - start), lastRowIndex };
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
}

async function queueRender(options: {
  uri: string;
  dbName: string;
  cases: number;
  runs: number;
}): Promise<NonNullable<ClientBenchResult['queueRender']>> {
  const server = await createServer(benchServerConfig(options.uri, options.dbName), {
    jobs: false,
    seed: false,
    staticDir: DIST,
    logger: benchLogger(),
  });
  const browser = await chromium
    .launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true })
    .catch(async (error: unknown) => {
      await server.database.connection.dropDatabase().catch(() => undefined);
      await server.close();
      throw error;
    });
  try {
    const fx = await createPlatformFixtures();
    log(`client: seeding ${options.cases} open cases`);
    const seedStart = performance.now();
    await seedOpenCases(server.deps, fx, options.cases);
    const seedMs = Math.round(performance.now() - seedStart);
    log(`client: seeded in ${seedMs} ms`);

    const { token } = await signIn(server.url, 'super1', PASSWORD);
    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    await context.addCookies([{ name: 'td_session', value: token, url: server.url }]);
    // tsx (esbuild, keepNames) wraps named functions in __name(...); functions serialized into the
    // page (addInitScript, evaluate) need that helper there too.
    await context.addInitScript({ content: 'globalThis.__name = (fn) => fn;' });
    await context.addInitScript(installMarks);
    const page = await context.newPage();
    page.on('pageerror', (error) => log(`client: page error: ${error.message}`));

    const runs: QueueRenderRun[] = [];
    for (let run = 0; run < options.runs; run++) {
      const result = await measureQueueLoad(page, server.url);
      log(
        `client: run ${run + 1}: first row painted at ${result.firstRowPaintedMs} ms (snapshot done at ${result.snapshotResponseEndMs} ms)`,
      );
      runs.push(result);
    }
    const rowCount = Number(await page.getAttribute('[data-testid="queue-table"]', 'aria-rowcount')) - 1;
    const scrollToBottom = await measureScrollToBottom(page);
    log(`client: last row painted ${scrollToBottom.lastRowPaintedMs} ms after scrolling to the bottom`);
    return {
      cases: options.cases,
      rowCount,
      runs,
      scrollToBottom,
      seedMs,
      note: 'queueRender10kMs is the median over runs of navigation start to the first row painted (first run cold, then reloads); it includes fetching the 10k-case snapshot from the database',
    };
  } finally {
    await browser.close();
    await server.database.connection.dropDatabase().catch(() => undefined);
    await server.close();
  }
}

export async function clientBench(options: {
  uri: string;
  dbName: string;
  cases: number;
  runs: number;
}): Promise<ClientBenchResult> {
  const js = await initialJs().catch((error: unknown) => ({
    error: error instanceof Error ? error.message : String(error),
  }));
  const result: ClientBenchResult = {
    initialJsGzipBytes: 'error' in js ? null : js.initialJsGzipBytes,
    queueRender10kMs: null,
    initialJs: js,
  };
  if ('error' in js) return { ...result, queueRenderError: 'no built console to serve' };
  try {
    const render = await queueRender(options);
    result.queueRender = render;
    result.queueRender10kMs = median(render.runs.map((r) => r.firstRowPaintedMs));
  } catch (error) {
    result.queueRenderError = error instanceof Error ? error.message : String(error);
  }
  return result;
}
