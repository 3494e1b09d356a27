/**
 * A supervisor redistributes work on the wallboard: five of one agent's cases go to another in two
 * gestures (a ticked, shift-clicked range moved with the move bar, and one case dragged onto the
 * agent). The receiving agent's console shows them live with a toast; the other's no longer does.
 */
import { describe, expect, it } from 'vitest';
import { createCase } from '../../server/src/cases/cases.service';
import { login, markDocument, screenshot, stillSameDocument, UNTIL, useConsoleTest } from './harness';

const t = useConsoleTest(import.meta.url, 'supervisor_moves');

describe('moving work on the wallboard', () => {
  it('moves five cases from 王芳 to 李强; 李强 sees them live with a toast, 王芳 no longer has them', async () => {
    const { fixtures, server } = t.env;
    const from = fixtures.users.agent;
    const to = fixtures.users.otherAgent;
    const refs: string[] = [];
    for (let i = 0; i < 6; i++) {
      const made = await createCase(server.deps, from, {
        kind: 'booking',
        channel: 'phone',
        customerId: fixtures.customers.zhang,
        subject: `订票咨询 ${i + 1}`,
        idempotencyKey: `e2e-move-${process.pid}-${i}`,
      });
      refs.push(made.ref);
    }

    const giver = await t.open('agent1');
    const receiver = await t.open('agent2');
    const supervisor = await t.open('super1');
    await login(giver.page, 'agent1');
    await login(receiver.page, 'agent2');
    await login(supervisor.page, 'super1');
    for (const { page } of [giver, receiver]) {
      await page.goto('/queue?tab=mine');
      await page.getByTestId('queue-tab-mine').waitFor();
      await markDocument(page);
    }
    // The refund scenario's case is 王芳's too: only the six made here count.
    const mineRefs = async (page: typeof giver.page) =>
      (
        await page
          .locator('[data-testid="queue-row"]')
          .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-ref')))
      ).filter((ref) => ref !== null && refs.includes(ref));
    await expect.poll(() => mineRefs(giver.page), UNTIL).toHaveLength(6);
    expect(await mineRefs(receiver.page)).toEqual([]);

    await supervisor.page.goto('/supervisor');
    const fromRow = supervisor.page.getByTestId(`wb-agent-${from.id}`);
    const toRow = supervisor.page.getByTestId(`wb-agent-${to.id}`);
    const fromCases = fromRow.locator('[data-testid="wb-case"][data-ref^="BK-"]');
    await expect.poll(() => fromCases.count(), UNTIL).toBe(6);
    const shown = await fromCases.evaluateAll((items) => items.map((i) => i.getAttribute('data-ref') ?? ''));
    const boxes = fromCases.getByRole('checkbox');
    // Four in one range: tick the first, shift-click the fourth; move them to 李强.
    await boxes.nth(0).click();
    await boxes.nth(3).click({ modifiers: ['Shift'] });
    await expect.poll(() => supervisor.page.getByTestId('selected-count').textContent(), UNTIL).toBe('已选 4 条');
    await supervisor.page.getByTestId('move-target').selectOption(`agent:${to.id}`);
    await screenshot(supervisor.page, '01-wallboard-selected-zh');
    await supervisor.page.getByTestId('move-submit').click();
    await expect.poll(() => supervisor.page.getByTestId('move-result').textContent(), UNTIL).toContain('已转移 4 条');
    // The fifth is dragged onto 李强's row.
    await expect.poll(() => fromCases.count(), UNTIL).toBe(2);
    const fifth = shown[4] ?? '';
    await fromRow.locator(`[data-testid="wb-case"][data-ref="${fifth}"]`).dragTo(toRow);
    await expect.poll(() => toRow.getByTestId('wb-case').count(), UNTIL).toBe(5);
    expect(await fromCases.count()).toBe(1);
    await screenshot(supervisor.page, '02-wallboard-after-move-zh');

    const moved = shown.slice(0, 5).sort();
    // 李强's console: the five arrived without a reload, and a toast said who gave them.
    await expect.poll(async () => (await mineRefs(receiver.page)).sort(), UNTIL).toEqual(moved);
    await expect
      .poll(() => receiver.page.getByTestId('work-toasts').textContent(), UNTIL)
      .toContain(`${fixtures.users.supervisor.name} 转给你`);
    expect(await stillSameDocument(receiver.page)).toBe(true);
    await screenshot(receiver.page, '03-receiver-toast');
    // 王芳's console: only the sixth is left, and she was told too.
    await expect.poll(() => mineRefs(giver.page), UNTIL).toEqual([shown[5]]);
    await expect.poll(() => giver.page.getByTestId('work-toasts').textContent(), UNTIL).toContain('转给他人');
    expect(await stillSameDocument(giver.page)).toBe(true);

    // The wallboard in English.
    await supervisor.page.getByTestId('language-switch').selectOption('en');
    await expect.poll(() => supervisor.page.getByTestId('wallboard').textContent(), UNTIL).toContain('Wallboard');
    await screenshot(supervisor.page, '04-wallboard-en');
  }, 120_000);
});
