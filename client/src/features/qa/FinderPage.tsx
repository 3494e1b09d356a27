import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { caseKinds, caseStateLabels, channels, type CaseKind } from '../../../../shared/case-vocabulary';
import { ApiErrorMessage } from '../../app/ApiErrorMessage';
import { useCaseLabels } from '../../lib/case-labels';
import { formatFen, parseYuanToFen } from '../../lib/format';
import { useTRPC, type RouterInputs } from '../../lib/trpc';
import { formatSeconds } from './qa-format';

type FindInput = RouterInputs['qa']['cases']['find'];

/** Open and closed cases by kind, state (by label, in the console's language), agent, days, money, channel, ref. */
export function FinderPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const labels = useCaseLabels();
  const [params, setParams] = useSearchParams();
  const get = (k: string) => params.get(k) ?? '';
  const set = (k: string, v: string) =>
    setParams(
      (p) => {
        if (v) p.set(k, v);
        else p.delete(k);
        if (k === 'kind') p.delete('state');
        return p;
      },
      { replace: true },
    );
  const kind = (caseKinds as readonly string[]).includes(get('kind')) ? (get('kind') as CaseKind) : undefined;
  const stateOptions = useMemo(() => {
    const kinds = kind ? [kind] : caseKinds;
    const options = kinds.flatMap((k) =>
      Object.keys(caseStateLabels[k]).map((state) => ({
        value: `${k}:${state}`,
        state,
        label: kind ? labels.state(k, state) : `${labels.state(k, state)} (${t(`kind.${k}`)})`,
      })),
    );
    return options.sort((a, b) => a.label.localeCompare(b.label, labels.language));
  }, [kind, labels, t]);
  const chosenState = get('state');
  const minYuan = parseYuanToFen(get('min'));
  const input: FindInput = {
    ...(kind ? { kind } : {}),
    ...(chosenState ? { state: chosenState.split(':')[1] } : {}),
    ...(!kind && chosenState ? { kind: chosenState.split(':')[0] as CaseKind } : {}),
    ...(get('status') === 'open' || get('status') === 'closed' ? { status: get('status') as 'open' | 'closed' } : {}),
    ...(get('agent') ? { agentId: get('agent') } : {}),
    ...(get('from') ? { from: get('from') } : {}),
    ...(get('to') ? { to: get('to') } : {}),
    ...(minYuan ? { minMoneyFen: minYuan } : {}),
    ...((channels as readonly string[]).includes(get('channel'))
      ? { channel: get('channel') as FindInput['channel'] }
      : {}),
    ...(get('ref') ? { ref: get('ref') } : {}),
  };
  const agents = useQuery(trpc.users.list.queryOptions({ role: 'agent' }));
  const found = useQuery(trpc.qa.cases.find.queryOptions(input));
  return (
    <section className="page" data-testid="qa-finder">
      <div className="page-head">
        <h1>{t('qa.finder.title')}</h1>
      </div>
      <div className="filters qa-filters">
        <label className="field">
          <span>{t('qa.finder.ref')}</span>
          <input value={get('ref')} onChange={(e) => set('ref', e.target.value)} data-testid="finder-ref" />
        </label>
        <label className="field">
          <span>{t('qa.finder.kind')}</span>
          <select value={get('kind')} onChange={(e) => set('kind', e.target.value)} data-testid="finder-kind">
            <option value="">{t('qa.finder.any')}</option>
            {caseKinds.map((k) => (
              <option key={k} value={k}>
                {t(`kind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('qa.finder.state')}</span>
          <select value={chosenState} onChange={(e) => set('state', e.target.value)} data-testid="finder-state">
            <option value="">{t('qa.finder.any')}</option>
            {stateOptions.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('qa.finder.status')}</span>
          <select value={get('status')} onChange={(e) => set('status', e.target.value)} data-testid="finder-status">
            <option value="">{t('qa.finder.any')}</option>
            <option value="open">{t('caseStatus.open')}</option>
            <option value="closed">{t('caseStatus.closed')}</option>
          </select>
        </label>
        <label className="field">
          <span>{t('qa.finder.agent')}</span>
          <select value={get('agent')} onChange={(e) => set('agent', e.target.value)} data-testid="finder-agent">
            <option value="">{t('qa.finder.any')}</option>
            {(agents.data ?? []).map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('qa.finder.from')}</span>
          <input type="date" value={get('from')} onChange={(e) => set('from', e.target.value)} />
        </label>
        <label className="field">
          <span>{t('qa.finder.to')}</span>
          <input type="date" value={get('to')} onChange={(e) => set('to', e.target.value)} />
        </label>
        <label className="field">
          <span>{t('qa.finder.minMoney')}</span>
          <input
            inputMode="decimal"
            value={get('min')}
            onChange={(e) => set('min', e.target.value)}
            data-testid="finder-min"
          />
        </label>
        <label className="field">
          <span>{t('qa.finder.channel')}</span>
          <select value={get('channel')} onChange={(e) => set('channel', e.target.value)}>
            <option value="">{t('qa.finder.any')}</option>
            {channels.map((c) => (
              <option key={c} value={c}>
                {t(`channel.${c}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {found.isError && <ApiErrorMessage error={found.error} />}
      {found.data && (
        <table className="data-table" data-testid="finder-results">
          <thead>
            <tr>
              <th>{t('qa.finder.ref')}</th>
              <th>{t('qa.finder.kind')}</th>
              <th>{t('qa.finder.state')}</th>
              <th>{t('qa.finder.agent')}</th>
              <th>{t('qa.finder.channel')}</th>
              <th className="num">{t('qa.finder.money')}</th>
              <th>{t('qa.finder.lastActivity')}</th>
            </tr>
          </thead>
          <tbody>
            {found.data.items.map((c) => (
              <tr key={c.id} data-testid="finder-row" data-case-id={c.id}>
                <td>
                  <Link to={`/qa/cases/${c.id}`}>{c.ref}</Link>
                </td>
                <td>{t(`kind.${c.kind}`)}</td>
                <td>{labels.state(c.kind, c.state)}</td>
                <td>{c.agent?.name ?? '—'}</td>
                <td>{t(`channel.${c.channel}`)}</td>
                <td className="num">{c.moneyFen ? formatFen(c.moneyFen) : '—'}</td>
                <td className="mono">{formatSeconds(c.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {found.data?.items.length === 0 && <p className="empty">{t('qa.finder.none')}</p>}
    </section>
  );
}
