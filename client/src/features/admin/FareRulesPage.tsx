import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorMessage } from '../../app/ApiErrorMessage';
import { useSessionUser } from '../../app/session';
import { formatDateTime, formatFen } from '../../lib/format';
import { pickLanguage } from '../../lib/i18n';
import { useTRPC, type RouterOutputs } from '../../lib/trpc';

type FareRules = RouterOutputs['fareRules']['list'];
type Version = FareRules['versions'][number];
type Tier = { minHoursBefore: number; feePct: number };
type RuleSetId = Version['ruleSet'];
type Translate = ReturnType<typeof useTranslation>['t'];

const ruleSetOrder: readonly RuleSetId[] = ['cn-rail', 'cn-rail-xb', 'cn-air', 'event'];

/** "48 h to under 192 h": a tier runs from its minimum up to the previous (longer) tier's. */
function tierRange(t: Translate, tiers: readonly Tier[], index: number): string {
  const tier = tiers[index];
  const longer = tiers[index - 1];
  if (!tier) return '';
  if (!longer) return t('fareRules.atLeast', { hours: tier.minHoursBefore });
  if (tier.minHoursBefore === 0) return t('fareRules.under', { hours: longer.minHoursBefore });
  return t('fareRules.between', { from: tier.minHoursBefore, to: longer.minHoursBefore });
}

function TierTable({ tiers, caption, testId }: { tiers: readonly Tier[]; caption: string; testId: string }) {
  const { t } = useTranslation();
  return (
    <table className="data-table compact framed" data-testid={testId}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th>{t('fareRules.timeLeft')}</th>
          <th className="num">{t('fareRules.feePct')}</th>
        </tr>
      </thead>
      <tbody>
        {tiers.map((tier, index) => (
          <tr key={tier.minHoursBefore}>
            <td>{tierRange(t, tiers, index)}</td>
            <td className="num">{tier.feePct}%</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function RailTables({ version }: { version: Extract<Version, { ruleSet: 'cn-rail' }> }) {
  const { t } = useTranslation();
  const { rules } = version;
  const mp = rules.mistakenPurchase;
  const list = (group: 'channel' | 'payment' | 'purchaseType', values: readonly string[]) =>
    values.map((v) => t(`fareRules.sale.${group}.${v}`)).join(' / ');
  return (
    <div className="rule-tables">
      <TierTable
        tiers={rules.refundTiers}
        caption={t('fareRules.refundTiers')}
        testId={`${version.versionId}-refund-tiers`}
      />
      {rules.change.laterDateTiers && (
        <TierTable
          tiers={rules.change.laterDateTiers}
          caption={t('fareRules.changeTiers', { hours: rules.change.freeAnyTrainHoursBefore })}
          testId={`${version.versionId}-change-tiers`}
        />
      )}
      <section>
        <h4>{t('fareRules.change.title')}</h4>
        <ul className="rule-terms">
          <li>{t('fareRules.change.freeAnyTrain', { hours: rules.change.freeAnyTrainHoursBefore })}</li>
          {!rules.change.laterDateTiers && (
            <li>{t('fareRules.change.laterDateNotAllowed', { hours: rules.change.freeAnyTrainHoursBefore })}</li>
          )}
          <li>
            {rules.change.afterDepartureLaterDayFeePct === null
              ? t('fareRules.change.afterDepartureNotAllowed')
              : t('fareRules.change.afterDepartureLaterDay', { pct: rules.change.afterDepartureLaterDayFeePct })}
          </li>
          <li>
            {rules.arrivalStationChange
              ? t('fareRules.change.arrivalStation', { hours: rules.arrivalStationChange.minHoursBefore })
              : t('fareRules.change.arrivalStationNone')}
          </li>
        </ul>
      </section>
      <section data-testid={`${version.versionId}-mistaken-purchase`}>
        <h4>{t('fareRules.mistaken.title')}</h4>
        <ul className="rule-terms">
          <li>{t('fareRules.mistaken.window', { minutes: mp.withinMinutes, hours: mp.minHoursBefore })}</li>
          <li>{t(`fareRules.mistaken.oncePer.${mp.oncePer}`)}</li>
          <li>
            {mp.onlyFor
              ? t('fareRules.mistaken.onlyFor', {
                  channels: list('channel', mp.onlyFor.channels),
                  payments: list('payment', mp.onlyFor.payments),
                  types: list('purchaseType', mp.onlyFor.purchaseTypes),
                })
              : t('fareRules.mistaken.anySale')}
          </li>
        </ul>
      </section>
      <section>
        <h4>{t('fareRules.other.title')}</h4>
        <ul className="rule-terms">
          <li>
            {t('fareRules.refundMinimum')}: {formatFen(rules.refundMinimumFen)}
          </li>
          <li>
            {t('fareRules.other.nearToFar', {
              hours: rules.changedFromNearToFar.thresholdHours,
              pct: rules.changedFromNearToFar.feePct,
            })}
          </li>
          <li>{t('fareRules.other.springFestival', { pct: rules.changedInSpringFestivalFeePct })}</li>
          <li>
            {t('fareRules.other.differenceFee', {
              minimum: formatFen(rules.differenceFee.minimumFen),
              pct: rules.differenceFee.afterDepartureFeePct,
            })}
            {rules.differenceFee.reviewBelowFen !== null &&
              `; ${t('fareRules.other.reviewBelow', { amount: formatFen(rules.differenceFee.reviewBelowFen) })}`}
          </li>
          <li>{t(`fareRules.other.afterDeparture.${rules.afterDepartureRefund}`)}</li>
          <li>{t(`fareRules.other.changedAfterDeparture.${String(rules.changedAfterDepartureRefundable)}`)}</li>
          <li>
            {t('fareRules.rounding.label')}: {t(`fareRules.rounding.${rules.rounding}`)}
          </li>
        </ul>
      </section>
    </div>
  );
}

function CrossBorderTables({ version }: { version: Extract<Version, { ruleSet: 'cn-rail-xb' }> }) {
  const { t } = useTranslation();
  const { rules } = version;
  return (
    <div className="rule-tables">
      <TierTable
        tiers={rules.refundTiers}
        caption={t('fareRules.refundTiers')}
        testId={`${version.versionId}-refund-tiers`}
      />
      <table className="data-table compact framed" data-testid={`${version.versionId}-station-cutoffs`}>
        <caption>{t('fareRules.xb.cutoff', { minutes: rules.cutoffMinutes })}</caption>
        <thead>
          <tr>
            <th>{t('fareRules.xb.station')}</th>
            <th className="num">{t('fareRules.xb.stationCutoff')}</th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(rules.cutoffByStation).map(([station, minutes]) => (
            <tr key={station}>
              <td>{station}</td>
              <td className="num">{minutes}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ul className="rule-terms">
        <li>{t(`fareRules.xb.changedRefundable.${String(rules.changedRefundable)}`)}</li>
        <li>
          {t('fareRules.rounding.label')}: {t(`fareRules.rounding.${rules.rounding}`)}
        </li>
      </ul>
    </div>
  );
}

function AirTables({ version }: { version: Extract<Version, { ruleSet: 'cn-air' }> }) {
  const { t } = useTranslation();
  const { rules } = version;
  const hours = rules.thresholdHours;
  const term = (value: number | 'not-changeable' | 'taxes-only') =>
    value === 'not-changeable'
      ? t('fareRules.air.notChangeable')
      : value === 'taxes-only'
        ? t('fareRules.air.taxesOnly')
        : `${value}%`;
  return (
    <div className="rule-tables">
      <table className="data-table compact framed" data-testid={`${version.versionId}-fare-classes`}>
        <caption>{t('fareRules.air.title')}</caption>
        <thead>
          <tr>
            <th>{t('fareRules.air.classes')}</th>
            <th className="num">{t('fareRules.air.changeAtLeast', { hours })}</th>
            <th className="num">{t('fareRules.air.changeUnder', { hours })}</th>
            <th className="num">{t('fareRules.air.refundAtLeast', { hours })}</th>
            <th className="num">{t('fareRules.air.refundUnder', { hours })}</th>
          </tr>
        </thead>
        <tbody>
          {rules.fareClasses.map((row) => (
            <tr key={row.classes.join('')}>
              <td className="mono">{row.classes.join(' ')}</td>
              <td className="num">{term(row.changeAtLeast)}</td>
              <td className="num">{term(row.changeUnder)}</td>
              <td className="num">{term(row.refundAtLeast)}</td>
              <td className="num">{term(row.refundUnder)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ul className="rule-terms">
        <li>{t('fareRules.air.deadline', { days: rules.refundDeadlineWorkingDays })}</li>
        <li>
          {t('fareRules.rounding.label')}: {t(`fareRules.rounding.${rules.rounding}`)}
        </li>
      </ul>
    </div>
  );
}

function EventTables({ version }: { version: Extract<Version, { ruleSet: 'event' }> }) {
  const { t, i18n } = useTranslation();
  const { rules } = version;
  return (
    <div className="rule-tables">
      {rules.organizers.map((o) => {
        // Tiers by hours before the show, or (second edition) keyed to fixed instants.
        const hourTiers = 'refundTiers' in o ? o.refundTiers : null;
        const instant = 'instantRefund' in o ? o.instantRefund : null;
        return (
          <section key={o.organizer} data-testid={`${version.versionId}-organizer-${o.organizer}`}>
            <h4>
              {t('fareRules.event.organizer')}: {pickLanguage(o.name, i18n.language)}{' '}
              <span className="rule-id">({o.organizer})</span>
              {o.organizer === rules.defaultOrganizer && (
                <span className="muted"> · {t('fareRules.event.default')}</span>
              )}
            </h4>
            {hourTiers && (
              <TierTable
                tiers={hourTiers}
                caption={t('fareRules.refundTiers')}
                testId={`${version.versionId}-${o.organizer}-tiers`}
              />
            )}
            {instant && (
              <table className="data-table compact framed" data-testid={`${version.versionId}-${o.organizer}-tiers`}>
                <caption>{t('fareRules.refundTiers')}</caption>
                <thead>
                  <tr>
                    <th>{t('fareRules.event.until')}</th>
                    <th className="num">{t('fareRules.feePct')}</th>
                  </tr>
                </thead>
                <tbody>
                  {instant.tiers.map((tier) => (
                    <tr key={tier.until}>
                      <td>{formatDateTime(tier.until)}</td>
                      <td className="num">
                        {tier.feePct}% {t(`fareRules.event.base.${tier.base}`)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <ul className="rule-terms">
              {instant && <li>{t('fareRules.event.cutoff', { at: formatDateTime(instant.cutoff) })}</li>}
              {instant?.wholeOrderOnly && <li>{t('fareRules.event.wholeOrderOnly')}</li>}
              {instant?.oneRefundPerAccountPerShow && <li>{t('fareRules.event.onePerAccount')}</li>}
              {instant && instant.platformFeeBasisPoints !== null && (
                <li>{t('fareRules.event.platformFee', { pct: instant.platformFeeBasisPoints / 100 })}</li>
              )}
              <li>
                {o.change.allowed
                  ? t('fareRules.event.change.yes', { hours: o.change.minHoursBefore, fee: formatFen(o.change.feeFen) })
                  : t('fareRules.event.change.no')}
              </li>
            </ul>
          </section>
        );
      })}
      <p className="muted">
        {t('fareRules.rounding.label')}: {t(`fareRules.rounding.${rules.rounding}`)}
      </p>
    </div>
  );
}

function VersionTables({ version }: { version: Version }) {
  switch (version.ruleSet) {
    case 'cn-rail':
      return <RailTables version={version} />;
    case 'cn-rail-xb':
      return <CrossBorderTables version={version} />;
    case 'cn-air':
      return <AirTables version={version} />;
    case 'event':
      return <EventTables version={version} />;
  }
}

function RushPeriods({ periods, canEnter }: { periods: FareRules['rushPeriods']; canEnter: boolean }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const nextYear =
    (periods.at(-1)?.year ?? new Date().getFullYear()) + (periods.at(-1)?.source === 'not-published' ? 0 : 1);
  const [year, setYear] = useState(String(nextYear));
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [replace, setReplace] = useState(false);
  const save = useMutation(
    trpc.fareRules.setRushPeriod.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.fareRules.list.queryKey() }),
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ year: Number(year), from, to, replace });
  };
  return (
    <section className="panel" aria-labelledby="rush-title" data-testid="rush-periods">
      <h2 id="rush-title">{t('fareRules.rush.title')}</h2>
      <table className="data-table compact framed">
        <thead>
          <tr>
            <th>{t('fareRules.rush.year')}</th>
            <th>{t('fareRules.rush.from')}</th>
            <th>{t('fareRules.rush.to')}</th>
            <th>{t('fareRules.rush.source.label')}</th>
          </tr>
        </thead>
        <tbody>
          {periods.map((p) => (
            <tr key={p.year} data-testid={`rush-${p.year}`}>
              <td>{p.year}</td>
              <td>{p.from ?? '—'}</td>
              <td>{p.to ?? '—'}</td>
              <td>
                {t(`fareRules.rush.source.${p.source}`, { name: p.enteredBy ?? '' })}
                {p.enteredAt && <span className="muted"> · {formatDateTime(p.enteredAt)}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {canEnter && (
        <form className="rush-form" onSubmit={submit} aria-label={t('fareRules.rush.enter')}>
          <h3>{t('fareRules.rush.enter')}</h3>
          <p className="muted">{t('fareRules.rush.hint')}</p>
          <label>
            {t('fareRules.rush.year')}
            <input
              type="number"
              min={2000}
              max={2100}
              required
              value={year}
              onChange={(e) => setYear(e.target.value)}
              data-testid="rush-year"
            />
          </label>
          <label>
            {t('fareRules.rush.from')}
            <input
              type="date"
              required
              value={from}
              onChange={(e) => setFrom(e.target.value)}
              data-testid="rush-from"
            />
          </label>
          <label>
            {t('fareRules.rush.to')}
            <input type="date" required value={to} onChange={(e) => setTo(e.target.value)} data-testid="rush-to" />
          </label>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={replace}
              onChange={(e) => setReplace(e.target.checked)}
              data-testid="rush-replace"
            />
            {t('fareRules.rush.replace')}
          </label>
          <div className="form-actions">
            <button type="submit" className="primary" disabled={save.isPending} data-testid="rush-save">
              {t('fareRules.rush.save')}
            </button>
          </div>
          {save.isError && <ApiErrorMessage error={save.error} testId="rush-error" />}
          {save.isSuccess && (
            <p role="status" data-testid="rush-saved">
              {t('fareRules.rush.saved', { year: save.data.year, from: save.data.from, to: save.data.to })}
            </p>
          )}
        </form>
      )}
    </section>
  );
}

/** The fare rules as the policy engine has them (read-only), and the Spring Festival dates an admin enters. */
export function FareRulesPage() {
  const { t, i18n } = useTranslation();
  const trpc = useTRPC();
  const user = useSessionUser();
  const rules = useQuery(trpc.fareRules.list.queryOptions());
  if (rules.isPending) return <p className="page-loading">{t('common.loading')}</p>;
  if (rules.isError) return <ApiErrorMessage error={rules.error} />;
  return (
    <section className="page fare-rules-page" aria-labelledby="fare-rules-title">
      <header className="page-head">
        <h1 id="fare-rules-title">{t('fareRules.title')}</h1>
        <span className="muted">{t('fareRules.intro')}</span>
      </header>
      <RushPeriods periods={rules.data.rushPeriods} canEnter={user.role === 'admin'} />
      {ruleSetOrder.map((ruleSet) => (
        <section
          key={ruleSet}
          className="panel"
          aria-labelledby={`rules-${ruleSet}`}
          data-testid={`rule-set-${ruleSet}`}
        >
          <h2 id={`rules-${ruleSet}`}>
            {t(`fareRules.ruleSet.${ruleSet}`)} <span className="rule-id">({ruleSet})</span>
          </h2>
          {rules.data.versions
            .filter((v) => v.ruleSet === ruleSet)
            .map((version) => (
              <details
                key={version.versionId}
                className="rule-version"
                data-testid={`version-${version.versionId}`}
                open
              >
                <summary>
                  <span className="mono">{version.versionId}</span> · {t('fareRules.effectiveFrom')}:{' '}
                  {version.effectiveFrom ?? t('fareRules.noStart')}
                </summary>
                <p>{pickLanguage(version.summary, i18n.language)}</p>
                <VersionTables version={version} />
              </details>
            ))}
        </section>
      ))}
    </section>
  );
}
