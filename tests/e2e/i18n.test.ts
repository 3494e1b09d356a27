/**
 * The console speaks zh-CN by default and English on request; the choice survives a reload and
 * a new sign-in in the same t.browser.
 */
import { describe, expect, it } from 'vitest';
import { login, screenshot, UNTIL, useConsoleTest } from './harness';

const t = useConsoleTest(import.meta.url, 'i18n');

describe('language', () => {
  it('switches the console to English and keeps it across a reload', async () => {
    const agent = await t.open('agent1');
    const { page } = agent;
    await login(page, 'agent1');
    await page.waitForURL(/\/queue/);

    const stateCell = page.locator(`[data-testid="queue-row"][data-case-id="${t.scenario.caseId}"] [data-state]`);
    const texts = async () => ({
      nav: (await page.getByTestId('nav-queue').textContent())?.trim(),
      title: (await page.locator('#queue-title').textContent())?.trim(),
      logout: (await page.getByTestId('logout').textContent())?.trim(),
      state: (await stateCell.textContent())?.trim(),
      lang: await page.evaluate(() => document.documentElement.lang),
    });

    await stateCell.waitFor();
    expect(await texts()).toEqual({
      nav: '工作队列',
      title: '工作队列',
      logout: '退出登录',
      state: '身份核验',
      lang: 'zh-CN',
    });
    await screenshot(page, '01-zh');

    await page.getByTestId('language-switch').selectOption('en');
    await expect
      .poll(texts, UNTIL)
      .toEqual({ nav: 'Queue', title: 'Queue', logout: 'Sign out', state: 'Verifying', lang: 'en' });
    await screenshot(page, '02-en');

    await page.reload();
    await stateCell.waitFor();
    expect(await texts()).toEqual({ nav: 'Queue', title: 'Queue', logout: 'Sign out', state: 'Verifying', lang: 'en' });
    expect(await page.getByTestId('language-switch').inputValue()).toBe('en');

    // The case workspace follows: state and action names in English.
    await page.goto(`/cases/${t.scenario.caseId}`);
    await page.getByTestId('case-workspace').waitFor();
    expect((await page.getByTestId('case-state').textContent())?.trim()).toBe('Verifying');
    expect((await page.getByTestId('action-VERIFY').textContent())?.trim()).toBe('Verify identity');
    await screenshot(page, '03-en-case');

    // Signing out and in again keeps the language (it belongs to the browser, not the session).
    await page.getByTestId('logout').click();
    await page.waitForURL(/\/login/);
    expect((await page.getByTestId('login-submit').textContent())?.trim()).toBe('Sign in');
    await screenshot(page, '04-en-login');
  });
});
