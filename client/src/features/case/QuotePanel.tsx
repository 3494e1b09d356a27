import { useTranslation } from 'react-i18next';
import { formatDateTime, formatFen } from '../../lib/format';
import { pickLanguage } from '../../lib/i18n';
import { fareClassName } from '../../lib/departures/fare-classes';
import { FareClassLabel } from '../../lib/departures/FareClass';
import type { CaseDataOf, CaseDetail } from '../../lib/case-detail';

type Explanation = { 'zh-CN': string; en: string };

/** The quotes change and refund cases project: amounts per ticket, the rule applied and why. */
type ChangeQuoteSet = NonNullable<CaseDataOf<'change'>['quote']>;
type RefundQuoteSet = NonNullable<CaseDataOf<'refund'>['quote']>;
export type QuoteSet = ChangeQuoteSet | RefundQuoteSet;
type QuoteLine = QuoteSet['lines'][number];

/** The case's current quote and the one it replaced; only change and refund cases quote per ticket. */
function quotesOf(detail: CaseDetail): { quote: QuoteSet | null; previous: QuoteSet | null } {
  if (detail.kind === 'change' || detail.kind === 'refund')
    return { quote: detail.data.quote, previous: detail.data.previousQuote };
  return { quote: null, previous: null };
}

type ExplanationGroup = { key: string; passengers: string[]; explanation: Explanation; ruleId: string };

/** Tickets priced by the same rule with the same words are explained once, naming every passenger. */
function explanationGroups(lines: readonly QuoteLine[]): ExplanationGroup[] {
  const groups = new Map<string, ExplanationGroup>();
  for (const line of lines) {
    const key = JSON.stringify([line.quote.ruleId, line.quote.explanation['zh-CN'], line.quote.explanation.en]);
    const group = groups.get(key) ?? {
      key,
      passengers: [],
      explanation: line.quote.explanation,
      ruleId: line.quote.ruleId,
    };
    group.passengers.push(line.passengerName);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** A change quote says what the customer pays (or gets back); a refund quote what is refunded. */
function isChangeQuote(quote: QuoteSet): quote is ChangeQuoteSet {
  return 'totalPayFen' in quote;
}

function QuoteFlags({ lines, testId }: { lines: readonly QuoteLine[]; testId: string }) {
  const { t, i18n } = useTranslation();
  const flags = lines.flatMap((line) =>
    [
      line.quote.needsReview && { key: 'review', label: t('quote.needsReview'), reason: line.quote.needsReview.reason },
      'manualStep' in line.quote &&
        line.quote.manualStep && {
          key: line.quote.manualStep.kind,
          label:
            line.quote.manualStep.kind === 'carrier-no-show' ? t('quote.carrierNoShow') : t('quote.stationApproval'),
          reason: line.quote.manualStep.reason,
        },
    ]
      .filter((flag): flag is { key: string; label: string; reason: Explanation } => Boolean(flag))
      .map((flag) => ({ ...flag, line })),
  );
  if (flags.length === 0) return null;
  return (
    <ul className="quote-flags" data-testid={`${testId}-flags`}>
      {flags.map(({ key, label, reason, line }) => (
        <li key={`${line.passengerId}-${key}`} className="badge badge-audit">
          {label} · {line.passengerName}: {pickLanguage(reason, i18n.language)}
        </li>
      ))}
    </ul>
  );
}

/** A quote exactly as the customer must hear it: amounts per ticket, the rule applied and why. */
export function QuoteView({ quote, title, testId }: { quote: QuoteSet; title: string; testId: string }) {
  const { t, i18n } = useTranslation();
  const change = isChangeQuote(quote) ? quote : null;
  const refund = isChangeQuote(quote) ? null : quote;
  const lines: readonly QuoteLine[] = quote.lines;
  // Air refunds: fare, taxes refunded and fee are separate figures (the fee is on the fare only).
  const withTaxes = refund?.lines.some((line) => line.quote.taxes !== undefined) ?? false;
  const totalTaxesFen = refund?.lines.reduce((sum, line) => sum + (line.quote.taxes?.totalFen ?? 0), 0) ?? 0;
  return (
    <section className="quote" data-testid={testId} aria-label={title}>
      <header className="quote-head">
        <strong>{title}</strong>
        {quote.quotedAt && (
          <span className="muted">
            {formatDateTime(quote.quotedAt)}
            {quote.quotedBy ? ` · ${quote.quotedBy.name}` : ''}
          </span>
        )}
      </header>
      {change?.departure && (
        <p className="quote-departure">
          {t('quote.newDeparture')}: <span className="mono">{change.departure.code}</span>{' '}
          {formatDateTime(change.departure.departureAt)} ·{' '}
          {change.departure.classCode ? (
            <FareClassLabel
              code={change.departure.classCode}
              name={fareClassName(change.departure.classCode, {
                mode: change.departure.mode,
                names: change.departure.className
                  ? new Map([[change.departure.classCode, change.departure.className]])
                  : null,
                language: i18n.language,
              })}
            />
          ) : (
            change.departure.className
          )}
        </p>
      )}
      {quote.involuntary && <p className="badge badge-info">{t('quote.involuntary')}</p>}
      <table className="data-table compact">
        <thead>
          <tr>
            <th>{t('tickets.passenger')}</th>
            <th className="num">{t('quote.fare')}</th>
            {change ? (
              <>
                <th className="num">{t('quote.newFare')}</th>
                <th className="num">{t('quote.changeFee')}</th>
                <th className="num">{t('quote.differenceFee')}</th>
                <th className="num">{t('quote.pay')}</th>
              </>
            ) : (
              <>
                {withTaxes && <th className="num">{t('quote.taxesRefunded')}</th>}
                <th className="num">{t('quote.fee')}</th>
                <th className="num">{t('quote.refund')}</th>
              </>
            )}
          </tr>
        </thead>
        <tbody>
          {change?.lines.map((line) => (
            <tr key={line.passengerId} className={line.quote.allowed ? undefined : 'refused'}>
              <td>{line.passengerName}</td>
              <td className="num">{formatFen(line.fareFen)}</td>
              <td className="num">{formatFen(line.newFareFen)}</td>
              <td className="num">{formatFen(line.quote.changeFeeFen)}</td>
              <td className="num">{formatFen(line.quote.differenceFeeFen)}</td>
              <td className="num">{formatFen(line.quote.payFen)}</td>
            </tr>
          ))}
          {refund?.lines.map((line) => (
            <tr key={line.passengerId} className={line.quote.allowed ? undefined : 'refused'}>
              <td>{line.passengerName}</td>
              <td className="num">{formatFen(line.fareFen)}</td>
              {withTaxes && (
                <td className="num" data-testid={`quote-taxes-${line.passengerId}`}>
                  {formatFen(line.quote.taxes?.totalFen ?? 0)}
                  {line.quote.taxes && (
                    <div className="muted">
                      {t('quote.developmentFund')} {formatFen(line.quote.taxes.developmentFundFen)} ·{' '}
                      {t('quote.fuelSurcharge')} {formatFen(line.quote.taxes.fuelSurchargeFen)}
                    </div>
                  )}
                </td>
              )}
              <td className="num">{formatFen(line.quote.feeFen)}</td>
              <td className="num">{formatFen(line.quote.refundFen)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ul className="explanations" data-testid={`${testId}-explanations`}>
        {explanationGroups(lines).map((group) => (
          <li key={group.key}>
            <span className="muted">{group.passengers.join(i18n.language.startsWith('en') ? ', ' : '、')}:</span>{' '}
            {pickLanguage(group.explanation, i18n.language)} <span className="rule-id">({group.ruleId})</span>
          </li>
        ))}
      </ul>
      <QuoteFlags lines={lines} testId={testId} />
      {quote.refusal && (
        <p className="form-error" data-testid="quote-refusal">
          {t('quote.refused')}: {pickLanguage(quote.refusal.explanation, i18n.language)}
        </p>
      )}
      <dl className="quote-totals">
        {change && (
          <>
            <dt>{t('quote.totalChangeFee')}</dt>
            <dd data-testid="quote-total-fee">{formatFen(change.totalChangeFeeFen)}</dd>
            <dt>{change.totalPayFen >= 0 ? t('quote.customerPays') : t('quote.customerReceives')}</dt>
            <dd data-testid="quote-total-pay" className="strong">
              {formatFen(Math.abs(change.totalPayFen))}
            </dd>
          </>
        )}
        {refund && (
          <>
            {withTaxes && (
              <>
                <dt>{t('quote.totalTaxesRefunded')}</dt>
                <dd data-testid="quote-total-taxes">{formatFen(totalTaxesFen)}</dd>
              </>
            )}
            <dt>{t('quote.totalFee')}</dt>
            <dd data-testid="quote-total-fee">{formatFen(refund.totalFeeFen)}</dd>
            <dt>{t('quote.totalRefund')}</dt>
            <dd data-testid="quote-total-refund" className="strong">
              {formatFen(refund.totalRefundFen)}
            </dd>
          </>
        )}
      </dl>
    </section>
  );
}

/** The current quote, beside the one it replaced when the agent re-quoted. */
export function QuotePanel({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const { quote, previous } = quotesOf(detail);
  if (!quote) return null;
  return (
    <div className={previous ? 'quote-panel side-by-side' : 'quote-panel'} data-testid="quote-panel">
      {previous && <QuoteView quote={previous} title={t('quote.previous')} testId="quote-previous" />}
      <QuoteView quote={quote} title={t('quote.current')} testId="quote-current" />
    </div>
  );
}
