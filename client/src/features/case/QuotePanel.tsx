import { useTranslation } from 'react-i18next';
import { formatDateTime, formatFen } from '../../lib/format';
import { pickLanguage } from '../../lib/i18n';
import type { Mode } from '../../../../shared/departures';
import { fareClassName } from '../../lib/departures/fare-classes';
import { FareClassLabel } from '../../lib/departures/FareClass';

type Explanation = { 'zh-CN': string; en: string };

/** One ticket's quote from the policy engine, as change and refund cases project it. */
type QuoteLine = {
  passengerId: string;
  passengerName?: string;
  fareFen?: number;
  newFareFen?: number;
  quote: {
    allowed: boolean;
    ruleId: string;
    explanation: Explanation;
    feeFen?: number;
    refundFen?: number;
    changeFeeFen?: number;
    differenceFeeFen?: number;
    payFen?: number;
    /** A person confirms the quote before it is given (e.g. a cn-rail difference fee under ¥2). */
    needsReview?: { reason: Explanation };
    /** Not refunded online: a manual step decides it (cn-rail after departure: the station's approval; cn-air: the carrier's no-show conditions). */
    manualStep?: { kind: string; reason: Explanation };
    /** cn-air: the taxes refunded in full, apart from the fare (part of refundFen). */
    taxes?: { developmentFundFen: number; fuelSurchargeFen: number; totalFen: number };
  };
};

export type QuoteSet = {
  quotedAt?: string;
  quotedBy?: { name: string };
  departure?: { code: string; departureAt: string; mode?: Mode; className?: string; classCode?: string } | null;
  involuntary?: boolean;
  lines: QuoteLine[];
  totalFeeFen?: number;
  totalRefundFen?: number;
  totalChangeFeeFen?: number;
  totalDifferenceFeeFen?: number;
  totalPayFen?: number;
  refusal?: { passengerId: string; ruleId: string; explanation: Explanation } | null;
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** CaseDetail.data is loosely typed on purpose (each kind projects its own); read a quote set out of it. */
export function readQuoteSet(value: unknown): QuoteSet | null {
  if (!isRecord(value) || !Array.isArray(value.lines)) return null;
  const lines = value.lines.filter((line): line is QuoteLine => isRecord(line) && isRecord(line.quote) && isRecord(line.quote.explanation));
  return { ...(value as Omit<QuoteSet, 'lines'>), lines };
}

function sum(values: (number | undefined)[]): number {
  return values.reduce<number>((total, value) => total + (value ?? 0), 0);
}

type ExplanationGroup = { key: string; passengers: string[]; explanation: Explanation; ruleId: string };

/** Tickets priced by the same rule with the same words are explained once, naming every passenger. */
function explanationGroups(lines: readonly QuoteLine[]): ExplanationGroup[] {
  const groups = new Map<string, ExplanationGroup>();
  for (const line of lines) {
    const key = JSON.stringify([line.quote.ruleId, line.quote.explanation['zh-CN'], line.quote.explanation.en]);
    const group = groups.get(key) ?? { key, passengers: [], explanation: line.quote.explanation, ruleId: line.quote.ruleId };
    group.passengers.push(line.passengerName ?? line.passengerId);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** A quote exactly as the customer must hear it: amounts per ticket, the rule applied and why. */
export function QuoteView({ quote, title, testId }: { quote: QuoteSet; title: string; testId: string }) {
  const { t, i18n } = useTranslation();
  const isChange = quote.lines.some((line) => line.quote.changeFeeFen !== undefined) || quote.totalPayFen !== undefined;
  const totalPay = quote.totalPayFen ?? sum(quote.lines.map((line) => line.quote.payFen));
  // Air refunds: fare, taxes refunded and fee are separate figures (the fee is on the fare only).
  const withTaxes = !isChange && quote.lines.some((line) => line.quote.taxes !== undefined);
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
      {quote.departure && (
        <p className="quote-departure">
          {t('quote.newDeparture')}: <span className="mono">{quote.departure.code}</span> {formatDateTime(quote.departure.departureAt)} ·{' '}
          {quote.departure.classCode ? (
            <FareClassLabel
              code={quote.departure.classCode}
              name={fareClassName(quote.departure.classCode, {
                mode: quote.departure.mode,
                names: quote.departure.className ? new Map([[quote.departure.classCode, quote.departure.className]]) : null,
                language: i18n.language,
              })}
            />
          ) : (
            quote.departure.className
          )}
        </p>
      )}
      {quote.involuntary && <p className="badge badge-info">{t('quote.involuntary')}</p>}
      <table className="data-table compact">
        <thead>
          <tr>
            <th>{t('tickets.passenger')}</th>
            <th className="num">{t('quote.fare')}</th>
            {isChange ? (
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
          {quote.lines.map((line) => (
            <tr key={line.passengerId} className={line.quote.allowed ? undefined : 'refused'}>
              <td>{line.passengerName ?? line.passengerId}</td>
              <td className="num">{line.fareFen !== undefined ? formatFen(line.fareFen) : '—'}</td>
              {isChange ? (
                <>
                  <td className="num">{line.newFareFen !== undefined ? formatFen(line.newFareFen) : '—'}</td>
                  <td className="num">{formatFen(line.quote.changeFeeFen ?? 0)}</td>
                  <td className="num">{formatFen(line.quote.differenceFeeFen ?? 0)}</td>
                  <td className="num">{formatFen(line.quote.payFen ?? 0)}</td>
                </>
              ) : (
                <>
                  {withTaxes && (
                    <td className="num" data-testid={`quote-taxes-${line.passengerId}`}>
                      {formatFen(line.quote.taxes?.totalFen ?? 0)}
                      {line.quote.taxes && (
                        <div className="muted">
                          {t('quote.developmentFund')} {formatFen(line.quote.taxes.developmentFundFen)} · {t('quote.fuelSurcharge')} {formatFen(line.quote.taxes.fuelSurchargeFen)}
                        </div>
                      )}
                    </td>
                  )}
                  <td className="num">{formatFen(line.quote.feeFen ?? 0)}</td>
                  <td className="num">{formatFen(line.quote.refundFen ?? 0)}</td>
                </>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      <ul className="explanations" data-testid={`${testId}-explanations`}>
        {explanationGroups(quote.lines).map((group) => (
          <li key={group.key}>
            <span className="muted">{group.passengers.join(i18n.language.startsWith('en') ? ', ' : '、')}:</span>{' '}
            {pickLanguage(group.explanation, i18n.language)} <span className="rule-id">({group.ruleId})</span>
          </li>
        ))}
      </ul>
      {quote.lines.some((l) => l.quote.needsReview || l.quote.manualStep) && (
        <ul className="quote-flags" data-testid={`${testId}-flags`}>
          {quote.lines.flatMap((line) =>
            [
              line.quote.needsReview && { key: 'review', label: t('quote.needsReview'), reason: line.quote.needsReview.reason },
              line.quote.manualStep && {
                key: line.quote.manualStep.kind,
                label: line.quote.manualStep.kind === 'carrier-no-show' ? t('quote.carrierNoShow') : t('quote.stationApproval'),
                reason: line.quote.manualStep.reason,
              },
            ]
              .filter((flag): flag is { key: string; label: string; reason: Explanation } => Boolean(flag))
              .map((flag) => (
                <li key={`${line.passengerId}-${flag.key}`} className="badge badge-audit">
                  {flag.label} · {line.passengerName ?? line.passengerId}: {pickLanguage(flag.reason, i18n.language)}
                </li>
              )),
          )}
        </ul>
      )}
      {quote.refusal && (
        <p className="form-error" data-testid="quote-refusal">
          {t('quote.refused')}: {pickLanguage(quote.refusal.explanation, i18n.language)}
        </p>
      )}
      <dl className="quote-totals">
        {isChange ? (
          <>
            <dt>{t('quote.totalChangeFee')}</dt>
            <dd data-testid="quote-total-fee">{formatFen(quote.totalChangeFeeFen ?? sum(quote.lines.map((l) => l.quote.changeFeeFen)))}</dd>
            <dt>{totalPay >= 0 ? t('quote.customerPays') : t('quote.customerReceives')}</dt>
            <dd data-testid="quote-total-pay" className="strong">
              {formatFen(Math.abs(totalPay))}
            </dd>
          </>
        ) : (
          <>
            {withTaxes && (
              <>
                <dt>{t('quote.totalTaxesRefunded')}</dt>
                <dd data-testid="quote-total-taxes">{formatFen(sum(quote.lines.map((l) => l.quote.taxes?.totalFen)))}</dd>
              </>
            )}
            <dt>{t('quote.totalFee')}</dt>
            <dd data-testid="quote-total-fee">{formatFen(quote.totalFeeFen ?? sum(quote.lines.map((l) => l.quote.feeFen)))}</dd>
            <dt>{t('quote.totalRefund')}</dt>
            <dd data-testid="quote-total-refund" className="strong">
              {formatFen(quote.totalRefundFen ?? sum(quote.lines.map((l) => l.quote.refundFen)))}
            </dd>
          </>
        )}
      </dl>
    </section>
  );
}

/** The current quote, beside the one it replaced when the agent re-quoted. */
export function QuotePanel({ data }: { data: Record<string, unknown> }) {
  const { t } = useTranslation();
  const quote = readQuoteSet(data.quote);
  const previous = readQuoteSet(data.previousQuote);
  if (!quote) return null;
  return (
    <div className={previous ? 'quote-panel side-by-side' : 'quote-panel'} data-testid="quote-panel">
      {previous && <QuoteView quote={previous} title={t('quote.previous')} testId="quote-previous" />}
      <QuoteView quote={quote} title={t('quote.current')} testId="quote-current" />
    </div>
  );
}
