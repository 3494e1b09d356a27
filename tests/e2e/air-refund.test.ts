/**
 * cn-air second edition in a real browser: an air ticket with taxes is quoted in the refund case
 * with the fare, the taxes refunded (development fund, fuel surcharge) and the fee apart.
 */
import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { createCase } from '../../server/src/cases/cases.service';
import { BookingModel } from '../../server/src/db/models/booking';
import { DepartureModel } from '../../server/src/db/models/departure';
import { ZHANG_ID } from '../support/platform';
import { login, screenshot, UNTIL, useConsoleTest, verifyAndQuoteRefund } from './harness';

const t = useConsoleTest(import.meta.url, 'air_taxes');
const HOUR_MS = 3_600_000;
const FARE = 128_000;
const TAXES = { developmentFundFen: 5_000, fuelSurchargeFen: 3_000 };

/** A refund case for 张伟's Y-class ticket on MU5102 ten days ahead, bought yesterday with its taxes apart. */
async function airRefundCase() {
  const { server, fixtures } = t.env;
  const now = server.deps.now().getTime();
  const departureAt = new Date(Math.floor((now + 240 * HOUR_MS) / HOUR_MS) * HOUR_MS);
  const departure = await DepartureModel.create({
    mode: 'air',
    code: 'MU5102',
    origin: 'SHA',
    destination: 'PEK',
    departureAt,
    ruleSet: 'cn-air',
    organizer: 'MU',
    classes: [{ code: 'Y', name: '经济舱全价', priceFen: FARE, taxes: TAXES, seatsLeft: 40 }],
  });
  const booking = await BookingModel.create({
    ref: `TD${randomBytes(3).toString('hex').toUpperCase()}AIR`,
    customerId: new mongoose.Types.ObjectId(fixtures.customers.zhang),
    departureId: departure._id,
    ruleSet: 'cn-air',
    status: 'ticketed',
    purchasedAt: new Date(now - 24 * HOUR_MS),
    paidAt: new Date(now - 24 * HOUR_MS + 60_000),
    sale: { channel: 'online', payment: 'electronic', purchaseType: 'normal', purchaser: 'app:zhang' },
    totalFen: FARE,
    passengers: [
      {
        passengerId: 'p1',
        name: '张伟',
        idType: 'resident_id',
        idNumber: ZHANG_ID,
        passengerType: 'adult',
        ticketNumber: `781-${Date.now() % 1e10}`,
        classCode: 'Y',
        seat: '32A',
        fareFen: FARE,
        taxes: TAXES,
      },
    ],
  });
  const detail = await createCase(server.deps, fixtures.users.agent, {
    kind: 'refund',
    channel: 'phone',
    customerId: fixtures.customers.zhang,
    bookingId: booking._id.toHexString(),
    subject: '客户来电要求退机票 MU5102',
    priority: 'normal',
    idempotencyKey: `e2e-${randomBytes(6).toString('hex')}`,
  });
  return detail.id;
}

describe('air refunds in the console (cn-air@2021-09-01)', () => {
  it('quotes an air ticket with taxes: fare, taxes refunded and fee apart', async () => {
    const caseId = await airRefundCase();
    const agent = await t.open('agent1');
    await login(agent.page, 'agent1');
    await agent.page.waitForURL(/\/queue/);
    const quote = await verifyAndQuoteRefund(agent.page, t.env.url, caseId);
    // Y, 2 h or more ahead: 5% of the fare ¥1,280 = ¥64; the taxes ¥80 back in full: ¥1,296.
    expect(await quote.getByTestId('quote-taxes-p1').textContent()).toBe(
      '¥80.00民航发展基金 ¥50.00 · 燃油附加费 ¥30.00',
    );
    expect(await quote.getByTestId('quote-total-taxes').textContent()).toBe('¥80.00');
    expect(await quote.getByTestId('quote-total-fee').textContent()).toBe('¥64.00');
    expect(await quote.getByTestId('quote-total-refund').textContent()).toBe('¥1,296.00');
    expect(await quote.getByTestId('quote-current-explanations').textContent()).toContain(
      '(cn-air@2021-09-01/refund.class-Y.2h-or-more)',
    );
    // The booking panel shows the taxes beside the fare too.
    expect(await agent.page.getByTestId('case-booking').textContent()).toContain('税费（基金+燃油）');
    await screenshot(agent.page, 'air-taxes');
    await agent.page.screenshot({ path: '/tmp/wt-air-refund.png', fullPage: true });

    // The same quote in English.
    await agent.page.getByTestId('language-switch').selectOption('en');
    await expect
      .poll(() => quote.getByTestId('quote-taxes-p1').textContent(), UNTIL)
      .toBe('¥80.00Development fund ¥50.00 · Fuel surcharge ¥30.00');
    expect(await quote.getByTestId('quote-current-explanations').textContent()).toContain(
      'taxes ¥80.00 refunded in full (development fund ¥50.00, fuel surcharge ¥30.00)',
    );
    await screenshot(agent.page, 'air-taxes-en');
    await agent.page.screenshot({ path: '/tmp/wt-air-refund-en.png', fullPage: true });
  });
});
