/**
 * Small answers that were wrong (issue 7, item 10): an oversized tRPC batch is one clear 400
 * whatever its size, a "__proto__" key in a case event is refused like any unknown key, and
 * LINK_CUSTOMER with an id that names no customer is refused. Nothing changes on a refusal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Types } from 'mongoose';
import { TRPCError } from '@trpc/server';
import { createCaller } from '../../server/src/trpc/root';
import { buildHttpApp, type HttpApp } from '../../server/src/http/app';
import { createSession } from '../../server/src/auth/sessions';
import { CaseModel, type CaseRecord } from '../../server/src/db/models/case';
import { connectTestDatabase, testDeps } from '../support/deps';
import { contextFor, createPlatformFixtures, type PlatformFixtures } from '../support/platform';

let disconnect: () => Promise<void>;
let fx: PlatformFixtures;
let app: HttpApp;
let cookie: string;
const deps = testDeps({ now: () => new Date('2026-05-10T08:00:00+08:00') });
let keySeq = 0;
const key = () => `small-${process.pid}-${keySeq++}`;

beforeAll(async () => {
  disconnect = await connectTestDatabase('small_answers');
  fx = await createPlatformFixtures();
  app = await buildHttpApp({ deps, databaseStatus: async () => 'up', staticDir: null });
  const { token } = await createSession({
    userId: new Types.ObjectId(fx.users.admin.id),
    ip: '127.0.0.1',
    now: deps.now(),
    ttlHours: 1,
  });
  cookie = `td_session=${token}`;
});
afterAll(async () => {
  await app?.close();
  await disconnect();
});

const admin = () => createCaller(contextFor(deps, fx.users.admin));
const openComplaint = () =>
  admin().cases.create({
    kind: 'complaint',
    channel: 'phone',
    customerId: fx.customers.li,
    subject: '投诉',
    idempotencyKey: key(),
  });
const stored = async (id: string) => (await CaseModel.findById(id).lean<CaseRecord>()) as CaseRecord;

describe('an oversized batch', () => {
  it('is the same clear 400 at 51 calls and at 1,000, by GET and by POST', async () => {
    const answers: { label: string; status: number; body: string }[] = [];
    for (const size of [51, 1000]) {
      const paths = Array.from({ length: size }, () => 'auth.me').join(',');
      const get = await app.inject({
        method: 'GET',
        url: `/trpc/${paths}?batch=1&input=${encodeURIComponent('{}')}`,
        headers: { cookie },
      });
      const post = await app.inject({
        method: 'POST',
        url: `/trpc/${paths}?batch=1`,
        headers: { cookie, 'content-type': 'application/json' },
        payload: '{}',
      });
      answers.push(
        { label: `${size} GET`, status: get.statusCode, body: get.body },
        { label: `${size} POST`, status: post.statusCode, body: post.body },
      );
    }
    console.log(answers.map((a) => `${a.label}: ${a.status} ${a.body.slice(0, 50)}`).join(' | '));
    for (const answer of answers) {
      expect(answer.status, answer.label).toBe(400);
      expect(JSON.parse(answer.body), answer.label).toMatchObject({
        error: { message: 'Batch call exceeds maximum size', data: { code: 'BAD_REQUEST' } },
      });
    }
    // 50 is still one batch.
    const fifty = Array.from({ length: 50 }, () => 'auth.me').join(',');
    expect(
      (
        await app.inject({
          method: 'GET',
          url: `/trpc/${fifty}?batch=1&input=${encodeURIComponent('{}')}`,
          headers: { cookie },
        })
      ).statusCode,
    ).toBe(200);
  });
});

describe('a __proto__ key in a case event', () => {
  it('is refused like any unknown key, through the caller and over HTTP', async () => {
    const c = await openComplaint();
    // What JSON.parse makes of "__proto__": an own key, as it arrives over HTTP.
    const event = JSON.parse('{"type":"ADD_NOTE","text":"hello","__proto__":{"noteId":"mine"}}') as {
      type: 'ADD_NOTE';
      text: string;
    };
    const error = await admin()
      .cases.send({ caseId: c.id, expectedVersion: c.version, idempotencyKey: key(), event })
      .catch((e: unknown) => e);
    console.log(
      `__proto__ via caller: ${error instanceof TRPCError ? `${error.code} ${error.message}` : `accepted, version ${(await stored(c.id)).version}`}`,
    );
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe('BAD_REQUEST');
    expect((error as TRPCError).message).toContain('__proto__');

    const body = `{"caseId":"${c.id}","expectedVersion":${c.version},"idempotencyKey":"${key()}","event":{"type":"ADD_NOTE","text":"hello","__proto__":{"noteId":"mine"}}}`;
    const res = await app.inject({
      method: 'POST',
      url: '/trpc/cases.send',
      headers: { cookie, 'content-type': 'application/json', host: 'localhost' },
      payload: body,
    });
    console.log(`__proto__ over HTTP: ${res.statusCode} ${res.body.slice(0, 120)}`);
    expect(res.statusCode).toBe(400);
    expect((await stored(c.id)).version).toBe(c.version);
    expect((await stored(c.id)).history).toHaveLength(c.version);
  });
});

describe('LINK_CUSTOMER', () => {
  it('refuses an id that names no customer, and links one that does', async () => {
    const c = await openComplaint();
    const ghost = new Types.ObjectId().toHexString();
    const error = await admin()
      .cases.send({
        caseId: c.id,
        expectedVersion: c.version,
        idempotencyKey: key(),
        event: { type: 'LINK_CUSTOMER', customerId: ghost },
      })
      .catch((e: unknown) => e);
    console.log(
      `LINK_CUSTOMER to nobody: ${error instanceof TRPCError ? `${error.code} ${error.message}` : `accepted, customer ${(await stored(c.id)).customerId}`}`,
    );
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe('NOT_FOUND');
    expect((await stored(c.id)).version).toBe(c.version);
    expect((await stored(c.id)).customerId).toBe(fx.customers.li);

    const linked = await admin().cases.send({
      caseId: c.id,
      expectedVersion: c.version,
      idempotencyKey: key(),
      event: { type: 'LINK_CUSTOMER', customerId: fx.customers.zhang },
    });
    expect(linked.customerId).toBe(fx.customers.zhang);
  });
});
