/**
 * A complaint from the first call to the voucher, in real browsers against the real server: an
 * agent opens it from the customer page, acknowledges, investigates and escalates it (an agent may
 * not offer compensation); a complaint handler at another desk picks it up from their queue, is
 * told in words that ¥5000 is above their limit, offers ¥50, records the customer's yes, and the
 * outbox issues the voucher before the case is closed. A QA reviewer then reads it, read-only, with
 * its whole history.
 */
import { describe, expect, it } from 'vitest';
import { login, screenshot, UNTIL, useConsoleTest } from './harness';

const t = useConsoleTest(import.meta.url, 'complaint_flow');

describe('complaint flow', () => {
  it('agent escalates, the handler resolves within their limit, the voucher is issued, QA reads the history', async () => {
    const customerUrl = `/customers/${t.env.fixtures.customers.zhang}`;
    const subject = '列车晚点两小时，乘务员态度恶劣';

    // The agent opens a complaint from the customer page.
    const agent = await t.open('agent1');
    await login(agent.page, 'agent1');
    await agent.page.goto(customerUrl);
    await agent.page.getByTestId('customer-new-case').click();
    const dialog = agent.page.getByTestId('new-case-dialog');
    await dialog.waitFor();
    await dialog.getByTestId('new-case-kind').selectOption('complaint');
    await dialog.getByTestId('new-case-subject').fill(subject);
    await dialog.getByTestId('new-case-submit').click();
    await agent.page.waitForURL(/\/cases\/[0-9a-f]{24}/);
    const caseId = /\/cases\/([0-9a-f]{24})/.exec(agent.page.url())?.[1] ?? '';
    const agentState = agent.page.getByTestId('case-state');
    await expect.poll(() => agentState.getAttribute('data-state'), UNTIL).toBe('received');

    await agent.page.getByTestId('action-ACKNOWLEDGE').click();
    const ackForm = agent.page.locator('[data-testid="event-form"][data-event="ACKNOWLEDGE"]');
    await ackForm.getByTestId('field-message').fill('您好，我们已收到您的投诉，将尽快核实处理。');
    await ackForm.getByTestId('event-submit').click();
    await expect.poll(() => agentState.getAttribute('data-state'), UNTIL).toBe('acknowledged');

    // Nothing to fill in and no money moved: one click sends it.
    await agent.page.getByTestId('action-START_INVESTIGATION').click();
    await expect.poll(() => agentState.getAttribute('data-state'), UNTIL).toBe('investigating');

    // Compensation is not the agent's to offer: the action is not there at all.
    expect(await agent.page.getByTestId('action-ESCALATE').isVisible()).toBe(true);
    expect(await agent.page.getByTestId('action-PROPOSE_RESOLUTION').count()).toBe(0);
    await screenshot(agent.page, '01-agent-investigating');

    await agent.page.getByTestId('action-ESCALATE').click();
    const escalateForm = agent.page.locator('[data-testid="event-form"][data-event="ESCALATE"]');
    await escalateForm.getByTestId('field-reason').fill('客户要求赔偿，超出客服处理权限');
    await escalateForm.getByTestId('event-submit').click();
    await expect.poll(() => agentState.getAttribute('data-state'), UNTIL).toBe('escalated.handler');
    expect(await agent.page.getByTestId('action-PROPOSE_RESOLUTION').count()).toBe(0);
    await screenshot(agent.page, '02-agent-escalated');

    // The complaint handler finds it in their queue and opens it.
    const handler = await t.open('handler1');
    await login(handler.page, 'handler1');
    await handler.page.waitForURL(/\/queue/);
    const row = handler.page.locator(`[data-testid="queue-row"][data-case-id="${caseId}"]`);
    await row.waitFor();
    expect(await row.locator('[data-state]').getAttribute('data-state')).toBe('escalated.handler');
    await screenshot(handler.page, '03-handler-queue');
    await row.click();
    await handler.page.waitForURL(`**/cases/${caseId}**`);
    const handlerState = handler.page.getByTestId('case-state');
    await expect.poll(() => handlerState.getAttribute('data-state'), UNTIL).toBe('escalated.handler');

    // ¥5000 is above a handler's limit: refused, and the refusal names the limit.
    await handler.page.getByTestId('action-PROPOSE_RESOLUTION').click();
    const proposeForm = handler.page.locator('[data-testid="event-form"][data-event="PROPOSE_RESOLUTION"]');
    await proposeForm.getByTestId('field-kind').selectOption('voucher');
    await proposeForm.getByTestId('field-money').fill('5000');
    await proposeForm.getByTestId('field-text').fill('向您致歉，并赠送代金券一张。');
    await proposeForm.getByTestId('event-submit').click();
    const refusal = proposeForm.getByTestId('event-error');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('补偿 ¥5,000.00 超过您的权限 ¥200.00');
    expect(await handlerState.getAttribute('data-state')).toBe('escalated.handler');
    await screenshot(handler.page, '04-handler-over-limit');

    // ¥50 is within it.
    await proposeForm.getByTestId('field-money').fill('50');
    await proposeForm.getByTestId('event-submit').click();
    await expect.poll(() => handlerState.getAttribute('data-state'), UNTIL).toBe('resolution_proposed');
    expect((await handler.page.getByTestId('case-facts').textContent()) ?? '').toContain('¥50.00');

    // The customer accepts; the outbox issues the voucher.
    await handler.page.getByTestId('action-CUSTOMER_ACCEPTED').click();
    await handler.page
      .locator('[data-testid="event-form"][data-event="CUSTOMER_ACCEPTED"]')
      .getByTestId('event-submit')
      .click();
    await expect.poll(() => handlerState.getAttribute('data-state'), UNTIL).toBe('resolved');
    const issued = handler.page
      .getByTestId('history-entry')
      .and(handler.page.locator('[data-event="COMPENSATION_ISSUED"]'));
    await issued.waitFor();
    expect((await handler.page.getByTestId('case-facts').textContent()) ?? '').toMatch(/已发放[\s\S]*CMP-/);
    await screenshot(handler.page, '05-handler-voucher-issued');

    await handler.page.getByTestId('action-CLOSE').click();
    await handler.page.locator('[data-testid="event-form"][data-event="CLOSE"]').getByTestId('event-submit').click();
    await expect.poll(() => handlerState.getAttribute('data-state'), UNTIL).toBe('closed');

    // QA finds it on the customer page and reads it without acting on it.
    const qa = await t.open('qa1');
    await login(qa.page, 'qa1');
    await qa.page.goto(customerUrl);
    const caseLink = qa.page
      .getByTestId('customer-cases')
      .getByRole('row')
      .filter({ hasText: subject })
      .getByRole('link');
    await caseLink.click();
    await qa.page.waitForURL(`**/cases/${caseId}`);
    const qaState = qa.page.getByTestId('case-state');
    await expect.poll(() => qaState.getAttribute('data-state'), UNTIL).toBe('closed');
    expect(await qa.page.getByTestId('read-only').isVisible()).toBe(true);
    expect(await qa.page.getByTestId('action-bar').count()).toBe(0);
    expect(await qa.page.getByTestId('no-actions').isVisible()).toBe(true);
    expect(await qa.page.getByTestId('note-text').count()).toBe(0);
    // Every step, newest first, with who did it.
    const events = await qa.page
      .getByTestId('history-entry')
      .evaluateAll((entries) => entries.map((entry) => entry.getAttribute('data-event')));
    expect(events).toEqual([
      'CLOSE',
      'COMPENSATION_ISSUED',
      'CUSTOMER_ACCEPTED',
      'PROPOSE_RESOLUTION',
      'ESCALATE',
      'START_INVESTIGATION',
      'ACKNOWLEDGE',
      'CREATED',
    ]);
    const history = (await qa.page.getByTestId('history').textContent()) ?? '';
    expect(history).toContain(t.env.fixtures.users.agent.name);
    expect(history).toContain(t.env.fixtures.users.complaint_handler.name);
    expect(history).toContain('¥50.00');
    await screenshot(qa.page, '06-qa-read-only');
  });
});
