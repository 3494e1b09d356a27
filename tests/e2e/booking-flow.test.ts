/**
 * A new booking over the phone, in a real browser against the real server: the agent finds the
 * caller with the global search, opens a booking case from the customer page, quotes a train from
 * the departure picker, enters the passenger (a mistyped ID number is refused with a reason the
 * agent can read), holds seats and takes payment; the outbox holds the seats, collects the money
 * and issues the ticket, which the agent reads back before closing the case.
 */
import { describe, expect, it } from 'vitest';
import { getCase } from '../../server/src/cases/cases.service';
import { ZHANG_ID } from '../support/platform';
import { createFutureDeparture, login, screenshot, UNTIL, useConsoleTest } from './harness';
import { dataOf } from '../support/case-data';

const t = useConsoleTest(import.meta.url, 'booking_flow');

/** 11010519491231002X with the check character changed: 18 characters, a real date, wrong check. */
const MISTYPED_ID = '110105194912310021';

describe('booking flow', () => {
  it('agent books a train for a caller from the customer page; the outbox holds, charges and tickets it', async () => {
    // Twelve days ahead: a train nobody else in this file touches.
    const train = await createFutureDeparture(t.env.server, {
      code: 'G105',
      hoursAhead: 12 * 24,
      priceFen: 55_300,
      seatsLeft: 80,
    });
    const { page } = await t.open('agent1');
    await login(page, 'agent1');

    // The caller gives their name: the global search in the top bar finds them.
    await page.getByTestId('global-search').fill('张伟');
    await page.getByTestId('global-search').press('Enter');
    await page.waitForURL(/\/customers\?q=/);
    const result = page.getByTestId('customer-result').filter({ hasText: '张伟' });
    await result.waitFor();
    await screenshot(page, '01-search');
    await result.getByRole('link', { name: '张伟' }).click();
    await page.waitForURL(`**/customers/${t.env.fixtures.customers.zhang}`);
    expect((await page.getByTestId('customer-name').textContent()) ?? '').toContain('张伟');

    // A new booking case from the customer page.
    await page.getByTestId('customer-new-case').click();
    const dialog = page.getByTestId('new-case-dialog');
    await dialog.waitFor();
    await dialog.getByTestId('new-case-kind').selectOption('booking');
    await dialog.getByTestId('new-case-subject').fill('客户来电订 G105 北京—上海');
    await screenshot(page, '02-new-case');
    await dialog.getByTestId('new-case-submit').click();
    await page.waitForURL(/\/cases\/[0-9a-f]{24}/);
    const caseId = /\/cases\/([0-9a-f]{24})/.exec(page.url())?.[1] ?? '';
    const caseState = page.getByTestId('case-state');
    await expect.poll(() => caseState.getAttribute('data-state'), UNTIL).toBe('draft');
    expect(await page.locator('[data-testid="case-workspace"]').getAttribute('data-case-kind')).toBe('booking');

    // QUOTE: search the route and day, pick 二等座 on G105, one passenger.
    await page.getByTestId('action-QUOTE').click();
    const quoteForm = page.locator('[data-testid="event-form"][data-event="QUOTE"]');
    await quoteForm.getByTestId('departure-origin').fill('BJP');
    await quoteForm.getByTestId('departure-destination').fill('SHH');
    await quoteForm.getByTestId('departure-date').fill(train.date);
    await quoteForm.getByTestId('departure-search').click();
    const trainRow = quoteForm.getByRole('row').filter({ hasText: train.code });
    await trainRow.getByTestId('departure-class').filter({ hasText: '二等座' }).click();
    expect((await quoteForm.getByTestId('departure-chosen').textContent()) ?? '').toContain(train.code);
    await quoteForm.getByTestId('field-passengerCount').fill('1');
    await screenshot(page, '03-quote-form');
    await quoteForm.getByTestId('event-submit').click();
    await expect.poll(() => caseState.getAttribute('data-state'), UNTIL).toBe('quoted');
    const bookingQuote = page.getByTestId('booking-quote');
    await bookingQuote.waitFor();
    expect((await bookingQuote.textContent()) ?? '').toContain(train.code);
    expect((await bookingQuote.textContent()) ?? '').toContain('¥553.00');

    // ENTER_PASSENGERS: a mistyped ID number is refused, and the form says why.
    await page.getByTestId('action-ENTER_PASSENGERS').click();
    const passengersForm = page.locator('[data-testid="event-form"][data-event="ENTER_PASSENGERS"]');
    // The quote is for one passenger: the form starts with one row to fill in.
    // The form renders its rows once it opens: wait for it rather than count too early.
    await expect.poll(() => passengersForm.getByTestId('passenger-name').count(), UNTIL).toBe(1);
    await passengersForm.getByTestId('passenger-name').fill('张伟');
    await passengersForm.getByTestId('passenger-id').fill(MISTYPED_ID);
    await passengersForm.getByTestId('event-submit').click();
    const idField = passengersForm.getByTestId('passenger-id');
    await expect.poll(() => idField.getAttribute('aria-invalid'), UNTIL).toBe('true');
    const idError = passengersForm
      .locator('label')
      .filter({ has: page.getByTestId('passenger-id') })
      .locator('.field-error');
    expect(await idError.textContent()).toBe('身份证号校验位不正确');
    expect(await caseState.getAttribute('data-state')).toBe('quoted');
    await screenshot(page, '04-passenger-id-refused');

    // The right number goes through.
    await idField.fill(ZHANG_ID);
    await passengersForm.getByTestId('event-submit').click();
    await expect.poll(() => caseState.getAttribute('data-state'), UNTIL).toBe('passengers_entered');
    const passengerTable = page.getByTestId('case-passengers');
    expect((await passengerTable.textContent()) ?? '').toContain('张伟');
    // The ID number is masked on screen.
    expect((await passengerTable.textContent()) ?? '').not.toContain(ZHANG_ID);

    // HOLD_SEATS: the outbox takes the seat from inventory.
    // Holding seats moves no money: one click sends it.
    await page.getByTestId('action-HOLD_SEATS').click();
    await expect.poll(() => caseState.getAttribute('data-state'), UNTIL).toBe('seats_held');
    await screenshot(page, '05-seats-held');

    // REQUEST_PAYMENT: the outbox collects the money and issues the ticket.
    await page.getByTestId('action-REQUEST_PAYMENT').click();
    await page.locator('[data-testid="event-form"][data-event="REQUEST_PAYMENT"]').getByTestId('event-submit').click();
    await expect.poll(() => caseState.getAttribute('data-state'), UNTIL).toBe('ticketed');

    // The agent reads the booking reference and ticket number back to the caller.
    const issued = dataOf(await getCase(caseId, 'agent'), 'booking').issued!;
    expect(issued.ticketNumbers).toHaveLength(1);
    const facts = page.getByTestId('case-facts');
    await expect.poll(async () => (await facts.textContent()) ?? '', UNTIL).toContain(issued.bookingRef);
    expect((await facts.textContent()) ?? '').toContain(issued.ticketNumbers[0]);
    await screenshot(page, '06-ticketed');

    await page.getByTestId('action-CLOSE').click();
    await page.locator('[data-testid="event-form"][data-event="CLOSE"]').getByTestId('event-submit').click();
    await expect.poll(() => caseState.getAttribute('data-state'), UNTIL).toBe('closed');
    expect(await page.getByTestId('no-actions').isVisible()).toBe(true);

    // The new booking is on the customer's page with its ticket.
    await page.getByRole('link', { name: '张伟' }).first().click();
    const card = page.locator(`[data-testid="booking-card"][data-booking-ref="${issued.bookingRef}"]`);
    await card.waitFor();
    expect((await card.textContent()) ?? '').toContain(issued.ticketNumbers[0]);
    expect((await card.textContent()) ?? '').toContain(train.code);
    await screenshot(page, '07-customer-new-booking');
  });
});
