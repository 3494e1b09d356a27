/**
 * The report as files: one table (a row per group and a total row) written as CSV with papaparse
 * and as XLSX with exceljs (loaded only when someone exports), and the case export streamed from
 * the server with progress and a way to cancel.
 */
import Papa from 'papaparse';
import type { RouterOutputs } from '../../lib/trpc';

export type ReportSummary = RouterOutputs['reports']['summary'];
type Figures = Pick<
  ReportSummary,
  'contacts' | 'cases' | 'refunds' | 'changes' | 'complaints' | 'breachesTotal' | 'occupancy' | 'csat'
>;
type Translate = (key: string) => string;

const yuan = (fen: number) => fen / 100;
const pct = (ratio: number | null) => (ratio === null ? '' : Math.round(ratio * 1000) / 10);
const seconds = (ms: number | null) => (ms === null ? '' : Math.round(ms / 1000));
const minutes = (ms: number | null) => (ms === null ? '' : Math.round(ms / 6000) / 10);

/** The columns of the report table, in order: label key and how to read it from a group's figures. */
export const reportColumns: readonly { key: string; value: (f: Figures) => number | string }[] = [
  { key: 'offered', value: (f) => f.contacts.offered },
  { key: 'answered', value: (f) => f.contacts.answered },
  { key: 'abandoned', value: (f) => f.contacts.abandoned },
  { key: 'serviceLevel', value: (f) => pct(f.contacts.serviceLevel) },
  { key: 'asa', value: (f) => seconds(f.contacts.asaMs) },
  { key: 'aht', value: (f) => seconds(f.contacts.ahtMs) },
  { key: 'created', value: (f) => f.cases.createdTotal },
  { key: 'closed', value: (f) => f.cases.closedTotal },
  { key: 'timeWorked', value: (f) => minutes(f.cases.timeWorkedMs) },
  { key: 'timeOpen', value: (f) => minutes(f.cases.timeOpenMs) },
  { key: 'fcr', value: (f) => pct(f.cases.firstContactResolution) },
  { key: 'refunds', value: (f) => f.refunds.count },
  { key: 'refundPaid', value: (f) => yuan(f.refunds.amountFen) },
  { key: 'refundFees', value: (f) => yuan(f.refunds.feesFen) },
  { key: 'changes', value: (f) => f.changes.count },
  { key: 'changeFees', value: (f) => yuan(f.changes.feesFen) },
  { key: 'differenceCollected', value: (f) => yuan(f.changes.differenceFen) },
  { key: 'differenceRefunded', value: (f) => yuan(f.changes.differenceRefundedFen) },
  { key: 'compensation', value: (f) => yuan(f.complaints.compensationFen) },
  { key: 'breaches', value: (f) => f.breachesTotal },
  { key: 'occupancy', value: (f) => pct(f.occupancy) },
  { key: 'csat', value: (f) => f.csat.average ?? '' },
  { key: 'ratings', value: (f) => f.csat.count },
];

/** Header and rows: one per group (or none when ungrouped) and the total. */
export function reportTable(summary: ReportSummary, t: Translate): { header: string[]; rows: (string | number)[][] } {
  const header = [t('reports.col.group'), ...reportColumns.map((c) => t(`reports.col.${c.key}`))];
  const row = (label: string, f: Figures) => [label, ...reportColumns.map((c) => c.value(f))];
  return {
    header,
    rows: [
      ...summary.groups.map((g) => row(g.label === 'none' ? t('reports.noAgent') : g.label, g.figures)),
      row(t('reports.total'), summary),
    ],
  };
}

export function summaryCsv(summary: ReportSummary, t: Translate): string {
  const { header, rows } = reportTable(summary, t);
  return `\uFEFF${Papa.unparse([header, ...rows], { escapeFormulae: true })}\r\n`;
}

/** The workbook's bytes: a Summary sheet (the table) and a Comments sheet (CSAT comments). */
export async function summaryWorkbook(summary: ReportSummary, t: Translate): Promise<ArrayBuffer> {
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  book.created = new Date(0);
  const sheet = book.addWorksheet('Summary');
  const { header, rows } = reportTable(summary, t);
  sheet.addRow(header).font = { bold: true };
  for (const r of rows) sheet.addRow(r);
  sheet.getRow(rows.length + 1).font = { bold: true };
  sheet.columns.forEach((column) => (column.width = 14));
  const comments = book.addWorksheet('Comments');
  comments.addRow([
    t('reports.comment.at'),
    t('reports.comment.source'),
    t('reports.comment.agent'),
    t('reports.comment.score'),
    t('reports.comment.text'),
  ]);
  for (const c of summary.comments)
    comments.addRow([c.at, c.ref ?? t(`reports.source.${c.source}`), c.agentName ?? '', c.score, c.comment]);
  return (await book.xlsx.writeBuffer()) as ArrayBuffer;
}

export function saveFile(name: string, parts: BlobPart[], type: string): void {
  const url = URL.createObjectURL(new Blob(parts, { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Downloads the case export, reporting rows received against the server's count; `signal`
 * cancels it (the server's cursor stops with the connection). Resolves with the file's text.
 */
export async function downloadCasesCsv(
  range: { from: string; to: string },
  onProgress: (done: number, total: number | null) => void,
  signal: AbortSignal,
): Promise<string> {
  const response = await fetch(`/api/reports/cases.csv?from=${range.from}&to=${range.to}`, {
    signal,
    credentials: 'same-origin',
  });
  if (!response.ok || !response.body) throw new Error(`${response.status}`);
  const totalHeader = response.headers.get('x-total-rows');
  const total = totalHeader === null ? null : Number(totalHeader);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const parts: string[] = [];
  let lines = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    lines += value.split('\n').length - 1;
    // The first line is the header.
    onProgress(Math.max(0, lines - 1), total);
  }
  return parts.join('');
}
