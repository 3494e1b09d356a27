/**
 * A refund from the phone call to the payout, in a real browser against the real server: an agent
 * opens the case from the queue with the keyboard, verifies the caller, quotes the ticket, reads
 * the quote and its rule out before recording the customer's yes, and the outbox pays it out.
 * Meanwhile a supervisor's queue, in another browser context, follows every step live.
 */
import { describe, expect, it } from 'vitest';
import { login, markDocument, screenshot, stillSameDocument, UNTIL, useConsoleTest } from './harness';

const t = useConsoleTest(import.meta.url, 'refund_flow');

describe('refund flow', () => {
  it('agent verifies, quotes, reads the quote out, records the yes; the refund settles and the supervisor sees it live', async () => {
    const supervisor = await t.open('super1');
    const agent = await t.open('agent1');

    // The supervisor watches the queue; this document must never be reloaded below.
    await login(supervisor.page, 'super1');
    await supervisor.page.waitForURL(/\/queue/);
    const superRow = supervisor.page.locator(`[data-testid="queue-row"][data-case-id="${t.scenario.caseId}"]`);
    const superState = superRow.locator('[data-state]');
    await superRow.waitFor();
    expect(await superState.getAttribute('data-state')).toBe('verifying');
    await markDocument(supervisor.page);
    await screenshot(supervisor.page, '01-supervisor-queue-before');

    // The agent picks the case from the queue with J and Enter.
    await login(agent.page, 'agent1');
    await agent.page.waitForURL(/\/queue/);
    const agentRow = agent.page.locator(`[data-testid="queue-row"][data-case-id="${t.scenario.caseId}"]`);
    await agentRow.waitFor();
    await screenshot(agent.page, '02-agent-queue');
    await agent.page.keyboard.press('j');
    await expect.poll(() => agentRow.getAttribute('aria-selected'), UNTIL).toBe('true');
    await agent.page.keyboard.press('Enter');
    await agent.page.waitForURL(`**/cases/${t.scenario.caseId}**`);
    const caseState = agent.page.getByTestId('case-state');
    await expect.poll(() => caseState.getAttribute('data-state'), UNTIL).toBe('verifying');
    expect(await agent.page.locator('#case-title').textContent()).toContain(t.scenario.ref);

    // Identity: the ID number the caller reads out.
    await agent.page.getByTestId('action-VERIFY').click();
    const verifyForm = agent.page.locator('[data-testid="event-form"][data-event="VERIFY"]');
    await verifyForm.getByTestId('field-idNumber').fill(t.scenario.customerIdNumber);
    await screenshot(agent.page, '03-agent-verify-form');
    await verifyForm.getByTestId('event-submit').click();
    await expect.poll(() => caseState.getAttribute('data-state'), UNTIL).toBe('selecting');
    await expect.poll(() => superState.getAttribute('data-state'), UNTIL).toBe('selecting');

    // Quote the ticket.
    await agent.page.getByTestId('action-QUOTE_REFUND').click();
    const quoteForm = agent.page.locator('[data-testid="event-form"][data-event="QUOTE_REFUND"]');
    await quoteForm.getByTestId('field-passengers').getByLabel(new RegExp(t.scenario.passenger.name)).check();
    await quoteForm.getByTestId('field-reason').fill('行程取消');
    await quoteForm.getByTestId('event-submit').click();
    await expect.poll(() => caseState.getAttribute('data-state'), UNTIL).toBe('quoted');

    // The quote and the rule behind it are on screen before anything is confirmed:
    // five days ahead on cn-rail is 5% of ¥553.00 = ¥27.65, rounded to ¥27.50.
    const quote = agent.page.getByTestId('quote-current');
    await quote.waitFor();
    expect(await quote.getByTestId('quote-total-fee').textContent()).toBe('¥27.50');
    expect(await quote.getByTestId('quote-total-refund').textContent()).toBe('¥525.50');
    const explanation = (await quote.getByTestId('quote-current-explanations').textContent()) ?? '';
    expect(explanation).toContain(t.scenario.passenger.name);
    expect(explanation).toMatch(/5%/);
    expect(explanation).toMatch(/\(cn-rail@[^)]*\/refund\.tier-48h\)/); // the rule applied
    expect(await agent.page.getByTestId('action-CUSTOMER_CONFIRMED').isVisible()).toBe(true);
    await expect.poll(() => superState.getAttribute('data-state'), UNTIL).toBe('quoted');
    await screenshot(agent.page, '04-agent-quoted');

    // Recording the customer's yes shows the quote to read out once more, inside the form.
    await agent.page.getByTestId('action-CUSTOMER_CONFIRMED').click();
    const confirmForm = agent.page.locator('[data-testid="event-form"][data-event="CUSTOMER_CONFIRMED"]');
    await confirmForm.waitFor();
    const readOut = confirmForm.getByTestId('quote-current');
    expect(await readOut.isVisible()).toBe(true);
    expect(await readOut.getByTestId('quote-total-refund').textContent()).toBe('¥525.50');
    expect(await readOut.getByTestId('quote-current-explanations').textContent()).toMatch(/5%/);
    await screenshot(agent.page, '05-agent-confirm-form');
    await confirmForm.getByTestId('event-submit').click();

    // Under the approval threshold: straight to the payout, which the outbox settles.
    await expect.poll(() => caseState.getAttribute('data-state'), UNTIL).toBe('settled');
    await screenshot(agent.page, '06-agent-settled');

    // The supervisor's queue followed along without a reload.
    await expect.poll(() => superState.getAttribute('data-state'), UNTIL).toBe('settled');
    expect(await stillSameDocument(supervisor.page)).toBe(true);
    await screenshot(supervisor.page, '07-supervisor-queue-after');
  });
});
