/**
 * `GET /api/reports/cases.csv?from=&to=`: one row per case created in the range (Shanghai days,
 * both inclusive), streamed from a cursor in batches so a long range neither holds the event loop
 * nor the whole result in memory. Needs a session of a report reader: 401 without one, 403 for
 * other roles. `x-total-rows` tells the console how far along the download is.
 */
import { Readable } from 'node:stream';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import Papa from 'papaparse';
import { SESSION_COOKIE } from '../../../shared/auth';
import { reportRangeSchema, reportReaderRoles } from '../../../shared/reports';
import { shanghaiDateTime } from '../../../workflows/time/shanghai';
import type { AppDeps } from '../deps';
import { resolveSession } from '../auth/sessions';
import { CaseModel } from '../db/models/case';
import { rangeOf } from './reports.service';

export const CASE_CSV_COLUMNS = [
  'ref',
  'kind',
  'state',
  'status',
  'queue',
  'channel',
  'priority',
  'createdAt',
  'updatedAt',
  'customer',
  'bookingRef',
  'assignee',
  'subject',
  'refundFen',
  'feeFen',
  'csatScore',
] as const;

type CaseRow = {
  ref: string;
  kind: string;
  state: string;
  status: string;
  queue: string;
  channel: string;
  priority: string;
  createdAt: Date;
  updatedAt: Date;
  customerName: string | null;
  bookingRef: string | null;
  assigneeName: string | null;
  subject: string;
  snapshot?: {
    context?: { quote?: { totalRefundFen?: number; totalFeeFen?: number; totalChangeFeeFen?: number } | null };
  };
  csat?: { score: number } | null;
};

const BATCH = 500;

function csvRow(c: CaseRow): (string | number)[] {
  const quote = c.snapshot?.context?.quote ?? null;
  return [
    c.ref,
    c.kind,
    c.state,
    c.status,
    c.queue,
    c.channel,
    c.priority,
    shanghaiDateTime(c.createdAt),
    shanghaiDateTime(c.updatedAt),
    c.customerName ?? '',
    c.bookingRef ?? '',
    c.assigneeName ?? '',
    c.subject,
    c.kind === 'refund' ? (quote?.totalRefundFen ?? '') : '',
    c.kind === 'refund' ? (quote?.totalFeeFen ?? '') : c.kind === 'change' ? (quote?.totalChangeFeeFen ?? '') : '',
    c.csat?.score ?? '',
  ];
}

async function* csvChunks(filter: Record<string, unknown>): AsyncGenerator<string> {
  // A UTF-8 byte order mark so spreadsheet programs read the Chinese text right.
  yield `\uFEFF${Papa.unparse([CASE_CSV_COLUMNS as unknown as string[]])}\r\n`;
  const cursor = CaseModel.find(filter, {
    ref: 1,
    kind: 1,
    state: 1,
    status: 1,
    queue: 1,
    channel: 1,
    priority: 1,
    createdAt: 1,
    updatedAt: 1,
    customerName: 1,
    bookingRef: 1,
    assigneeName: 1,
    subject: 1,
    'snapshot.context.quote.totalRefundFen': 1,
    'snapshot.context.quote.totalFeeFen': 1,
    'snapshot.context.quote.totalChangeFeeFen': 1,
    csat: 1,
  })
    .sort({ createdAt: 1 })
    .lean<CaseRow[]>()
    .cursor({ batchSize: BATCH });
  let batch: (string | number)[][] = [];
  for await (const doc of cursor) {
    batch.push(csvRow(doc as unknown as CaseRow));
    if (batch.length === BATCH) {
      yield `${Papa.unparse(batch, { escapeFormulae: true })}\r\n`;
      batch = [];
    }
  }
  if (batch.length > 0) yield `${Papa.unparse(batch, { escapeFormulae: true })}\r\n`;
}

export function registerCasesCsv<Logger extends FastifyBaseLogger>(
  app: FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, Logger>,
  deps: AppDeps,
): void {
  app.get('/api/reports/cases.csv', async (request, reply) => {
    const session = await resolveSession(request.cookies[SESSION_COOKIE], deps.now());
    if (!session) return reply.code(401).send({ error: 'UNAUTHORIZED', message: 'Please sign in.' });
    if (!reportReaderRoles.includes(session.user.role)) {
      return reply
        .code(403)
        .send({ error: 'FORBIDDEN', message: `This needs one of the roles: ${reportReaderRoles.join(', ')}.` });
    }
    const parsed = reportRangeSchema.safeParse(request.query);
    if (!parsed.success) {
      return reply.code(400).send({
        error: 'BAD_REQUEST',
        message: `Invalid input: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; ')}`,
      });
    }
    const range = rangeOf(parsed.data);
    const filter = { createdAt: { $gte: new Date(range.fromMs), $lt: new Date(range.toMs) } };
    const total = await CaseModel.countDocuments(filter);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="cases-${parsed.data.from}-${parsed.data.to}.csv"`)
      .header('x-total-rows', String(total))
      .header('access-control-expose-headers', 'x-total-rows')
      .header('cache-control', 'no-store')
      .send(Readable.from(csvChunks(filter)));
  });
}
