/**
 * The report's charts, one per figure group, drawn with Chart.js. Only the parts used are
 * registered (tree-shaken), and this module is loaded lazily by the reports page, so neither it
 * nor Chart.js is in the console's first load.
 */
import { memo, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';
import type { ReportSummary } from './report-files';

Chart.register(
  BarController,
  BarElement,
  LineController,
  LineElement,
  PointElement,
  CategoryScale,
  LinearScale,
  Legend,
  Tooltip,
);

const palette = ['#2563eb', '#16a34a', '#dc2626', '#d97706'];

type Series = { label: string; values: (number | null)[] };

function ChartCanvas({
  title,
  type,
  labels,
  series,
  testId,
}: {
  title: string;
  type: 'bar' | 'line';
  labels: string[];
  series: Series[];
  testId: string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const config: ChartConfiguration<'bar' | 'line', (number | null)[], string> = {
      type,
      data: {
        labels,
        datasets: series.map((s, i) => ({
          label: s.label,
          data: s.values,
          backgroundColor: palette[i % palette.length],
          borderColor: palette[i % palette.length],
        })),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { position: 'bottom' } },
        scales: { y: { beginAtZero: true } },
      },
    };
    const chart = new Chart(canvas.current, config);
    return () => chart.destroy();
  }, [type, labels, series]);
  return (
    <figure className="report-chart panel" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <div className="report-chart-body">
        <canvas ref={canvas} role="img" aria-label={title} />
      </div>
    </figure>
  );
}

const pct = (r: number | null) => (r === null ? null : Math.round(r * 1000) / 10);

/** Memoized: the page re-renders while it loads (progress), and redrawing the charts each time would flicker. */
export const ReportCharts = memo(function ReportCharts({ summary }: { summary: ReportSummary }) {
  const { t } = useTranslation();
  // Ungrouped: one bar for the whole range.
  const groups =
    summary.groups.length > 0 ? summary.groups : [{ key: 'all', label: t('reports.total'), figures: summary }];
  const labels = groups.map((g) => g.label);
  const f = groups.map((g) => g.figures);
  return (
    <div className="report-charts" data-testid="report-charts">
      <ChartCanvas
        testId="chart-contacts"
        title={t('reports.chart.contacts')}
        type="bar"
        labels={labels}
        series={[
          { label: t('reports.col.offered'), values: f.map((x) => x.contacts.offered) },
          { label: t('reports.col.answered'), values: f.map((x) => x.contacts.answered) },
          { label: t('reports.col.abandoned'), values: f.map((x) => x.contacts.abandoned) },
        ]}
      />
      <ChartCanvas
        testId="chart-cases"
        title={t('reports.chart.cases')}
        type="bar"
        labels={labels}
        series={[
          { label: t('reports.col.created'), values: f.map((x) => x.cases.createdTotal) },
          { label: t('reports.col.closed'), values: f.map((x) => x.cases.closedTotal) },
        ]}
      />
      <ChartCanvas
        testId="chart-money"
        title={t('reports.chart.money')}
        type="bar"
        labels={labels}
        series={[
          { label: t('reports.col.refundPaid'), values: f.map((x) => x.refunds.amountFen / 100) },
          { label: t('reports.col.changeFees'), values: f.map((x) => x.changes.feesFen / 100) },
          { label: t('reports.col.compensation'), values: f.map((x) => x.complaints.compensationFen / 100) },
        ]}
      />
      <ChartCanvas
        testId="chart-service"
        title={t('reports.chart.serviceLevel')}
        type="line"
        labels={labels}
        series={[
          { label: t('reports.col.serviceLevel'), values: f.map((x) => pct(x.contacts.serviceLevel)) },
          { label: t('reports.col.occupancy'), values: f.map((x) => pct(x.occupancy)) },
        ]}
      />
    </div>
  );
});
