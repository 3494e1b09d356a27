/**
 * An admin reads the fare rules and enters the 2027 Spring Festival rush dates in the console
 * (issue 14, item 5): the tables are the policy engine's, in Chinese and in English.
 */
import { describe, expect, it } from 'vitest';
import { login, screenshot, UNTIL, useConsoleTest } from './harness';

const t = useConsoleTest(import.meta.url, 'fare-rules');

describe('fare rules page', () => {
  it('shows the rule tables and takes 2027 rush dates from an admin, refusing the published 2026', async () => {
    const { page } = await t.open('admin1');
    await login(page, 'admin1');
    await page.getByTestId('nav-fare-rules').click();
    await page.waitForURL(/\/admin\/rules/);
    await page.getByTestId('rush-periods').waitFor();
    expect((await page.getByTestId('rush-2027').textContent())?.trim()).toContain('尚未公布');
    const tiers = await page.getByTestId('cn-rail@2026-12-01-refund-tiers').locator('tbody tr').allTextContents();
    expect(tiers).toEqual(['192小时及以上0%', '48小时至不足192小时5%', '24小时至不足48小时10%', '不足24小时20%']);
    await screenshot(page, '01-zh');

    await page.getByTestId('rush-year').fill('2026');
    await page.getByTestId('rush-from').fill('2026-02-01');
    await page.getByTestId('rush-to').fill('2026-03-13');
    await page.getByTestId('rush-save').click();
    expect(await page.getByTestId('rush-error').textContent()).toContain(
      '2026年春运日期已公布（2026-02-02 至 2026-03-13）；如需更正，请确认替换',
    );

    await page.getByTestId('language-switch').selectOption('en');
    await page.getByTestId('rush-year').fill('2027');
    await page.getByTestId('rush-from').fill('2027-01-22');
    await page.getByTestId('rush-to').fill('2027-03-02');
    await page.getByTestId('rush-save').click();
    await expect
      .poll(async () => (await page.getByTestId('rush-2027').textContent())?.trim(), UNTIL)
      .toMatch(/^20272027-01-222027-03-02entered by 周杰/);
    expect(await page.getByTestId('cn-air@2017-07-07-fare-classes').textContent()).toContain('taxes only');
    await screenshot(page, '02-en-entered');
  });
});
