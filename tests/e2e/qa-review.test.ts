/**
 * QA in a real browser (issue 11): a reviewer opens the day's sample, replays a closed refund with
 * the arrow keys (the quote and its rule at the money step, times to the second), scores it on a
 * scorecard, and the agent who worked it sees the review, in both languages.
 */
import { describe, expect, it } from 'vitest';
import { CaseModel } from '../../server/src/db/models/case';
import { ScorecardModel } from '../../server/src/db/models/qa';
import { sendCaseEvent } from '../../server/src/cases/cases.service';
import { DEMO_SCORECARDS } from '../../seed/scorecards';
import { ZHANG_ID } from '../support/platform';
import { login, screenshot, UNTIL, useConsoleTest } from './harness';

const t = useConsoleTest(import.meta.url, 'qa_review');

describe('QA review', () => {
  it('a reviewer opens the sample, replays a refund with ← →, scores it; the agent sees the review', async () => {
    const { server, fixtures } = t.env;
    const agent = fixtures.users.agent;
    const caseId = t.scenario.caseId;
    let version = (await CaseModel.findById(caseId).lean())!.version;
    const send = async (event: { type: string } & Record<string, unknown>) => {
      const detail = await sendCaseEvent(
        server.deps,
        agent,
        { caseId, expectedVersion: version, idempotencyKey: `e2e-qa-${event.type}`, event },
        { ip: '127.0.0.1' },
      );
      version = detail.version;
    };
    await send({ type: 'VERIFY', idNumber: ZHANG_ID });
    await send({ type: 'QUOTE_REFUND', passengerIds: ['p1'], reason: '行程取消' });
    await send({ type: 'CUSTOMER_CONFIRMED' });
    // The outbox job pays it out.
    await expect.poll(async () => (await CaseModel.findById(caseId).lean())?.state, UNTIL).toBe('settled');
    version = (await CaseModel.findById(caseId).lean())!.version;
    await send({ type: 'CLOSE' });
    const [phone] = DEMO_SCORECARDS;
    await ScorecardModel.create({ ...phone, version: 1, createdBy: { id: 'e2e', name: 'e2e' }, createdAt: new Date() });

    // The reviewer's work list has the case.
    const reviewer = await t.open('qa1');
    await login(reviewer.page, 'qa1');
    await reviewer.page.getByTestId('nav-qa-worklist').click();
    const row = reviewer.page.locator(`[data-testid="worklist-row"][data-case-id="${caseId}"]`);
    await row.waitFor();
    expect(await reviewer.page.getByTestId('worklist-progress').getAttribute('data-done')).toBe('0');
    await screenshot(reviewer.page, '01-worklist-zh');
    await row.getByRole('link').click();
    await reviewer.page.waitForURL(`**/qa/cases/${caseId}**`);

    // The replay opens on the last step (closed); ← goes back to the quote, → forward again.
    const position = reviewer.page.getByTestId('replay-position');
    const stepCard = reviewer.page.getByTestId('replay-step');
    await expect.poll(() => stepCard.getAttribute('data-to'), UNTIL).toBe('closed');
    const total = Number(await position.getAttribute('data-index'));
    expect(total).toBeGreaterThanOrEqual(6);
    for (let i = 0; i < 10 && (await stepCard.getAttribute('data-event')) !== 'QUOTE_REFUND'; i++)
      await reviewer.page.keyboard.press('ArrowLeft');
    expect(await stepCard.getAttribute('data-event')).toBe('QUOTE_REFUND');
    const quoteIndex = Number(await position.getAttribute('data-index'));
    expect(quoteIndex).toBeLessThan(total);
    await expect.poll(() => reviewer.page.getByTestId('replay-rule').textContent(), UNTIL).toMatch(/cn-rail/);
    expect(await reviewer.page.getByTestId('replay-refund-amount').textContent()).toMatch(/^¥\d/);
    expect(await reviewer.page.getByTestId('replay-at').textContent()).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(
      await reviewer.page
        .locator('[data-testid="replay-data"] tr[data-path="data.quote"]')
        .getAttribute('data-changed'),
    ).toBe('true');
    expect(
      await reviewer.page.locator('[data-testid="state-diagram"] [aria-current="step"]').getAttribute('data-state'),
    ).toBe('quoted');
    await screenshot(reviewer.page, '02-replay-quote-zh');
    await reviewer.page.keyboard.press('ArrowRight');
    await expect.poll(() => position.getAttribute('data-index'), UNTIL).toBe(String(quoteIndex + 1));
    await reviewer.page.keyboard.press('ArrowLeft');
    await expect.poll(() => position.getAttribute('data-index'), UNTIL).toBe(String(quoteIndex));

    // Score it: everything right but the read-back (N/A) and a 4 of 5 for the closing.
    const form = reviewer.page.getByTestId('review-form');
    for (const [question, value] of [
      ['greeting', 'yes'],
      ['identity', 'yes'],
      ['fee_explained', 'yes'],
      ['rule_applied', 'yes'],
      ['read_back', 'na'],
      ['closing', '4'],
    ] as const)
      await form.getByTestId(`answer-${question}-${value}`).check();
    await form.getByTestId('review-comment').fill('规则说明清楚，结束语可以更完整');
    await form.getByTestId('review-submit').click();
    // read_back N/A: 90 weight left; closing 4 of 5 → 7.5 of 10: 87.5 of 90 → 97
    await expect.poll(() => reviewer.page.getByTestId('review-score').textContent(), UNTIL).toBe('97');
    await screenshot(reviewer.page, '03-review-saved-zh');
    await reviewer.page.getByTestId('language-switch').selectOption('en');
    await reviewer.page.getByTestId('nav-qa-worklist').click();
    await expect.poll(() => reviewer.page.getByTestId('worklist-progress').getAttribute('data-done'), UNTIL).toBe('1');
    await reviewer.page.goBack();
    await reviewer.page.getByTestId('replay-step').waitFor();
    await screenshot(reviewer.page, '04-replay-en');

    // The agent sees the review (and only theirs), and may dispute it.
    const worker = await t.open('agent1');
    await login(worker.page, 'agent1');
    await worker.page.getByTestId('nav-my-reviews').click();
    const card = worker.page.getByTestId('my-review');
    await card.waitFor();
    expect(await card.getAttribute('data-score')).toBe('97');
    expect(await worker.page.getByTestId('my-review-comment').textContent()).toContain('规则说明清楚');
    await worker.page.getByTestId('dispute-comment').waitFor();
    await screenshot(worker.page, '05-my-review-zh');
    await worker.page.getByTestId('language-switch').selectOption('en');
    await expect.poll(() => worker.page.getByRole('heading', { level: 1 }).textContent(), UNTIL).toBe('My reviews');
    await screenshot(worker.page, '06-my-review-en');
  });
});
