import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ApiErrorMessage } from '../../app/ApiErrorMessage';
import { useCaseLabels } from '../../lib/case-labels';
import { formatFen } from '../../lib/format';
import { useTRPC } from '../../lib/trpc';
import { formatSeconds, shanghaiToday } from './qa-format';

/** The reviewer's part of the day's sample, with progress. */
export function WorkListPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const labels = useCaseLabels();
  const [params, setParams] = useSearchParams();
  const day = params.get('day') ?? shanghaiToday();
  const list = useQuery(trpc.qa.sample.mine.queryOptions({ day }));
  return (
    <section className="page" data-testid="qa-worklist">
      <div className="page-head">
        <h1>{t('qa.worklist.title')}</h1>
        <label className="field inline">
          <span>{t('qa.worklist.day')}</span>
          <input
            type="date"
            value={day}
            onChange={(e) => setParams({ day: e.target.value })}
            data-testid="worklist-day"
          />
        </label>
      </div>
      {list.isError && <ApiErrorMessage error={list.error} />}
      {list.data && (
        <>
          <p data-testid="worklist-progress" data-done={list.data.done} data-total={list.data.total}>
            {t('qa.worklist.progress', { done: list.data.done, total: list.data.total })}{' '}
            <progress max={Math.max(1, list.data.total)} value={list.data.done} />
          </p>
          {list.data.items.length === 0 ? (
            <p className="empty">{t('qa.worklist.empty')}</p>
          ) : (
            <table className="data-table">
              <thead>
                <tr>
                  <th>{t('qa.finder.ref')}</th>
                  <th>{t('qa.finder.kind')}</th>
                  <th>{t('qa.finder.state')}</th>
                  <th className="num">{t('qa.finder.money')}</th>
                  <th>{t('qa.worklist.why')}</th>
                  <th>{t('qa.worklist.closedAt')}</th>
                  <th>{t('qa.review.score')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((item) => (
                  <tr
                    key={item.caseId}
                    data-testid="worklist-row"
                    data-case-id={item.caseId}
                    data-reviewed={item.reviewed}
                  >
                    <td>
                      <Link to={`/qa/cases/${item.caseId}`}>{item.ref}</Link>
                    </td>
                    <td>{t(`kind.${item.kind}`)}</td>
                    <td>{labels.state(item.kind as never, item.state)}</td>
                    <td className="num">{item.moneyFen ? formatFen(item.moneyFen) : '—'}</td>
                    <td>{item.reasons.map((r) => t(`qa.reason.${r}`)).join(' · ')}</td>
                    <td className="mono">{formatSeconds(item.closedAt)}</td>
                    <td>
                      {item.reviewed ? <span className="badge badge-ok">{item.score}</span> : t('qa.worklist.todo')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
