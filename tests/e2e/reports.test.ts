/**
 * A supervisor reads the reports (issue 12): opens them, changes the range and grouping, sees the
 * charts and the table, exports CSV, XLSX and the cases, and closes yesterday in the daily
 * reconciliation; in Chinese and in English.
 */
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { login, screenshot, shanghaiDate, UNTIL, useConsoleTest } from './harness';
import { insertReportFixture } from '../support/report-fixture';

const t = useConsoleTest(import.meta.url, 'reports');
const DAY = 86_400_000;

describe('reports page', () => {
  it('shows the figures for a range with charts, exports them and closes yesterday', async () => {
    // The hand-worked fixture on the day before yesterday and yesterday; R1's payout is at the
    // gateway, CP1's voucher is missing from the ledger (a mismatch for yesterday).
    const first = shanghaiDate(new Date(Date.now() - 2 * DAY));
    const yesterday = shanghaiDate(new Date(Date.now() - DAY));
    await insertReportFixture(first);
    await mongoose.connection.collection('payments').insertOne({
      idempotencyKey: 'k-r1',
      kind: 'refund',
      amountFen: 9000,
      reference: 'b1',
      gatewayRef: 'RFD-R1',
      at: new Date(`${first}T09:11:00+08:00`),
    });

    const { page } = await t.open('super1');
    await login(page, 'super1');
    await page.getByTestId('nav-reports').click();
    await page.waitForURL(/\/reports/);
    await page.getByTestId('report-cards').waitFor();

    await page.getByTestId('report-from').fill(first);
    await page.getByTestId('report-to').fill(yesterday);
    const rows = () => page.getByTestId('report-table').locator('tbody tr th').allTextContents();
    await expect.poll(rows, UNTIL).toEqual([first, yesterday, '合计']);
    expect(await page.getByTestId('card-offered').locator('dd').textContent()).toBe('4');
    expect(await page.getByTestId('card-refundPaid').locator('dd').textContent()).toBe('90');
    for (const chart of ['chart-contacts', 'chart-cases', 'chart-money', 'chart-service']) {
      const box = await page.getByTestId(chart).locator('canvas').boundingBox();
      expect(box?.width, chart).toBeGreaterThan(100);
    }
    expect(await page.getByTestId('report-agents').locator('tbody tr th').allTextContents()).toEqual(
      expect.arrayContaining(['王芳', '李强', '赵敏']),
    );

    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    const parsed = Papa.parse<string[]>((await readFile(await csv.path(), 'utf8')).replace(/^\uFEFF/, ''), {
      skipEmptyLines: true,
    });
    expect(parsed.data.map((r) => r[0])).toEqual(['分组', first, yesterday, '合计']);
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(await xlsx.path());
    expect(book.getWorksheet('Summary')?.rowCount).toBe(4);
    const [cases] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-cases').click()]);
    const caseRows = Papa.parse<Record<string, string>>(
      (await readFile(await cases.path(), 'utf8')).replace(/^\uFEFF/, ''),
      {
        header: true,
        skipEmptyLines: true,
      },
    );
    expect(caseRows.data.map((r) => r.ref)).toEqual(['R1', 'CH1', 'CP1', 'R2']);
    await expect.poll(() => page.getByTestId('export-message').textContent(), UNTIL).toBe('已保存 4 条工单。');

    // Yesterday's reconciliation: the complaint's voucher has no ledger record.
    const recon = page.getByTestId('reconciliation');
    // Prepared by the 00:30 job when the server started after half past midnight, open before.
    await expect.poll(() => recon.getByTestId('recon-status').textContent(), UNTIL).toMatch(/^(未结|已生成)$/);
    expect(
      await recon.locator('[data-reason]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-reason'))),
    ).toEqual(['case_without_gateway']);
    await screenshot(page, '01-zh-range');
    await recon.getByTestId('recon-note').fill('CP1 代金券待补录，其余一致');
    await recon.getByTestId('recon-close').click();
    await expect.poll(() => recon.getByTestId('recon-status').textContent(), UNTIL).toBe('已日结');
    expect(await recon.getByTestId('recon-closed').textContent()).toContain('CP1 代金券待补录，其余一致');
    // The voucher turns up later: the correction is entered today, and yesterday stays as closed.
    await recon.getByTestId('recon-adjust-kind').selectOption('compensation');
    await recon.getByTestId('recon-adjust-amount').fill('50');
    await recon.getByTestId('recon-adjust-note').fill('CP1 代金券补录');
    await recon.getByTestId('recon-adjust').click();
    const today = shanghaiDate(new Date());
    await expect.poll(() => recon.getByTestId('recon-adjust-entered').textContent(), UNTIL).toContain(today);
    expect(await recon.getByTestId('recon-status').textContent()).toBe('已日结');
    expect(await recon.getByTestId('recon-adjustments').count()).toBe(0);
    await screenshot(page, '02-zh-closed');

    await page.getByTestId('language-switch').selectOption('en');
    await page.getByTestId('report-group').selectOption('agent');
    await expect.poll(rows, UNTIL).toEqual(expect.arrayContaining(['王芳', 'Total']));
    await expect.poll(() => recon.getByTestId('recon-status').textContent(), UNTIL).toBe('Closed');
    await screenshot(page, '03-en-by-agent');
    await page.getByTestId('reports-definitions-link').click();
    await page.getByTestId('report-definitions').waitFor();
    expect(await page.getByTestId('definition-occupancy').textContent()).toContain('available + on contact');
    await screenshot(page, '04-en-definitions');
  });
});
