import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { TRPCError } from '@trpc/server';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { TicketDTO } from '../../../../shared/bookings';
import type { SendEventInput } from '../../../../shared/cases';
import type { CaseDataOf, CaseDetail } from '../../lib/case-detail';
import { agent, bookingQuote, caseDetail, departureFacts, handler, historyPage, supervisor } from '../../test/fixtures';
import { server, TEST_API_URL, trpcMsw } from '../../test/msw';
import { renderScreen } from '../../test/render';
import { CaseWorkspacePage } from './CaseWorkspacePage';

const explanation = (zh: string, en: string) => ({ 'zh-CN': zh, en });

function refundQuote(
  feeFen: number,
  refundFen: number,
  zh: string,
  en: string,
): NonNullable<CaseDataOf<'refund'>['quote']> {
  return {
    quotedAt: '2026-05-15T00:00:00.000Z',
    quotedBy: { id: agent.id, name: agent.name, role: 'agent' },
    passengerIds: ['p1'],
    involuntary: false,
    reason: '行程变更',
    lines: [
      {
        passengerId: 'p1',
        passengerName: '张伟',
        passengerType: 'adult',
        classCode: '2',
        fareFen: 55300,
        changed: false,
        quote: { allowed: true, feeFen, refundFen, ruleId: 'cn-rail.refund.5pct', explanation: explanation(zh, en) },
      },
    ],
    totalFeeFen: feeFen,
    totalRefundFen: refundFen,
    ruleIds: ['cn-rail.refund.5pct'],
    explanations: [explanation(zh, en)],
    refusal: null,
  };
}

/** Serves one case and records every cases.send call. */
function serveCase(detail: CaseDetail, answer?: (input: SendEventInput, attempt: number) => CaseDetail) {
  const sent: SendEventInput[] = [];
  server.use(
    trpcMsw.cases.get.query(() => detail),
    trpcMsw.chat.forCase.query(() => []),
    trpcMsw.macros.list.query(() => []),
    trpcMsw.cases.history.query(({ input }) => historyPage(detail, input)),
    trpcMsw.cases.send.mutation(({ input }) => {
      sent.push(input);
      return answer ? answer(input, sent.length) : { ...detail, version: detail.version + 1 };
    }),
    trpcMsw.users.list.query(() => [
      { id: agent.id, name: agent.name, role: 'agent', queues: ['refunds'] },
      { id: supervisor.id, name: supervisor.name, role: 'supervisor', queues: [] },
    ]),
    trpcMsw.bookings.get.query(() => ({
      id: 'd00000000000000000000001',
      ref: 'BK1001',
      customerId: 'b00000000000000000000001',
      status: 'ticketed',
      ruleSet: 'cn-rail',
      purchasedAt: '2026-05-01T00:00:00.000Z',
      paidAt: '2026-05-01T00:00:00.000Z',
      totalFen: 110600,
      departure: {
        id: 'e1',
        mode: 'rail',
        code: 'G1234',
        origin: '北京南',
        destination: '上海虹桥',
        departureAt: '2026-05-20T00:00:00.000Z',
        organizer: null,
      },
      tickets: [bookingTicket(), bookingTicket({ ...LI_NA_TICKET, status: 'refunded' })],
    })),
    trpcMsw.departures.get.query(() => ({
      id: 'e1',
      mode: 'rail',
      code: 'G1234',
      origin: '北京南',
      destination: '上海虹桥',
      departureAt: '2026-05-20T00:00:00.000Z',
      arrivalAt: null,
      ruleSet: 'cn-rail',
      organizer: null,
      realName: true,
      classes: [
        { code: 'O', name: '二等座', priceFen: 55300, seatsLeft: 12 },
        { code: 'M', name: '一等座', priceFen: 93300, seatsLeft: 3 },
      ],
    })),
  );
  return sent;
}

function openCase(detail: CaseDetail, user = agent, language: 'zh-CN' | 'en' = 'zh-CN') {
  return renderScreen(<CaseWorkspacePage />, { path: '/cases/:caseId', url: `/cases/${detail.id}`, user, language });
}

/** The event types offered as buttons (the "assign to me" shortcut is ASSIGN with a preset). */
function offeredActions(): string[] {
  return within(screen.getByTestId('action-bar'))
    .getAllByRole('button')
    .map((button) => button.getAttribute('data-testid') ?? '')
    .filter((id) => id !== 'action-assign-me')
    .map((id) => id.replace(/^action-/, ''))
    .sort();
}

/** The allowed events the action bar should offer (notes have their own form). */
function expectedActions(detail: CaseDetail): string[] {
  return detail.allowedEvents.filter((type) => type !== 'ADD_NOTE').sort();
}

/** A ticket on the booking the workspace shows: 张伟's second-class p1 unless overridden. */
function bookingTicket(fields: Partial<TicketDTO> = {}): TicketDTO {
  return {
    passengerId: 'p1',
    passengerName: '张伟',
    passengerType: 'adult',
    idType: 'resident_id',
    idNumber: '110105********002X',
    ticketNumber: 'T1',
    classCode: 'O',
    seat: '05A',
    fareFen: 55300,
    status: 'active',
    changed: false,
    ...fields,
  };
}
const LI_NA_TICKET = {
  passengerId: 'p2',
  passengerName: '李娜',
  idNumber: '110105********0021',
  ticketNumber: 'T2',
  seat: '05B',
} as const;

describe('case workspace: refund', () => {
  const quoted = caseDetail({
    kind: 'refund',
    state: 'quoted',
    version: 4,
    allowedEvents: ['CUSTOMER_CONFIRMED', 'CUSTOMER_DECLINED', 'REQUOTE', 'ESCALATE', 'ASSIGN', 'TRANSFER', 'ADD_NOTE'],
    data: {
      quote: refundQuote(2750, 52550, '距开车5天，按5%收取退票费', '5 days before departure: 5% fee'),
      previousQuote: refundQuote(0, 55300, '距开车8天以上，免收退票费', '8 days or more before departure: no fee'),
    },
  });

  it('offers exactly the allowed events and shows the state in words and on the diagram', async () => {
    serveCase(quoted);
    openCase(quoted);
    expect(await screen.findByTestId('case-state')).toHaveTextContent('已报价');
    expect(offeredActions()).toEqual(expectedActions(quoted));
    expect(screen.getByTestId('note-text')).toBeInTheDocument();
    // The diagram is drawn once the history (cases.history) is here.
    const current = within(await screen.findByTestId('state-diagram'))
      .getByText('已报价')
      .closest('li');
    expect(current).toHaveAttribute('aria-current', 'step');
  });

  it('shows the quote with its rule before the customer confirms, the previous one beside it', async () => {
    const sent = serveCase(quoted);
    openCase(quoted);
    const current = await screen.findByTestId('quote-current');
    expect(current).toHaveTextContent('距开车5天，按5%收取退票费');
    expect(within(current).getByTestId('quote-total-fee')).toHaveTextContent('¥27.50');
    expect(within(current).getByTestId('quote-total-refund')).toHaveTextContent('¥525.50');
    expect(screen.getByTestId('quote-previous')).toHaveTextContent('¥553.00');

    await userEvent.click(screen.getByTestId('action-CUSTOMER_CONFIRMED'));
    const form = await screen.findByTestId('event-form');
    expect(within(form).getByText('请先向客户说明以下费用及规则，客户同意后再确认。')).toBeInTheDocument();
    expect(within(form).getByTestId('quote-current')).toHaveTextContent('¥525.50');
    await userEvent.click(within(form).getByTestId('event-submit'));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toMatchObject({ caseId: quoted.id, expectedVersion: 4, event: { type: 'CUSTOMER_CONFIRMED' } });
    expect(sent[0]!.idempotencyKey).toMatch(/^[A-Za-z0-9_-]{8,}$/);
  });

  it("explains a refused event with the machine's reason in the agent's language", async () => {
    serveCase(quoted, () => {
      throw Object.assign(
        new TRPCError({
          code: 'BAD_REQUEST',
          message: 'Event CUSTOMER_CONFIRMED is not allowed while the case is in state quoted: stale',
        }),
        {
          domain: {
            code: 'EVENT_NOT_ALLOWED',
            details: {
              event: 'CUSTOMER_CONFIRMED',
              state: 'quoted',
              reason: explanation(
                '报价已超过 30 分钟，请重新报价后再确认',
                'The quote is more than 30 minutes old; re-quote before confirming',
              ),
            },
          },
        },
      );
    });
    openCase(quoted);
    await userEvent.click(await screen.findByTestId('action-CUSTOMER_CONFIRMED'));
    await userEvent.click(screen.getByTestId('event-submit'));
    const error = await screen.findByTestId('event-error');
    // The case's own reason is the message, not the generic "request invalid" line.
    expect(error).toHaveTextContent('当前无法执行此操作：');
    expect(error).not.toHaveTextContent('请求无效');
    expect(error).toHaveTextContent('报价已超过 30 分钟，请重新报价后再确认');
    expect(screen.getByTestId('event-form')).toBeInTheDocument();
  });

  it('puts payload problems the server found next to their fields', async () => {
    const selecting = caseDetail({ kind: 'refund', state: 'selecting', version: 2, allowedEvents: ['QUOTE_REFUND'] });
    serveCase(selecting, () => {
      throw Object.assign(new TRPCError({ code: 'BAD_REQUEST', message: 'QUOTE_REFUND: reason: too vague' }), {
        domain: { code: 'INVALID_INPUT', details: { issues: [{ path: 'reason', message: '原因描述过于简单' }] } },
      });
    });
    openCase(selecting);
    await userEvent.click(await screen.findByTestId('action-QUOTE_REFUND'));
    await waitFor(async () =>
      expect(await within(screen.getByTestId('event-form')).findByLabelText(/张伟/)).toBeChecked(),
    );
    await userEvent.type(screen.getByTestId('field-reason'), '无');
    await userEvent.click(screen.getByTestId('event-submit'));
    expect(await screen.findByText('原因描述过于简单')).toBeInTheDocument();
    expect(screen.getByTestId('field-reason')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByTestId('field-reason')).toHaveValue('无');
  });

  it('leaves the approval step unticked on the diagram for a refund that never needed approval', async () => {
    const entry = (seq: number, event: string, from: string, to: string) => ({
      seq,
      at: '2026-05-15T00:00:00.000Z',
      actor: { id: agent.id, name: agent.name, role: 'agent' as const },
      event,
      payload: {},
      from,
      to,
    });
    const settled = caseDetail({
      kind: 'refund',
      state: 'settled',
      version: 6,
      allowedEvents: ['CLOSE', 'ADD_NOTE'],
      history: [
        entry(1, 'CREATED', '', 'verifying'),
        entry(2, 'VERIFY', 'verifying', 'selecting'),
        entry(3, 'QUOTE_REFUND', 'selecting', 'quoted'),
        entry(4, 'CUSTOMER_CONFIRMED', 'quoted', 'submitting'),
        entry(5, 'REFUND_SETTLED', 'submitting', 'settled'),
      ],
    });
    serveCase(settled);
    openCase(settled);
    const diagram = await screen.findByTestId('state-diagram');
    const step = (name: string) => within(diagram).getByText(name).closest('li');
    expect(step('待主管审批')).toHaveAttribute('data-status', 'skipped');
    expect(step('已报价')).toHaveAttribute('data-status', 'done');
    expect(step('退款提交中')).toHaveAttribute('data-status', 'done');
  });

  it("names the booking's ticket classes in the case details, codes in small print", async () => {
    const withBooking = caseDetail({
      ...quoted,
      data: {
        ...quoted.data,
        booking: {
          bookingId: 'd00000000000000000000001',
          departureId: 'e1',
          ref: 'BK1001',
          ruleSet: 'cn-rail',
          mode: 'rail',
          departureAt: '2026-05-20T00:00:00.000Z',
          tickets: [
            {
              passengerId: 'p1',
              passengerName: '张伟',
              passengerType: 'adult',
              classCode: 'M',
              fareFen: 93300,
              status: 'active',
              changed: false,
            },
          ],
        },
      },
    });
    serveCase(withBooking);
    server.use(
      trpcMsw.bookings.get.query(() => ({
        id: 'd00000000000000000000001',
        ref: 'BK1001',
        customerId: 'b00000000000000000000001',
        status: 'ticketed',
        ruleSet: 'cn-rail',
        purchasedAt: '2026-05-01T00:00:00.000Z',
        paidAt: '2026-05-01T00:00:00.000Z',
        totalFen: 93300,
        departure: {
          id: 'e1',
          mode: 'rail',
          code: 'G1234',
          origin: '北京南',
          destination: '上海虹桥',
          departureAt: '2026-05-20T00:00:00.000Z',
          organizer: null,
        },
        tickets: [bookingTicket({ classCode: 'M', fareFen: 93300 })],
      })),
    );
    openCase(withBooking);
    const table = await screen.findByTestId('case-booking');
    await waitFor(() => expect(table).toHaveAttribute('data-live', 'true'));
    await waitFor(() => expect(within(table).getAllByRole('cell')[2]).toHaveTextContent('一等座 M'));
  });

  it('shows the booking tickets as they are now, not as they were copied into the case', async () => {
    const copied = caseDetail({
      ...quoted,
      data: {
        ...quoted.data,
        booking: {
          bookingId: 'd00000000000000000000001',
          departureId: 'e1',
          ref: 'BK1001',
          ruleSet: 'cn-rail',
          mode: 'rail',
          departureAt: '2026-05-20T00:00:00.000Z',
          tickets: [
            {
              passengerId: 'p1',
              passengerName: '张伟',
              passengerType: 'adult',
              classCode: 'O',
              fareFen: 55300,
              status: 'active',
              changed: false,
            },
            {
              passengerId: 'p2',
              passengerName: '李娜',
              passengerType: 'adult',
              classCode: 'O',
              fareFen: 55300,
              status: 'active',
              changed: false,
            },
          ],
        },
      },
    });
    serveCase(copied); // the live booking has 李娜's ticket refunded
    openCase(copied);
    const table = await screen.findByTestId('case-booking');
    await waitFor(() => expect(within(table).getByRole('row', { name: /李娜/ })).toHaveTextContent('已退票'));
    expect(within(table).getByRole('row', { name: /张伟/ })).toHaveTextContent('有效');
  });

  it('explains tickets priced by the same rule once, naming every passenger', async () => {
    const twoTickets = refundQuote(2750, 52550, '距开车5天，按5%收取退票费', '5 days before departure: 5% fee');
    const secondLine = { ...twoTickets.lines[0]!, passengerId: 'p2', passengerName: '李娜' };
    const quotedTwo = caseDetail({
      ...quoted,
      data: { quote: { ...twoTickets, lines: [...twoTickets.lines, secondLine] } },
    });
    serveCase(quotedTwo);
    openCase(quotedTwo);
    const explanations = await screen.findByTestId('quote-current-explanations');
    expect(within(explanations).getAllByRole('listitem')).toHaveLength(1);
    expect(explanations).toHaveTextContent('张伟、李娜: 距开车5天，按5%收取退票费');
  });

  it('asks for a passenger in words when none is ticked', async () => {
    const selecting = caseDetail({ kind: 'refund', state: 'selecting', version: 2, allowedEvents: ['QUOTE_REFUND'] });
    const sent = serveCase(selecting);
    openCase(selecting, agent, 'en');
    await userEvent.click(await screen.findByTestId('action-QUOTE_REFUND'));
    const checklist = await within(screen.getByTestId('event-form')).findByTestId('field-passengers');
    await waitFor(() => expect(within(checklist).getByLabelText(/张伟/)).toBeChecked());
    await userEvent.click(within(checklist).getByLabelText(/张伟/));
    await userEvent.type(screen.getByTestId('field-reason'), 'Trip cancelled');
    await userEvent.click(screen.getByTestId('event-submit'));
    expect(await screen.findByText('Choose at least one passenger')).toBeInTheDocument();
    expect(sent).toHaveLength(0);
  });

  it('shows the explanation in English when the console is in English', async () => {
    serveCase(quoted);
    openCase(quoted, agent, 'en');
    expect(await screen.findByTestId('quote-current')).toHaveTextContent('5 days before departure: 5% fee');
    expect(screen.getByTestId('case-state')).toHaveTextContent('Quoted');
  });

  it('starts with every ticket of the booking that can be refunded ticked, and sends them', async () => {
    const selecting = caseDetail({
      kind: 'refund',
      state: 'selecting',
      version: 2,
      allowedEvents: ['QUOTE_REFUND', 'CUSTOMER_DECLINED'],
    });
    const sent = serveCase(selecting);
    openCase(selecting);
    await userEvent.click(await screen.findByTestId('action-QUOTE_REFUND'));
    const form = screen.getByTestId('event-form');
    const checklist = await within(form).findByTestId('field-passengers');
    expect(within(checklist).getByLabelText(/李娜/)).toBeDisabled();
    // The case is about the whole booking: the refundable ticket starts ticked, the refunded one not.
    await waitFor(() => expect(within(checklist).getByLabelText(/张伟/)).toBeChecked());
    expect(within(checklist).getByLabelText(/李娜/)).not.toBeChecked();
    await userEvent.type(within(form).getByTestId('field-reason'), '行程取消');
    await userEvent.click(within(form).getByTestId('event-submit'));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]!.event).toEqual({
      type: 'QUOTE_REFUND',
      passengerIds: ['p1'],
      involuntary: false,
      reason: '行程取消',
    });
  });
});

describe('case workspace: change', () => {
  const verifying = caseDetail({
    kind: 'change',
    state: 'verifying',
    version: 3,
    queue: 'changes',
    allowedEvents: ['VERIFY', 'CUSTOMER_DECLINED', 'ASSIGN', 'ADD_NOTE'],
  });

  it('does not let a ticket that was changed once be ticked for another change (it can still be refunded)', async () => {
    const choosing = caseDetail({
      kind: 'change',
      state: 'choosing',
      version: 4,
      queue: 'changes',
      allowedEvents: ['CHOOSE_DEPARTURE', 'CUSTOMER_DECLINED'],
    });
    serveCase(choosing);
    server.use(
      trpcMsw.bookings.get.query(() => ({
        id: 'd00000000000000000000001',
        ref: 'BK1001',
        customerId: 'b00000000000000000000001',
        status: 'ticketed',
        ruleSet: 'cn-rail',
        purchasedAt: '2026-05-01T00:00:00.000Z',
        paidAt: '2026-05-01T00:00:00.000Z',
        totalFen: 110600,
        departure: {
          id: 'e1',
          mode: 'rail',
          code: 'G1234',
          origin: '北京南',
          destination: '上海虹桥',
          departureAt: '2026-05-20T00:00:00.000Z',
          organizer: null,
        },
        tickets: [bookingTicket(), bookingTicket({ ...LI_NA_TICKET, changed: true })],
      })),
      trpcMsw.departures.search.query(() => []),
    );
    const view = openCase(choosing);
    await userEvent.click(await screen.findByTestId('action-CHOOSE_DEPARTURE'));
    const checklist = await within(screen.getByTestId('event-form')).findByTestId('field-passengers');
    expect(within(checklist).getByLabelText(/张伟/)).toBeEnabled();
    expect(within(checklist).getByLabelText(/李娜/)).toBeDisabled();
    expect(within(checklist).getByText('已改签')).toBeInTheDocument();
    view.unmount();

    const selecting = caseDetail({
      id: choosing.id,
      kind: 'refund',
      state: 'selecting',
      version: 2,
      allowedEvents: ['QUOTE_REFUND'],
    });
    server.use(
      trpcMsw.cases.get.query(() => selecting),
      trpcMsw.cases.history.query(({ input }) => historyPage(selecting, input)),
    );
    openCase(selecting);
    await userEvent.click(await screen.findByTestId('action-QUOTE_REFUND'));
    const refundList = await within(screen.getByTestId('event-form')).findByTestId('field-passengers');
    expect(within(refundList).getByLabelText(/李娜/)).toBeEnabled();
  });

  it('on CONFLICT says so, shows what changed, keeps the typed input and retries on the fresh version', async () => {
    const fresh: typeof verifying = {
      ...verifying,
      version: 4,
      assignee: { id: supervisor.id, name: supervisor.name },
      priority: 'high',
      history: [
        ...verifying.history,
        {
          // The step that made version 4: what the agent (on version 3) had not seen.
          seq: 4,
          at: '2026-05-10T01:05:00.000Z',
          actor: { id: supervisor.id, name: supervisor.name, role: 'supervisor' },
          event: 'ASSIGN',
          payload: {},
          from: 'verifying',
          to: 'verifying',
        },
      ],
    };
    let current = verifying;
    const sent: SendEventInput[] = [];
    server.use(
      trpcMsw.cases.get.query(() => current),
      trpcMsw.cases.history.query(({ input }) => historyPage(current, input)),
      trpcMsw.cases.send.mutation(({ input }) => {
        sent.push(input);
        if (input.expectedVersion !== current.version)
          throw new TRPCError({ code: 'CONFLICT', message: 'The case changed (version 4).' });
        return { ...current, state: 'choosing', version: current.version + 1 };
      }),
    );
    openCase(verifying);
    await userEvent.click(await screen.findByTestId('action-VERIFY'));
    expect(offeredActions()).toEqual(expectedActions(verifying));
    expect(screen.getByTestId('case-state')).toHaveTextContent('身份核验');
    await userEvent.type(screen.getByTestId('field-idNumber'), '11010519491231002X');
    current = fresh; // a colleague gets there first
    await userEvent.click(screen.getByTestId('event-submit'));

    const notice = await screen.findByTestId('conflict-notice');
    expect(notice).toHaveTextContent('另一位同事刚刚更新了此工单');
    expect(within(notice).getByTestId('conflict-changes')).toHaveTextContent('李主管');
    expect(within(notice).getByTestId('conflict-changes')).toHaveTextContent('普通 → 高');
    expect(within(notice).getByTestId('conflict-entries')).toHaveTextContent('分配');
    expect(screen.getByTestId('field-idNumber')).toHaveValue('11010519491231002X');
    expect(sent[0]).toMatchObject({ expectedVersion: 3, event: { type: 'VERIFY', idNumber: '11010519491231002X' } });

    await userEvent.click(within(notice).getByTestId('conflict-retry'));
    await waitFor(() => expect(sent).toHaveLength(2));
    expect(sent[1]).toMatchObject({ expectedVersion: 4, event: { type: 'VERIFY', idNumber: '11010519491231002X' } });
    // A new attempt on a new version is a new request: a new key.
    expect(sent[1]!.idempotencyKey).not.toBe(sent[0]!.idempotencyKey);
    await waitFor(() => expect(screen.queryByTestId('event-form')).not.toBeInTheDocument());
  });

  it("shows the agent's own note at once while an action form holds the case, without calling it someone else's update", async () => {
    let current = verifying;
    const sent = serveCase(verifying, (input) => {
      current = {
        ...verifying,
        version: input.expectedVersion + 1,
        notes: [
          {
            id: 'n1',
            at: '2026-05-10T02:00:00.000Z',
            author: { id: agent.id, name: agent.name },
            text: String(input.event.text),
          },
        ],
      };
      return current;
    });
    server.use(
      trpcMsw.cases.get.query(() => current),
      trpcMsw.cases.history.query(({ input }) => historyPage(current, input)),
    );
    openCase(verifying);
    await userEvent.click(await screen.findByTestId('action-VERIFY'));
    await userEvent.type(screen.getByTestId('field-idNumber'), '1101');
    await userEvent.type(screen.getByTestId('note-text'), '客户稍后回电');
    await userEvent.click(screen.getByTestId('note-submit'));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(await screen.findByTestId('note')).toHaveTextContent('客户稍后回电');
    expect(screen.getByTestId('note-text')).toHaveValue('');
    expect(screen.getByTestId('case-version')).toHaveTextContent('4');
    expect(screen.queryByTestId('case-updated')).not.toBeInTheDocument();
    // The open form goes on from the version that holds the note, not from the one before it.
    expect(screen.getByTestId('field-idNumber')).toHaveValue('1101');
    await userEvent.click(screen.getByTestId('event-submit'));
    await waitFor(() => expect(sent).toHaveLength(2));
    expect(sent[1]).toMatchObject({ expectedVersion: 4, event: { type: 'VERIFY', idNumber: '1101' } });
  });

  it('says "Someone else updated this case first" in English', async () => {
    serveCase(verifying, () => {
      throw new TRPCError({ code: 'CONFLICT', message: 'stale' });
    });
    openCase(verifying, agent, 'en');
    await userEvent.click(await screen.findByTestId('action-VERIFY'));
    await userEvent.type(screen.getByTestId('field-idNumber'), '1101');
    await userEvent.click(screen.getByTestId('event-submit'));
    expect(await screen.findByTestId('conflict-notice')).toHaveTextContent('Someone else updated this case first');
  });

  it('reuses the idempotency key when the same submit is retried after a network failure', async () => {
    let attempts = 0;
    const keys: string[] = [];
    server.use(
      trpcMsw.cases.get.query(() => verifying),
      trpcMsw.cases.history.query(({ input }) => historyPage(verifying, input)),
      http.post(`${TEST_API_URL}/cases.send`, async ({ request }) => {
        attempts += 1;
        const body = (await request.json()) as SendEventInput;
        keys.push(body.idempotencyKey);
        if (attempts === 1) return HttpResponse.error();
        return HttpResponse.json({ result: { data: { ...verifying, state: 'choosing', version: 4 } } });
      }),
    );
    openCase(verifying);
    await userEvent.click(await screen.findByTestId('action-VERIFY'));
    await userEvent.type(screen.getByTestId('field-idNumber'), '11010519491231002X');
    await userEvent.click(screen.getByTestId('event-submit'));
    expect(await screen.findByTestId('event-error')).toHaveTextContent('无法连接服务器');
    expect(screen.getByTestId('field-idNumber')).toHaveValue('11010519491231002X');
    await userEvent.click(screen.getByTestId('event-submit'));
    await waitFor(() => expect(attempts).toBe(2));
    expect(keys[1]).toBe(keys[0]);
  });
});

describe('case workspace: read-only roles', () => {
  it('tells QA the case is read-only instead of leaving an empty toolbar unexplained', async () => {
    const qa = { ...supervisor, id: 'a00000000000000000000005', username: 'qa1', name: '孙丽', role: 'qa' as const };
    const quotedForQa = caseDetail({ kind: 'refund', state: 'quoted', allowedEvents: [] });
    serveCase(quotedForQa);
    openCase(quotedForQa, qa);
    expect(await screen.findByTestId('read-only')).toHaveTextContent('只读');
    expect(screen.getByTestId('no-actions')).toHaveTextContent('质检角色只查看工单，不执行操作');
    expect(screen.queryByTestId('note-text')).not.toBeInTheDocument();
  });
});

describe('case workspace: booking', () => {
  const draft = caseDetail({
    kind: 'booking',
    state: 'draft',
    queue: 'sales',
    bookingId: null,
    bookingRef: null,
    allowedEvents: ['QUOTE', 'CANCEL', 'ASSIGN', 'UNASSIGN', 'ADD_NOTE'],
  });

  it('offers exactly the allowed events and checks the form with the shared schema before sending', async () => {
    const sent = serveCase(draft);
    openCase(draft);
    await screen.findByTestId('action-bar');
    expect(offeredActions()).toEqual(expectedActions(draft));
    expect(screen.getByTestId('case-state')).toHaveTextContent('草稿');

    await userEvent.click(screen.getByTestId('action-CANCEL'));
    await userEvent.click(screen.getByTestId('event-submit'));
    const reason = screen.getByTestId('field-reason');
    await waitFor(() => expect(reason).toHaveAttribute('aria-invalid', 'true'));
    // The shared schema's own message, in the console's language.
    expect(reason.parentElement?.querySelector('.field-error')?.textContent).toMatch(/[\u4e00-\u9fa5]/);
    expect(sent).toHaveLength(0);
    await userEvent.type(reason, '客户改变主意');
    await userEvent.click(screen.getByTestId('event-submit'));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]!.event).toEqual({ type: 'CANCEL', reason: '客户改变主意' });
  });

  it('flags a resident ID that fails its check character next to the field, before sending', async () => {
    const quoted = caseDetail({
      kind: 'booking',
      state: 'quoted',
      queue: 'sales',
      bookingId: null,
      bookingRef: null,
      allowedEvents: ['ENTER_PASSENGERS', 'QUOTE', 'CANCEL'],
    });
    const sent = serveCase(quoted);
    openCase(quoted);
    await userEvent.click(await screen.findByTestId('action-ENTER_PASSENGERS'));
    await userEvent.click(screen.getByTestId('passenger-add'));
    await userEvent.type(screen.getByTestId('passenger-name'), '张伟');
    const idNumber = screen.getByTestId('passenger-id');
    await userEvent.type(idNumber, '110105194912310021');
    await userEvent.click(screen.getByTestId('event-submit'));
    await waitFor(() => expect(idNumber).toHaveAttribute('aria-invalid', 'true'));
    expect(idNumber.parentElement?.querySelector('.field-error')?.textContent).toBe('身份证号校验位不正确');
    expect(sent).toHaveLength(0);

    // The right number (a lower-case x is the same check character) goes through.
    await userEvent.clear(idNumber);
    await userEvent.type(idNumber, '11010519491231002x');
    await userEvent.click(screen.getByTestId('event-submit'));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]!.event).toEqual({
      type: 'ENTER_PASSENGERS',
      passengers: [{ name: '张伟', idType: 'resident_id', idNumber: '11010519491231002X', passengerType: 'adult' }],
    });
  });

  it('shows one total for the booking: the estimate until passengers are entered, then their fares', async () => {
    const departure = departureFacts({
      departureId: 'e1',
      code: 'G1234',
      departureAt: '2026-05-20T00:00:00.000Z',
      classCode: 'O',
      className: '二等座',
      priceFen: 55300,
    });
    const quote = bookingQuote({
      departure,
      passengerCount: 2,
      unitPriceFen: 55300,
      estimatedTotalFen: 110600,
      quotedAt: '2026-05-10T01:00:00.000Z',
    });
    const quoted = caseDetail({
      kind: 'booking',
      state: 'quoted',
      queue: 'sales',
      bookingId: null,
      bookingRef: null,
      data: { quote, passengers: [], totalFen: 0 },
    });
    serveCase(quoted);
    const view = openCase(quoted);
    const shown = await screen.findByTestId('booking-quote');
    expect(shown).toHaveTextContent('¥1,106.00');
    view.unmount();

    const passengers: CaseDataOf<'booking'>['passengers'] = [
      {
        passengerId: 'P1',
        name: '张伟',
        idType: 'resident_id',
        idNumber: '110105********002X',
        passengerType: 'adult',
        birthDate: null,
        fareFen: 55300,
        seated: true,
      },
      {
        passengerId: 'P2',
        name: '张小明',
        idType: 'resident_id',
        idNumber: '110105********0031',
        passengerType: 'child',
        birthDate: null,
        fareFen: 27650,
        seated: true,
      },
    ];
    const entered = caseDetail({
      ...quoted,
      state: 'passengers_entered',
      data: { quote, passengers, totalFen: 82950 },
    });
    serveCase(entered);
    openCase(entered);
    const facts = await screen.findByTestId('case-facts');
    await waitFor(() => expect(facts).toHaveTextContent('¥829.50'));
    expect(facts).not.toHaveTextContent('¥1,106.00');
    expect(facts.textContent?.match(/¥829\.50/g)).toHaveLength(1);
  });

  it('assigns the case to the signed-in agent in one click', async () => {
    const sent = serveCase(draft, () => ({ ...draft, version: 2, assignee: { id: agent.id, name: agent.name } }));
    openCase(draft);
    await userEvent.click(await screen.findByTestId('action-assign-me'));
    expect(screen.queryByTestId('event-form')).not.toBeInTheDocument();
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]!.event).toEqual({ type: 'ASSIGN', assigneeId: agent.id });
    await waitFor(() => expect(screen.getByTestId('case-assignee')).toHaveTextContent(agent.name));
  });
});

describe('case workspace: complaint', () => {
  const investigating = caseDetail({
    kind: 'complaint',
    state: 'investigating',
    queue: 'complaints',
    version: 7,
    allowedEvents: ['PROPOSE_RESOLUTION', 'ESCALATE', 'SET_PRIORITY', 'TRANSFER', 'ADD_NOTE'],
    data: {
      acknowledgement: {
        at: '2026-05-10T01:10:00.000Z',
        by: { id: handler.id, name: handler.name, role: 'complaint_handler' },
        message: '已收到',
      },
    },
  });

  it('offers exactly the allowed events; amounts typed in yuan are sent in fen; server field errors show by the field', async () => {
    const sent = serveCase(investigating, () => {
      throw Object.assign(new TRPCError({ code: 'BAD_REQUEST', message: 'amount over limit' }), {
        issues: [{ path: ['event', 'amountFen'], message: '超出您的补偿权限（¥200.00）' }],
      });
    });
    openCase(investigating, handler);
    await screen.findByTestId('action-bar');
    expect(offeredActions()).toEqual(expectedActions(investigating));
    expect(screen.getByTestId('case-state')).toHaveTextContent('调查中');

    await userEvent.click(screen.getByTestId('action-PROPOSE_RESOLUTION'));
    await userEvent.selectOptions(screen.getByTestId('field-kind'), 'voucher');
    await userEvent.type(screen.getByTestId('field-money'), '250.5');
    await userEvent.type(screen.getByTestId('field-text'), '赠送代金券');
    await userEvent.click(screen.getByTestId('event-submit'));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]!.event).toEqual({
      type: 'PROPOSE_RESOLUTION',
      kind: 'voucher',
      amountFen: 25050,
      text: '赠送代金券',
    });
    expect(await screen.findByText('超出您的补偿权限（¥200.00）')).toBeInTheDocument();
    expect(screen.getByTestId('event-error')).toHaveTextContent('请求无效');
    expect(screen.getByTestId('field-text')).toHaveValue('赠送代金券');
  });

  it('keeps a note draft per case across reloads and sends it as ADD_NOTE', async () => {
    const sent = serveCase(investigating, (input) => ({
      ...investigating,
      version: 8,
      notes: [
        {
          id: 'n1',
          at: '2026-05-10T02:00:00.000Z',
          author: { id: handler.id, name: handler.name },
          text: String(input.event.text),
        },
      ],
    }));
    const first = openCase(investigating, handler);
    await userEvent.type(await screen.findByTestId('note-text'), '客户情绪激动');
    first.unmount();
    openCase(investigating, handler);
    expect(await screen.findByTestId('note-text')).toHaveValue('客户情绪激动');
    await userEvent.click(screen.getByTestId('note-submit'));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toMatchObject({ expectedVersion: 7, event: { type: 'ADD_NOTE', text: '客户情绪激动' } });
    expect(await screen.findByTestId('note')).toHaveTextContent('客户情绪激动');
    expect(screen.getByTestId('note-text')).toHaveValue('');
    expect(sessionStorage.getItem(`td.noteDraft.${investigating.id}`)).toBeNull();
  });

  it('shows history with who, when, the event and the move between states', async () => {
    const withHistory = {
      ...investigating,
      history: [
        ...investigating.history,
        {
          seq: 2,
          at: '2026-05-10T01:10:00.000Z',
          actor: { id: handler.id, name: handler.name, role: 'complaint_handler' as const },
          event: 'ACKNOWLEDGE',
          payload: { message: '已收到' },
          from: 'received',
          to: 'acknowledged',
        },
      ],
    };
    serveCase(withHistory);
    openCase(withHistory, handler);
    const entries = await screen.findAllByTestId('history-entry');
    expect(entries[0]).toHaveTextContent('首次回复');
    expect(entries[0]).toHaveTextContent('赵专员 · 投诉专员');
    expect(entries[0]).toHaveTextContent('已受理 → 已首次回复');
    expect(entries[0]).toHaveTextContent('2026-05-10 09:10');
  });

  it('words history payloads for people: names rather than ids or raw data, the system once, nothing internal', async () => {
    const at = '2026-05-10T01:10:00.000Z';
    const system = { id: 'system', name: 'System', role: 'system' as const };
    const person = { id: handler.id, name: handler.name, role: 'complaint_handler' as const };
    const withHistory = {
      ...investigating,
      bookingId: 'd00000000000000000000009',
      bookingRef: 'EV46079395',
      history: [
        ...investigating.history,
        {
          seq: 2,
          at,
          actor: person,
          event: 'ASSIGN',
          payload: { assigneeId: handler.id, assignee: { id: handler.id, name: handler.name } },
          from: 'received',
          to: 'received',
        },
        {
          seq: 3,
          at,
          actor: person,
          event: 'LINK_BOOKING',
          payload: { bookingId: 'd00000000000000000000009' },
          from: 'received',
          to: 'received',
        },
        {
          seq: 4,
          at,
          actor: system,
          event: 'FIRST_RESPONSE_DUE',
          payload: { timerKey: 'firstResponse', dueAt: at },
          from: 'received',
          to: 'received',
        },
      ],
    };
    serveCase(withHistory);
    openCase(withHistory, handler);
    const entries = await screen.findAllByTestId('history-entry');
    const byEvent = (event: string) => entries.find((entry) => entry.getAttribute('data-event') === event)!;
    expect(within(byEvent('ASSIGN')).getAllByText('处理人')).toHaveLength(1);
    expect(byEvent('LINK_BOOKING')).toHaveTextContent('EV46079395');
    expect(byEvent('LINK_BOOKING')).not.toHaveTextContent('d00000000000000000000009');
    const timer = byEvent('FIRST_RESPONSE_DUE');
    expect(timer).not.toHaveTextContent('System');
    expect(timer).toHaveTextContent('系统');
    expect(timer).not.toHaveTextContent('firstResponse');
    expect(timer).toHaveTextContent('到期时间');
  });

  it('refetches when a push says the case moved on, and holds it behind a notice while a form is open', async () => {
    let current = investigating;
    server.use(
      trpcMsw.cases.get.query(() => current),
      trpcMsw.cases.history.query(({ input }) => historyPage(current, input)),
    );
    const { socket } = openCase(investigating, handler);
    act(() => socket.connect());
    await userEvent.click(await screen.findByTestId('action-ESCALATE'));
    await userEvent.type(screen.getByTestId('field-reason'), '需要主管介入');
    current = { ...investigating, version: 8, priority: 'urgent' };
    await waitFor(() => expect(socket.subscribed).toContain(`case:${investigating.id}`));
    act(() => socket.push({ room: `case:${investigating.id}`, seq: 1, type: 'case.upsert', item: { ...current } }));
    expect(await screen.findByTestId('case-updated')).toBeInTheDocument();
    expect(screen.getByTestId('case-version')).toHaveTextContent('7');
    expect(screen.getByTestId('field-reason')).toHaveValue('需要主管介入');
  });
});

describe('CaseWorkspacePage: quotes a person must confirm (fare rules, second edition)', () => {
  it('shows a refund that only a station can approve, in Chinese', async () => {
    const base = refundQuote(
      11050,
      44250,
      '开车后 1小时0分钟，网上不能退票',
      '1 h 0 min after departure: no online refund',
    );
    const line = base.lines[0]!;
    const reason = explanation(
      '已到开车时间，网上不能退票：只能在车站办理',
      'the scheduled departure has passed, so there is no online refund',
    );
    const quoted = caseDetail({
      state: 'quoted',
      version: 4,
      allowedEvents: ['CUSTOMER_CONFIRMED', 'CUSTOMER_DECLINED'],
      data: {
        quote: {
          ...base,
          lines: [{ ...line, quote: { ...line.quote, manualStep: { kind: 'station-approval', reason } } }],
        },
        previousQuote: null,
      },
    });
    serveCase(quoted);
    openCase(quoted);
    const flags = await screen.findByTestId('quote-current-flags');
    expect(flags).toHaveTextContent('需车站同意 · 张伟: 已到开车时间，网上不能退票：只能在车站办理');
  });

  it('shows a change whose small difference fee needs a person, in English', async () => {
    const reason = explanation(
      '差额退票费 ¥0.50 不足¥2.00，需人工确认',
      'the difference fee ¥0.50 is under ¥2.00; a person must confirm',
    );
    const quote: NonNullable<CaseDataOf<'change'>['quote']> = {
      quotedAt: '2026-05-15T00:00:00.000Z',
      quotedBy: { id: agent.id, name: agent.name, role: 'agent' },
      departure: departureFacts({
        code: 'G9',
        departureAt: '2026-05-22T00:00:00.000Z',
        mode: 'rail',
        classCode: 'O',
        className: '二等座',
        priceFen: 54300,
      }),
      passengerIds: ['p1'],
      involuntary: false,
      lines: [
        {
          passengerId: 'p1',
          passengerName: '张伟',
          passengerType: 'adult',
          classCode: 'O',
          fareFen: 55300,
          newFareFen: 54300,
          quote: {
            allowed: true,
            changeFeeFen: 0,
            differenceFeeFen: 50,
            payFen: -950,
            ruleId: 'cn-rail@2026-12-01/change.48h-or-more',
            explanation: explanation('改签', 'change'),
            needsReview: { reason },
          },
        },
      ],
      totalChangeFeeFen: 0,
      totalDifferenceFeeFen: 50,
      totalPayFen: -950,
      refusal: null,
    };
    const quoted = caseDetail({
      kind: 'change',
      state: 'quoted',
      version: 5,
      queue: 'changes',
      allowedEvents: ['CUSTOMER_CONFIRMED'],
      data: { quote, previousQuote: null },
    });
    serveCase(quoted);
    openCase(quoted, agent, 'en');
    const flags = await screen.findByTestId('quote-current-flags');
    expect(flags).toHaveTextContent(
      'Needs a person to confirm · 张伟: the difference fee ¥0.50 is under ¥2.00; a person must confirm',
    );
  });
});

describe('case workspace: the agent flow', () => {
  const draft = caseDetail({
    kind: 'booking',
    state: 'draft',
    queue: 'sales',
    bookingId: null,
    bookingRef: null,
    allowedEvents: ['QUOTE', 'CANCEL', 'ASSIGN', 'UNASSIGN', 'TRANSFER', 'ADD_NOTE'],
  });

  it('sends a step that needs no input and moves no money in one click; cancelling asks first', async () => {
    const sent = serveCase(draft);
    openCase(draft);
    await userEvent.click(await screen.findByTestId('action-UNASSIGN'));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]!.event).toEqual({ type: 'UNASSIGN' });
    expect(screen.queryByTestId('event-form')).not.toBeInTheDocument();
    await userEvent.click(screen.getByTestId('action-CANCEL'));
    expect(await screen.findByTestId('event-form')).toHaveAttribute('data-event', 'CANCEL');
    expect(sent).toHaveLength(1);
  });

  it('keeps the confirmation for recording the customer’s yes to a quote', async () => {
    const quoted = caseDetail({
      kind: 'refund',
      state: 'quoted',
      version: 4,
      allowedEvents: ['CUSTOMER_CONFIRMED', 'ADD_NOTE'],
      data: { quote: refundQuote(2750, 52550, '按5%收取退票费', '5% fee') },
    });
    const sent = serveCase(quoted);
    openCase(quoted);
    await userEvent.click(await screen.findByTestId('action-CUSTOMER_CONFIRMED'));
    const form = await screen.findByTestId('event-form');
    expect(form).toHaveAttribute('data-event', 'CUSTOMER_CONFIRMED');
    expect(sent).toHaveLength(0);
    // Focus is in the form (on its button: there is nothing to type).
    expect(within(form).getByTestId('event-submit')).toHaveFocus();
  });

  it('offers as transfer targets only the queues the case is worked in and the colleagues who work them', async () => {
    const refund = caseDetail({
      kind: 'refund',
      state: 'verifying',
      queue: 'refunds',
      allowedEvents: ['TRANSFER', 'ADD_NOTE'],
    });
    serveCase(refund);
    openCase(refund);
    await userEvent.click(await screen.findByTestId('action-TRANSFER'));
    const queue = await screen.findByTestId('field-queue');
    expect(
      within(queue)
        .getAllByRole('option')
        .map((o) => o.getAttribute('value')),
    ).toEqual(['refunds', 'escalations', 'approvals']);
    await userEvent.selectOptions(queue, 'approvals');
    const people = screen.getByTestId('field-user');
    await waitFor(() => expect(within(people).queryByText(supervisor.name)).toBeInTheDocument());
    // Approvals are for those who may approve: not the agent, and no empty group for agents.
    expect(within(people).queryByRole('option', { name: new RegExp(agent.name) })).not.toBeInTheDocument();
    expect(people.querySelectorAll('optgroup')).toHaveLength(1);
  });

  it('warns, naming the assignee, before acting on a case opened by this agent and assigned to another', async () => {
    const handedOver = caseDetail({
      kind: 'refund',
      state: 'verifying',
      queue: 'refunds',
      assignee: { id: supervisor.id, name: supervisor.name },
      allowedEvents: ['VERIFY', 'ASSIGN', 'UNASSIGN', 'ADD_NOTE'],
      history: [
        {
          seq: 1,
          at: '2026-05-10T01:00:00.000Z',
          actor: { id: agent.id, name: agent.name, role: 'agent' },
          event: 'CREATED',
          payload: {},
          from: '',
          to: 'verifying',
        },
      ],
    });
    const sent = serveCase(handedOver, () => ({
      ...handedOver,
      version: handedOver.version + 1,
      assignee: { id: agent.id, name: agent.name },
    }));
    openCase(handedOver);
    // The creator comes from the history (cases.history), which arrives after the case itself.
    await waitFor(() =>
      expect(screen.getByTestId('assigned-elsewhere')).toHaveTextContent(
        `此案件由 ${agent.name} 创建，已分配给 ${supervisor.name}`,
      ),
    );
    const warning = screen.getByTestId('assigned-elsewhere');
    await userEvent.click(within(warning).getByTestId('assigned-elsewhere-take'));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]!.event).toEqual({ type: 'ASSIGN', assigneeId: agent.id });
    await waitFor(() => expect(screen.queryByTestId('assigned-elsewhere')).not.toBeInTheDocument());
  });

  it('has keys for its actions: A assigns to me, N goes to the note, digits open the offered actions; focus returns after cancel', async () => {
    const sent = serveCase(draft, () => ({
      ...draft,
      version: draft.version + 1,
      assignee: { id: agent.id, name: agent.name },
    }));
    openCase(draft);
    await screen.findByTestId('action-bar');
    await userEvent.keyboard('n');
    expect(screen.getByTestId('note-text')).toHaveFocus();
    (document.activeElement as HTMLElement).blur();
    await userEvent.keyboard('1');
    const form = await screen.findByTestId('event-form');
    expect(form).toHaveAttribute('data-event', 'QUOTE');
    expect(form.contains(document.activeElement)).toBe(true);
    await userEvent.click(within(form).getByRole('button', { name: '取消' }));
    // Back on the action that opened the form.
    await waitFor(() => expect(screen.getByTestId('action-QUOTE')).toHaveFocus());
    await userEvent.keyboard('a');
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]!.event).toEqual({ type: 'ASSIGN', assigneeId: agent.id });
  });
});

describe('case workspace: links', () => {
  it('does not let the booking already linked be picked again', async () => {
    const customerId = 'b00000000000000000000001';
    const booking = (id: string, ref: string) => ({
      id,
      ref,
      customerId,
      status: 'ticketed' as const,
      ruleSet: 'cn-rail' as const,
      purchasedAt: '2026-05-01T00:00:00.000Z',
      paidAt: '2026-05-01T00:00:00.000Z',
      totalFen: 55300,
      departure: {
        id: 'e1',
        mode: 'rail' as const,
        code: 'G1234',
        origin: '北京南',
        destination: '上海虹桥',
        departureAt: '2026-05-20T00:00:00.000Z',
        organizer: null,
      },
      tickets: [],
    });
    const complaint = caseDetail({
      kind: 'complaint',
      state: 'investigating',
      queue: 'complaints',
      customer: { id: customerId, name: '张伟' },
      customerId,
      bookingId: 'd00000000000000000000001',
      allowedEvents: ['LINK_BOOKING', 'ADD_NOTE'],
    });
    serveCase(complaint);
    server.use(
      trpcMsw.customers.get.query(() => ({
        customer: {
          id: customerId,
          name: '张伟',
          phone: '138****5678',
          email: null,
          idType: 'resident_id',
          idNumber: '110105********002X',
          vipTier: 'gold',
          createdAt: '2025-01-02T03:00:00.000Z',
          masked: true,
        },
        bookings: [booking('d00000000000000000000001', 'BK1001'), booking('d00000000000000000000002', 'BK1002')],
        cases: [],
      })),
    );
    openCase(complaint, handler);
    await userEvent.click(await screen.findByTestId('action-LINK_BOOKING'));
    const picker = await screen.findByTestId('field-booking');
    const linked = await within(picker).findByRole('radio', { name: /BK1001/ });
    expect(linked).toBeDisabled();
    expect(linked.closest('label')).toHaveTextContent('已关联');
    expect(within(picker).getByRole('radio', { name: /BK1002/ })).toBeEnabled();
  });
});

describe('case workspace: passengers of a quoted booking', () => {
  it('starts with one row per passenger the quote is for', async () => {
    const quoted = caseDetail({
      kind: 'booking',
      state: 'quoted',
      queue: 'sales',
      bookingId: null,
      bookingRef: null,
      allowedEvents: ['ENTER_PASSENGERS'],
      data: { quote: bookingQuote({ passengerCount: 3 }) },
    });
    serveCase(quoted);
    openCase(quoted);
    await userEvent.click(await screen.findByTestId('action-ENTER_PASSENGERS'));
    const form = await screen.findByTestId('event-form');
    expect(within(form).getAllByTestId('passenger-name')).toHaveLength(3);
    // Focus is in the first passenger's name.
    expect(within(form).getAllByTestId('passenger-name')[0]).toHaveFocus();
  });
});
