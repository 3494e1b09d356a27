/**
 * A hostile review of the issue 7 fixes: what still leaked or paid out after they were merged,
 * each attack bounded and on a real database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { Types } from 'mongoose';
import { performOutbox } from '../../server/src/cases/jobs';
import { BookingModel } from '../../server/src/db/models/booking';
import { AuditModel } from '../../server/src/db/models/audit';
import { CustomerModel } from '../../server/src/db/models/customer';
import { CaseModel, type CaseRecord } from '../../server/src/db/models/case';
import { residentIdCheckChar } from '../../shared/identity';
import { connectTestDatabase } from '../support/deps';
import { engineTestContext, failureOf, newKey, step, ticketedRailBooking, type Caller } from '../support/engine-steps';
import { createPlatformFixtures, ZHANG_ID, type PlatformFixtures } from '../support/platform';

let cleanup: () => Promise<void>;
let fx: PlatformFixtures;

beforeAll(async () => {
  cleanup = await connectTestDatabase('review_attacks');
  fx = await createPlatformFixtures();
});
afterAll(async () => cleanup());

const key = () => newKey('review');
const setup = () => engineTestContext('2026-05-10T09:00:00+08:00');

let refSeq = 0;
/** A ticketed rail booking of 张伟 with one adult ticket p1. */
async function zhangBooking(): Promise<string> {
  const n = String(++refSeq).padStart(5, '0');
  return (await ticketedRailBooking(fx, { ref: `RV${n}`, departureCode: `R${n}`, ticketNumber: `E8${n}` })).id;
}

/** Resident IDs with 张伟's visible digits and another birth date (what a guesser types). */
function guessedId(i: number): string {
  const day = String(1 + (i % 28)).padStart(2, '0');
  const month = String(1 + Math.floor(i / 28)).padStart(2, '0');
  return `1101051949${month}${day}002X`;
}

describe('identity oracles', () => {
  it("a case's VERIFY counts against the same small budget as verifyIdentity, per user and booking holder: a new case or another booking does not reset it", async () => {
    const { as } = setup();
    const agent = as(fx.users.agent);
    const bookingId = await zhangBooking();
    const newCase = () =>
      agent.cases.create({
        kind: 'refund',
        channel: 'phone',
        customerId: fx.customers.zhang,
        bookingId,
        subject: '退票',
        idempotencyKey: key(),
      });
    let c = await newCase();
    let answered = 0;
    let refused: TRPCError | null = null;
    const started = Date.now();
    for (let i = 0; i < 40 && !refused; i++) {
      try {
        c = await step(agent, c, { type: 'VERIFY', idNumber: guessedId(i) });
        answered++;
      } catch (error) {
        if (!(error instanceof TRPCError) || error.code !== 'TOO_MANY_REQUESTS') throw error;
        refused = error;
      }
    }
    console.log(
      `VERIFY guesses answered: ${answered} of 40 in ${Date.now() - started} ms; then ${refused?.code ?? 'nothing refused'}`,
    );
    expect(answered).toBe(5);
    expect(refused?.message).toContain('Too many ID number checks');
    // The right number is refused too once the budget is spent (else the next guess is still an oracle).
    expect((await failureOf(step(agent, c, { type: 'VERIFY', idNumber: ZHANG_ID }))).code).toBe('TOO_MANY_REQUESTS');
    expect((await failureOf(step(agent, await newCase(), { type: 'VERIFY', idNumber: ZHANG_ID }))).code).toBe(
      'TOO_MANY_REQUESTS',
    );
    // The budget is the holder's, not the booking's: another of 张伟's bookings or his customer page gives no fresh guesses.
    const otherBooking = await zhangBooking();
    const onOther = await agent.cases.create({
      kind: 'refund',
      channel: 'phone',
      customerId: fx.customers.zhang,
      bookingId: otherBooking,
      subject: '退票',
      idempotencyKey: key(),
    });
    const elsewhere = await Promise.all([
      step(agent, onOther, { type: 'VERIFY', idNumber: guessedId(50) }).then(
        () => 'answered',
        (e: unknown) => (e instanceof TRPCError ? e.code : String(e)),
      ),
      agent.customers.verifyIdentity({ customerId: fx.customers.zhang, idNumber: guessedId(51) }).then(
        () => 'answered',
        (e: unknown) => (e instanceof TRPCError ? e.code : String(e)),
      ),
    ]);
    console.log(`after 5 wrong VERIFYs: another booking's VERIFY ${elsewhere[0]}, verifyIdentity ${elsewhere[1]}`);
    expect(elsewhere).toEqual(['TOO_MANY_REQUESTS', 'TOO_MANY_REQUESTS']);
    // Right numbers do not use the budget up: a colleague verifying the caller on seven cases is not guessing.
    for (let i = 0; i < 7; i++) {
      const other = as(fx.users.otherAgent);
      const d = await other.cases.create({
        kind: 'refund',
        channel: 'phone',
        customerId: fx.customers.zhang,
        bookingId,
        subject: '退票',
        idempotencyKey: key(),
      });
      expect((await step(other, d, { type: 'VERIFY', idNumber: ZHANG_ID })).state).toBe('selecting');
    }
    // Each wrong check is in the audit log, like a verifyIdentity.
    expect(
      await AuditModel.countDocuments({
        action: 'customer.identity_checked',
        target: `booking:${bookingId}`,
        'details.match': false,
      }),
    ).toBe(5);
    expect(
      await AuditModel.countDocuments({
        action: 'customer.identity_checked',
        target: `booking:${bookingId}`,
        'details.match': true,
      }),
    ).toBe(7);
  });
});

describe('customers.create is no ID oracle either', () => {
  /** Valid resident IDs with 张伟's visible digits (110105 …… 002X) and other birth dates: the candidates a guesser tries. */
  function candidates(count: number): string[] {
    const found: string[] = [];
    for (let day = new Date(Date.UTC(1949, 0, 1)); found.length < count; day = new Date(day.getTime() + 86_400_000)) {
      const first17 = `110105${day.toISOString().slice(0, 10).replace(/-/g, '')}002`;
      if (residentIdCheckChar(first17) === 'X' && first17 !== ZHANG_ID.slice(0, 17)) found.push(`${first17}X`);
    }
    return found;
  }

  it('creating customers with guessed ID numbers counts against the ID search budget, so the duplicate answer cannot name the holder of each guess', async () => {
    const { as } = setup();
    const agent = as(fx.users.complaint_handler);
    // The real number last: before the fix the 40th answer said "already exists: 张伟".
    const guesses = [...candidates(39), ZHANG_ID];
    const answers: string[] = [];
    for (const idNumber of guesses) {
      const answer = await agent.customers
        .create({ name: '测试', phone: '13600009999', idType: 'resident_id', idNumber })
        .then(
          () => 'created',
          (e: unknown) => (e instanceof TRPCError ? e.code : String(e)),
        );
      answers.push(answer);
      if (answer === 'TOO_MANY_REQUESTS') break;
    }
    const tally = answers.reduce<Record<string, number>>((t, a) => ({ ...t, [a]: (t[a] ?? 0) + 1 }), {});
    console.log(`create with guessed IDs: ${JSON.stringify(tally)} of ${guesses.length}`);
    expect(answers.filter((a) => a === 'created')).toHaveLength(30);
    expect(answers.at(-1)).toBe('TOO_MANY_REQUESTS');
    expect(answers).not.toContain('CONFLICT');
    // Within the budget, a duplicate names its holder and is audited like a search that found them.
    const other = as(fx.users.supervisor);
    const duplicate = await failureOf(
      other.customers.create({ name: '测试', phone: '13600009999', idType: 'resident_id', idNumber: ZHANG_ID }),
    );
    expect(duplicate.code).toBe('CONFLICT');
    expect(
      await AuditModel.countDocuments({
        action: 'customer.searched',
        target: `customer:${fx.customers.zhang}`,
        'details.by': 'create',
      }),
    ).toBe(1);
  });
});

describe('a case acts on its customer’s bookings only', () => {
  it('refuses LINK_CUSTOMER to someone who is neither the holder nor a passenger of the linked booking', async () => {
    const { as } = setup();
    const agent = as(fx.users.agent);
    const bookingId = await zhangBooking();
    const c = await agent.cases.create({
      kind: 'refund',
      channel: 'phone',
      customerId: fx.customers.zhang,
      bookingId,
      subject: '退票',
      idempotencyKey: key(),
    });
    const outcome = await step(agent, c, { type: 'LINK_CUSTOMER', customerId: fx.customers.smith }).then(
      (d) => `accepted, case customer now ${d.customerId ?? 'none'}`,
      (e: unknown) => (e instanceof TRPCError ? `${e.code} ${e.message}` : String(e)),
    );
    console.log('LINK_CUSTOMER to a stranger of the booking:', outcome);
    expect(outcome).toMatch(/^BAD_REQUEST .*not this customer's/);
    // A booking without a customer yet: linking its holder is fine.
    const bare = await agent.cases.create({
      kind: 'refund',
      channel: 'phone',
      customerId: null,
      bookingId,
      subject: '退票',
      idempotencyKey: key(),
    });
    expect((await step(agent, bare, { type: 'LINK_CUSTOMER', customerId: fx.customers.zhang })).customerId).toBe(
      fx.customers.zhang,
    );
  });
});

describe('compensation limits across cases', () => {
  async function proposed(handler: Caller, amountFen: number) {
    let c = await handler.cases.create({
      kind: 'complaint',
      channel: 'phone',
      customerId: fx.customers.li,
      subject: '投诉',
      idempotencyKey: key(),
    });
    c = await step(handler, c, { type: 'ACKNOWLEDGE', message: '已收到' });
    c = await step(handler, c, { type: 'START_INVESTIGATION' });
    return step(handler, c, { type: 'PROPOSE_RESOLUTION', kind: 'voucher', amountFen, text: '代金券' });
  }

  it('two complaints of one customer proposed side by side cannot both be accepted past the proposer’s limit', async () => {
    const ctx = setup();
    const handler = ctx.as(fx.users.complaint_handler);
    // The handler's limit is ¥200 per customer per 30 days; each proposal alone is within it.
    const [a, b] = await Promise.all([proposed(handler, 15_000), proposed(handler, 15_000)]);
    const accepter = ctx.as(fx.users.supervisor);
    const first = await step(accepter, a, { type: 'CUSTOMER_ACCEPTED' });
    const second = await step(accepter, b, { type: 'CUSTOMER_ACCEPTED' }).then(
      (d) => `accepted (${d.state})`,
      (e: unknown) => (e instanceof TRPCError ? `${e.code} ${e.message}` : String(e)),
    );
    await performOutbox(ctx.deps);
    console.log(`second acceptance: ${second}`);
    expect(first.state).toBe('resolved');
    expect(second).toMatch(/^BAD_REQUEST .*above the limit of whoever proposed it \(赵敏\).*in the last 30 days/);
  });
});

describe('compensation accepted at once on two cases', () => {
  it('two acceptances for one customer sent at the same moment by two people do not both pass the proposer’s limit', async () => {
    const ctx = setup();
    const handler = ctx.as(fx.users.complaint_handler);
    let bothAccepted = 0;
    for (let round = 0; round < 5; round++) {
      const customer = await CustomerModel.create({
        name: `并发${round}`,
        phone: `1370000${String(round).padStart(4, '0')}`,
        idType: 'passport',
        idNumber: `G7${round}000000`,
        vipTier: 'none',
      });
      const propose = async () => {
        let c = await handler.cases.create({
          kind: 'complaint',
          channel: 'phone',
          customerId: customer._id.toHexString(),
          subject: '投诉',
          idempotencyKey: key(),
        });
        c = await step(handler, c, { type: 'ACKNOWLEDGE', message: '已收到' });
        c = await step(handler, c, { type: 'START_INVESTIGATION' });
        return step(handler, c, { type: 'PROPOSE_RESOLUTION', kind: 'voucher', amountFen: 15_000, text: '代金券' });
      };
      const [a, b] = await Promise.all([propose(), propose()]);
      await Promise.allSettled([
        step(ctx.as(fx.users.supervisor), a, { type: 'CUSTOMER_ACCEPTED' }),
        step(ctx.as(fx.users.admin), b, { type: 'CUSTOMER_ACCEPTED' }),
      ]);
      const states = await Promise.all(
        [a, b].map(
          async (c) => (await CaseModel.findById(c.id, { state: 1 }).lean<Pick<CaseRecord, 'state'>>())?.state,
        ),
      );
      if (states.every((state) => state === 'resolved')) bothAccepted++;
    }
    console.log(
      `parallel acceptances for one customer (¥150 + ¥150, limit ¥200): both accepted in ${bothAccepted} of 5 rounds`,
    );
    expect(bothAccepted).toBe(0);
  });
});

describe('compensation without a customer', () => {
  it('a handler cannot pay out ¥50 refunds again and again on complaints with no customer (no per-customer total to count against)', async () => {
    const ctx = setup();
    const handler = ctx.as(fx.users.complaint_handler);
    const outcomes: string[] = [];
    for (let i = 0; i < 5; i++) {
      let c = await handler.cases.create({
        kind: 'complaint',
        channel: 'chat',
        customerId: null,
        bookingId: fx.bookings.zhangRail.id,
        subject: '投诉',
        idempotencyKey: key(),
      });
      c = await step(handler, c, { type: 'ACKNOWLEDGE', message: '已收到' });
      c = await step(handler, c, { type: 'START_INVESTIGATION' });
      const outcome = await step(handler, c, {
        type: 'PROPOSE_RESOLUTION',
        kind: 'refund',
        amountFen: 5_000,
        text: '退款补偿',
      })
        .then((d) => step(handler, d, { type: 'CUSTOMER_ACCEPTED' }))
        .then(
          (d) => d.state,
          (e: unknown) => (e instanceof TRPCError ? `${e.code} ${e.message}` : String(e)),
        );
      outcomes.push(outcome);
    }
    await performOutbox(ctx.deps);
    console.log(
      `customer-less ¥50 refunds by one handler: ${outcomes.filter((o) => o === 'resolved').length} of 5 resolved; ${outcomes[0]}`,
    );
    expect(outcomes.filter((o) => o === 'resolved')).toHaveLength(0);
    expect(outcomes[0]).toMatch(/Link a customer/);
  });
});

describe('reused idempotency keys on cases.send', () => {
  it('a key sent again with the same event but another payload is refused, not answered as if it had been applied', async () => {
    const { as } = setup();
    const handler = as(fx.users.complaint_handler);
    let c = await handler.cases.create({
      kind: 'complaint',
      channel: 'phone',
      customerId: fx.customers.zhang,
      subject: '投诉',
      idempotencyKey: key(),
    });
    c = await step(handler, c, { type: 'ACKNOWLEDGE', message: '已收到' });
    c = await step(handler, c, { type: 'START_INVESTIGATION' });
    const k = key();
    const first = await handler.cases.send({
      caseId: c.id,
      expectedVersion: c.version,
      idempotencyKey: k,
      event: { type: 'PROPOSE_RESOLUTION', kind: 'voucher', amountFen: 1_000, text: '代金券' },
    });
    // A double click (the same request again) is answered with the case as it is.
    const replay = await handler.cases.send({
      caseId: c.id,
      expectedVersion: c.version,
      idempotencyKey: k,
      event: { type: 'PROPOSE_RESOLUTION', kind: 'voucher', amountFen: 1_000, text: '代金券' },
    });
    expect(replay.version).toBe(first.version);
    const other = await handler.cases
      .send({
        caseId: c.id,
        expectedVersion: c.version,
        idempotencyKey: k,
        event: { type: 'PROPOSE_RESOLUTION', kind: 'voucher', amountFen: 15_000, text: '代金券' },
      })
      .then(
        (d) =>
          `answered 200, proposal ¥${((d.data as { proposal: { amountFen: number } }).proposal.amountFen / 100).toFixed(2)}`,
        (e: unknown) => (e instanceof TRPCError ? `${e.code} ${e.message}` : String(e)),
      );
    console.log('same key, another amount:', other);
    expect(other).toMatch(/^BAD_REQUEST .*already used for a different action/);
  });
});

describe('reused idempotency keys on cases.create', () => {
  it('a create key sent again for the same kind and customer but another subject or channel is refused, not answered with the first case', async () => {
    const { as } = setup();
    const agent = as(fx.users.agent);
    const k = key();
    const first = await agent.cases.create({
      kind: 'complaint',
      channel: 'phone',
      customerId: fx.customers.zhang,
      subject: '投诉：列车晚点',
      idempotencyKey: k,
    });
    expect(
      (
        await agent.cases.create({
          kind: 'complaint',
          channel: 'phone',
          customerId: fx.customers.zhang,
          subject: '投诉：列车晚点',
          idempotencyKey: k,
        })
      ).id,
    ).toBe(first.id);
    const answers = await Promise.all(
      [
        { channel: 'phone' as const, subject: '投诉：餐车服务' },
        { channel: 'chat' as const, subject: '投诉：列车晚点' },
      ].map((change) =>
        agent.cases.create({ kind: 'complaint', customerId: fx.customers.zhang, idempotencyKey: k, ...change }).then(
          (d) => (d.id === first.id ? `answered with the first case (${d.subject})` : 'another case'),
          (e: unknown) => (e instanceof TRPCError ? e.code : String(e)),
        ),
      ),
    );
    console.log(`same create key, another subject / channel: ${answers.join(' / ')}`);
    expect(answers).toEqual(['BAD_REQUEST', 'BAD_REQUEST']);
  });
});

describe('one ticket, one case: a claim made a moment ago', () => {
  async function quotedRefund(agent: Caller, bookingId: string) {
    let c = await agent.cases.create({
      kind: 'refund',
      channel: 'phone',
      customerId: fx.customers.zhang,
      bookingId,
      subject: '退票',
      idempotencyKey: key(),
    });
    c = await step(agent, c, { type: 'VERIFY', idNumber: ZHANG_ID });
    return step(agent, c, { type: 'QUOTE_REFUND', passengerIds: ['p1'], reason: '行程取消' });
  }

  it('is not cleared while its case is still being written, so a racing confirmation does not get the ticket too; after 30 s it is a dead process’s and is free', async () => {
    const ctx = setup();
    const bookingId = await zhangBooking();
    // (agent1 used up their ID checks on 张伟 above.)
    const a = await quotedRefund(ctx.as(fx.users.supervisor), bookingId);
    const b = await quotedRefund(ctx.as(fx.users.otherAgent), bookingId);
    // A's confirmation has claimed the ticket and its case write is on its way (A still reads 'quoted').
    await BookingModel.collection.updateOne(
      { _id: new Types.ObjectId(bookingId) },
      { $set: { 'passengers.0.claim': { caseId: a.id, caseRef: a.ref, kind: 'refund', claimedAt: ctx.clock.now() } } },
    );
    const racing = await step(ctx.as(fx.users.otherAgent), b, { type: 'CUSTOMER_CONFIRMED' }).then(
      (d) => `B confirmed (${d.state}): A's claim was cleared under it`,
      (e: unknown) => (e instanceof TRPCError ? `${e.code} ${e.message}` : String(e)),
    );
    console.log(`confirming B while A's claim is being written: ${racing}`);
    expect(racing).toMatch(new RegExp(`^CONFLICT .*being refunded in ${a.ref}`));
    // A died before writing its case: half a minute later the ticket is free for B.
    ctx.clock.advance(31_000);
    expect((await step(ctx.as(fx.users.otherAgent), b, { type: 'CUSTOMER_CONFIRMED' })).state).toBe('submitting');
  });
});
