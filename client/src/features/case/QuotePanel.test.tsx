import { render, screen, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import { createI18n, type Language } from '../../lib/i18n';
import type { CaseDataOf } from '../../lib/case-detail';
import { caseDetail } from '../../test/fixtures';
import { QuotePanel } from './QuotePanel';

const explanation = (zh: string, en: string) => ({ 'zh-CN': zh, en });

/** A cn-air refund as the refund machine projects it: Y, ¥1,280 fare, ¥50 + ¥30 taxes, 5% fee. */
type RefundQuote = NonNullable<CaseDataOf<'refund'>['quote']>;
type RefundQuoteLine = RefundQuote['lines'][number];

function airRefund(extra: Partial<RefundQuoteLine['quote']> = {}): RefundQuote {
  return {
    passengerIds: ['p1'],
    involuntary: false,
    reason: '行程取消',
    ruleIds: ['cn-air@2021-09-01/refund.class-Y.2h-or-more'],
    explanations: [explanation('Y舱…', 'Fare class Y…')],
    quotedAt: '2026-05-05T01:00:00.000Z',
    quotedBy: { id: 'u1', name: '王芳', role: 'agent' },
    lines: [
      {
        passengerId: 'p1',
        passengerName: '张伟',
        passengerType: 'adult',
        changed: false,
        classCode: 'Y',
        fareFen: 128_000,
        quote: {
          allowed: true,
          feeFen: 6_400,
          refundFen: 129_600,
          taxes: { developmentFundFen: 5_000, fuelSurchargeFen: 3_000, totalFen: 8_000 },
          ruleId: 'cn-air@2021-09-01/refund.class-Y.2h-or-more',
          explanation: explanation('Y舱…', 'Fare class Y…'),
          ...extra,
        },
      },
    ],
    totalFeeFen: 6_400,
    totalRefundFen: 129_600,
    refusal: null,
  };
}

function show(quote: RefundQuote, language: Language) {
  return render(
    <I18nextProvider i18n={createI18n(language)}>
      <QuotePanel detail={caseDetail({ kind: 'refund', data: { quote } })} />
    </I18nextProvider>,
  );
}

describe('QuotePanel, an air refund with taxes', () => {
  it('shows fare, taxes refunded and fee as separate figures (English)', () => {
    show(airRefund(), 'en');
    const table = screen.getByRole('table');
    expect(within(table).getByRole('columnheader', { name: 'Taxes refunded' })).toBeTruthy();
    const row = within(table).getAllByRole('row')[1];
    if (!row) throw new Error('no ticket row');
    const cells = within(row)
      .getAllByRole('cell')
      .map((c) => c.textContent);
    expect(cells).toEqual([
      '张伟',
      '¥1,280.00',
      '¥80.00Development fund ¥50.00 · Fuel surcharge ¥30.00',
      '¥64.00',
      '¥1,296.00',
    ]);
    expect(screen.getByTestId('quote-total-taxes').textContent).toBe('¥80.00');
    expect(screen.getByText('Taxes refunded (in full)')).toBeTruthy();
  });

  it('in Chinese too', () => {
    show(airRefund(), 'zh-CN');
    expect(screen.getByRole('columnheader', { name: '退还税费' })).toBeTruthy();
    expect(screen.getByTestId('quote-taxes-p1').textContent).toBe('¥80.00民航发展基金 ¥50.00 · 燃油附加费 ¥30.00');
  });

  it('a rail refund has no taxes column', () => {
    const { lines, ...rest } = airRefund();
    const line = lines[0];
    if (!line) throw new Error('no line');
    const { taxes: _taxes, ...railQuote } = line.quote;
    show({ ...rest, lines: [{ ...line, quote: railQuote }] }, 'en');
    expect(screen.queryByRole('columnheader', { name: 'Taxes refunded' })).toBeNull();
    expect(screen.queryByTestId('quote-total-taxes')).toBeNull();
  });

  it('after departure it flags the carrier’s no-show conditions for a person', () => {
    show(
      airRefund({
        manualStep: {
          kind: 'carrier-no-show',
          reason: explanation('已过航班计划起飞时间（误机）', 'the scheduled departure has passed (no-show)'),
        },
      }),
      'en',
    );
    expect(screen.getByTestId('quote-current-flags').textContent).toContain(
      "After departure: a person applies the carrier's no-show conditions",
    );
  });
});
