/**
 * Customer satisfaction for cases against MongoDB and over HTTP: the job asks each closed case's
 * customer once (a notification with a signed link), the link's page takes a 1–5 rating and a
 * comment once, and the rating lands on the case, where reports.summary counts it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHttpApp, type HttpApp } from '../../server/src/http/app';
import { requestCaseRatings } from '../../server/src/reports/case-ratings';
import { CaseModel } from '../../server/src/db/models/case';
import { NotificationModel } from '../../server/src/db/models/effect-records';
import { connectTestDatabase, testDeps } from '../support/deps';
import { engineTestContext } from '../support/engine-steps';
import { createPlatformFixtures, type PlatformFixtures } from '../support/platform';
import { insertReportFixture } from '../support/report-fixture';

let disconnect: () => Promise<void>;
let fx: PlatformFixtures;
let app: HttpApp;
const now = new Date('2026-03-03T12:00:00+08:00');
const deps = testDeps({ now: () => now });

beforeAll(async () => {
  disconnect = await connectTestDatabase('case_ratings');
  fx = await createPlatformFixtures();
  await insertReportFixture();
  app = await buildHttpApp({ deps, databaseStatus: async () => 'up', staticDir: null });
});
afterAll(async () => {
  await app?.close();
  await disconnect();
});

const post = (url: string, payload: string) =>
  app.inject({
    method: 'POST',
    url,
    payload,
    headers: { 'content-type': 'application/x-www-form-urlencoded', host: 'localhost', origin: 'http://localhost' },
  });

describe('case ratings', () => {
  it('asks the customer of each closed case once, with a signed link whose page takes one rating', async () => {
    // Closed with a customer: R1, CH1 and CP1 (OLD has no customer; R2 is open).
    expect(await requestCaseRatings(now)).toBe(3);
    expect(await requestCaseRatings(now)).toBe(0);
    const r1 = await CaseModel.findOne({ ref: 'R1' }).lean();
    const message = await NotificationModel.findById(`csat:${r1?._id.toHexString()}`).lean();
    expect(message?.template).toBe('csat.request');
    const link = String((message?.params as { link: string }).link);

    const form = await app.inject({ method: 'GET', url: link });
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('R1');
    expect(form.body).toContain('name="score"');

    expect((await post(link, 'score=9')).statusCode).toBe(400);
    const rated = await post(link, `score=4&comment=${encodeURIComponent('退款很快')}`);
    expect(rated.statusCode).toBe(200);
    expect((await CaseModel.findOne({ ref: 'R1' }).lean())?.csat).toMatchObject({ score: 4, comment: '退款很快' });
    expect((await post(link, 'score=1')).statusCode).toBe(409);
    expect((await app.inject({ method: 'GET', url: link })).statusCode).toBe(409);

    // A link whose signature was changed is refused.
    expect((await app.inject({ method: 'GET', url: `${link.slice(0, -2)}xx` })).statusCode).toBe(400);

    // The rating counts in the reports, next to CP1's and the two chats.
    const summary = await engineTestContext('2026-03-04T12:00:00+08:00')
      .as(fx.users.supervisor)
      .reports.summary({ from: '2026-03-02', to: '2026-03-03' });
    expect(summary.csat).toEqual({ count: 4, average: 4 });
    expect(summary.comments.map((c) => c.ref)).toEqual(['R1', 'CP1', null]);
  });
});
