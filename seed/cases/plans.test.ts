import { describe, expect, it } from 'vitest';
import type { SessionUser } from '../../shared/auth';
import { defaultCaseConfig } from '../../workflows/machines/contract';
import { clientEventSchemas } from '../../shared/case-events';
import { DEMO_USERS } from '../index';
import { createRandom } from '../random';
import { generateCustomers } from '../customers';
import { generateDepartures } from '../departures';
import { generateBookings } from '../bookings';
import { DAY, MINUTE } from '../time';
import { allCaseStates } from './machine-states';
import { CASE_PLAN, planCaseScripts, type PlanInput } from './plans';

const users: Record<string, SessionUser> = Object.fromEntries(
  DEMO_USERS.map((u, i) => [
    u.username,
    {
      id: (i + 1).toString(16).padStart(24, '0'),
      username: u.username,
      name: u.name,
      role: u.role,
      queues: [...u.queues],
    },
  ]),
);

function inputFor(anchor: Date): PlanInput {
  const stream = (part: string) => createRandom(`${anchor.toISOString()}:${part}`);
  const customers = generateCustomers(stream('customers'), anchor);
  const departures = generateDepartures(stream('departures'), anchor);
  const { bookings } = generateBookings(stream('bookings'), anchor, customers, departures);
  return {
    random: stream('cases'),
    present: anchor,
    users,
    customers,
    departures,
    bookings,
    caseConfig: defaultCaseConfig,
  };
}

const anchor = new Date('2026-05-10T00:00:00+08:00');
const plan = planCaseScripts(inputFor(anchor));

describe('the case plan', () => {
  it('plans 120 cases, at least one ending in every state of every machine', () => {
    expect(CASE_PLAN.reduce((sum, s) => sum + s.count, 0)).toBe(120);
    expect(plan.unplanned).toEqual([]);
    expect(plan.scripts).toHaveLength(120);
    const targets = new Set(plan.scripts.map((s) => `${s.kind}/${s.target}`));
    expect(allCaseStates().filter((state) => !targets.has(state))).toEqual([]);
    expect([...targets].filter((t) => !allCaseStates().includes(t))).toEqual([]);
  });

  it('starts cases over the last 14 days and finishes every step before the anchor', () => {
    for (const script of plan.scripts) {
      const first = script.steps[0];
      const last = script.steps[script.steps.length - 1];
      if (!first || !last) throw new Error(`${script.label} has no steps`);
      expect(first.action.type, script.label).toBe('create');
      expect(first.at.getTime(), script.label).toBeGreaterThanOrEqual(anchor.getTime() - 14 * DAY);
      expect(last.at.getTime(), script.label).toBeLessThanOrEqual(anchor.getTime() - MINUTE);
      for (let i = 1; i < script.steps.length; i++) {
        expect(script.steps[i]?.at.getTime(), script.label).toBeGreaterThan(script.steps[i - 1]?.at.getTime() ?? 0);
      }
    }
  });

  it('sends only events the console could send, as people who may send them', () => {
    for (const script of plan.scripts) {
      for (const step of script.steps) {
        if (step.action.type !== 'send') continue;
        const schema = clientEventSchemas[script.kind][step.action.event.type];
        expect(schema, `${script.label} ${step.action.event.type}`).toBeDefined();
        expect(
          schema?.safeParse(step.action.event).success,
          `${script.label} ${JSON.stringify(step.action.event)}`,
        ).toBe(true);
        expect(step.by.role).not.toBe('qa');
      }
    }
  });

  it('has different people act, take notes, assign and transfer', () => {
    const actors = new Set(plan.scripts.flatMap((s) => s.steps.map((step) => step.by.username)));
    expect(actors.size).toBeGreaterThanOrEqual(8);
    const events = plan.scripts.flatMap((s) =>
      s.steps.flatMap((step) => (step.action.type === 'send' ? [step.action.event.type] : [])),
    );
    for (const type of ['ADD_NOTE', 'ASSIGN', 'TRANSFER', 'SET_PRIORITY', 'ESCALATE', 'REOPEN'])
      expect(events, type).toContain(type);
  });

  it('is the same for the same anchor, and finds every state for other anchors too', () => {
    expect(planCaseScripts(inputFor(anchor))).toEqual(plan);
    for (const day of ['2026-01-28', '2026-07-01', '2026-10-01', '2027-02-10']) {
      const other = planCaseScripts(inputFor(new Date(`${day}T00:00:00+08:00`)));
      expect(other.unplanned, day).toEqual([]);
    }
  });
});
