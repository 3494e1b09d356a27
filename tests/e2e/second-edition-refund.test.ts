/**
 * Second-edition refunds in a real browser: a cn-rail ticket asked for after its train left is
 * quoted as needing the station's approval (shown with the quote), and a Guangzhou–Shenzhen–Hong
 * Kong cross-border ticket is quoted from its own table (30%, whole yuan).
 */
import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { createCase } from '../../server/src/cases/cases.service';
import { BookingModel } from '../../server/src/db/models/booking';
import { DepartureModel } from '../../server/src/db/models/departure';
import { ZHANG_ID } from '../support/platform';
import { login, screenshot, useConsoleTest, verifyAndQuoteRefund } from './harness';

const t = useConsoleTest(import.meta.url, 'second_edition');
const HOUR_MS = 3_600_000;

/** A refund case for 张伟's one-ticket booking, bought three hours ago (so under the rules in force today). */
async function refundCase(options: {
  ruleSet: 'cn-rail' | 'cn-rail-xb';
  code: string;
  origin: string;
  destination: string;
  hoursAhead: number;
  priceFen: number;
}) {
  const { server, fixtures } = t.env;
  const now = server.deps.now().getTime();
  const departureAt = new Date(Math.floor((now + options.hoursAhead * HOUR_MS) / HOUR_MS) * HOUR_MS);
  const departure = await DepartureModel.create({
    mode: 'rail',
    code: options.code,
    origin: options.origin,
    destination: options.destination,
    departureAt,
    ruleSet: options.ruleSet,
    classes: [{ code: 'O', name: '二等座', priceFen: options.priceFen, seatsLeft: 100 }],
  });
  const booking = await BookingModel.create({
    ref: `TD${randomBytes(3).toString('hex').toUpperCase()}SE2`,
    customerId: new mongoose.Types.ObjectId(fixtures.customers.zhang),
    departureId: departure._id,
    ruleSet: options.ruleSet,
    status: 'ticketed',
    purchasedAt: new Date(now - 3 * HOUR_MS),
    paidAt: new Date(now - 3 * HOUR_MS + 60_000),
    totalFen: options.priceFen,
    passengers: [
      {
        passengerId: 'p1',
        name: '张伟',
        idType: 'resident_id',
        idNumber: ZHANG_ID,
        passengerType: 'adult',
        ticketNumber: `E${Date.now() % 1e9}`,
        classCode: 'O',
        seat: '03车08A',
        fareFen: options.priceFen,
      },
    ],
  });
  const detail = await createCase(server.deps, fixtures.users.agent, {
    kind: 'refund',
    channel: 'phone',
    customerId: fixtures.customers.zhang,
    bookingId: booking._id.toHexString(),
    subject: `客户来电要求退票 ${options.code}`,
    priority: 'normal',
    idempotencyKey: `e2e-${randomBytes(6).toString('hex')}`,
  });
  return detail.id;
}

describe('second-edition refunds in the console', () => {
  it('a cn-rail refund after departure is quoted as needing the station approval', async () => {
    const caseId = await refundCase({
      ruleSet: 'cn-rail',
      code: 'G103',
      origin: '北京南',
      destination: '上海虹桥',
      hoursAhead: -1,
      priceFen: 55_300,
    });
    const agent = await t.open('agent1');
    await login(agent.page, 'agent1');
    await agent.page.waitForURL(/\/queue/);
    const quote = await verifyAndQuoteRefund(agent.page, t.env.url, caseId);
    expect(await quote.getByTestId('quote-total-fee').textContent()).toBe('¥110.50');
    expect(await quote.getByTestId('quote-total-refund').textContent()).toBe('¥442.50');
    expect(await quote.getByTestId('quote-current-explanations').textContent()).toContain(
      '(cn-rail@2026-12-01/refund.after-departure-station-approval)',
    );
    expect(await quote.getByTestId('quote-current-flags').textContent()).toContain('需车站同意');
    await screenshot(agent.page, 'station-approval');
    await agent.page.screenshot({ path: '/tmp/wt-fare2-station-approval.png', fullPage: true });
  });

  it('a cross-border refund is quoted from its own table', async () => {
    const caseId = await refundCase({
      ruleSet: 'cn-rail-xb',
      code: 'G5714',
      origin: '香港西九龙',
      destination: '广州南',
      hoursAhead: 100,
      priceFen: 24_750,
    });
    const agent = await t.open('agent1');
    await login(agent.page, 'agent1');
    await agent.page.waitForURL(/\/queue/);
    const quote = await verifyAndQuoteRefund(agent.page, t.env.url, caseId);
    // 99–100 h ahead: 30% of ¥247.50 = ¥74.25, whole yuan with the fraction dropped: ¥74
    expect(await quote.getByTestId('quote-total-fee').textContent()).toBe('¥74.00');
    expect(await quote.getByTestId('quote-total-refund').textContent()).toBe('¥173.50');
    expect(await quote.getByTestId('quote-current-explanations').textContent()).toContain(
      '(cn-rail-xb@2026-12-01/refund.tier-48h)',
    );
    await screenshot(agent.page, 'cross-border');
    await agent.page.screenshot({ path: '/tmp/wt-fare2-cross-border.png', fullPage: true });
  });
});
