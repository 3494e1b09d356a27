import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ApiErrorMessage } from '../../app/ApiErrorMessage';
import { useTRPC, type RouterInputs } from '../../lib/trpc';
import { formatSeconds, shortValue } from './qa-format';

type AuditInput = RouterInputs['qa']['audit']['list'];
const groups = ['reveals', 'signins', 'user_changes'] as const;

/** Who revealed whose personal data, when and why; sign-ins; role and skill changes. Admins and QA. */
export function AuditPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const get = (k: string) => params.get(k) ?? '';
  const set = (k: string, v: string) =>
    setParams(
      (p) => {
        if (v) p.set(k, v);
        else p.delete(k);
        return p;
      },
      { replace: true },
    );
  const group = (groups as readonly string[]).includes(get('group'))
    ? (get('group') as (typeof groups)[number])
    : undefined;
  const input: AuditInput = {
    ...(group ? { group } : {}),
    ...(get('actor') ? { actorId: get('actor') } : {}),
    ...(get('target') ? { target: get('target') } : {}),
    ...(get('from') ? { from: get('from') } : {}),
    ...(get('to') ? { to: get('to') } : {}),
  };
  const audit = useQuery(trpc.qa.audit.list.queryOptions(input));
  const [exportError, setExportError] = useState<unknown>(null);
  const exportCsv = async () => {
    try {
      setExportError(null);
      const file = await queryClient.fetchQuery(trpc.qa.audit.csv.queryOptions(input));
      const url = URL.createObjectURL(new Blob(['\uFEFF', file.csv], { type: 'text/csv;charset=utf-8' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = file.filename;
      link.click();
      URL.revokeObjectURL(url);
    } catch (error) {
      setExportError(error);
    }
  };
  return (
    <section className="page" data-testid="qa-audit">
      <div className="page-head">
        <h1>{t('qa.audit.title')}</h1>
        <button type="button" onClick={() => void exportCsv()} data-testid="audit-export">
          {t('qa.audit.export')}
        </button>
      </div>
      <div className="filters qa-filters">
        <label className="field">
          <span>{t('qa.audit.group')}</span>
          <select value={get('group')} onChange={(e) => set('group', e.target.value)} data-testid="audit-group">
            <option value="">{t('qa.finder.any')}</option>
            {groups.map((g) => (
              <option key={g} value={g}>
                {t(`qa.audit.groups.${g}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('qa.audit.actor')}</span>
          <input value={get('actor')} onChange={(e) => set('actor', e.target.value)} />
        </label>
        <label className="field">
          <span>{t('qa.audit.target')}</span>
          <input value={get('target')} onChange={(e) => set('target', e.target.value)} />
        </label>
        <label className="field">
          <span>{t('qa.finder.from')}</span>
          <input type="date" value={get('from')} onChange={(e) => set('from', e.target.value)} />
        </label>
        <label className="field">
          <span>{t('qa.finder.to')}</span>
          <input type="date" value={get('to')} onChange={(e) => set('to', e.target.value)} />
        </label>
      </div>
      {Boolean(exportError) && <ApiErrorMessage error={exportError} />}
      {audit.isError && <ApiErrorMessage error={audit.error} />}
      {audit.data && (
        <table className="data-table compact" data-testid="audit-table">
          <thead>
            <tr>
              <th>{t('qa.audit.at')}</th>
              <th>{t('qa.audit.actor')}</th>
              <th>{t('qa.audit.action')}</th>
              <th>{t('qa.audit.target')}</th>
              <th>{t('qa.audit.reason')}</th>
              <th>{t('qa.audit.details')}</th>
              <th>IP</th>
            </tr>
          </thead>
          <tbody>
            {audit.data.items.map((row) => (
              <tr key={row.id} data-testid="audit-row" data-action={row.action}>
                <td className="mono">{formatSeconds(row.at)}</td>
                <td>
                  {row.actor
                    ? `${row.actor.name} (${t(`roles.${row.actor.role}`, { defaultValue: row.actor.role })})`
                    : '—'}
                </td>
                <td>{t(`qa.audit.actions.${row.action.replace('.', '_')}`, { defaultValue: row.action })}</td>
                <td className="mono">{row.target}</td>
                <td>{row.reason ?? ''}</td>
                <td className="mono qa-value">{row.details ? shortValue(row.details) : ''}</td>
                <td className="mono">{row.ip}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
