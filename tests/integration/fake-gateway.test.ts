import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakePaymentGateway } from '../../server/src/payments/fake-gateway';
import { PaymentModel } from '../../server/src/db/models/payment';
import { connectTestDatabase } from '../support/deps';

let disconnect: () => Promise<void>;
beforeAll(async () => {
  disconnect = await connectTestDatabase('fake_gateway');
});
afterAll(async () => {
  await disconnect();
});

const now = () => new Date('2026-05-10T08:00:00+08:00');

describe('the fake payment gateway', () => {
  it('pays a key once, however often and however concurrently it is asked', async () => {
    const gateway = createFakePaymentGateway({ now });
    const call = { idempotencyKey: 'case1:3:0', amountFen: 52_500, reference: 'TD0000001' };
    const answers = await Promise.all(Array.from({ length: 8 }, () => gateway.refund(call)));
    const again = await gateway.refund(call);
    const refs = new Set([...answers, again].map((a) => (a.ok ? a.gatewayRef : a.reason)));
    expect(refs.size).toBe(1);
    expect([...refs][0]).toMatch(/^RFD-[0-9A-F]{12}$/);
    expect(await PaymentModel.countDocuments({ idempotencyKey: 'case1:3:0' })).toBe(1);
  });

  it('answers a collection with a payment reference, and a second gateway instance sees the first one', async () => {
    const call = { idempotencyKey: 'case2:1:0', amountFen: 55_300, reference: 'booking' };
    const first = await createFakePaymentGateway({ now }).collect(call);
    const second = await createFakePaymentGateway({ now }).collect(call);
    expect(first.ok && first.paymentRef.startsWith('PAY-')).toBe(true);
    expect(second).toEqual(first);
  });

  it('refuses a key reused for a different amount or kind, without paying', async () => {
    const gateway = createFakePaymentGateway({ now });
    await gateway.refund({ idempotencyKey: 'case3:1:0', amountFen: 100, reference: 'r' });
    expect(await gateway.refund({ idempotencyKey: 'case3:1:0', amountFen: 200, reference: 'r' })).toMatchObject({
      ok: false,
    });
    expect(await gateway.collect({ idempotencyKey: 'case3:1:0', amountFen: 100, reference: 'r' })).toMatchObject({
      ok: false,
    });
    expect(await PaymentModel.countDocuments({ idempotencyKey: 'case3:1:0' })).toBe(1);
  });

  it('does not remember a decline: a retry with the same key is asked again', async () => {
    let declines = 1;
    const gateway = createFakePaymentGateway({ now, decline: () => (declines-- > 0 ? 'bank declined' : null) });
    const call = { idempotencyKey: 'case4:1:0', amountFen: 900, reference: 'r' };
    expect(await gateway.refund(call)).toEqual({ ok: false, reason: 'bank declined' });
    expect(await gateway.refund(call)).toMatchObject({ ok: true });
    expect(await gateway.refund({ ...call, amountFen: -1 })).toMatchObject({ ok: false });
  });
});
