/**
 * The queue in windows, in a real browser against the real server with 10,000 open cases: the
 * first window paints without the rest, scrolling to the end reaches the last row (its window
 * fetched, not all of them), a case created far outside the loaded windows updates the counts
 * live and is there when its window loads, and the filters answer the rows the server holds.
 */
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCase } from '../../server/src/cases/cases.service';
import { seedOpenCases, type SeededCase } from '../support/queue-cases';
import { login, markDocument, screenshot, stillSameDocument, UNTIL, useConsoleTest } from './harness';

const t = useConsoleTest(import.meta.url, 'queue_windows');
const CASES = 10_000;
let seeded: SeededCase[];

beforeAll(async () => {
  seeded = await seedOpenCases(t.env.server.deps, t.env.fixtures, CASES, { refPrefix: 'Q' });
}, 180_000);

/** The queue order worked out here, independently of the code under test. */
function ordered(cases: SeededCase[]): SeededCase[] {
  return [...cases].sort(
    (a, b) =>
      b.priorityRank - a.priorityRank ||
      a.waitingSince.getTime() - b.waitingSince.getTime() ||
      (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0),
  );
}

const count = (page: Page) => page.getByTestId('queue-count').textContent();
const rowRefs = (page: Page) =>
  page.$$eval('[data-testid="queue-row"]', (rows) => rows.map((row) => row.getAttribute('data-ref') ?? ''));

/** Scrolls the grid to its end and returns the ref of the row numbered last (aria-rowcount). */
async function lastRowRef(page: Page): Promise<string | null> {
  const rowCount = Number(await page.getByTestId('queue-table').getAttribute('aria-rowcount'));
  await page.getByTestId('queue-scroll').evaluate((el) => {
    el.scrollTop = el.scrollHeight;
  });
  const last = page.locator(`[data-testid="queue-row"][aria-rowindex="${rowCount}"]`);
  await last.waitFor({ timeout: 15_000 });
  return last.getAttribute('data-ref');
}

/** Which window offsets the page asked queue.window for (count-only asks apart). */
function watchWindowRequests(page: Page): number[] {
  const offsets: number[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (!url.pathname.includes('queue.window')) return;
    const input = url.searchParams.get('input');
    if (!input) return;
    const parsed = JSON.parse(input) as Record<string, { offset?: number; limit?: number }>;
    for (const call of Object.values(parsed)) if (call.limit !== 0) offsets.push(call.offset ?? 0);
  });
  return offsets;
}

describe('queue in windows', () => {
  it('paints the first window of 10,000 cases, reaches the last row by scrolling, and counts a case created far outside the loaded windows live', async () => {
    const { page } = await t.open('super1');
    const offsets = watchWindowRequests(page);
    await login(page, 'super1');
    await page.goto('/queue');
    await page.getByTestId('queue-row').first().waitFor();
    // Every open case: the seeded ones and the harness's refund case.
    const total = CASES + 1;
    await expect.poll(() => count(page), UNTIL).toBe(`共 ${total} 条`);
    expect(await page.getByTestId('queue-tab-queue').textContent()).toContain(String(total));
    const head = ordered(seeded)
      .slice(0, 3)
      .map((c) => c.ref);
    expect((await rowRefs(page)).slice(0, 3)).toEqual(head);
    expect(await page.getByTestId('queue-row').count()).toBeLessThan(60);
    await screenshot(page, '01-first-window');
    await markDocument(page);

    // A new low-priority case sorts to the very end, far outside what is loaded.
    const created = await createCase(t.env.server.deps, t.env.fixtures.users.agent, {
      kind: 'booking',
      channel: 'phone',
      customerId: t.env.fixtures.customers.zhang,
      subject: '窗口之外的新工单',
      priority: 'low',
      idempotencyKey: `e2e-${randomBytes(6).toString('hex')}`,
    });
    await expect.poll(() => count(page), UNTIL).toBe(`共 ${total + 1} 条`);
    expect(await page.getByTestId('queue-tab-queue').textContent()).toContain(String(total + 1));
    expect(await rowRefs(page)).not.toContain(created.ref);

    // Scrolling to the end fetches the last window (not the forty-odd in between) and shows it there.
    expect(await lastRowRef(page)).toBe(created.ref);
    expect(await page.getByTestId('queue-row').count()).toBeLessThan(60);
    const fetched = new Set(offsets);
    expect(fetched.has(0)).toBe(true);
    expect(fetched.has(Math.floor(total / 200) * 200)).toBe(true);
    expect(fetched.size).toBeLessThan(8);
    expect(await stillSameDocument(page)).toBe(true);
    await screenshot(page, '02-last-row');
  });

  it('answers the filters from the server, the counts included', async () => {
    const { page } = await t.open('super1-filters');
    await login(page, 'super1');
    const expected = ordered(seeded.filter((c) => c.kind === 'refund' && c.channel === 'chat'));
    await page.goto('/queue?kind=refund');
    await page.getByTestId('filter-channel').selectOption('chat');
    await expect.poll(() => count(page), UNTIL).toBe(`共 ${expected.length} 条`);
    await expect
      .poll(async () => (await rowRefs(page)).slice(0, 5), UNTIL)
      .toEqual(expected.slice(0, 5).map((c) => c.ref));
    expect(await lastRowRef(page)).toBe(expected[expected.length - 1]?.ref);

    // Search by part of a case number, then by subject, narrowed to the unassigned.
    const byRef = seeded.filter((c) => c.ref.includes('Q00012'));
    await page.goto('/queue');
    await page.getByTestId('filter-search').fill('q00012');
    await expect.poll(() => count(page), UNTIL).toBe(`共 ${byRef.length} 条`);
    expect((await rowRefs(page)).sort()).toEqual(byRef.map((c) => c.ref).sort());

    const bySubject = ordered(seeded.filter((c) => c.subject.includes('航班取消') && c.assigneeId === null));
    await page.getByTestId('filter-search').fill('航班取消');
    await page.getByTestId('filter-assignee').selectOption('none');
    await expect.poll(() => count(page), UNTIL).toBe(`共 ${bySubject.length} 条`);
    await expect
      .poll(async () => (await rowRefs(page)).slice(0, 3), UNTIL)
      .toEqual(bySubject.slice(0, 3).map((c) => c.ref));
    expect(page.url()).toContain('assignee=none');
    await screenshot(page, '03-filtered');
  });
});
