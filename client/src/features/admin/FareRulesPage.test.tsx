import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import type { SessionUser } from '../../../../shared/auth';
import { ruleSetVersionsWithRules } from '../../../../workflows/policy';
import type { RouterOutputs } from '../../lib/trpc';
import { supervisor } from '../../test/fixtures';
import { server, trpcMsw } from '../../test/msw';
import { renderScreen } from '../../test/render';
import { FareRulesPage } from './FareRulesPage';

const admin: SessionUser = {
  id: 'a00000000000000000000009',
  username: 'admin1',
  name: '周杰',
  role: 'admin',
  queues: [],
};

type RushRow = RouterOutputs['fareRules']['list']['rushPeriods'][number];
const published: RushRow[] = [
  { year: 2026, from: '2026-02-02', to: '2026-03-13', source: 'published', enteredBy: null, enteredAt: null },
  { year: 2027, from: null, to: null, source: 'not-published', enteredBy: null, enteredAt: null },
];

function serveRules(rushPeriods: () => RushRow[]) {
  // The policy engine's own versions, as the server sends them.
  server.use(
    trpcMsw.fareRules.list.query(() => ({ versions: [...ruleSetVersionsWithRules()], rushPeriods: rushPeriods() })),
  );
}

describe('fare rules page', () => {
  it('shows every rule set and version with its tables from the policy data, in Chinese', async () => {
    serveRules(() => published);
    renderScreen(<FareRulesPage />, { path: '/admin/rules', url: '/admin/rules', user: supervisor });
    expect(await screen.findByRole('heading', { name: /中国铁路（12306）/ })).toBeInTheDocument();
    for (const v of ruleSetVersionsWithRules())
      expect(screen.getByTestId(`version-${v.versionId}`)).toBeInTheDocument();
    const railTiers = screen.getByTestId('cn-rail@2026-12-01-refund-tiers');
    expect(
      within(railTiers)
        .getAllByRole('row')
        .map((r) => r.textContent),
    ).toEqual(['距开车时间费率', '192小时及以上0%', '48小时至不足192小时5%', '24小时至不足48小时10%', '不足24小时20%']);
    expect(screen.getByTestId('cn-rail@2026-02-02-mistaken-purchase')).toHaveTextContent('每个购票账号每天限一个订单');
    expect(screen.getByTestId('cn-rail@2026-02-02-mistaken-purchase')).toHaveTextContent(
      '仅限：互联网 · 电子支付 / 积分支付 · 普通购票',
    );
    expect(screen.getByTestId('cn-rail@2024-01-15-mistaken-purchase')).toHaveTextContent('每位乘车人每天一次');
    expect(
      within(screen.getByTestId('cn-rail-xb@2026-12-01-station-cutoffs')).getByText('香港西九龙'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('cn-air@2017-07-07-fare-classes')).toHaveTextContent('仅退税费');
    expect(screen.getByTestId('event@2026-12-01-accusefive-hefei-2024-tiers')).toHaveTextContent('20% 票面价');
    expect(screen.getByTestId('rush-2027')).toHaveTextContent('尚未公布');
    // Supervisors read; only admins enter dates.
    expect(screen.queryByTestId('rush-save')).not.toBeInTheDocument();
  });

  it('lets an admin enter 2027, shows a refusal with its reason, and the table follows, in English', async () => {
    const sent: unknown[] = [];
    let rows = published;
    serveRules(() => rows);
    server.use(
      trpcMsw.fareRules.setRushPeriod.mutation(({ input }) => {
        sent.push(input);
        if (input.to > '2027-03-31') {
          const reason = {
            'zh-CN': '2027年春运须在 2027-01-01 至 2027-03-31 之间',
            en: 'The 2027 rush must fall between 2027-01-01 and 2027-03-31',
          };
          throw Object.assign(new TRPCError({ code: 'BAD_REQUEST', message: reason.en }), {
            domain: { code: 'INVALID_INPUT', details: { reason } },
          });
        }
        rows = [
          published[0]!,
          {
            year: 2027,
            from: input.from,
            to: input.to,
            source: 'entered',
            enteredBy: '周杰',
            enteredAt: '2026-12-01T02:00:00.000Z',
          },
        ];
        return {
          year: input.year,
          from: input.from,
          to: input.to,
          source: 'entered' as const,
          enteredBy: '周杰',
          enteredAt: '2026-12-01T02:00:00.000Z',
        };
      }),
    );
    renderScreen(<FareRulesPage />, { path: '/admin/rules', url: '/admin/rules', user: admin, language: 'en' });
    expect(await screen.findByRole('heading', { name: /China Railway \(12306\)/ })).toBeInTheDocument();
    expect(screen.getByTestId('cn-rail@2026-12-01-refund-tiers')).toHaveTextContent('48 h to under 192 h5%');
    expect(screen.getByTestId('rush-2027')).toHaveTextContent('not yet published');
    expect(screen.getByTestId('rush-year')).toHaveValue(2027);

    await userEvent.type(screen.getByTestId('rush-from'), '2027-01-22');
    await userEvent.type(screen.getByTestId('rush-to'), '2027-04-02');
    await userEvent.click(screen.getByTestId('rush-save'));
    expect(await screen.findByTestId('rush-error')).toHaveTextContent(
      'The 2027 rush must fall between 2027-01-01 and 2027-03-31',
    );

    await userEvent.clear(screen.getByTestId('rush-to'));
    await userEvent.type(screen.getByTestId('rush-to'), '2027-03-02');
    await userEvent.click(screen.getByTestId('rush-save'));
    expect(await screen.findByTestId('rush-saved')).toHaveTextContent('Saved: 2027 rush 2027-01-22 to 2027-03-02');
    await waitFor(() =>
      expect(screen.getByTestId('rush-2027')).toHaveTextContent('2027-01-222027-03-02entered by 周杰'),
    );
    expect(sent).toEqual([
      { year: 2027, from: '2027-01-22', to: '2027-04-02', replace: false },
      { year: 2027, from: '2027-01-22', to: '2027-03-02', replace: false },
    ]);
  });
});
