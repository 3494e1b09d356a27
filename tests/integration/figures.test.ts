/**
 * Figures the console shows that must be current, against MongoDB: where an escalated complaint
 * lands and who still sees it, breached due times that stay counted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fireDueTimers } from '../../server/src/cases/jobs';
import { effectHandlers } from '../../server/src/cases/effects';
import { DepartureModel } from '../../server/src/db/models/departure';
import { connectTestDatabase } from '../support/deps';
import { engineTestContext, newKey, step, type Caller } from '../support/engine-steps';
import { createPlatformFixtures, type PlatformFixtures } from '../support/platform';

let cleanup: () => Promise<void>;
let fx: PlatformFixtures;

beforeAll(async () => {
  cleanup = await connectTestDatabase('figures');
  fx = await createPlatformFixtures();
});
afterAll(async () => cleanup());

const key = () => newKey('figures');
const setup = () => engineTestContext('2026-05-05T09:00:00+08:00');

async function investigatingComplaint(handler: Caller) {
  let c = await handler.cases.create({
    kind: 'complaint',
    channel: 'phone',
    customerId: fx.customers.zhang,
    subject: '投诉：列车晚点',
    idempotencyKey: key(),
  });
  // The handler who opens it works it.
  expect(c.assignee?.id).toBe(fx.users.complaint_handler.id);
  c = await step(handler, c, { type: 'ACKNOWLEDGE', message: '您好，我们已收到您的投诉' });
  return step(handler, c, { type: 'START_INVESTIGATION' });
}

describe('complaint escalation', () => {
  it("sends a handler's escalation to the supervisors and keeps the handler watching it", async () => {
    const { as, publisher } = setup();
    const handler = as(fx.users.complaint_handler);
    let c = await investigatingComplaint(handler);
    c = await step(handler, c, { type: 'ESCALATE', reason: '客户要求主管处理' });
    expect({ state: c.state, queue: c.queue, assignee: c.assignee }).toEqual({
      state: 'escalated.supervisor',
      queue: 'escalations',
      assignee: null,
    });

    // The supervisors see it in their escalations queue; the handler still finds it among their cases.
    const board = await as(fx.users.supervisor).queue.snapshot({ queues: ['escalations'] });
    expect(board.items.map((i) => i.id)).toContain(c.id);
    const mine = await handler.queue.snapshot({ mine: true });
    expect(mine.items.find((i) => i.id === c.id)?.watchers).toEqual([
      { id: fx.users.complaint_handler.id, name: fx.users.complaint_handler.name },
    ]);

    // Later changes by the supervisor still reach the handler's own room.
    const supervisor = as(fx.users.supervisor);
    c = await step(supervisor, c, { type: 'ADD_NOTE', text: '已联系客户' });
    expect(publisher.pushes.at(-1)?.item.watchers?.map((w) => w.id)).toEqual([fx.users.complaint_handler.id]);
  });
});

describe('breached due times', () => {
  it('keeps a breached first response on the queue item after its timer has fired', async () => {
    const { as, clock, deps } = setup();
    const agent = as(fx.users.agent);
    const c = await agent.cases.create({
      kind: 'complaint',
      channel: 'chat',
      customerId: null,
      subject: '投诉：无人回复',
      idempotencyKey: key(),
    });
    const dueAt = c.nextDueAt;
    expect(c.nextDueEvent).toBe('FIRST_RESPONSE_DUE');
    clock.advance(3 * 3_600_000);
    expect(await fireDueTimers(deps)).toBeGreaterThan(0);

    const board = await as(fx.users.supervisor).queue.snapshot({ queues: ['complaints'] });
    const item = board.items.find((i) => i.id === c.id);
    // The fired timer is gone from the due times, but the breach is still on the item to show and count.
    expect(item?.nextDueEvent).toBe('RESOLUTION_DUE');
    expect(item?.breach).toEqual({ event: 'FIRST_RESPONSE_DUE', dueAt });
  });
});

describe('seats of one booking', () => {
  async function railDeparture(code: string, seatsLeft: number) {
    const departure = await DepartureModel.create({
      mode: 'rail',
      code,
      origin: 'BJP',
      destination: 'SHH',
      departureAt: new Date('2026-05-20T08:00:00+08:00'),
      ruleSet: 'cn-rail',
      classes: [{ code: 'O', name: '二等座', priceFen: 55_300, seatsLeft }],
    });
    return departure._id.toHexString();
  }
  const carriages = (seats: string[]) => new Set(seats.map((seat) => seat.slice(0, 3)));

  it('holds a party in one carriage when the seats counted down would cross into the next', async () => {
    const { deps } = setup();
    const departureId = await railDeparture('G7001', 102);
    const held = await effectHandlers['inventory.hold'](
      deps,
      { departureId, classCode: 'O', count: 4 },
      { key: 'figures-hold-1', caseId: 'c1' },
    );
    const seats = held.event?.type === 'SEATS_HELD' ? (held.event.seats as string[]) : [];
    expect(seats).toHaveLength(4);
    expect(carriages(seats)).toEqual(new Set(['01车']));
    // The next party gets other seats.
    const next = await effectHandlers['inventory.hold'](
      deps,
      { departureId, classCode: 'O', count: 2 },
      { key: 'figures-hold-2', caseId: 'c2' },
    );
    const nextSeats = next.event?.type === 'SEATS_HELD' ? (next.event.seats as string[]) : [];
    expect(nextSeats.filter((seat) => seats.includes(seat))).toEqual([]);
    expect(carriages(nextSeats).size).toBe(1);
  });

  it('still holds the seats when no carriage has room for the whole party', async () => {
    const { deps } = setup();
    const departureId = await railDeparture('G7002', 3);
    const held = await effectHandlers['inventory.hold'](
      deps,
      { departureId, classCode: 'O', count: 3 },
      { key: 'figures-hold-3', caseId: 'c3' },
    );
    expect(held.event?.type).toBe('SEATS_HELD');
  });
});
