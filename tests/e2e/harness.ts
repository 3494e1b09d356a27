/**
 * Browser end-to-end harness: the built console served by the whole server (HTTP, Socket.IO, case
 * jobs) in this process against a fresh test database, and headless Chromium driven by
 * playwright-core. Each test file starts one server and one browser; each person in a scenario
 * gets their own browser context (own cookies, own socket).
 */
import { shanghaiDate as shanghaiDateOf } from '../../workflows/time/shanghai';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, stat } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import mongoose from 'mongoose';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import type { CaseDetail } from '../../shared/cases';
import { loadConfig } from '../../server/src/config';
import { createServer, type RunningServer } from '../../server/src/http/server';
import { createCase } from '../../server/src/cases/cases.service';
import { DepartureModel } from '../../server/src/db/models/departure';
import { BookingModel } from '../../server/src/db/models/booking';
import { testDatabase } from '../support/db';
import { createPlatformFixtures, PASSWORD, ZHANG_ID, type PlatformFixtures } from '../support/platform';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const STATIC_DIR = join(ROOT, 'dist', 'client');
const SCREENSHOT_DIR = join(ROOT, 'tests', 'e2e', 'screenshots');
/** What the console bundle is built from: a change to any of these makes dist/client stale. */
const CONSOLE_SOURCES = ['client', 'shared', 'vite.config.ts', 'package.json'];

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * How long expect.poll waits for the page to catch up (its default of 1 s is too short for a push
 * to travel on a busy two-core CI machine).
 */
export const UNTIL = { timeout: 15_000, interval: 100 } as const;

// ---------------------------------------------------------------------------------------------
// The console build

async function newestSourceMtime(path: string): Promise<number> {
  const info = await stat(path).catch(() => null);
  if (!info) return 0;
  if (!info.isDirectory()) return /\.test\.tsx?$/.test(path) ? 0 : info.mtimeMs;
  let newest = 0;
  for (const entry of await readdir(path)) newest = Math.max(newest, await newestSourceMtime(join(path, entry)));
  return newest;
}

/**
 * Builds the console when dist/client is missing or older than its sources. Test files run one
 * after another in separate workers, so the first one builds and the others find it fresh.
 */
export async function ensureConsoleBuilt(): Promise<string> {
  const index = join(STATIC_DIR, 'index.html');
  const built = existsSync(index) ? (await stat(index)).mtimeMs : 0;
  let sources = 0;
  for (const source of CONSOLE_SOURCES) sources = Math.max(sources, await newestSourceMtime(join(ROOT, source)));
  if (built >= sources) return STATIC_DIR;
  await new Promise<void>((resolve, reject) => {
    // Vitest sets NODE_ENV=test, which would make Vite build a development bundle (React's dev
    // build, the demo-account hint); the tests drive the bundle the product ships.
    const child = spawn('npx', ['vite', 'build', '--logLevel', 'warn'], {
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, NODE_ENV: 'production' },
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`vite build exited with ${code}`))));
  });
  if (!existsSync(index)) throw new Error(`vite build finished but ${relative(ROOT, index)} is missing`);
  return STATIC_DIR;
}

// ---------------------------------------------------------------------------------------------
// Server and data

export type FutureDeparture = {
  id: string;
  code: string;
  departureAt: Date;
  /** The departure's calendar day in Asia/Shanghai, as the departure picker's date field takes it. */
  date: string;
  priceFen: number;
};

/** The calendar day of an instant in Asia/Shanghai (workflows/time/shanghai.ts). */
export function shanghaiDate(at: Date): string {
  return shanghaiDateOf(at);
}

/**
 * A Beijing → Shanghai train (cn-rail, one 二等座 class) leaving `hoursAhead` hours from now on the
 * server's clock, rounded down to the hour. The fixture trains have already left on the real clock.
 */
export async function createFutureDeparture(
  server: RunningServer,
  options: { code: string; hoursAhead: number; priceFen?: number; seatsLeft?: number },
): Promise<FutureDeparture> {
  const now = server.deps.now();
  const departureAt = new Date(Math.floor((now.getTime() + options.hoursAhead * 3_600_000) / 3_600_000) * 3_600_000);
  const priceFen = options.priceFen ?? 55_300;
  const departure = await DepartureModel.create({
    mode: 'rail',
    code: options.code,
    origin: 'BJP',
    destination: 'SHH',
    departureAt,
    arrivalAt: new Date(departureAt.getTime() + 4.5 * 60 * 60 * 1000),
    ruleSet: 'cn-rail',
    classes: [{ code: 'O', name: '二等座', priceFen, seatsLeft: options.seatsLeft ?? 100 }],
  });
  return {
    id: departure._id.toHexString(),
    code: options.code,
    departureAt,
    date: shanghaiDate(departureAt),
    priceFen,
  };
}

export type FutureBooking = { id: string; ref: string; ticketNumber: string; departure: FutureDeparture };

/** Ticket numbers of the bookings made here: E100000001, E100000002... in the order they are made. */
let lastTicketSerial = 100_000_000;

/** A ticketed booking of 张伟 (one adult 二等座 ticket, bought two days ago) on a future departure. */
export async function createFutureBooking(
  server: RunningServer,
  fixtures: PlatformFixtures,
  departure: FutureDeparture,
): Promise<FutureBooking> {
  const now = server.deps.now();
  const ref = `TD${randomBytes(3).toString('hex').toUpperCase()}E2E`;
  const ticketNumber = `E${++lastTicketSerial}`;
  const booking = await BookingModel.create({
    ref,
    customerId: new mongoose.Types.ObjectId(fixtures.customers.zhang),
    departureId: new mongoose.Types.ObjectId(departure.id),
    ruleSet: 'cn-rail',
    status: 'ticketed',
    purchasedAt: new Date(now.getTime() - 2 * DAY_MS),
    paidAt: new Date(now.getTime() - 2 * DAY_MS + 60_000),
    totalFen: departure.priceFen,
    passengers: [
      {
        passengerId: 'p1',
        name: '张伟',
        idType: 'resident_id',
        idNumber: ZHANG_ID,
        passengerType: 'adult',
        ticketNumber,
        classCode: 'O',
        seat: '03车08A',
        fareFen: departure.priceFen,
      },
    ],
  });
  return { id: booking._id.toHexString(), ref, ticketNumber, departure };
}

export type RefundScenario = {
  caseId: string;
  ref: string;
  bookingRef: string;
  /** The ID number the caller reads out to prove who they are. */
  customerIdNumber: string;
  /** The one ticket on the booking. */
  passenger: { passengerId: string; name: string; fareFen: number };
};

/**
 * A refund case in the refunds queue for a rail booking of 张伟 that departs five days from now.
 * The shared fixture booking departs on 2026-05-12, which has passed on the real clock; a booking
 * in the future keeps the server and the browser on the same (real) clock. Five days ahead is in
 * the 48 h – 8 days band of cn-rail: a 5% fee, well below the approval threshold, so a confirmed
 * refund goes straight to the payout.
 */
export async function createRefundScenario(server: RunningServer, fixtures: PlatformFixtures): Promise<RefundScenario> {
  const departure = await createFutureDeparture(server, { code: 'G101', hoursAhead: 5 * 24 });
  const booking = await createFutureBooking(server, fixtures, departure);
  const detail: CaseDetail = await createCase(server.deps, fixtures.users.agent, {
    kind: 'refund',
    channel: 'phone',
    customerId: fixtures.customers.zhang,
    bookingId: booking.id,
    subject: '客户来电要求退票 G101',
    priority: 'normal',
    idempotencyKey: `e2e-${randomBytes(6).toString('hex')}`,
  });
  if (detail.queue !== 'refunds') throw new Error(`the refund case landed in ${detail.queue}, not refunds`);
  return {
    caseId: detail.id,
    ref: detail.ref,
    bookingRef: booking.ref,
    customerIdNumber: ZHANG_ID,
    passenger: { passengerId: 'p1', name: '张伟', fareFen: departure.priceFen },
  };
}

/** On the case page: VERIFY with 张伟's ID, QUOTE_REFUND his ticket p1, and wait for the quote. */
export async function verifyAndQuoteRefund(page: Page, baseURL: string, caseId: string) {
  await page.goto(`${baseURL}/cases/${caseId}`);
  const caseState = page.getByTestId('case-state');
  await expect.poll(() => caseState.getAttribute('data-state'), UNTIL).toBe('verifying');
  await page.getByTestId('action-VERIFY').click();
  const verifyForm = page.locator('[data-testid="event-form"][data-event="VERIFY"]');
  await verifyForm.getByTestId('field-idNumber').fill(ZHANG_ID);
  await verifyForm.getByTestId('event-submit').click();
  await expect.poll(() => caseState.getAttribute('data-state'), UNTIL).toBe('selecting');
  await page.getByTestId('action-QUOTE_REFUND').click();
  const quoteForm = page.locator('[data-testid="event-form"][data-event="QUOTE_REFUND"]');
  await quoteForm.getByTestId('field-passengers').getByLabel(/张伟/).check();
  await quoteForm.getByTestId('field-reason').fill('行程取消');
  await quoteForm.getByTestId('event-submit').click();
  await expect.poll(() => caseState.getAttribute('data-state'), UNTIL).toBe('quoted');
  const quote = page.getByTestId('quote-current');
  await quote.waitFor();
  return quote;
}

export type E2EServer = {
  server: RunningServer;
  url: string;
  fixtures: PlatformFixtures;
  close(): Promise<void>;
};

/** The whole server on a free port against a fresh database, with the platform fixtures (users agent1, agent2, super1...). */
export async function startServer(label: string): Promise<E2EServer> {
  const staticDir = await ensureConsoleBuilt();
  const { uri, dbName } = testDatabase(`e2e_${label}`);
  const config = loadConfig({
    MONGODB_URI: uri,
    MONGODB_DB: dbName,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    // The outbox pays refunds out within a fraction of a second.
    JOB_INTERVAL_MS: '100',
    SEED: 'never',
  });
  const server = await createServer(config, { seed: false, staticDir });
  try {
    const fixtures = await createPlatformFixtures();
    return {
      server,
      url: server.url,
      fixtures,
      async close() {
        await mongoose.connection.dropDatabase().catch(() => undefined);
        await server.close();
      },
    };
  } catch (error) {
    await server.close();
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Browser

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
  });
}

export type Session = { context: BrowserContext; page: Page; name: string };

/**
 * A person at their own desk: a fresh browser context (cookies, storage, socket) in Shanghai time.
 * Page errors and failed console calls are echoed to the test output, since they are usually why
 * a step never happens.
 */
export async function openSession(browser: Browser, baseURL: string, name: string): Promise<Session> {
  const context = await browser.newContext({
    baseURL,
    viewport: { width: 1440, height: 960 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[${name}] page error: ${error.message}`));
  page.on('console', (message) => {
    // Failed requests are reported below with their address.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
      console.error(`[${name}] console: ${message.text()}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400)
      console.error(`[${name}] ${response.status()} ${response.request().method()} ${response.url()}`);
  });
  return { context, page, name };
}

/** Signs in through the login form and waits until the console has left the login page. */
export async function login(page: Page, username: string, password = PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  await page.getByTestId('current-user').waitFor();
}

/**
 * Remembers this document in the page: `stillSameDocument` is true only while no navigation or
 * reload has replaced it, which is how a test proves an update arrived live.
 */
export async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { __e2eMark?: boolean }).__e2eMark = true;
  });
}

export function stillSameDocument(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { __e2eMark?: boolean }).__e2eMark === true);
}

// ---------------------------------------------------------------------------------------------
// Screenshots

let currentFile = 'e2e';

/** tests/e2e/screenshots/<test file>-<step>.png, whole page. */
export async function screenshot(page: Page, step: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${currentFile}-${step.replace(/[^a-z0-9_-]+/gi, '-')}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Screenshots every open session when a test fails, named after the test. Call once per file with
 * a function that returns the sessions open at that moment.
 */
export function screenshotOnFailure(fileUrl: string, sessions: () => readonly Session[]): void {
  currentFile = basename(fileURLToPath(fileUrl)).replace(/\.test\.ts$/, '');
  beforeEach((context) => {
    context.onTestFailed(async () => {
      for (const session of sessions()) {
        if (session.page.isClosed()) continue;
        const path = await screenshot(session.page, `FAILED-${context.task.name}-${session.name}`).catch(() => null);
        if (path) console.error(`screenshot of ${session.name} at failure: ${relative(ROOT, path)}`);
      }
    });
  });
}

export type ConsoleTest = {
  readonly env: E2EServer;
  readonly browser: Browser;
  readonly scenario: RefundScenario;
  /** Opens a browser context for a person and keeps it for the failure screenshots. */
  open(name: string): Promise<Session>;
};

/**
 * What every browser test file needs: the server with its fixtures and a refund case, a browser,
 * screenshots on failure, and everything closed afterwards.
 */
export function useConsoleTest(fileUrl: string, label: string): ConsoleTest {
  let env: E2EServer | undefined;
  let browser: Browser | undefined;
  let scenario: RefundScenario | undefined;
  const sessions: Session[] = [];
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not ready: use it inside a test`);
    return value;
  };

  screenshotOnFailure(fileUrl, () => sessions);
  beforeAll(async () => {
    env = await startServer(label);
    scenario = await createRefundScenario(env.server, env.fixtures);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  return {
    get env() {
      return ready(env, 'the server');
    },
    get browser() {
      return ready(browser, 'the browser');
    },
    get scenario() {
      return ready(scenario, 'the refund scenario');
    },
    async open(name) {
      const session = await openSession(ready(browser, 'the browser'), ready(env, 'the server').url, name);
      sessions.push(session);
      return session;
    },
  };
}
