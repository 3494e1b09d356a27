import { TRPCError } from '@trpc/server';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CustomerDTO } from '../../../../shared/customers';
import { agent, caseDetail, queueItem, supervisor } from '../../test/fixtures';
import { server, trpcMsw } from '../../test/msw';
import { renderScreen } from '../../test/render';
import { CustomerPage } from './CustomerPage';
import { CustomerSearchPage } from './CustomerSearchPage';

const zhang: CustomerDTO = {
  id: 'b00000000000000000000001',
  name: '张伟',
  phone: '138****5678',
  email: null,
  idType: 'resident_id',
  idNumber: '110105********002X',
  vipTier: 'gold',
  createdAt: '2025-01-02T03:00:00.000Z',
  masked: true,
};

describe('customer search', () => {
  it('searches by what the agent typed, keeps the query in the URL and lists masked results', async () => {
    const queries: string[] = [];
    server.use(
      trpcMsw.customers.search.query(({ input }) => {
        queries.push(input.query);
        return input.query === 'BK1001' ? [zhang] : [];
      }),
    );
    renderScreen(<CustomerSearchPage />, { path: '/customers', url: '/customers', user: agent });
    expect(
      screen.getByText(
        '输入姓名（也查乘车人）、完整手机号、证件号、订单号或票号查询客户；手机尾号 4 位须与姓名一起输入，如“张伟 5678”。',
      ),
    ).toBeInTheDocument();
    await userEvent.type(screen.getByTestId('customer-search-input'), 'BK1001{Enter}');
    const row = await screen.findByTestId('customer-result');
    expect(row).toHaveTextContent('张伟');
    expect(row).toHaveTextContent('138****5678');
    expect(row).toHaveTextContent('110105********002X');
    expect(row).toHaveTextContent('金卡');
    expect(queries).toEqual(['BK1001']);
    expect(screen.getByTestId('location')).toHaveTextContent('/customers?q=BK1001');
    await userEvent.click(within(row).getByText('张伟'));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent(`/customers/${zhang.id}`));
  });

  it('says so when nobody matches', async () => {
    server.use(trpcMsw.customers.search.query(() => []));
    renderScreen(<CustomerSearchPage />, { path: '/customers', url: '/customers?q=%E6%9F%90%E4%BA%BA', user: agent });
    expect(await screen.findByTestId('customer-search-empty')).toHaveTextContent('未找到与“某人”匹配的客户');
    expect(screen.queryByTestId('customer-search-needs-name')).not.toBeInTheDocument();
  });

  it('explains that the last four digits need a name', async () => {
    server.use(trpcMsw.customers.search.query(() => []));
    renderScreen(<CustomerSearchPage />, { path: '/customers', url: '/customers?q=5678', user: agent, language: 'en' });
    expect(await screen.findByTestId('customer-search-needs-name')).toHaveTextContent(
      'add the name, e.g. “Zhang Wei 5678”',
    );
  });

  it('creates a customer who is not on file, checking the resident ID first, and opens their page', async () => {
    const created: unknown[] = [];
    server.use(
      trpcMsw.customers.search.query(() => []),
      trpcMsw.customers.create.mutation(({ input }) => {
        created.push(input);
        return {
          ...zhang,
          id: 'b00000000000000000000009',
          name: input.name,
          phone: '136****1234',
          vipTier: 'none' as const,
        };
      }),
    );
    renderScreen(<CustomerSearchPage />, { path: '/customers', url: '/customers?q=%E9%99%88%E9%9D%99', user: agent });
    await userEvent.click(within(await screen.findByTestId('customer-search-empty')).getByTestId('new-customer-open'));
    const dialog = screen.getByTestId('new-customer-dialog');
    // The search text is the name to start from.
    expect(within(dialog).getByTestId('new-customer-name')).toHaveValue('陈静');
    await userEvent.type(within(dialog).getByTestId('new-customer-phone'), '136 0000 1234');
    await userEvent.type(within(dialog).getByTestId('new-customer-idNumber'), '110101199003074232');
    await userEvent.click(within(dialog).getByTestId('new-customer-submit'));
    expect(await within(dialog).findByText('身份证号校验位不正确')).toBeInTheDocument();
    expect(created).toEqual([]);
    await userEvent.clear(within(dialog).getByTestId('new-customer-idNumber'));
    await userEvent.type(within(dialog).getByTestId('new-customer-idNumber'), '110101199003074231{Enter}');
    await waitFor(() =>
      expect(screen.getByTestId('location')).toHaveTextContent('/customers/b00000000000000000000009'),
    );
    expect(created).toEqual([
      { name: '陈静', phone: '13600001234', email: null, idType: 'resident_id', idNumber: '110101199003074231' },
    ]);
  });

  it('refuses a duplicate ID number, naming the customer who has it', async () => {
    server.use(
      trpcMsw.customers.search.query(() => []),
      trpcMsw.customers.create.mutation(() => {
        throw new TRPCError({ code: 'CONFLICT', message: 'A customer with this ID number already exists: 张伟.' });
      }),
    );
    renderScreen(<CustomerSearchPage />, { path: '/customers', url: '/customers', user: agent });
    await userEvent.click(screen.getByTestId('new-customer-open'));
    const dialog = screen.getByTestId('new-customer-dialog');
    await userEvent.type(within(dialog).getByTestId('new-customer-name'), '张三');
    await userEvent.type(within(dialog).getByTestId('new-customer-phone'), '13600001234');
    await userEvent.type(within(dialog).getByTestId('new-customer-idNumber'), '11010519491231002x');
    await userEvent.click(within(dialog).getByTestId('new-customer-submit'));
    expect(await within(dialog).findByTestId('new-customer-error')).toHaveTextContent('already exists: 张伟');
  });
});

describe('customer page', () => {
  const overview = {
    customer: zhang,
    bookings: [
      {
        id: 'd00000000000000000000001',
        ref: 'BK1001',
        customerId: zhang.id,
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
        tickets: [
          {
            passengerId: 'p1',
            passengerName: '张伟',
            passengerType: 'adult' as const,
            idType: 'resident_id',
            idNumber: '110105********002X',
            ticketNumber: 'T1',
            classCode: 'O',
            seat: '05A',
            fareFen: 55300,
            status: 'active' as const,
            changed: false,
          },
        ],
      },
    ],
    cases: [queueItem({ ref: 'C-OLD', kind: 'complaint', state: 'closed', status: 'closed' })],
  };

  // Ticket classes are named from the booking's departure.
  beforeEach(() => {
    server.use(
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
        classes: [{ code: 'O', name: '二等座', priceFen: 55300, seatsLeft: 12 }],
      })),
    );
  });

  it('shows the profile masked, bookings with tickets and money in yuan, and past cases', async () => {
    server.use(trpcMsw.customers.get.query(() => overview));
    renderScreen(<CustomerPage />, { path: '/customers/:customerId', url: `/customers/${zhang.id}`, user: agent });
    expect(await screen.findByTestId('customer-name')).toHaveTextContent('张伟');
    expect(screen.getByTestId('customer-phone')).toHaveTextContent('138****5678');
    // Agents may not reveal.
    expect(screen.queryByTestId('reveal-phone')).not.toBeInTheDocument();
    const booking = screen.getByTestId('booking-card');
    expect(booking).toHaveTextContent('G1234');
    expect(booking).toHaveTextContent('2026-05-20 08:00');
    expect(booking).toHaveTextContent('¥553.00');
    expect(screen.getByTestId('customer-cases')).toHaveTextContent('C-OLD');
  });

  it('says a closed case is closed once in the case history ("已结案", not "已结案 已结案")', async () => {
    server.use(
      trpcMsw.customers.get.query(() => ({
        ...overview,
        cases: [...overview.cases, queueItem({ ref: 'C-DECL', kind: 'refund', state: 'declined', status: 'closed' })],
      })),
    );
    renderScreen(<CustomerPage />, { path: '/customers/:customerId', url: `/customers/${zhang.id}`, user: agent });
    const cases = await screen.findByTestId('customer-cases');
    expect(within(cases).getByRole('row', { name: /C-OLD/ }).textContent).not.toMatch(/已结案.*已结案/);
    expect(within(cases).getByRole('row', { name: /C-OLD/ })).toHaveTextContent('已结案');
    // Another way of ending still says the case is closed.
    expect(within(cases).getByRole('row', { name: /C-DECL/ })).toHaveTextContent('客户放弃已结案');
  });

  it("names each ticket's class from its departure, the code in small print after it", async () => {
    server.use(trpcMsw.customers.get.query(() => overview));
    const first = renderScreen(<CustomerPage />, {
      path: '/customers/:customerId',
      url: `/customers/${zhang.id}`,
      user: agent,
    });
    const classCell = () => within(screen.getByTestId('booking-card')).getAllByRole('cell')[4]!;
    await waitFor(() => expect(classCell()).toHaveTextContent('二等座 O'));
    expect(within(classCell()).getByText('O')).toHaveClass('class-code');
    first.unmount();
    renderScreen(<CustomerPage />, {
      path: '/customers/:customerId',
      url: `/customers/${zhang.id}`,
      user: agent,
      language: 'en',
    });
    await waitFor(() => expect(classCell()).toHaveTextContent('Second class O'));
  });

  it('offers only a complaint for a booking with no active ticket left', async () => {
    const [booking] = overview.bookings;
    const refunded = {
      ...booking!,
      status: 'refunded' as const,
      tickets: booking!.tickets.map((ticket) => ({ ...ticket, status: 'refunded' as const })),
    };
    server.use(trpcMsw.customers.get.query(() => ({ ...overview, bookings: [refunded] })));
    renderScreen(<CustomerPage />, { path: '/customers/:customerId', url: `/customers/${zhang.id}`, user: agent });
    const card = await screen.findByTestId('booking-card');
    expect(within(card).getByTestId('booking-new-complaint')).toBeInTheDocument();
    expect(within(card).queryByTestId('booking-new-refund')).not.toBeInTheDocument();
    expect(within(card).queryByTestId('booking-new-change')).not.toBeInTheDocument();
    await userEvent.click(within(card).getByTestId('booking-new-complaint'));
    expect(
      within(screen.getByTestId('new-case-kind'))
        .getAllByRole('option')
        .map((option) => (option as HTMLOptionElement).value),
    ).toEqual(['complaint']);
  });

  it('offers no second change for a booking whose tickets were all changed once, on the card or in the dialog', async () => {
    const [booking] = overview.bookings;
    const reissued = { ...booking!, tickets: booking!.tickets.map((ticket) => ({ ...ticket, changed: true })) };
    server.use(trpcMsw.customers.get.query(() => ({ ...overview, bookings: [reissued] })));
    renderScreen(<CustomerPage />, { path: '/customers/:customerId', url: `/customers/${zhang.id}`, user: agent });
    const card = await screen.findByTestId('booking-card');
    // A ticket is changed at most once; it can still be refunded or complained about.
    expect(within(card).queryByTestId('booking-new-change')).not.toBeInTheDocument();
    await userEvent.click(within(card).getByTestId('booking-new-refund'));
    const kinds = within(screen.getByTestId('new-case-kind'))
      .getAllByRole('option')
      .map((option) => (option as HTMLOptionElement).value);
    expect(kinds).toEqual(['refund', 'complaint']);
  });

  it('offers a change while one ticket of the booking has not been changed yet', async () => {
    const [booking] = overview.bookings;
    const [ticket] = booking!.tickets;
    const mixed = {
      ...booking!,
      tickets: [
        { ...ticket!, changed: true },
        { ...ticket!, passengerId: 'p2', passengerName: '张小明', changed: false },
      ],
    };
    server.use(trpcMsw.customers.get.query(() => ({ ...overview, bookings: [mixed] })));
    renderScreen(<CustomerPage />, { path: '/customers/:customerId', url: `/customers/${zhang.id}`, user: agent });
    const card = await screen.findByTestId('booking-card');
    await userEvent.click(within(card).getByTestId('booking-new-complaint'));
    const kinds = within(screen.getByTestId('new-case-kind'))
      .getAllByRole('option')
      .map((option) => (option as HTMLOptionElement).value);
    expect(kinds).toEqual(['change', 'refund', 'complaint']);
    expect(screen.getByTestId('new-case-kind')).toHaveValue('complaint');
  });

  it('offers only a complaint for a booking cancelled before payment, whatever its tickets say', async () => {
    const [booking] = overview.bookings;
    server.use(
      trpcMsw.customers.get.query(() => ({ ...overview, bookings: [{ ...booking!, status: 'cancelled' as const }] })),
    );
    renderScreen(<CustomerPage />, { path: '/customers/:customerId', url: `/customers/${zhang.id}`, user: agent });
    const card = await screen.findByTestId('booking-card');
    expect(within(card).getByTestId('booking-new-complaint')).toBeInTheDocument();
    expect(within(card).queryByTestId('booking-new-refund')).not.toBeInTheDocument();
  });

  it('reveals a masked field for a supervisor after asking why', async () => {
    const reveals: { field: string; reason: string }[] = [];
    server.use(
      trpcMsw.customers.get.query(() => overview),
      trpcMsw.customers.reveal.mutation(({ input }) => {
        reveals.push({ field: input.field, reason: input.reason });
        return { value: '13812345678' };
      }),
    );
    renderScreen(<CustomerPage />, { path: '/customers/:customerId', url: `/customers/${zhang.id}`, user: supervisor });
    await userEvent.click(await screen.findByTestId('reveal-phone'));
    await userEvent.click(screen.getByTestId('reveal-submit'));
    expect(screen.getByText('请填写至少 3 个字的原因')).toBeInTheDocument();
    await userEvent.type(screen.getByTestId('reveal-reason'), '客户要求核对手机号');
    await userEvent.click(screen.getByTestId('reveal-submit'));
    await waitFor(() => expect(screen.getByTestId('customer-phone')).toHaveTextContent('13812345678'));
    expect(reveals).toEqual([{ field: 'phone', reason: '客户要求核对手机号' }]);
  });

  it('opens a refund case from a booking with an idempotency key and goes to it', async () => {
    const created: unknown[] = [];
    server.use(
      trpcMsw.customers.get.query(() => overview),
      trpcMsw.cases.create.mutation(({ input }) => {
        created.push(input);
        return caseDetail({
          id: 'f00000000000000000000009',
          kind: 'refund',
          history: [],
          customerId: zhang.id,
          bookingId: input.bookingId ?? null,
        });
      }),
    );
    renderScreen(<CustomerPage />, { path: '/customers/:customerId', url: `/customers/${zhang.id}`, user: agent });
    await userEvent.click(await screen.findByTestId('booking-new-refund'));
    expect(screen.getByTestId('new-case-kind')).toHaveValue('refund');
    expect(screen.getByTestId('new-case-subject')).toHaveValue('退票 BK1001');
    await userEvent.click(screen.getByTestId('new-case-submit'));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/cases/f00000000000000000000009'));
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({
      kind: 'refund',
      channel: 'phone',
      customerId: zhang.id,
      bookingId: 'd00000000000000000000001',
      subject: '退票 BK1001',
      priority: 'normal',
    });
    expect((created[0] as { idempotencyKey: string }).idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
  });
});
