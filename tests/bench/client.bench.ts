/**
 * The console in a real browser:
 * - initial JS: gzip size of the scripts dist/client/index.html loads up front (entry script and
 *   modulepreloads; lazy chunks are not counted), building the console first when dist/client is
 *   missing or older than client/ and shared/;
 * - queue render: the whole server serving the built console over a database with 100 open
 *   cases, then (more seeded into it) 10,000, a supervisor signed in, headless Chromium
 *   navigating to /queue. Times are taken inside the page (performance.now, navigation start = 0)
 *   by a MutationObserver installed before the app's scripts run. queueFirstRowsMs.q100 and
 *   .q10000 are the medians of first row painted; how they compare is how cost grows with the queue.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from 'playwright-core';
import { createServer } from '../../server/src/http/server';
import { createPlatformFixtures, PASSWORD } from '../support/platform';
import { seedOpenCases } from '../support/queue-cases';
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
  /** When the queue responses (queue.window and counts) finished arriving, and how big they were. */
  snapshotRequestStartMs: number | null;
  snapshotResponseEndMs: number | null;
  snapshotBytes: number | null;
  snapshotTransferBytes: number | null;
  /** First row painted minus the queue responses' end: parsing and rendering the first window. */
  renderAfterDataMs: number | null;
  rowsInDom: number;
};

export type QueueRender = {
  cases: number;
  rowCount: number;
  runs: QueueRenderRun[];
  /** Median over runs of navigation start to the first row painted. */
  firstRowsMs: number;
  seedMs: number;
};

export type ClientBenchResult = {
  initialJsGzipBytes: number | null;
  queueFirstRowsMs: { q100: number | null; q10000: number | null };
  /** The same figure as queueFirstRowsMs.q10000 (its name before the queue had windows). */
  queueRender10kMs: number | null;
  initialJs: InitialJs | { error: string };
  queueRender?: {
    sizes: QueueRender[];
    /** q10000 / q100 (goal: at most 1.5, and q10000 under 100 ms). */
    ratio: number | null;
    scrollToBottom: { lastRowMs: number; lastRowPaintedMs: number; lastRowIndex: number };
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
      .filter((entry): entry is PerformanceResourceTiming => /\/trpc\/[^?]*queue\./.test(entry.name));
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
  sizes: number[];
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

    const sizes: QueueRender[] = [];
    let seededSoFar = 0;
    for (const [index, size] of [...options.sizes].sort((a, b) => a - b).entries()) {
      // One database grows from the smaller queue to the larger: the same server, page and cache state.
      log(`client: seeding ${size - seededSoFar} open cases (${size} in all)`);
      const seedStart = performance.now();
      await seedOpenCases(server.deps, fx, size - seededSoFar, { refPrefix: String.fromCharCode(65 + index) });
      seededSoFar = size;
      const seedMs = Math.round(performance.now() - seedStart);
      const runs: QueueRenderRun[] = [];
      for (let run = 0; run < options.runs; run++) {
        const result = await measureQueueLoad(page, server.url);
        log(
          `client: q${size} run ${run + 1}: first row painted at ${result.firstRowPaintedMs} ms (queue answers done at ${result.snapshotResponseEndMs} ms)`,
        );
        runs.push(result);
      }
      const rowCount = Number(await page.getAttribute('[data-testid="queue-table"]', 'aria-rowcount')) - 1;
      sizes.push({ cases: size, rowCount, runs, firstRowsMs: median(runs.map((r) => r.firstRowPaintedMs)), seedMs });
    }
    const scrollToBottom = await measureScrollToBottom(page);
    log(`client: last row painted ${scrollToBottom.lastRowPaintedMs} ms after scrolling to the bottom`);
    const smallest = sizes[0]?.firstRowsMs;
    const largest = sizes[sizes.length - 1]?.firstRowsMs;
    return {
      sizes,
      ratio: smallest && largest ? Math.round((largest / smallest) * 100) / 100 : null,
      scrollToBottom,
      note: 'firstRowsMs is the median over runs of navigation start to the first queue row painted (first run cold, then reloads), the queue window fetched from the database included; scrollToBottom is on the largest queue, the last window fetched included',
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
  /** The larger queue (10,000 by default); the smaller has 100 cases. */
  cases: number;
  runs: number;
}): Promise<ClientBenchResult> {
  const js = await initialJs().catch((error: unknown) => ({
    error: error instanceof Error ? error.message : String(error),
  }));
  const result: ClientBenchResult = {
    initialJsGzipBytes: 'error' in js ? null : js.initialJsGzipBytes,
    queueFirstRowsMs: { q100: null, q10000: null },
    queueRender10kMs: null,
    initialJs: js,
  };
  if ('error' in js) return { ...result, queueRenderError: 'no built console to serve' };
  try {
    const render = await queueRender({ ...options, sizes: [100, options.cases] });
    result.queueRender = render;
    const at = (cases: number) => render.sizes.find((size) => size.cases === cases)?.firstRowsMs ?? null;
    result.queueFirstRowsMs = { q100: at(100), q10000: at(options.cases) };
    result.queueRender10kMs = at(options.cases);
  } catch (error) {
    result.queueRenderError = error instanceof Error ? error.message : String(error);
  }
  return result;
}
