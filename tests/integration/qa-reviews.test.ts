/**
 * QA reviews against MongoDB (issue 11): a refund replayed step by step as it was worked, scored on
 * a versioned scorecard, disputed by its agent and resolved; the role matrix of every QA procedure;
 * the case finder and the audit viewer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { CaseModel, type CaseRecord } from '../../server/src/db/models/case';
import { UserModel } from '../../server/src/db/models/user';
import { performOutbox } from '../../server/src/cases/jobs';
import { toSessionUser } from '../../server/src/auth/sessions';
import type { SessionUser } from '../../shared/auth';
import type { ScorecardInput } from '../../shared/qa';
import { connectTestDatabase } from '../support/deps';
import { engineTestContext, failureOf, newKey, step, ticketedRailBooking, type Caller } from '../support/engine-steps';
import { createPlatformFixtures, PASSWORD, ZHANG_ID, type PlatformFixtures } from '../support/platform';
import { hashPassword } from '../../server/src/auth/passwords';
import { shanghaiDate } from '../../workflows/time/shanghai';

let cleanup: () => Promise<void>;
let fx: PlatformFixtures;
let qaLead: SessionUser;
const ctx = engineTestContext('2026-05-10T09:00:00+08:00');
const DAY = 86_400_000;

beforeAll(async () => {
  cleanup = await connectTestDatabase('qa_reviews');
  fx = await createPlatformFixtures();
  qaLead = toSessionUser(
    (
      await UserModel.create({
        username: 'qalead',
        name: '孙丽',
        role: 'qa',
        qaLead: true,
        passwordHash: await hashPassword(PASSWORD),
      })
    ).toObject(),
  );
});
afterAll(async () => cleanup());

const json = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;
const dataOfDetail = (detail: Record<string, unknown>) => {
  const { allowedEvents: _a, history: _h, ...data } = detail;
  return json(data);
};

const rubric: ScorecardInput = {
  family: 'phone-change-refund',
  name: { 'zh-CN': '电话退票', en: 'Phone refund' },
  kinds: ['refund'],
  sections: [
    {
      id: 'all',
      title: { 'zh-CN': '全部', en: 'All' },
      questions: [
        {
          id: 'greeting',
          text: { 'zh-CN': '问候', en: 'Greeting' },
          weight: 20,
          scale: 'yes_no',
          allowNa: false,
          critical: false,
        },
        {
          id: 'identity',
          text: { 'zh-CN': '核实身份', en: 'Identity' },
          weight: 30,
          scale: 'yes_no',
          allowNa: false,
          critical: true,
        },
        {
          id: 'fee',
          text: { 'zh-CN': '说明费用', en: 'Fee explained' },
          weight: 50,
          scale: 'one_to_five',
          allowNa: true,
          critical: false,
        },
      ],
    },
  ],
};
const answers = (greeting: 'yes' | 'no', identity: 'yes' | 'no', fee: number | 'na') => [
  { questionId: 'greeting', value: greeting },
  { questionId: 'identity', value: identity },
  { questionId: 'fee', value: fee },
];

let refSeq = 0;
/** A refund 张伟 asked for on the phone, worked by agent1 to the end, and what cases.get showed after each step. */
async function settledRefund(agent: Caller) {
  const n = String(++refSeq).padStart(5, '0');
  const booking = await ticketedRailBooking(fx, { ref: `QA${n}`, departureCode: `G${n}`, ticketNumber: `E8${n}` });
  const seen: unknown[] = [];
  const look = async () => seen.push(dataOfDetail(await ctx.as(fx.users.qa).cases.get({ id: c.id })));
  let c = await agent.cases.create({
    kind: 'refund',
    channel: 'phone',
    customerId: fx.customers.zhang,
    bookingId: booking.id,
    subject: '退票',
    idempotencyKey: newKey('qa'),
  });
  await look();
  ctx.clock.advance(65_000);
  c = await step(agent, c, { type: 'VERIFY', idNumber: ZHANG_ID });
  await look();
  ctx.clock.advance(1_500);
  c = await step(agent, c, { type: 'QUOTE_REFUND', passengerIds: ['p1'], reason: '行程取消' });
  await look();
  c = await step(agent, c, { type: 'ADD_NOTE', text: '客户同意手续费' });
  await look();
  ctx.clock.advance(30_000);
  c = await step(agent, c, { type: 'CUSTOMER_CONFIRMED' });
  await look();
  await performOutbox(ctx.deps);
  await look();
  return { caseId: c.id, seen };
}

describe('replay of a refund as it was worked', () => {
  it('step i is what cases.get showed after i entries, at second precision, with what changed', async () => {
    const { caseId, seen } = await settledRefund(ctx.as(fx.users.agent));
    const replay = await ctx.as(fx.users.qa).qa.replay({ caseId });
    expect(replay.coverage).toBe('full');
    // Each look came after one more entry (the outbox's settlement after the last look but one).
    for (const shown of seen) {
      const version = (shown as { version: number }).version;
      expect(json(replay.steps[version - 1]!.data), `step ${version}`).toEqual(shown);
    }
    expect(json(replay.steps.at(-1)!.data)).toEqual(seen.at(-1));
    const verify = replay.steps.find((s) => s.event === 'VERIFY')!;
    expect(verify.at).toBe('2026-05-10T01:01:05.000Z');
    expect(verify.changes.find((c) => c.path.join('.') === 'state')).toEqual({
      path: ['state'],
      from: 'verifying',
      to: verify.to,
    });
    const quoted = replay.steps.find((s) => s.event === 'QUOTE_REFUND')!;
    const quote = quoted.changes.find((c) => c.path.join('.') === 'data.quote')!.to as {
      totalRefundFen: number;
      ruleIds: string[];
    };
    expect(quote.totalRefundFen).toBeGreaterThan(0);
    expect(quote.ruleIds.length).toBeGreaterThan(0);
    expect(replay.contacts).toEqual([]);
  });

  it('replays a case recorded before replay existed as state only, and from its next step on with data', async () => {
    const { caseId } = await settledRefund(ctx.as(fx.users.agent));
    await CaseModel.collection.updateOne(
      { _id: (await CaseModel.findById(caseId).lean<CaseRecord>())!._id },
      { $unset: { 'history.$[].replay': '', replaySince: '' } },
    );
    const old = await ctx.as(fx.users.qa).qa.replay({ caseId });
    expect(old.coverage).toBe('state_only');
    expect(old.steps.every((s) => s.data === null && s.from !== undefined && s.to)).toBe(true);
    const detail = await ctx.as(fx.users.agent).cases.get({ id: caseId });
    await step(ctx.as(fx.users.agent), detail, { type: 'ADD_NOTE', text: '回访' });
    const partial = await ctx.as(fx.users.qa).qa.replay({ caseId });
    expect(partial.coverage).toBe('partial');
    expect(json(partial.steps.at(-1)!.data)).toEqual(dataOfDetail(await ctx.as(fx.users.qa).cases.get({ id: caseId })));
  });

  it('puts the calls and chat messages of linked conversations on the timeline', async () => {
    const { caseId } = await settledRefund(ctx.as(fx.users.agent));
    const db = CaseModel.db.db!;
    const { insertedId } = await db.collection('conversations').insertOne({
      channel: 'chat',
      status: 'ended',
      caseIds: [caseId],
      queuedAt: new Date('2026-05-10T01:00:00Z'),
      answeredAt: new Date('2026-05-10T01:00:20Z'),
      endedAt: new Date('2026-05-10T01:09:00Z'),
      agentName: '王芳',
    });
    await db.collection('chat_messages').insertOne({
      conversationId: insertedId,
      seq: 1,
      text: '我要退票',
      sender: 'customer',
      at: new Date('2026-05-10T01:00:30Z'),
    });
    const replay = await ctx.as(fx.users.qa).qa.replay({ caseId });
    expect(replay.contacts.map((c) => [c.kind, c.label, c.text])).toEqual([
      ['call_event', 'queued', null],
      ['call_event', 'answered', '王芳'],
      ['chat_message', 'customer', '我要退票'],
      ['call_event', 'ended', null],
    ]);
  });
});

describe('reviews, versions and disputes', () => {
  it('scores on the server from the version it was made with; disputes open, resolve and expire after 7 days', async () => {
    const lead = ctx.as(qaLead);
    const v1 = await lead.qa.scorecards.publish(rubric);
    const { caseId } = await settledRefund(ctx.as(fx.users.agent));
    const review = await ctx.as(fx.users.qa).qa.reviews.create({
      caseId,
      scorecardId: v1.id,
      answers: answers('no', 'yes', 3),
      comment: '未问候',
      idempotencyKey: newKey('review'),
    });
    // greeting 0 of 20, identity 30, fee 3 of 5 → 25: 55
    expect([review.score, review.scorecardVersion, review.agent?.id]).toEqual([55, 1, fx.users.agent.id]);
    // A new version leaves the review as it was made.
    const v2 = await lead.qa.scorecards.publish({
      ...rubric,
      sections: [
        {
          ...rubric.sections[0]!,
          questions: rubric.sections[0]!.questions.map((q) =>
            q.id === 'greeting' ? { ...q, weight: 10 } : q.id === 'fee' ? { ...q, weight: 60 } : q,
          ),
        },
      ],
    });
    expect(v2.version).toBe(2);
    const list = await ctx.as(fx.users.agent).qa.scorecards.list();
    expect(list.filter((s) => s.family === 'phone-change-refund').map((s) => [s.version, s.latest])).toEqual([
      [2, true],
      [1, false],
    ]);
    const mine = await ctx.as(fx.users.agent).qa.reviews.mine();
    expect(mine.map((r) => [r.id, r.score, r.scorecardVersion, r.disputable])).toEqual([[review.id, 55, 1, true]]);
    expect(await ctx.as(fx.users.otherAgent).qa.reviews.mine()).toEqual([]);
    expect(
      (await failureOf(ctx.as(fx.users.otherAgent).qa.reviews.dispute({ reviewId: review.id, comment: '不对' }))).code,
    ).toBe('NOT_FOUND');

    ctx.clock.advance(DAY);
    const disputed = await ctx
      .as(fx.users.agent)
      .qa.reviews.dispute({ reviewId: review.id, comment: '我问候了，录音 00:03' });
    expect(disputed.dispute?.status).toBe('open');
    expect(
      (await failureOf(ctx.as(fx.users.agent).qa.reviews.dispute({ reviewId: review.id, comment: '再次' }))).code,
    ).toBe('CONFLICT');
    expect((await ctx.as(fx.users.supervisor).qa.reviews.disputes()).map((r) => r.id)).toContain(review.id);
    // The reviewer does not resolve their own review's dispute; a plain QA reviewer resolves none.
    expect(
      (
        await failureOf(
          ctx.as(fx.users.qa).qa.reviews.resolve({ reviewId: review.id, outcome: 'rejected', comment: '维持' }),
        )
      ).code,
    ).toBe('FORBIDDEN');
    const resolved = await ctx.as(fx.users.supervisor).qa.reviews.resolve({
      reviewId: review.id,
      outcome: 'partly',
      comment: '问候有，但不完整',
      answers: answers('yes', 'yes', 3),
    });
    expect([resolved.score, resolved.originalScore, resolved.dispute?.status, resolved.dispute?.previousScore]).toEqual(
      [75, 55, 'partly', 55],
    );
    expect((await ctx.as(fx.users.agent).qa.reviews.mine())[0]!.score).toBe(75);
    expect(
      (
        await failureOf(
          ctx.as(fx.users.supervisor).qa.reviews.resolve({ reviewId: review.id, outcome: 'rejected', comment: 'x' }),
        )
      ).code,
    ).toBe('CONFLICT');

    // Rejected: the score stays. Expired: 7 days after the review, no dispute.
    const other = await settledRefund(ctx.as(fx.users.agent));
    const second = await ctx.as(fx.users.qa).qa.reviews.create({
      caseId: other.caseId,
      scorecardId: v2.id,
      answers: answers('yes', 'no', 5),
      idempotencyKey: newKey('review'),
    });
    expect([second.score, second.criticalFailed]).toEqual([0, ['identity']]);
    await ctx.as(fx.users.agent).qa.reviews.dispute({ reviewId: second.id, comment: '核实过' });
    const rejected = await lead.qa.reviews.resolve({
      reviewId: second.id,
      outcome: 'rejected',
      comment: '录音中未核实',
    });
    expect([rejected.score, rejected.dispute?.status]).toEqual([0, 'rejected']);
    const third = await settledRefund(ctx.as(fx.users.agent));
    const late = await ctx.as(fx.users.qa).qa.reviews.create({
      caseId: third.caseId,
      scorecardId: v2.id,
      answers: answers('yes', 'yes', 'na'),
      idempotencyKey: newKey('review'),
    });
    expect(late.score).toBe(100);
    ctx.clock.advance(7 * DAY + 1_000);
    expect((await ctx.as(fx.users.agent).qa.reviews.mine()).find((r) => r.id === late.id)?.disputable).toBe(false);
    const expired = await failureOf(ctx.as(fx.users.agent).qa.reviews.dispute({ reviewId: late.id, comment: '太晚' }));
    expect([expired.code, expired.message]).toEqual([
      'UNPROCESSABLE_CONTENT',
      expect.stringContaining('within 7 days'),
    ]);
  });

  it('never lets a reviewer review a case they worked; a retried create gives one review; calibration shows the spread', async () => {
    const v = (await ctx.as(qaLead).qa.scorecards.list()).find((s) => s.family === 'phone-change-refund' && s.latest)!;
    const { caseId } = await settledRefund(ctx.as(fx.users.agent));
    const detail = await ctx.as(fx.users.admin).cases.get({ id: caseId });
    await step(ctx.as(fx.users.admin), detail, { type: 'ADD_NOTE', text: '管理员备注' });
    const own = await failureOf(
      ctx.as(fx.users.admin).qa.reviews.create({
        caseId,
        scorecardId: v.id,
        answers: answers('yes', 'yes', 5),
        idempotencyKey: newKey('r'),
      }),
    );
    expect([own.code, own.message]).toEqual(['FORBIDDEN', expect.stringContaining('never reviews their own cases')]);
    const key = newKey('r');
    const first = await ctx
      .as(fx.users.qa)
      .qa.reviews.create({ caseId, scorecardId: v.id, answers: answers('yes', 'yes', 5), idempotencyKey: key });
    const again = await ctx
      .as(fx.users.qa)
      .qa.reviews.create({ caseId, scorecardId: v.id, answers: answers('yes', 'yes', 5), idempotencyKey: key });
    expect(again.id).toBe(first.id);
    expect(
      (
        await failureOf(
          ctx.as(fx.users.qa).qa.reviews.create({
            caseId,
            scorecardId: v.id,
            answers: answers('yes', 'yes', 4),
            idempotencyKey: newKey('r'),
          }),
        )
      ).code,
    ).toBe('CONFLICT');
    await ctx
      .as(qaLead)
      .qa.reviews.create({ caseId, scorecardId: v.id, answers: answers('no', 'yes', 2), idempotencyKey: newKey('r') });
    const calibration = await ctx.as(fx.users.supervisor).qa.calibration({ caseId });
    const group = calibration.groups[0]!;
    // v2: greeting 10, identity 30, fee 60 → no, yes, 2 of 5 = 0 + 30 + 15
    expect(group.reviewers.map((r) => r.score)).toEqual([100, 45]);
    expect(group.questions.map((q) => [q.questionId, q.spread?.spread])).toEqual([
      ['greeting', 1],
      ['identity', 0],
      ['fee', 0.75],
    ]);
    expect(
      (
        await failureOf(
          ctx.as(fx.users.qa).qa.reviews.create({
            caseId,
            scorecardId: v.id,
            answers: answers('yes', 'yes', 9),
            idempotencyKey: newKey('r'),
          }),
        )
      ).code,
    ).toBe('BAD_REQUEST');
  });
});

describe('the case finder and the audit viewer', () => {
  it('finds settled refunds by money moved, agent, channel, days and ref', async () => {
    const { caseId } = await settledRefund(ctx.as(fx.users.agent));
    const record = (await CaseModel.findById(caseId).lean<CaseRecord>())!;
    const qa = ctx.as(fx.users.qa);
    const found = await qa.qa.cases.find({
      kind: 'refund',
      state: 'settled',
      minMoneyFen: 10_000,
      agentId: fx.users.agent.id,
      channel: 'phone',
    });
    expect(found.items.map((i) => i.id)).toContain(caseId);
    const item = found.items.find((i) => i.id === caseId)!;
    expect(item.moneyFen).toBeGreaterThan(10_000);
    expect(item.agent?.id).toBe(fx.users.agent.id);
    expect((await qa.qa.cases.find({ minMoneyFen: item.moneyFen + 1, ref: record.ref })).items).toEqual([]);
    expect((await qa.qa.cases.find({ ref: record.ref.toLowerCase() })).items.map((i) => i.id)).toEqual([caseId]);
    const day = shanghaiDate(record.updatedAt);
    expect((await qa.qa.cases.find({ ref: record.ref, from: day, to: day })).items).toHaveLength(1);
    expect((await qa.qa.cases.find({ ref: record.ref, to: '2026-05-09' })).items).toEqual([]);
    expect((await qa.qa.cases.find({ ref: record.ref, status: 'closed' })).items).toEqual([]);
    expect((await qa.qa.cases.find({ ref: record.ref, agentId: fx.users.otherAgent.id })).items).toEqual([]);
  });

  it('lists reveals, sign-ins and role changes with filters, and exports them as CSV', async () => {
    const { AuditModel } = await import('../../server/src/db/models/audit');
    await AuditModel.create([
      {
        actor: { id: fx.users.supervisor.id, name: '刘洋', role: 'supervisor' },
        action: 'customer.revealed',
        target: `customer:${fx.customers.zhang}`,
        reason: '=客户要求核对',
        details: { field: 'phone' },
        at: new Date('2026-05-10T02:00:00Z'),
        ip: '10.0.0.1',
      },
      { actor: null, action: 'login.failed', target: 'nobody', at: new Date('2026-05-09T02:00:00Z'), ip: '10.0.0.2' },
      {
        actor: { id: fx.users.admin.id, name: '周杰', role: 'admin' },
        action: 'user.role_changed',
        target: `user:${fx.users.agent.id}`,
        details: { from: 'agent', to: 'supervisor' },
        at: new Date('2026-05-10T03:00:00Z'),
        ip: '10.0.0.3',
      },
    ]);
    const admin = ctx.as(fx.users.admin);
    expect(
      (await admin.qa.audit.list({ group: 'reveals', actorId: fx.users.supervisor.id })).items.map((i) => [
        i.action,
        i.actor?.name,
        i.reason,
      ]),
    ).toEqual([['customer.revealed', '刘洋', '=客户要求核对']]);
    expect((await admin.qa.audit.list({ group: 'signins' })).items.map((i) => i.action)).toEqual(['login.failed']);
    expect(
      (await admin.qa.audit.list({ group: 'user_changes', from: '2026-05-10', to: '2026-05-10' })).items.map(
        (i) => i.action,
      ),
    ).toEqual(['user.role_changed']);
    expect((await admin.qa.audit.list({ actorId: fx.users.admin.id })).items).toHaveLength(1);
    const csv = await ctx.as(fx.users.qa).qa.audit.csv({ group: 'reveals', actorId: fx.users.supervisor.id });
    expect(csv.rows).toBe(1);
    expect(csv.csv.split('\r\n')[0]).toBe('at,actor,actor_role,action,target,reason,details,ip');
    // A cell that a spreadsheet would run as a formula is quoted as text.
    expect(csv.csv).toContain(
      `2026-05-10T02:00:00.000Z,刘洋,supervisor,customer.revealed,customer:${fx.customers.zhang},'=客户要求核对,"{""field"":""phone""}",10.0.0.1`,
    );
  });
});

describe('the role matrix of every QA procedure', () => {
  type Who = 'agent' | 'complaint_handler' | 'supervisor' | 'qa' | 'qaLead' | 'admin';
  const everyone: Who[] = ['agent', 'complaint_handler', 'supervisor', 'qa', 'qaLead', 'admin'];
  const readers: Who[] = ['supervisor', 'qa', 'qaLead', 'admin'];
  const missing = '0123456789abcdef01234567';
  const procedures: { name: string; allowed: Who[]; call: (c: Caller) => Promise<unknown> }[] = [
    { name: 'qa.me', allowed: everyone, call: (c) => c.qa.me() },
    { name: 'qa.replay', allowed: readers, call: (c) => c.qa.replay({ caseId: missing }) },
    { name: 'qa.cases.find', allowed: readers, call: (c) => c.qa.cases.find({}) },
    { name: 'qa.calibration', allowed: readers, call: (c) => c.qa.calibration({ caseId: missing }) },
    { name: 'qa.scorecards.list', allowed: everyone, call: (c) => c.qa.scorecards.list() },
    {
      name: 'qa.scorecards.publish',
      allowed: ['qaLead', 'admin'],
      call: (c) =>
        c.qa.scorecards.publish({
          ...rubric,
          family: 'matrix',
          sections: [{ ...rubric.sections[0]!, questions: rubric.sections[0]!.questions.slice(0, 2) }],
        }),
    },
    {
      name: 'qa.reviews.create',
      allowed: ['qa', 'qaLead', 'admin'],
      call: (c) =>
        c.qa.reviews.create({
          caseId: missing,
          scorecardId: missing,
          answers: answers('yes', 'yes', 5),
          idempotencyKey: newKey('m'),
        }),
    },
    { name: 'qa.reviews.byMe', allowed: ['qa', 'qaLead', 'admin'], call: (c) => c.qa.reviews.byMe() },
    { name: 'qa.reviews.forCase', allowed: readers, call: (c) => c.qa.reviews.forCase({ caseId: missing }) },
    { name: 'qa.reviews.mine', allowed: ['agent', 'complaint_handler'], call: (c) => c.qa.reviews.mine() },
    {
      name: 'qa.reviews.dispute',
      allowed: ['agent', 'complaint_handler'],
      call: (c) => c.qa.reviews.dispute({ reviewId: missing, comment: 'x' }),
    },
    { name: 'qa.reviews.disputes', allowed: ['supervisor', 'qaLead', 'admin'], call: (c) => c.qa.reviews.disputes() },
    {
      name: 'qa.reviews.resolve',
      allowed: ['supervisor', 'qaLead', 'admin'],
      call: (c) => c.qa.reviews.resolve({ reviewId: missing, outcome: 'rejected', comment: 'x' }),
    },
    { name: 'qa.sampling.rules', allowed: readers, call: (c) => c.qa.sampling.rules() },
    {
      name: 'qa.sampling.setRules',
      allowed: ['qaLead', 'admin'],
      call: (c) =>
        c.qa.sampling.setRules({
          sharePercent: 20,
          refundAboveFen: 100_000,
          everyCompensation: true,
          everyWaiverOrInvoluntary: true,
          everySupervisorEscalation: true,
        }),
    },
    { name: 'qa.sample.mine', allowed: ['qa', 'qaLead'], call: (c) => c.qa.sample.mine({ day: '2026-05-10' }) },
    { name: 'qa.sample.day', allowed: readers, call: (c) => c.qa.sample.day({ day: '2026-05-10' }) },
    { name: 'qa.audit.list', allowed: ['admin', 'qa', 'qaLead'], call: (c) => c.qa.audit.list({}) },
    { name: 'qa.audit.csv', allowed: ['admin', 'qa', 'qaLead'], call: (c) => c.qa.audit.csv({}) },
  ];
  const user = (who: Who) => (who === 'qaLead' ? qaLead : fx.users[who]);
  const outcome = (p: Promise<unknown>) =>
    p.then(
      () => 'OK',
      (e: unknown) => (e instanceof TRPCError && (e.code === 'FORBIDDEN' || e.code === 'UNAUTHORIZED') ? e.code : 'OK'),
    );

  it.each(procedures)('$name: only its roles', async ({ allowed, call }) => {
    for (const who of everyone)
      expect(await outcome(call(ctx.as(user(who)))), who).toBe(allowed.includes(who) ? 'OK' : 'FORBIDDEN');
    expect(await outcome(call(ctx.as(null as unknown as SessionUser)))).toBe('UNAUTHORIZED');
  });

  it('QA never changes a case: a reviewer sending any event is refused and the case stays as it was', async () => {
    const { caseId } = await settledRefund(ctx.as(fx.users.agent));
    const before = await ctx.as(fx.users.qa).cases.get({ id: caseId });
    expect(before.allowedEvents).toEqual([]);
    const refused = await failureOf(step(ctx.as(fx.users.qa), before, { type: 'ADD_NOTE', text: 'QA' }));
    expect(refused.code).toBe('FORBIDDEN');
    expect((await ctx.as(fx.users.qa).cases.get({ id: caseId })).version).toBe(before.version);
  });
});
