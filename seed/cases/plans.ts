/**
 * The 120 demo cases: for every state of every case machine, a few scripts that end there, each
 * the path a real case takes to that state (who acts, what they send, how long between steps).
 * Bookings for change and refund cases are chosen so the machine's own pricing (priceChange /
 * priceRefund, the same functions its guards call) leads where the script intends: a quote the
 * customer pays for, a refund that needs a supervisor, one the rules refuse.
 */
import { shanghaiDate } from '../../workflows/time/shanghai';
import type { SessionUser } from '../../shared/auth';
import type { CaseKind, Channel, Priority } from '../../shared/cases';
import type { Mode } from '../../shared/departures';
import type { BookingFacts, CaseConfig, DepartureFacts } from '../../workflows/machines/contract';
import { priceChange } from '../../workflows/machines/change';
import { priceRefund, refundNeedsApproval } from '../../workflows/machines/refund';
import { DEFAULT_FOUR_EYES_FEN } from '../../workflows/machines/complaint';
import { refundDeadline } from '../../workflows/policy';
import type { Random } from '../random';
import type { SeedCustomer } from '../customers';
import type { SeedDeparture } from '../departures';
import { travellersFor, type SeedBooking, type SeedTicket } from '../bookings';
import { DAY, HOUR, MINUTE } from '../time';
import { caseScript, type CaseScript, type ClientEvent } from './script';
import * as say from './texts';

export type PlanInput = {
  random: Random;
  /** The seeded world's "now": every step happens before it. */
  present: Date;
  users: Record<string, SessionUser>;
  customers: readonly SeedCustomer[];
  departures: readonly SeedDeparture[];
  bookings: readonly SeedBooking[];
  caseConfig: CaseConfig;
};

export type CasePlan = { scripts: CaseScript[]; unplanned: string[] };

/** How many cases end in each state. Open ones fill the six queues; closed ones give QA history. */
export const CASE_PLAN: readonly { kind: CaseKind; target: string; count: number }[] = [
  { kind: 'booking', target: 'draft', count: 3 },
  { kind: 'booking', target: 'quoted', count: 3 },
  { kind: 'booking', target: 'passengers_entered', count: 3 },
  { kind: 'booking', target: 'holding', count: 2 },
  { kind: 'booking', target: 'seats_held', count: 3 },
  { kind: 'booking', target: 'payment_pending', count: 2 },
  { kind: 'booking', target: 'paid', count: 2 },
  { kind: 'booking', target: 'ticketed', count: 4 },
  { kind: 'booking', target: 'closed', count: 5 },
  { kind: 'booking', target: 'cancelled', count: 3 },
  { kind: 'change', target: 'verifying', count: 3 },
  { kind: 'change', target: 'choosing', count: 3 },
  { kind: 'change', target: 'quoted', count: 3 },
  { kind: 'change', target: 'difference_pending', count: 2 },
  { kind: 'change', target: 'reissuing', count: 2 },
  { kind: 'change', target: 'reissued', count: 3 },
  { kind: 'change', target: 'closed', count: 5 },
  { kind: 'change', target: 'declined', count: 2 },
  { kind: 'change', target: 'refused', count: 3 },
  { kind: 'refund', target: 'verifying', count: 3 },
  { kind: 'refund', target: 'selecting', count: 3 },
  { kind: 'refund', target: 'quoted', count: 3 },
  { kind: 'refund', target: 'awaiting_approval', count: 4 },
  { kind: 'refund', target: 'submitting', count: 2 },
  { kind: 'refund', target: 'settled', count: 4 },
  { kind: 'refund', target: 'failed', count: 2 },
  { kind: 'refund', target: 'escalated', count: 3 },
  { kind: 'refund', target: 'closed', count: 6 },
  { kind: 'refund', target: 'declined', count: 2 },
  { kind: 'refund', target: 'refused', count: 2 },
  { kind: 'refund', target: 'rejected', count: 2 },
  { kind: 'complaint', target: 'received', count: 4 },
  { kind: 'complaint', target: 'acknowledged', count: 3 },
  { kind: 'complaint', target: 'investigating', count: 4 },
  { kind: 'complaint', target: 'escalated.handler', count: 3 },
  { kind: 'complaint', target: 'escalated.supervisor', count: 3 },
  { kind: 'complaint', target: 'resolution_proposed', count: 3 },
  { kind: 'complaint', target: 'resolved', count: 3 },
  { kind: 'complaint', target: 'closed', count: 5 },
];

const DAY_MIN = DAY / MINUTE;

/** Who works which queue in the demo (usernames from DEMO_USERS). */
const DESK = {
  sales: ['agent1', 'agent3', 'agent6'],
  changes: ['agent1', 'agent2', 'agent5'],
  refunds: ['agent2', 'agent4', 'agent5', 'agent6'],
  handlers: ['handler1', 'handler2'],
  supervisors: ['super1'],
} as const;

type Ctx = PlanInput & {
  customerById: Map<string, SeedCustomer>;
  departureById: Map<string, SeedDeparture>;
  /** Bookings a change or refund case already uses: one case per booking. */
  reserved: Set<string>;
};

export function planCaseScripts(input: PlanInput): CasePlan {
  const ctx: Ctx = {
    ...input,
    customerById: new Map(input.customers.map((c) => [c._id, c])),
    departureById: new Map(input.departures.map((d) => [d._id, d])),
    reserved: new Set(),
  };
  const scripts: CaseScript[] = [];
  const unplanned: string[] = [];
  let id = 0;
  for (const spec of CASE_PLAN) {
    for (let variant = 0; variant < spec.count; variant++) {
      id += 1;
      const label = `${spec.kind}/${spec.target}#${variant + 1}`;
      // Random choices (a departure too soon, steps running past the present) can miss: draw again.
      let script: CaseScript | null = null;
      for (let attempt = 0; attempt < 12 && !script; attempt++) {
        const drawn = scriptFor(ctx, spec.kind, spec.target, variant, id, label);
        script = drawn && endsInTime(ctx, drawn) ? drawn : null;
      }
      if (script) scripts.push(script);
      else unplanned.push(label);
    }
  }
  return { scripts, unplanned };
}

function scriptFor(
  ctx: Ctx,
  kind: CaseKind,
  target: string,
  variant: number,
  id: number,
  label: string,
): CaseScript | null {
  switch (kind) {
    case 'booking':
      return bookingScript(ctx, target, variant, id, label);
    case 'change':
      return changeScript(ctx, target, variant, id, label);
    case 'refund':
      return refundScript(ctx, target, variant, id, label);
    case 'complaint':
      return complaintScript(ctx, target, variant, id, label);
    default: {
      const unreachable: never = kind;
      throw new Error(`unknown case kind ${String(unreachable)}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Shared helpers

function user(ctx: Ctx, username: string): SessionUser {
  const found = ctx.users[username];
  if (!found) throw new Error(`the seed plan needs user ${username}`);
  return found;
}

function pickUser(ctx: Ctx, usernames: readonly string[]): SessionUser {
  return user(ctx, ctx.random.pick(usernames));
}

function startWithin(ctx: Ctx, [minAgo, maxAgo]: readonly [number, number]): Date {
  return new Date(ctx.present.getTime() - ctx.random.int(minAgo, maxAgo) * MINUTE);
}

function channel(ctx: Ctx): Channel {
  return ctx.random.weighted([
    ['phone', 55],
    ['chat', 30],
    ['email', 10],
    ['walk_in', 5],
  ] as const);
}

function priorityFor(ctx: Ctx, customer: SeedCustomer): Priority {
  if (customer.vipTier === 'platinum') return 'high';
  if (customer.vipTier === 'gold' && ctx.random.chance(0.3)) return 'high';
  return ctx.random.weighted([
    ['normal', 92],
    ['low', 5],
    ['high', 3],
  ] as const);
}

const assign = (who: SessionUser): ClientEvent => ({ type: 'ASSIGN', assigneeId: who.id });
const note = (text: string): ClientEvent => ({ type: 'ADD_NOTE', text });

function routeOf(d: SeedDeparture): string {
  return d.mode === 'event' ? `${d.destination}（${d.origin}）` : `${d.code} ${d.origin}→${d.destination}`;
}

/** MM-DD of the Shanghai calendar day. */
function shanghaiDay(at: Date): string {
  return shanghaiDate(at).slice(5);
}

function bookingFacts(b: SeedBooking, d: SeedDeparture): BookingFacts {
  return {
    bookingId: b._id,
    ref: b.ref,
    ruleSet: b.ruleSet,
    purchasedAt: b.purchasedAt.toISOString(),
    paidAt: b.paidAt ? b.paidAt.toISOString() : null,
    departureId: d._id,
    departureAt: d.departureAt.toISOString(),
    mode: d.mode,
    organizer: d.organizer,
    sale: { channel: b.sale.channel, payment: b.sale.payment, purchaseType: b.sale.purchaseType },
    purchaser: b.sale.purchaser ?? `customer:${b.customerId}`,
    tickets: b.passengers.map((p) => ({
      passengerId: p.passengerId,
      passengerName: p.name,
      passengerType: p.passengerType,
      classCode: p.classCode,
      fareFen: p.fareFen,
      status: p.status,
      changed: p.changed,
    })),
  };
}

function departureFacts(d: SeedDeparture, classCode: string): DepartureFacts | null {
  const fareClass = d.classes.find((c) => c.code === classCode);
  if (!fareClass) return null;
  return {
    departureId: d._id,
    code: d.code,
    mode: d.mode,
    ruleSet: d.ruleSet,
    organizer: d.organizer,
    departureAt: d.departureAt.toISOString(),
    classCode,
    className: fareClass.name,
    priceFen: fareClass.priceFen,
    // The engine reads live inventory; the plan only needs "enough".
    seatsLeft: fareClass.capacity,
    realName: d.realName,
  };
}

function meta(by: SessionUser, at: Date) {
  return { actor: { id: by.id, name: by.name, role: by.role }, at: at.toISOString() };
}

type Candidate = { booking: SeedBooking; departure: SeedDeparture; customer: SeedCustomer };

type BookingNeed = {
  modes: readonly Mode[];
  /** The case starts between these many minutes before the present. */
  ago: readonly [number, number];
  /** Hours from the case's start to the departure: [at least, under]. */
  hoursLeft: readonly [number, number];
  /** Tickets a change may move: active and never changed before. */
  unchangedTickets?: boolean;
  accept?: (c: Candidate) => boolean;
};

/**
 * The first unused booking (in a shuffled order) that fits the need, with a start time inside
 * both windows and after its purchase, for which `build` makes a script; the booking is then
 * reserved for that case.
 */
function findCase(
  ctx: Ctx,
  need: BookingNeed,
  build: (c: Candidate, start: Date) => CaseScript | null,
): CaseScript | null {
  for (const booking of ctx.random.shuffle(ctx.bookings)) {
    if (ctx.reserved.has(booking._id) || booking.status === 'cancelled' || booking.status === 'refunded') continue;
    const departure = ctx.departureById.get(booking.departureId);
    const customer = ctx.customerById.get(booking.customerId);
    if (!departure || !customer || !need.modes.includes(departure.mode)) continue;
    if (usableTickets(booking, need.unchangedTickets ?? false).length === 0) continue;
    const candidate = { booking, departure, customer };
    if (need.accept && !need.accept(candidate)) continue;
    const sold = Math.max(booking.purchasedAt.getTime(), booking.paidAt?.getTime() ?? 0) + 20 * MINUTE;
    const [minHours, maxHours] = need.hoursLeft;
    const from = Math.max(
      ctx.present.getTime() - need.ago[1] * MINUTE,
      sold,
      departure.departureAt.getTime() - maxHours * HOUR,
    );
    const until = Math.min(
      ctx.present.getTime() - need.ago[0] * MINUTE,
      departure.departureAt.getTime() - minHours * HOUR,
    );
    if (from > until) continue;
    const start = new Date(Math.floor((from + ctx.random.next() * (until - from)) / MINUTE) * MINUTE);
    if (start.getTime() < from) continue;
    const script = build(candidate, start);
    if (script && endsInTime(ctx, script)) {
      ctx.reserved.add(booking._id);
      return script;
    }
  }
  return null;
}

/** Every step happens before the present (a minute to spare). */
function endsInTime(ctx: Ctx, script: CaseScript): boolean {
  const last = script.steps[script.steps.length - 1];
  return last !== undefined && last.at.getTime() <= ctx.present.getTime() - MINUTE;
}

/** findCase with each need in turn: the preferred kind of booking first, then the fallbacks. */
function firstCase(
  ctx: Ctx,
  needs: readonly BookingNeed[],
  build: (c: Candidate, start: Date) => CaseScript | null,
): CaseScript | null {
  for (const need of needs) {
    const script = findCase(ctx, need, build);
    if (script) return script;
  }
  return null;
}

/** 12306 sells trains 15 days ahead; flights and shows are on sale long before. */
function onSale(d: SeedDeparture, at: Date): boolean {
  return d.mode !== 'rail' || d.departureAt.getTime() - at.getTime() <= 15 * DAY;
}

function usableTickets(booking: SeedBooking, unchanged: boolean): SeedTicket[] {
  return booking.passengers.filter((p) => p.status === 'active' && !(unchanged && p.changed));
}

// ---------------------------------------------------------------------------------------------
// booking (订票): sales

const BOOKING_WINDOWS: Record<string, readonly [number, number]> = {
  draft: [20, 2 * DAY_MIN],
  quoted: [30, 2 * DAY_MIN],
  passengers_entered: [45, 2 * DAY_MIN],
  // Scripts that stop while the gateway or the hold is still running start minutes ago.
  holding: [10, 16],
  seats_held: [12, 15],
  payment_pending: [13, 18],
  paid: [13, 18],
  ticketed: [90, 4 * DAY_MIN],
  closed: [DAY_MIN, 14 * DAY_MIN],
  cancelled: [DAY_MIN / 2, 10 * DAY_MIN],
};

function saleClass(ctx: Ctx, d: SeedDeparture): string {
  if (d.mode === 'rail')
    return ctx.random.weighted([
      ['O', 80],
      ['M', 20],
    ] as const);
  if (d.mode === 'air') return ctx.random.pick(['Y', 'M', 'H', 'U', 'L', 'W']);
  return ctx.random.pick(d.classes.map((c) => c.code));
}

function bookingScript(ctx: Ctx, target: string, variant: number, id: number, label: string): CaseScript | null {
  const window = BOOKING_WINDOWS[target];
  if (!window) return null;
  const start = startWithin(ctx, window);
  const agent = pickUser(ctx, DESK.sales);
  const customer = ctx.random.pick(ctx.customers);
  const modes: readonly Mode[] = ctx.random.weighted([
    [['rail'], 55],
    [['air'], 30],
    [['event'], 15],
  ] as const);
  const departures = ctx.departures.filter(
    (d) => modes.includes(d.mode) && d.departureAt.getTime() > start.getTime() + 6 * HOUR && onSale(d, start),
  );
  if (departures.length === 0) return null;
  const departure = ctx.random.pick(departures);
  const classCode = saleClass(ctx, departure);
  const travellers = travellersFor(ctx.random, customer, departure);
  const passengers = travellers.map((t) => ({
    name: t.name,
    idType: t.idType,
    idNumber: t.idNumber,
    passengerType: t.passengerType,
  }));

  const b = caseScript(id, 'booking', target, label, start).create(agent, {
    channel: channel(ctx),
    customerId: customer._id,
    bookingId: null,
    subject: `订票：${routeOf(departure)} ${shanghaiDay(departure.departureAt)} ${passengers.length}人`,
    priority: priorityFor(ctx, customer),
  });
  const quote = (code: string): ClientEvent => ({
    type: 'QUOTE',
    departureId: departure._id,
    classCode: code,
    passengerCount: passengers.length,
  });

  if (target === 'draft') {
    if (variant === 0) b.then(2, agent, note(ctx.random.pick(say.BOOKING_NOTES)));
    if (variant === 1) b.then(1, agent, assign(agent));
    return b.build();
  }
  if (target === 'cancelled' && variant === 2) {
    return b.then(3, agent, { type: 'CANCEL', reason: say.CANCEL_REASONS[2] }).build();
  }
  b.then(1, agent, assign(agent)).then(2, agent, quote(classCode));
  if (target === 'quoted') {
    if (variant === 1) {
      const other = departure.classes.find((c) => c.code !== classCode)?.code ?? classCode;
      b.then(3, agent, note('客户想比较不同席别/舱位的价格')).then(2, agent, quote(other));
    }
    if (variant === 2 && customer.vipTier !== 'none')
      b.then(10, user(ctx, 'super1'), { type: 'SET_PRIORITY', priority: 'high' });
    return b.build();
  }
  if (target === 'cancelled' && variant === 0) {
    return b.then(4, agent, { type: 'CANCEL', reason: say.CANCEL_REASONS[0] }).build();
  }
  b.then(3, agent, { type: 'ENTER_PASSENGERS', passengers });
  if (target === 'passengers_entered') {
    if (variant === 1) {
      // The seats were held, the customer never paid: the timer job released them after 15 minutes.
      b.then(2, agent, { type: 'HOLD_SEATS' }).then(
        30,
        agent,
        note('客户未在占座时限内付款，座位已自动释放，客户表示稍后再订'),
      );
    }
    if (variant === 2)
      b.then(20, user(ctx, 'super1'), { type: 'TRANSFER', queue: 'sales', assigneeId: user(ctx, 'agent6').id });
    return b.build();
  }
  if (target === 'holding') return b.then(2, agent, { type: 'HOLD_SEATS' }, { outbox: 'none' }).build();
  b.then(2, agent, { type: 'HOLD_SEATS' });
  if (target === 'seats_held') {
    if (variant === 1)
      b.then(3, agent, { type: 'REQUEST_PAYMENT' }, { declines: [{ kind: 'collect', reason: '银行卡余额不足' }] });
    return b.build();
  }
  if (target === 'cancelled') return b.then(4, agent, { type: 'CANCEL', reason: say.CANCEL_REASONS[1] }).build();
  if (target === 'payment_pending') return b.then(3, agent, { type: 'REQUEST_PAYMENT' }, { outbox: 'none' }).build();
  if (target === 'paid') return b.then(3, agent, { type: 'REQUEST_PAYMENT' }, { outbox: 'once' }).build();
  if (target === 'ticketed' && variant === 1) {
    b.then(
      3,
      agent,
      { type: 'REQUEST_PAYMENT' },
      { declines: [{ kind: 'collect', reason: '支付超时，客户未确认' }] },
    ).then(2, agent, note('首次支付超时，客户重新扫码支付'));
  }
  b.then(3, agent, { type: 'REQUEST_PAYMENT' });
  if (target === 'ticketed') {
    if (variant === 2) b.then(ctx.random.int(5, 40), agent, note('已告知客户电子票号，客户询问能否打印行程单'));
    return b.build();
  }
  if (target === 'closed') return b.then(ctx.random.int(1, 8), agent, { type: 'CLOSE' }).build();
  return null;
}

// ---------------------------------------------------------------------------------------------
// change (改签): changes

type Want = 'pays' | 'receives' | 'zero' | 'allowed' | 'refused';

const CHANGE_WINDOWS: Record<string, readonly [number, number]> = {
  verifying: [15, DAY_MIN],
  choosing: [20, DAY_MIN],
  quoted: [40, 2 * DAY_MIN],
  difference_pending: [11, 16],
  reissuing: [11, 16],
  reissued: [2 * 60, 3 * DAY_MIN],
  closed: [DAY_MIN, 13 * DAY_MIN],
  declined: [DAY_MIN / 2, 12 * DAY_MIN],
  refused: [6 * 60, 12 * DAY_MIN],
};

function changeWant(target: string, variant: number): Want | null {
  switch (target) {
    case 'quoted':
      return 'allowed';
    case 'difference_pending':
      return 'pays';
    case 'reissuing':
      return variant === 0 ? 'receives' : 'pays';
    case 'reissued':
      return (['pays', 'zero', 'receives'] as const)[variant % 3] ?? 'allowed';
    case 'closed':
      return (['zero', 'pays', 'receives', 'allowed', 'allowed'] as const)[variant % 5] ?? 'allowed';
    case 'declined':
      return variant === 0 ? 'allowed' : null;
    case 'refused':
      return 'refused';
    default:
      return null;
  }
}

/** A new departure and class whose quote (the machine's own pricing) is what the script wants. */
function chooseNewDeparture(
  ctx: Ctx,
  c: Candidate,
  passengerIds: string[],
  at: Date,
  by: SessionUser,
  want: Want,
): { departure: SeedDeparture; classCode: string } | null {
  const facts = bookingFacts(c.booking, c.departure);
  // Trains and flights change to the same route; shows to another show of the same organizer.
  const alike = (d: SeedDeparture) =>
    d.mode === 'event'
      ? d.organizer === c.departure.organizer
      : d.origin === c.departure.origin && d.destination === c.departure.destination;
  const options = ctx.random.shuffle(
    ctx.departures.filter(
      (d) =>
        d.mode === c.departure.mode && alike(d) && d.departureAt.getTime() > at.getTime() + 4 * HOUR && onSale(d, at),
    ),
  );
  for (const d of options) {
    for (const fareClass of ctx.random.shuffle(d.classes)) {
      const departure = departureFacts(d, fareClass.code);
      if (!departure) continue;
      const priced = priceChange(facts, { type: 'CHOOSE_DEPARTURE', departure, passengerIds, meta: meta(by, at) });
      if (!priced.ok) continue;
      const { quote } = priced;
      const fits =
        want === 'refused'
          ? quote.refusal !== null
          : quote.refusal === null &&
            (want === 'allowed' ||
              (want === 'pays' && quote.totalPayFen > 0) ||
              (want === 'receives' && quote.totalPayFen < 0) ||
              (want === 'zero' && quote.totalPayFen === 0));
      if (fits) return { departure: d, classCode: fareClass.code };
    }
  }
  return null;
}

function changeScript(ctx: Ctx, target: string, variant: number, id: number, label: string): CaseScript | null {
  const window = CHANGE_WINDOWS[target];
  if (!window) return null;
  const want = changeWant(target, variant);
  const refused = target === 'refused';
  const special = (c: Candidate) => c.booking.passengers.some((p) => p.classCode === 'Z' || p.classCode === 'T');
  const need = (modes: readonly Mode[]): BookingNeed => ({
    modes,
    ago: window,
    hoursLeft: [6, 60 * 24],
    unchangedTickets: true,
    accept: (c) => {
      // The rules refuse changes of special air fares (Z, T) and of shows under the default terms.
      if (c.departure.mode === 'air') return refused === special(c);
      if (c.departure.mode === 'event')
        return refused ? c.departure.organizer === 'default' : c.departure.organizer === 'poly-theatre';
      return !refused;
    },
  });
  const needs: BookingNeed[] = refused
    ? variant < 2
      ? [need(['air']), need(['event'])]
      : [need(['event']), need(['air'])]
    : [
        need(
          want === 'receives' || want === 'zero'
            ? ['rail']
            : ctx.random.weighted([
                [['rail'], 60],
                [['air'], 30],
                [['event'], 10],
              ] as const),
        ),
        need(['rail', 'air']),
      ];
  return firstCase(ctx, needs, (c, start) => {
    const agent = pickUser(ctx, DESK.changes);
    const passengerIds = usableTickets(c.booking, true).map((p) => p.passengerId);
    const selected =
      variant % 2 === 1 && passengerIds.length > 1 && target !== 'refused' ? passengerIds.slice(0, 1) : passengerIds;
    const b = caseScript(id, 'change', target, label, start).create(agent, {
      channel: channel(ctx),
      customerId: c.customer._id,
      bookingId: c.booking._id,
      subject: `改签：${c.booking.ref} ${routeOf(c.departure)} ${shanghaiDay(c.departure.departureAt)}`,
      priority: priorityFor(ctx, c.customer),
    });
    if (target === 'verifying') {
      if (variant === 0) b.then(1, agent, assign(agent));
      if (variant === 1) {
        b.then(1, agent, assign(agent))
          .then(2, agent, { type: 'VERIFY', idNumber: wrongIdNumber(c.customer.idNumber) })
          .then(2, agent, note('客户报的证件号与订单不符，请客户核对后回电'));
      }
      return b.build();
    }
    b.then(1, agent, assign(agent));
    if (target === 'declined' && variant === 1) {
      return b.then(3, agent, { type: 'CUSTOMER_DECLINED', reason: say.DECLINE_REASONS[1] }).build();
    }
    b.then(2, agent, { type: 'VERIFY', idNumber: c.customer.idNumber });
    if (target === 'choosing') {
      if (variant === 1) b.then(3, agent, note(say.CHANGE_NOTES[1]));
      if (variant === 2)
        b.then(15, user(ctx, 'super1'), { type: 'TRANSFER', queue: 'changes', assigneeId: user(ctx, 'agent5').id });
      return b.build();
    }
    if (!want) return null;
    const chooseAt = new Date(b.cursor.getTime() + 3 * MINUTE);
    const choice = chooseNewDeparture(ctx, c, selected, chooseAt, agent, want);
    if (!choice) return null;
    b.then(3, agent, {
      type: 'CHOOSE_DEPARTURE',
      departureId: choice.departure._id,
      classCode: choice.classCode,
      passengerIds: selected,
    });
    if (target === 'refused') return b.build();
    if (target === 'quoted') {
      if (variant === 1) {
        const requoteAt = new Date(b.cursor.getTime() + 4 * MINUTE);
        const other = chooseNewDeparture(ctx, c, selected, requoteAt, agent, 'allowed');
        if (other)
          b.then(4, agent, {
            type: 'REQUOTE',
            departureId: other.departure._id,
            classCode: other.classCode,
            passengerIds: selected,
          });
      }
      if (variant === 2) b.then(2, agent, note(say.CHANGE_NOTES[0]));
      return b.build();
    }
    if (target === 'declined')
      return b.then(4, agent, { type: 'CUSTOMER_DECLINED', reason: say.DECLINE_REASONS[0] }).build();
    if (target === 'difference_pending')
      return b.then(3, agent, { type: 'CUSTOMER_CONFIRMED' }, { outbox: 'none' }).build();
    if (target === 'reissuing')
      return b.then(3, agent, { type: 'CUSTOMER_CONFIRMED' }, { outbox: variant === 0 ? 'none' : 'once' }).build();
    b.then(3, agent, { type: 'CUSTOMER_CONFIRMED' });
    if (target === 'reissued') {
      if (variant === 2) b.then(ctx.random.int(5, 30), agent, note(say.CHANGE_NOTES[3]));
      return b.build();
    }
    if (target === 'closed') return b.then(ctx.random.int(2, 12), agent, { type: 'CLOSE' }).build();
    return null;
  });
}

/** An ID number read out wrong: the last digit before the check character changed. */
function wrongIdNumber(idNumber: string): string {
  const digit = Number(idNumber.at(-2) ?? '0');
  return `${idNumber.slice(0, -2)}${(digit + 3) % 10}${idNumber.slice(-1)}`;
}

// ---------------------------------------------------------------------------------------------
// refund (退票): refunds, approvals, escalations

const REFUND_WINDOWS: Record<string, readonly [number, number]> = {
  verifying: [15, DAY_MIN],
  selecting: [20, DAY_MIN],
  quoted: [25, DAY_MIN],
  awaiting_approval: [40, 2 * DAY_MIN],
  submitting: [11, 16],
  settled: [3 * 60, 4 * DAY_MIN],
  failed: [3 * 60, 4 * DAY_MIN],
  escalated: [DAY_MIN, 6 * DAY_MIN],
  closed: [DAY_MIN, 13 * DAY_MIN],
  declined: [DAY_MIN / 2, 12 * DAY_MIN],
  refused: [20, 3 * 60],
  rejected: [DAY_MIN, 10 * DAY_MIN],
};

/** Refund bands (hours before departure at the quote) that closed refunds cycle through. */
const REFUND_BANDS: readonly (readonly [number, number])[] = [
  [200, 60 * 24],
  [50, 190],
  [25, 47],
  [1, 23],
];

type RefundShape = { approval: boolean; involuntary: boolean; nothingToPay: boolean; refused: boolean };

function refundShape(target: string, variant: number): RefundShape {
  const shape = { approval: false, involuntary: false, nothingToPay: false, refused: false };
  switch (target) {
    case 'awaiting_approval':
      return { ...shape, approval: true, involuntary: variant >= 2 };
    case 'submitting':
      return { ...shape, approval: variant === 1, involuntary: variant === 1 };
    case 'settled':
      return { ...shape, approval: variant === 1, involuntary: variant === 1, nothingToPay: variant === 2 };
    case 'rejected':
      return { ...shape, approval: true, involuntary: true };
    case 'refused':
      return { ...shape, refused: true };
    default:
      return shape;
  }
}

/**
 * The bookings a refund script can use, preferred first, each with the quote shape it leads to:
 * when no booking of the preferred kind fits (the anchor decides which exist), a plainer one does.
 */
function refundNeeds(
  ctx: Ctx,
  target: string,
  variant: number,
  shape: RefundShape,
): { need: BookingNeed; shape: RefundShape }[] {
  // Approved two minutes ago after a while in the approvals queue.
  const ago =
    target === 'submitting' && shape.approval ? ([40, 120] as const) : (REFUND_WINDOWS[target] ?? [60, DAY_MIN]);
  const plain = {
    need: { modes: ['rail', 'air', 'event'], ago, hoursLeft: [3, 60 * 24], accept: refundableEvent(3) } as BookingNeed,
    shape: { ...shape, nothingToPay: false },
  };
  if (shape.refused) {
    // A train that has left cannot be refunded; a show under 48 h away (both organizers' terms) neither.
    const afterDeparture: BookingNeed = { modes: ['rail'], ago: [20, 8 * 60], hoursLeft: [-20, -0.5] };
    const showTooSoon: BookingNeed = { modes: ['event'], ago: [20, 2 * DAY_MIN], hoursLeft: [-20, 46] };
    return (variant === 0 ? [afterDeparture, showTooSoon] : [showTooSoon, afterDeparture]).map((need) => ({
      need,
      shape,
    }));
  }
  if (shape.nothingToPay) {
    const taxesOnly = (c: Candidate) =>
      usableTickets(c.booking, false).every((p) => p.classCode === 'Z' || p.classCode === 'T');
    return [{ need: { modes: ['air'], ago, hoursLeft: [3, 60 * 24], accept: taxesOnly }, shape }, plain];
  }
  if (target === 'escalated' && variant === 2) {
    // Long enough ago for the cn-air 7-working-day deadline to have passed while it waited.
    return [
      {
        need: {
          modes: ['air'],
          ago: [10 * DAY_MIN, 14 * DAY_MIN - 30],
          hoursLeft: [3, 60 * 24],
          accept: notAirSpecial,
        },
        shape,
      },
      plain,
    ];
  }
  if (target === 'closed' && variant < REFUND_BANDS.length) {
    const band = REFUND_BANDS[variant] ?? [3, 60 * 24];
    // Under a day before departure: the case may be from today, the train already gone by now.
    const closedAgo = variant === 3 ? ([10 * 60, 13 * DAY_MIN] as const) : ago;
    return [
      {
        need: {
          modes: variant === 3 ? ['rail', 'air'] : ['rail', 'air', 'event'],
          ago: closedAgo,
          hoursLeft: band,
          accept: refundableEvent(band[0]),
        },
        shape,
      },
      plain,
    ];
  }
  if (shape.involuntary) {
    const preferred: Mode = variant % 2 === 0 ? 'air' : 'rail';
    return [
      { need: { modes: [preferred], ago, hoursLeft: [3, 60 * 24] }, shape },
      { need: { modes: ['rail', 'air'], ago, hoursLeft: [3, 60 * 24] }, shape },
    ];
  }
  if (shape.approval) {
    const large = (c: Candidate) =>
      usableTickets(c.booking, false).reduce((sum, p) => sum + p.fareFen, 0) >
      ctx.caseConfig.refundApprovalThresholdFen * 1.3;
    // No booking large enough: the customer claims the carrier is at fault, which needs approval too.
    return [
      { need: { modes: ['rail', 'air'], ago, hoursLeft: [3, 60 * 24], accept: large }, shape },
      { need: { modes: ['rail', 'air'], ago, hoursLeft: [3, 60 * 24] }, shape: { ...shape, involuntary: true } },
    ];
  }
  return [plain];
}

/** Air tickets whose refund is not a special case (taxes only). */
const notAirSpecial = (c: Candidate) => !c.booking.passengers.some((p) => p.classCode === 'Z' || p.classCode === 'T');

/** Shows are refundable (under both organizers' terms) only 48 h or more ahead. */
function refundableEvent(minHours: number) {
  return (c: Candidate) => (c.departure.mode !== 'event' || minHours >= 50) && notAirSpecial(c);
}

function refundScript(ctx: Ctx, target: string, variant: number, id: number, label: string): CaseScript | null {
  for (const { need, shape } of refundNeeds(ctx, target, variant, refundShape(target, variant))) {
    const script = findCase(ctx, need, (c, start) => refundSteps(ctx, target, variant, id, label, shape, c, start));
    if (script) return script;
  }
  return null;
}

function refundSteps(
  ctx: Ctx,
  target: string,
  variant: number,
  id: number,
  label: string,
  shape: RefundShape,
  c: Candidate,
  start: Date,
): CaseScript | null {
  const agent = pickUser(ctx, DESK.refunds);
  const supervisor = user(ctx, 'super1');
  const tickets = usableTickets(c.booking, false).map((p) => p.passengerId);
  const passengerIds = !shape.approval && variant % 3 === 2 && tickets.length > 1 ? tickets.slice(0, 1) : tickets;
  const reason = shape.involuntary ? say.INVOLUNTARY_REASONS[c.departure.mode] : ctx.random.pick(say.REFUND_REASONS);
  const b = caseScript(id, 'refund', target, label, start).create(agent, {
    channel: channel(ctx),
    customerId: c.customer._id,
    bookingId: c.booking._id,
    subject: `退票：${c.booking.ref} ${routeOf(c.departure)} ${shanghaiDay(c.departure.departureAt)}`,
    priority: priorityFor(ctx, c.customer),
  });
  if (target === 'verifying') {
    if (variant === 1)
      b.then(1, agent, assign(agent)).then(2, agent, { type: 'VERIFY', idNumber: wrongIdNumber(c.customer.idNumber) });
    if (variant === 2) b.then(5, agent, note('客户在外地，稍后提供证件号码'));
    return b.build();
  }
  b.then(1, agent, assign(agent));
  if (target === 'declined' && variant === 1) {
    return b
      .then(2, agent, { type: 'VERIFY', idNumber: c.customer.idNumber })
      .then(4, agent, { type: 'CUSTOMER_DECLINED', reason: say.DECLINE_REASONS[3] })
      .build();
  }
  b.then(2, agent, { type: 'VERIFY', idNumber: c.customer.idNumber });
  if (target === 'selecting') {
    if (variant === 1) b.then(3, agent, note(say.REFUND_NOTES[1]));
    return b.build();
  }

  // The quote the machine will make; the script goes on only if it leads where it should.
  const quoteAt = new Date(b.cursor.getTime() + 3 * MINUTE);
  const priced = priceRefund(bookingFacts(c.booking, c.departure), {
    type: 'QUOTE_REFUND',
    passengerIds,
    involuntary: shape.involuntary,
    reason,
    meta: meta(agent, quoteAt),
  });
  if (!priced.ok) return null;
  const { quote } = priced;
  if (shape.refused !== (quote.refusal !== null)) return null;
  if (!shape.refused && shape.approval !== refundNeedsApproval(quote, ctx.caseConfig)) return null;
  if (!shape.refused && !shape.approval && shape.nothingToPay !== (quote.totalRefundFen === 0)) return null;
  if (target === 'escalated' && variant === 2 && c.departure.mode === 'air') {
    // This one waits long enough for the 7-working-day refund deadline (holidays count) to pass.
    const deadline = refundDeadline({
      ruleSet: c.booking.ruleSet,
      purchasedAt: c.booking.purchasedAt.toISOString(),
      requestedAt: new Date(quoteAt.getTime() + 3 * MINUTE).toISOString(),
    });
    if (!deadline || Date.parse(deadline) > ctx.present.getTime() - HOUR) return null;
  }
  b.then(3, agent, { type: 'QUOTE_REFUND', passengerIds, reason, ...(shape.involuntary ? { involuntary: true } : {}) });
  if (target === 'refused') return b.build();
  if (target === 'quoted') {
    if (variant === 1 && passengerIds.length > 1) {
      b.then(4, agent, note('客户同行人决定继续出行，只退一张')).then(1, agent, {
        type: 'REQUOTE',
        passengerIds: passengerIds.slice(0, 1),
        reason,
      });
    }
    if (variant === 2) b.then(2, agent, note(say.REFUND_NOTES[2]));
    return b.build();
  }
  if (target === 'declined')
    return b.then(4, agent, { type: 'CUSTOMER_DECLINED', reason: say.DECLINE_REASONS[2] }).build();
  if (target === 'submitting' && !shape.approval)
    return b.then(3, agent, { type: 'CUSTOMER_CONFIRMED' }, { outbox: 'none' }).build();

  const declines =
    target === 'failed' || target === 'escalated' || (target === 'closed' && variant >= 4)
      ? [{ kind: 'refund' as const, reason: ctx.random.pick(say.GATEWAY_DECLINES) }]
      : [];
  b.then(3, agent, { type: 'CUSTOMER_CONFIRMED' }, { declines: shape.approval ? [] : declines });
  if (shape.approval) {
    if (target === 'awaiting_approval') {
      if (variant === 0) b.then(ctx.random.int(10, 30), supervisor, note(ctx.random.pick(say.APPROVAL_NOTES)));
      if (variant === 1 && c.customer.vipTier !== 'none')
        b.then(5, supervisor, { type: 'SET_PRIORITY', priority: 'urgent' });
      return b.build();
    }
    if (target === 'rejected')
      return b
        .then(ctx.random.int(30, 240), supervisor, {
          type: 'REJECT',
          reason: say.REJECT_REASONS[c.departure.mode === 'air' ? 1 : 0],
        })
        .build();
    if (target === 'submitting')
      return b
        .thenAt(
          new Date(ctx.present.getTime() - 2 * MINUTE),
          supervisor,
          { type: 'APPROVE', note: '已核实承运人原因，同意全额退款' },
          { outbox: 'none' },
        )
        .build();
    b.then(ctx.random.int(20, 120), supervisor, { type: 'APPROVE', note: ctx.random.pick(say.APPROVAL_NOTES) });
  }
  if (target === 'settled') {
    if (variant === 3) b.then(ctx.random.int(3, 20), agent, note(say.REFUND_NOTES[0]));
    return b.build();
  }
  if (target === 'failed') {
    if (variant === 1)
      b.then(
        ctx.random.int(30, 90),
        agent,
        { type: 'RETRY' },
        { declines: [{ kind: 'refund', reason: say.GATEWAY_DECLINES[1] }] },
      );
    return b.build();
  }
  if (target === 'escalated') {
    return b
      .then(ctx.random.int(10, 60), agent, { type: 'ESCALATE', reason: ctx.random.pick(say.ESCALATE_REFUND_REASONS) })
      .build();
  }
  if (target === 'closed') {
    if (variant === 4) {
      b.then(ctx.random.int(10, 60), agent, { type: 'ESCALATE', reason: say.ESCALATE_REFUND_REASONS[0] })
        .then(ctx.random.int(60, 600), supervisor, note('已与客户确认新的收款银行卡，重新发起退款'))
        .then(5, supervisor, { type: 'RETRY' });
    } else if (variant === 5) {
      return b
        .then(ctx.random.int(10, 60), agent, { type: 'ESCALATE', reason: say.ESCALATE_REFUND_REASONS[1] })
        .then(ctx.random.int(120, 900), supervisor, note('财务已通过银行转账线下退款，凭证已存档'))
        .then(3, supervisor, { type: 'CLOSE' })
        .build();
    }
    return b.then(ctx.random.int(5, 60), agent, { type: 'CLOSE' }).build();
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// complaint (投诉): complaints, escalations

const COMPLAINT_WINDOWS: Record<string, readonly (readonly [number, number])[]> = {
  received: [
    [8, 14],
    [15, 25],
    [150, 300],
    [20 * 60, 30 * 60],
  ],
  acknowledged: [[90, DAY_MIN]],
  investigating: [
    [9 * 60, 5 * DAY_MIN],
    [9 * 60, 5 * DAY_MIN],
    [9 * 60, 5 * DAY_MIN],
    [5 * DAY_MIN, 8 * DAY_MIN],
  ],
  'escalated.handler': [[DAY_MIN, 4 * DAY_MIN]],
  'escalated.supervisor': [[DAY_MIN, 6 * DAY_MIN]],
  resolution_proposed: [[2 * DAY_MIN, 5 * DAY_MIN]],
  resolved: [[2 * DAY_MIN, 6 * DAY_MIN]],
  closed: [[3 * DAY_MIN, 14 * DAY_MIN]],
};

function complaintScript(ctx: Ctx, target: string, variant: number, id: number, label: string): CaseScript | null {
  const windows = COMPLAINT_WINDOWS[target];
  if (!windows) return null;
  const start = startWithin(ctx, windows[variant % windows.length] ?? windows[0] ?? [60, DAY_MIN]);
  // Most complaints are about a trip; some about the service itself.
  const booking = ctx.random.chance(0.7)
    ? ctx.random.pick(ctx.bookings.filter((b) => b.purchasedAt.getTime() < start.getTime() - HOUR))
    : null;
  const customer = booking ? ctx.customerById.get(booking.customerId) : ctx.random.pick(ctx.customers);
  if (!customer) return null;
  const departure = booking ? ctx.departureById.get(booking.departureId) : undefined;
  const topic = ctx.random.pick(say.COMPLAINTS[departure?.mode ?? 'service']);
  const agent = pickUser(ctx, [...DESK.sales, ...DESK.refunds]);
  const handler = pickUser(ctx, DESK.handlers);
  const supervisor = user(ctx, 'super1');
  const b = caseScript(id, 'complaint', target, label, start).create(
    target === 'received' && variant === 3 ? handler : agent,
    {
      channel: target === 'received' && variant === 3 ? 'email' : channel(ctx),
      customerId: customer._id,
      bookingId: booking && variant !== 1 ? booking._id : null,
      subject: booking ? `投诉：${topic}（${booking.ref}）` : `投诉：${topic}`,
      priority: priorityFor(ctx, customer),
    },
  );
  if (target === 'received') return b.build();

  b.then(ctx.random.int(4, 20), agent, { type: 'ACKNOWLEDGE', message: ctx.random.pick(say.ACK_MESSAGES) });
  if (booking && variant === 1) b.then(3, agent, { type: 'LINK_BOOKING', bookingId: booking._id });
  if (target === 'acknowledged') {
    if (variant === 2)
      b.then(ctx.random.int(10, 40), handler, {
        type: 'TRANSFER',
        queue: 'complaints',
        assigneeId: user(ctx, 'handler2').id,
      });
    return b.build();
  }
  if (target === 'escalated.handler' || target === 'escalated.supervisor') {
    // The agent who took the call looks into it, then passes it to a complaint handler.
    b.then(ctx.random.int(5, 30), agent, { type: 'START_INVESTIGATION' })
      .then(ctx.random.int(30, 300), agent, note(ctx.random.pick(say.COMPLAINT_NOTES)))
      .then(ctx.random.int(10, 120), agent, {
        type: 'ESCALATE',
        reason: ctx.random.pick(say.ESCALATE_COMPLAINT_REASONS.handler),
      });
    if (target === 'escalated.handler') {
      if (variant === 1) b.then(ctx.random.int(20, 120), handler, assign(handler));
      return b.build();
    }
    b.then(ctx.random.int(20, 120), handler, assign(handler))
      .then(ctx.random.int(30, 240), handler, note(ctx.random.pick(say.COMPLAINT_NOTES)))
      .then(ctx.random.int(10, 120), handler, {
        type: 'ESCALATE',
        reason: ctx.random.pick(say.ESCALATE_COMPLAINT_REASONS.supervisor),
      });
    if (variant === 2) b.then(ctx.random.int(10, 60), supervisor, assign(supervisor));
    return b.build();
  }
  b.then(ctx.random.int(20, 180), handler, assign(handler)).then(2, handler, { type: 'START_INVESTIGATION' });
  if (target === 'investigating' && variant < 3) {
    b.then(ctx.random.int(30, 300), handler, note(ctx.random.pick(say.COMPLAINT_NOTES)));
    return b.build();
  }

  // A proposal: a voucher or points within the handler's limit, an apology, or a refund.
  const proposal = (
    kind: 'apology' | 'voucher' | 'points' | 'refund',
    amountFen: number,
    text: string,
  ): ClientEvent => ({ type: 'PROPOSE_RESOLUTION', kind, amountFen, text });
  const offers = [
    proposal('voucher', 10_000, '致歉并赠送 100 元代金券，下次购票可用'),
    proposal('points', 5_000, '致歉并赠送 5000 积分'),
    proposal('apology', 0, '书面致歉，并已将问题反馈至相关部门整改'),
    proposal('refund', 15_000, '致歉并退还 150 元作为补偿'),
  ] as const;
  b.then(ctx.random.int(60, 24 * 60), handler, note(ctx.random.pick(say.COMPLAINT_NOTES)));
  if (target === 'closed' && variant === 3) {
    b.then(ctx.random.int(10, 60), handler, offers[2]).then(ctx.random.int(30, 300), handler, {
      type: 'CUSTOMER_REJECTED',
      reason: say.REJECTION_REASONS[0],
    });
  }
  const offer =
    target === 'resolved' && variant === 1
      ? offers[3]
      : target === 'resolved' && variant === 2
        ? offers[2]
        : (offers[variant % 2] ?? offers[0]);
  b.then(ctx.random.int(10, 120), handler, offer);
  if (target === 'resolution_proposed') return b.build();
  const declines =
    target === 'resolved' && variant === 1 ? [{ kind: 'refund' as const, reason: say.GATEWAY_DECLINES[2] }] : [];
  // Four eyes above ¥50: a colleague records the customer's acceptance of the handler's proposal.
  const colleague = [user(ctx, 'handler1'), user(ctx, 'handler2')].find((u) => u.id !== handler.id) ?? supervisor;
  const acceptedBy =
    ((offer as { amountFen?: number }).amountFen ?? 0) >
    (ctx.caseConfig.compensationFourEyesFen ?? DEFAULT_FOUR_EYES_FEN)
      ? colleague
      : handler;
  b.then(ctx.random.int(30, 600), acceptedBy, { type: 'CUSTOMER_ACCEPTED' }, { declines });
  if (target === 'resolved') return b.build();
  b.then(ctx.random.int(10, 120), handler, { type: 'CLOSE' });
  if (target === 'investigating') {
    // Closed, then the customer came back within the 7-day window.
    return b
      .then(ctx.random.int(DAY_MIN, 3 * DAY_MIN), handler, {
        type: 'REOPEN',
        reason: ctx.random.pick(say.REOPEN_REASONS),
      })
      .build();
  }
  return target === 'closed' ? b.build() : null;
}
