/**
 * Reports (supervisors, admins; QA reads): a range of Shanghai business days grouped by day,
 * queue, agent or channel; a chart per figure with the table beneath, a per-agent table, CSAT
 * comments, exports, and the daily reconciliation. A long range is fetched in parts with
 * progress and can be cancelled; the range and grouping stay in the URL.
 */
import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { reportGroupings, type ReportGrouping } from '../../../../shared/reports';
import { shanghaiDate } from '../../../../workflows/time/shanghai';
import { ApiErrorMessage } from '../../app/ApiErrorMessage';
import { formatDateTime } from '../../lib/format';
import { useTRPCClient } from '../../lib/trpc';
import {
  downloadCasesCsv,
  reportColumns,
  reportTable,
  saveFile,
  summaryCsv,
  summaryWorkbook,
  type ReportSummary,
} from './report-files';
import { mergeSummaries, rangeParts } from './report-parts';
import { ReconciliationPanel } from './ReconciliationPanel';

const ReportCharts = lazy(() => import('./ReportCharts').then((m) => ({ default: m.ReportCharts })));

const DAY_MS = 86_400_000;
const isDate = (v: string | null): v is string => v !== null && /^\d{4}-\d{2}-\d{2}$/.test(v);
const isGrouping = (v: string | null): v is ReportGrouping =>
  v !== null && (reportGroupings as readonly string[]).includes(v);

type Loaded = { summary: ReportSummary; perAgent: ReportSummary | null };

function ReportTable({ summary, testId, caption }: { summary: ReportSummary; testId: string; caption: string }) {
  const { t } = useTranslation();
  const { header, rows } = reportTable(summary, t);
  return (
    <div className="report-table-scroll">
      <table className="data-table compact framed report-table" data-testid={testId}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {header.map((h, i) => (
              <th key={h} className={i > 0 ? 'num' : undefined} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, r) => (
            <tr key={`${String(row[0])}-${r}`} className={r === rows.length - 1 ? 'strong' : undefined}>
              {row.map((cell, i) =>
                i === 0 ? (
                  <th key={i} scope="row">
                    {cell}
                  </th>
                ) : (
                  <td key={i} className="num">
                    {cell === '' ? '–' : cell}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ReportsPage() {
  const { t } = useTranslation();
  const client = useTRPCClient();
  const [params, setParams] = useSearchParams();
  // The default range is the seven days before the page was opened.
  const [openedAt] = useState(() => Date.now());
  const yesterday = shanghaiDate(openedAt - DAY_MS);
  const from = isDate(params.get('from')) ? (params.get('from') as string) : shanghaiDate(openedAt - 7 * DAY_MS);
  const to = isDate(params.get('to')) ? (params.get('to') as string) : yesterday;
  const groupBy: ReportGrouping = isGrouping(params.get('group')) ? (params.get('group') as ReportGrouping) : 'day';
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [cancelled, setCancelled] = useState(false);
  const running = useRef<AbortController | null>(null);

  const load = useCallback(
    async (range: { from: string; to: string }, grouping: ReportGrouping) => {
      running.current?.abort();
      const controller = new AbortController();
      running.current = controller;
      setError(null);
      setCancelled(false);
      const parts = rangeParts(range.from, range.to);
      const groupings: ReportGrouping[] = grouping === 'agent' ? ['agent'] : [grouping, 'agent'];
      const total = parts.length * groupings.length;
      setProgress({ done: 0, total });
      try {
        const results: ReportSummary[][] = groupings.map(() => []);
        let done = 0;
        for (const [g, grouped] of groupings.entries()) {
          for (const part of parts) {
            results[g]?.push(
              await client.reports.summary.query({ ...part, groupBy: grouped }, { signal: controller.signal }),
            );
            setProgress({ done: ++done, total });
          }
        }
        const summary = mergeSummaries(results[0] ?? [], range);
        const perAgent = grouping === 'agent' ? summary : mergeSummaries(results[1] ?? [], range);
        if (summary) setLoaded({ summary, perAgent });
      } catch (failure) {
        if (controller.signal.aborted) setCancelled(true);
        else setError(failure);
      } finally {
        if (running.current === controller) {
          running.current = null;
          setProgress(null);
        }
      }
    },
    [client],
  );

  useEffect(() => {
    if (from <= to) void load({ from, to }, groupBy);
    return () => running.current?.abort();
  }, [from, to, groupBy, load]);

  const update = (next: Partial<{ from: string; to: string; group: string }>) =>
    setParams({ from, to, group: groupBy, ...next }, { replace: true });

  return (
    <section className="page reports-page" aria-labelledby="reports-title">
      <header className="page-head">
        <h1 id="reports-title">{t('reports.title')}</h1>
        <Link to="/reports/definitions" data-testid="reports-definitions-link">
          {t('reports.definitionsLink')}
        </Link>
      </header>

      <form className="filters report-filters" onSubmit={(e) => e.preventDefault()}>
        <label className="field">
          <span>{t('reports.from')}</span>
          <input
            type="date"
            value={from}
            max={to}
            data-testid="report-from"
            onChange={(e) => isDate(e.target.value) && update({ from: e.target.value })}
          />
        </label>
        <label className="field">
          <span>{t('reports.to')}</span>
          <input
            type="date"
            value={to}
            min={from}
            data-testid="report-to"
            onChange={(e) => isDate(e.target.value) && update({ to: e.target.value })}
          />
        </label>
        <label className="field">
          <span>{t('reports.groupBy')}</span>
          <select value={groupBy} data-testid="report-group" onChange={(e) => update({ group: e.target.value })}>
            {reportGroupings.map((g) => (
              <option key={g} value={g}>
                {t(`reports.group.${g}`)}
              </option>
            ))}
          </select>
        </label>
        {progress && (
          <span className="report-progress" data-testid="report-progress">
            <progress max={progress.total} value={progress.done} />{' '}
            {t('reports.loading', { done: progress.done, total: progress.total })}
            <button type="button" onClick={() => running.current?.abort()} data-testid="report-cancel">
              {t('reports.cancel')}
            </button>
          </span>
        )}
        {cancelled && (
          <span className="muted" data-testid="report-cancelled">
            {t('reports.cancelled')}
          </span>
        )}
      </form>
      {error !== null && <ApiErrorMessage error={error} testId="report-error" />}

      {loaded && (
        <>
          <ExportBar summary={loaded.summary} range={{ from, to }} />
          <dl className="report-cards" data-testid="report-cards">
            {(
              ['offered', 'serviceLevel', 'aht', 'created', 'refundPaid', 'changeFees', 'occupancy', 'csat'] as const
            ).map((key) => {
              const column = reportColumns.find((c) => c.key === key);
              const value = column?.value(loaded.summary);
              return (
                <div key={key} className="panel" data-testid={`card-${key}`}>
                  <dt>{t(`reports.col.${key}`)}</dt>
                  <dd>{value === '' || value === undefined ? '–' : value}</dd>
                </div>
              );
            })}
          </dl>
          <h2>{t('reports.charts')}</h2>
          <Suspense fallback={<p className="muted">{t('reports.chartsLoading')}</p>}>
            <ReportCharts summary={loaded.summary} />
          </Suspense>
          <ReportTable summary={loaded.summary} testId="report-table" caption={t('reports.table')} />
          {loaded.perAgent && groupBy !== 'agent' && (
            <ReportTable summary={loaded.perAgent} testId="report-agents" caption={t('reports.perAgent')} />
          )}
          <section className="panel" aria-labelledby="csat-title" data-testid="report-comments">
            <h2 id="csat-title">{t('reports.csatTitle')}</h2>
            {loaded.summary.comments.length === 0 ? (
              <p className="muted">{t('reports.noComments')}</p>
            ) : (
              <table className="data-table compact">
                <thead>
                  <tr>
                    <th>{t('reports.comment.at')}</th>
                    <th>{t('reports.comment.source')}</th>
                    <th>{t('reports.comment.agent')}</th>
                    <th className="num">{t('reports.comment.score')}</th>
                    <th>{t('reports.comment.text')}</th>
                  </tr>
                </thead>
                <tbody>
                  {loaded.summary.comments.map((c) => (
                    <tr key={`${c.at}-${c.ref ?? c.source}`}>
                      <td className="nowrap">{formatDateTime(c.at)}</td>
                      <td>{c.ref ?? t(`reports.source.${c.source}`)}</td>
                      <td>{c.agentName ?? '–'}</td>
                      <td className="num">{c.score}</td>
                      <td>{c.comment}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </>
      )}
      <ReconciliationPanel defaultDate={yesterday} />
    </section>
  );
}

function ExportBar({ summary, range }: { summary: ReportSummary; range: { from: string; to: string } }) {
  const { t } = useTranslation();
  const [casesProgress, setCasesProgress] = useState<{ done: number; total: number | null } | null>(null);
  const [message, setMessage] = useState<{ key: string; count?: number } | null>(null);
  const exporting = useRef<AbortController | null>(null);
  const name = `report-${range.from}-${range.to}`;
  const exportCases = async () => {
    const controller = new AbortController();
    exporting.current = controller;
    setMessage(null);
    setCasesProgress({ done: 0, total: null });
    try {
      const text = await downloadCasesCsv(range, (done, total) => setCasesProgress({ done, total }), controller.signal);
      saveFile(`cases-${range.from}-${range.to}.csv`, [text], 'text/csv;charset=utf-8');
      setMessage({ key: 'reports.export.done', count: Math.max(0, text.trim().split('\n').length - 1) });
    } catch {
      setMessage({ key: controller.signal.aborted ? 'reports.cancelled' : 'reports.export.failed' });
    } finally {
      exporting.current = null;
      setCasesProgress(null);
    }
  };
  return (
    <div className="report-exports" data-testid="report-exports">
      <button
        type="button"
        data-testid="export-csv"
        onClick={() => saveFile(`${name}.csv`, [summaryCsv(summary, t)], 'text/csv;charset=utf-8')}
      >
        {t('reports.export.csv')}
      </button>
      <button
        type="button"
        data-testid="export-xlsx"
        onClick={() =>
          void summaryWorkbook(summary, t).then((bytes) =>
            saveFile(`${name}.xlsx`, [bytes], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'),
          )
        }
      >
        {t('reports.export.xlsx')}
      </button>
      <button
        type="button"
        data-testid="export-cases"
        disabled={casesProgress !== null}
        onClick={() => void exportCases()}
      >
        {t('reports.export.cases')}
      </button>
      {casesProgress && (
        <span data-testid="export-progress">
          <progress max={casesProgress.total ?? undefined} value={casesProgress.done} />{' '}
          {t('reports.export.progress', { done: casesProgress.done, total: casesProgress.total ?? '?' })}
          <button type="button" onClick={() => exporting.current?.abort()} data-testid="export-cancel">
            {t('reports.cancel')}
          </button>
        </span>
      )}
      {message && (
        <span className="muted" data-testid="export-message">
          {t(message.key, { count: message.count })}
        </span>
      )}
    </div>
  );
}
