/**
 * The case export over HTTP: `GET /api/reports/cases.csv` parses back into the range's cases (and
 * nothing outside it), needs a session (401) of a report reader (agents 403), refuses a bad range.
 * The console's summary workbook (XLSX) parses back with the library that wrote it.
 */
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHttpApp, type HttpApp } from '../../server/src/http/app';
import { createSession } from '../../server/src/auth/sessions';
import { summaryWorkbook } from '../../client/src/features/reports/report-files';
import en from '../../client/src/locales/en.json';
import { connectTestDatabase, testDeps } from '../support/deps';
import { engineTestContext } from '../support/engine-steps';
import { createPlatformFixtures, type PlatformFixtures } from '../support/platform';
import { insertReportFixture } from '../support/report-fixture';

let disconnect: () => Promise<void>;
let fx: PlatformFixtures;
let app: HttpApp;
const deps = testDeps({ now: () => new Date('2026-03-04T12:00:00+08:00') });
const cookieOf = async (userId: string) =>
  `td_session=${(await createSession({ userId: new Types.ObjectId(userId), ip: '127.0.0.1', now: deps.now(), ttlHours: 1 })).token}`;

beforeAll(async () => {
  disconnect = await connectTestDatabase('reports_export');
  fx = await createPlatformFixtures();
  await insertReportFixture();
  app = await buildHttpApp({ deps, databaseStatus: async () => 'up', staticDir: null });
});
afterAll(async () => {
  await app?.close();
  await disconnect();
});

const url = '/api/reports/cases.csv?from=2026-03-02&to=2026-03-03';
/** The English catalogue's text for a key, as the console's t() gives it. */
const t = (key: string): string =>
  String(key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], en));

describe('GET /api/reports/cases.csv', () => {
  it('gives one row per case created in the range, which parses back', async () => {
    const response = await app.inject({
      method: 'GET',
      url,
      headers: { cookie: await cookieOf(fx.users.supervisor.id) },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/csv');
    expect(response.headers['x-total-rows']).toBe('4');
    const parsed = Papa.parse<Record<string, string>>(response.body.replace(/^\uFEFF/, ''), {
      header: true,
      skipEmptyLines: true,
    });
    expect(parsed.errors).toEqual([]);
    expect(parsed.data.map((r) => [r.ref, r.kind, r.createdAt, r.refundFen, r.feeFen, r.csatScore])).toEqual([
      ['R1', 'refund', '2026-03-02 09:00', '9000', '1000', ''],
      ['CH1', 'change', '2026-03-02 14:00', '', '500', ''],
      ['CP1', 'complaint', '2026-03-03 08:00', '', '', '4'],
      ['R2', 'refund', '2026-03-03 10:00', '', '', ''],
    ]);
  });

  it('answers 401 without a session, 403 to an agent and 400 to a backwards range', async () => {
    expect((await app.inject({ method: 'GET', url })).statusCode).toBe(401);
    expect(
      (await app.inject({ method: 'GET', url, headers: { cookie: await cookieOf(fx.users.agent.id) } })).statusCode,
    ).toBe(403);
    const backwards = await app.inject({
      method: 'GET',
      url: '/api/reports/cases.csv?from=2026-03-05&to=2026-03-01',
      headers: { cookie: await cookieOf(fx.users.admin.id) },
    });
    expect(backwards.statusCode).toBe(400);
  });
});

describe('the summary workbook', () => {
  it("holds the range's days and figures, read back with exceljs", async () => {
    const summary = await engineTestContext('2026-03-04T12:00:00+08:00')
      .as(fx.users.supervisor)
      .reports.summary({ from: '2026-03-02', to: '2026-03-03', groupBy: 'day' });
    const bytes = await summaryWorkbook(summary, t);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes);
    const sheet = book.getWorksheet('Summary');
    const rows =
      sheet
        ?.getSheetValues()
        .filter(Boolean)
        .map((r) => (Array.isArray(r) ? r.slice(1) : r)) ?? [];
    const header = rows[0] as string[];
    const column = (name: string) => header.indexOf(name);
    const body = rows.slice(1) as (string | number)[][];
    expect(body.map((r) => r[column('Group')])).toEqual(['2026-03-02', '2026-03-03', 'Total']);
    expect(body.map((r) => r[column('Contacts offered')])).toEqual([2, 2, 4]);
    expect(body.map((r) => r[column('Refunds paid (¥)')])).toEqual([90, 0, 90]);
  });
});
