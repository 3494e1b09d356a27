/**
 * Two agents on one case. The slower one writes on a version that is no longer current: the
 * server refuses it (CONFLICT), the console says so and keeps what was typed, and sending again
 * on the current case works. Nothing anyone wrote is lost.
 */
import { describe, expect, it } from 'vitest';
import { getCase } from '../../server/src/cases/cases.service';
import { login, markDocument, screenshot, stillSameDocument, UNTIL, useConsoleTest } from './harness';

const t = useConsoleTest(import.meta.url, 'conflict');

describe('concurrent edits', () => {
  it('the slower agent is told about the conflict, keeps their text, and gets the note in on the current case', async () => {
    const first = await t.open('agent1');
    const second = await t.open('agent2');
    const firstNote = '甲：客户第二次来电，催促退款进度';
    const secondNote = '乙：客户要求退款后短信通知';

    await login(first.page, 'agent1');
    await login(second.page, 'agent2');
    for (const { page } of [first, second]) {
      await page.goto(`/cases/${t.scenario.caseId}`);
      await page.getByTestId('case-workspace').waitFor();
    }
    const startVersion = Number(await second.page.getByTestId('case-version').textContent());
    expect(Number(await first.page.getByTestId('case-version').textContent())).toBe(startVersion);

    // The second agent is mid-way through verifying the caller (an open action form keeps the case
    // as they started from it) and types a note on that version.
    await second.page.getByTestId('action-VERIFY').click();
    const verifyForm = second.page.locator('[data-testid="event-form"][data-event="VERIFY"]');
    await verifyForm.getByTestId('field-idNumber').fill(t.scenario.customerIdNumber);
    await second.page.getByTestId('note-text').fill(secondNote);
    await markDocument(second.page);

    // The first agent is quicker.
    await first.page.getByTestId('note-text').fill(firstNote);
    await first.page.getByTestId('note-submit').click();
    await first.page.getByTestId('note').filter({ hasText: firstNote }).waitFor();
    expect(await first.page.getByTestId('case-version').textContent()).toBe(String(startVersion + 1));

    // The push reaches the second agent, who is told without losing their place.
    await second.page.getByTestId('case-updated').waitFor();
    expect(await second.page.getByTestId('case-version').textContent()).toBe(String(startVersion));
    await screenshot(second.page, '01-second-told-case-moved');

    // Sending on the stale version is refused and explained; the text stays.
    await second.page.getByTestId('note-submit').click();
    const notes = second.page.getByTestId('notes');
    const conflict = notes.getByTestId('conflict-notice');
    await conflict.waitFor();
    expect(await conflict.textContent()).toContain('另一位同事刚刚更新了此工单');
    const entries = (await conflict.getByTestId('conflict-entries').textContent()) ?? '';
    expect(entries).toContain(t.env.fixtures.users.agent.name);
    expect(entries).toContain('添加备注');
    expect(await second.page.getByTestId('note-text').inputValue()).toBe(secondNote);
    expect(await verifyForm.getByTestId('field-idNumber').inputValue()).toBe(t.scenario.customerIdNumber);
    // Nothing was overwritten: the server still has exactly the first agent's note.
    expect((await getCase(t.scenario.caseId, 'agent')).notes.map((n) => n.text)).toEqual([firstNote]);
    await screenshot(second.page, '02-second-conflict');

    // Retrying on the current case goes through.
    await conflict.getByTestId('conflict-retry').click();
    await expect.poll(() => second.page.getByTestId('note-text').inputValue(), UNTIL).toBe('');
    expect(await notes.getByTestId('conflict-notice').count()).toBe(0);

    const stored = await getCase(t.scenario.caseId, 'agent');
    expect(stored.version).toBe(startVersion + 2);
    expect(
      stored.notes.map((n) => ({ text: n.text, author: n.author.name })).sort((a, b) => a.text.localeCompare(b.text)),
    ).toEqual(
      [
        { text: firstNote, author: t.env.fixtures.users.agent.name },
        { text: secondNote, author: t.env.fixtures.users.otherAgent.name },
      ].sort((a, b) => a.text.localeCompare(b.text)),
    );

    // Both consoles show both notes: the first agent's live, the second's as soon as the retry lands.
    await first.page.getByTestId('note').filter({ hasText: secondNote }).waitFor();
    expect(await first.page.getByTestId('note').count()).toBe(2);
    // The verify form is still open, which holds the viewed case fixed; the retried note is the
    // second agent's own write on top of that case, so it shows at once and is not announced as
    // someone else's update.
    await second.page.getByTestId('note').filter({ hasText: secondNote }).waitFor();
    expect(await second.page.getByTestId('note').count()).toBe(2);
    expect(await second.page.getByTestId('case-version').textContent()).toBe(String(startVersion + 2));
    expect(await second.page.getByTestId('case-updated').count()).toBe(0);
    expect(await verifyForm.getByTestId('field-idNumber').inputValue()).toBe(t.scenario.customerIdNumber);
    expect(await stillSameDocument(second.page)).toBe(true);
    await screenshot(second.page, '04-second-both-notes');
    await screenshot(first.page, '05-first-both-notes');
  });
});
