/**
 * The case page by keyboard, in a real browser against the real server: a skip link past the
 * header, digit keys for the offered actions, focus in the form when it opens and on the actions
 * after it is sent, N for the note, and the shortcut list naming these keys. A colleague opening
 * the same case sees whose it is before acting.
 */
import { describe, expect, it } from 'vitest';
import { login, screenshot, UNTIL, useConsoleTest } from './harness';

const t = useConsoleTest(import.meta.url, 'case_keyboard');

const focusedTestId = (page: Parameters<typeof screenshot>[0]) =>
  page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.id ?? '');

describe('case page keyboard', () => {
  it('skips the header, opens actions by digit with focus in the form, returns focus after sending, and lists the keys', async () => {
    const { page } = await t.open('agent1');
    await login(page, 'agent1');
    await page.goto(`/cases/${t.scenario.caseId}`);
    const caseState = page.getByTestId('case-state');
    await expect.poll(() => caseState.getAttribute('data-state'), UNTIL).toBe('verifying');
    // The agent who opened the case works it: it is theirs, no warning.
    expect(await page.getByTestId('case-assignee').textContent()).toBe('王芳');
    expect(await page.getByTestId('assigned-elsewhere').count()).toBe(0);

    // The first Tab reaches the skip link; following it puts focus on the screen, past the header.
    await page.keyboard.press('Tab');
    expect(await focusedTestId(page)).toBe('skip-link');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');

    // "1" is the first offered action (VERIFY); the cursor is in its ID field at once.
    await page.keyboard.press('1');
    const verifyForm = page.locator('[data-testid="event-form"][data-event="VERIFY"]');
    await verifyForm.waitFor();
    expect(await focusedTestId(page)).toBe('field-idNumber');
    await page.keyboard.type(t.scenario.customerIdNumber);
    await screenshot(page, '01-verify-by-keyboard');
    await page.keyboard.press('Enter');
    await expect.poll(() => caseState.getAttribute('data-state'), UNTIL).toBe('selecting');
    // After the send, focus is on the actions heading, ready for the next key.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id), UNTIL).toBe('actions-title');

    await page.keyboard.press('n');
    expect(await focusedTestId(page)).toBe('note-text');
    await page.keyboard.press('Escape');
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

    await page.keyboard.press('?');
    const dialog = page.getByTestId('shortcuts-dialog');
    await dialog.waitFor();
    const listed = (await dialog.textContent()) ?? '';
    expect(listed).toContain('分配给我');
    expect(listed).toContain('写备注');
    expect(listed).toContain('第 1–9 个可办理的操作');
    await screenshot(page, '02-shortcuts');
  });

  it('warns a colleague, naming the assignee, before they act on the case', async () => {
    const { page } = await t.open('agent2');
    await login(page, 'agent2');
    await page.goto(`/cases/${t.scenario.caseId}`);
    const warning = page.getByTestId('assigned-elsewhere');
    await warning.waitFor();
    expect((await warning.textContent()) ?? '').toContain('已分配给 王芳');
    await screenshot(page, '03-assigned-elsewhere');
  });
});
