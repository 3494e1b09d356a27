/**
 * A change (改签) over the phone, in a real browser against the real server: from the ticket's
 * booking card the agent opens a change case, checks the caller's ID number, picks a later train on
 * the same route, reads the quote (change fee, what the customer pays, the rule) out before
 * recording the customer's yes; the outbox collects the fee and reissues the ticket, and the
 * customer page shows the new booking with its changed ticket.
 */
import { describe, expect, it } from 'vitest';
import { getCase } from '../../server/src/cases/cases.service';
import { ZHANG_ID } from '../support/platform';
import { createFutureBooking, createFutureDeparture, login, screenshot, UNTIL, useConsoleTest } from './harness';
import { dataOf } from '../support/case-data';

const t = useConsoleTest(import.meta.url, 'change_flow');

describe('change flow', () => {
  it('agent changes a ticket to a later train; the quote is read out first and the ticket is reissued', async () => {
    // The ticket leaves in about a day and a half: moving it to the next day's train costs 5% of the
    // fare under cn-rail (24–48 h before departure, to a later date): 5% of ¥553.00 = ¥27.65 → ¥27.50.
    const original = await createFutureDeparture(t.env.server, { code: 'G201', hoursAhead: 36 });
    const later = await createFutureDeparture(t.env.server, { code: 'G203', hoursAhead: 60 });
    const booking = await createFutureBooking(t.env.server, t.env.fixtures, original);

    const { page } = await t.open('agent1');
    await login(page, 'agent1');
    await page.goto(`/customers/${t.env.fixtures.customers.zhang}`);
    const card = page.locator(`[data-testid="booking-card"][data-booking-ref="${booking.ref}"]`);
    await card.waitFor();
    await screenshot(page, '01-customer-before');

    // A change case from the booking's card: the dialog names the booking and starts on 改签.
    await card.getByTestId('booking-new-change').click();
    const dialog = page.getByTestId('new-case-dialog');
    await dialog.waitFor();
    expect((await dialog.textContent()) ?? '').toContain(booking.ref);
    expect(await dialog.getByTestId('new-case-kind').inputValue()).toBe('change');
    await dialog.getByTestId('new-case-submit').click();
    await page.waitForURL(/\/cases\/[0-9a-f]{24}/);
    const caseId = /\/cases\/([0-9a-f]{24})/.exec(page.url())?.[1] ?? '';
    const caseState = page.getByTestId('case-state');
    await expect.poll(() => caseState.getAttribute('data-state'), UNTIL).toBe('verifying');
    expect(await page.getByTestId('case-booking').textContent()).toContain(booking.ref);

    // Identity: the ID number the caller reads out.
    await page.getByTestId('action-VERIFY').click();
    const verifyForm = page.locator('[data-testid="event-form"][data-event="VERIFY"]');
    await verifyForm.getByTestId('field-idNumber').fill(ZHANG_ID);
    await verifyForm.getByTestId('event-submit').click();
    await expect.poll(() => caseState.getAttribute('data-state'), UNTIL).toBe('choosing');

    // The departure picker starts on the booking's route; the agent takes the next day's train.
    await page.getByTestId('action-CHOOSE_DEPARTURE').click();
    const chooseForm = page.locator('[data-testid="event-form"][data-event="CHOOSE_DEPARTURE"]');
    await expect.poll(() => chooseForm.getByTestId('departure-origin').inputValue(), UNTIL).toBe('BJP');
    expect(await chooseForm.getByTestId('departure-destination').inputValue()).toBe('SHH');
    const laterRow = chooseForm.getByRole('row').filter({ hasText: later.code });
    await laterRow.getByTestId('departure-class').filter({ hasText: '二等座' }).click();
    expect((await chooseForm.getByTestId('departure-chosen').textContent()) ?? '').toContain(later.code);
    await chooseForm.getByTestId('field-passengers').getByLabel(/张伟/).check();
    await screenshot(page, '02-choose-departure');
    await chooseForm.getByTestId('event-submit').click();
    await expect.poll(() => caseState.getAttribute('data-state'), UNTIL).toBe('quoted');

    // The quote is on screen before anything is confirmed: new train, fee, what the customer pays, the rule.
    const quote = page.getByTestId('quote-current');
    await quote.waitFor();
    expect((await quote.textContent()) ?? '').toContain(later.code);
    expect(await quote.getByTestId('quote-total-fee').textContent()).toBe('¥27.50');
    expect(await quote.getByTestId('quote-total-pay').textContent()).toBe('¥27.50');
    expect((await quote.textContent()) ?? '').toContain('客户需补差价');
    const explanation = (await quote.getByTestId('quote-current-explanations').textContent()) ?? '';
    expect(explanation).toContain('张伟');
    expect(explanation).toMatch(/5%/);
    expect(explanation).toMatch(/\(cn-rail@[^)]+\)/);
    expect(await page.getByTestId('action-CUSTOMER_CONFIRMED').isVisible()).toBe(true);
    await screenshot(page, '03-quoted');

    // Recording the yes shows the quote to read out once more, inside the form.
    await page.getByTestId('action-CUSTOMER_CONFIRMED').click();
    const confirmForm = page.locator('[data-testid="event-form"][data-event="CUSTOMER_CONFIRMED"]');
    await confirmForm.waitFor();
    expect(await confirmForm.getByTestId('quote-total-pay').textContent()).toBe('¥27.50');
    await confirmForm.getByTestId('event-submit').click();

    // The outbox collects the ¥27.50 and reissues the ticket on G203.
    await expect.poll(() => caseState.getAttribute('data-state'), UNTIL).toBe('reissued');
    const reissued = dataOf(await getCase(caseId, 'agent'), 'change').reissued!;
    const facts = page.getByTestId('case-facts');
    await expect.poll(async () => (await facts.textContent()) ?? '', UNTIL).toContain(reissued.newBookingRef);
    await screenshot(page, '04-reissued');

    await page.getByTestId('action-CLOSE').click();
    await page.locator('[data-testid="event-form"][data-event="CLOSE"]').getByTestId('event-submit').click();
    await expect.poll(() => caseState.getAttribute('data-state'), UNTIL).toBe('closed');

    // Back on the customer page: the new booking on G203 with a changed ticket; the old ticket is spent.
    await page.locator('.breadcrumb').getByRole('link', { name: '张伟' }).click();
    const newCard = page.locator(`[data-testid="booking-card"][data-booking-ref="${reissued.newBookingRef}"]`);
    await newCard.waitFor();
    const newText = (await newCard.textContent()) ?? '';
    expect(newText).toContain(later.code);
    expect(newText).toContain(reissued.ticketNumbers[0]);
    expect(await newCard.locator('tbody tr').first().locator('.badge').textContent()).toBe('已改签');
    expect(await newCard.getByTestId('booking-new-change').count()).toBe(0);
    const oldRow = card.locator('tbody tr').first();
    expect((await oldRow.textContent()) ?? '').toContain('已改签');
    await screenshot(page, '05-customer-after');
  });
});
