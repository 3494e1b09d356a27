import { describe, expect, it } from 'vitest';
import type { AnyMachineSnapshot, EventObject } from 'xstate';
import { defaultCaseConfig } from './contract';
import {
  compensationLimitFor,
  complaintEventRoles,
  complaintMachine,
  complaintStateLabels,
  explainComplaintRefusal,
  projectComplaint,
  type ComplaintContext,
  type ComplaintEvent,
} from './complaint';
import { acceptedEvents, allowedEvents } from './registry';
import { actors, at, caseInput, railBooking, stamp } from './testing/fixtures';
import { explore, leafStatePaths } from './testing/coverage';
import { path, persistAndRestore, send, sendAll, start } from './testing/drive';

type Who = (typeof actors)[keyof typeof actors];
const input = caseInput('complaint');
const DAY = 24 * 60;

const acknowledge = stamp({ type: 'ACKNOWLEDGE', message: '您好，我们已收到您的投诉' }, actors.agent, at(5));
const investigate = stamp({ type: 'START_INVESTIGATION' }, actors.agent, at(6));
const escalate = (who: Who = actors.handler) =>
  stamp({ type: 'ESCALATE', reason: 'customer wants a manager' }, who, at(7));
const propose = (kind: 'apology' | 'voucher' | 'points' | 'refund', amountFen: number, who: Who = actors.supervisor) =>
  stamp({ type: 'PROPOSE_RESOLUTION', kind, amountFen, text: 'sorry for the delay' }, who, at(8));
const accepted = stamp({ type: 'CUSTOMER_ACCEPTED' }, actors.handler, at(9));
const rejected = stamp({ type: 'CUSTOMER_REJECTED', reason: 'not enough' }, actors.handler, at(9));
const issued = stamp({ type: 'COMPENSATION_ISSUED', reference: 'CMP-1' }, actors.system, at(10));
const refundSettled = stamp({ type: 'REFUND_SETTLED', gatewayRef: 'GW-3' }, actors.system, at(10));
const refundFailed = stamp({ type: 'REFUND_FAILED', reason: 'bank offline' }, actors.system, at(10));
const retryCompensation = stamp({ type: 'RETRY_COMPENSATION' }, actors.handler, at(11));
const close = (when = at(12)) => stamp({ type: 'CLOSE' }, actors.handler, when);
const reopen = (when = at(60)) => stamp({ type: 'REOPEN', reason: 'the voucher never arrived' }, actors.handler, when);
const firstResponseDue = (when = at(31)) => stamp({ type: 'FIRST_RESPONSE_DUE' }, actors.system, when);
const resolutionDue = (when = at(73 * 60)) => stamp({ type: 'RESOLUTION_DUE' }, actors.system, when);

const samples: EventObject[] = [
  acknowledge,
  investigate,
  escalate(actors.agent),
  escalate(),
  propose('apology', 0),
  propose('voucher', 5_000),
  propose('points', 1_000),
  propose('refund', 10_000),
  accepted,
  rejected,
  issued,
  refundSettled,
  refundFailed,
  retryCompensation,
  close(),
  reopen(),
  firstResponseDue(),
  resolutionDue(),
  stamp({ type: 'ASSIGN', assignee: { id: actors.handler.id, name: actors.handler.name } }),
  stamp({ type: 'UNASSIGN' }),
  stamp({ type: 'TRANSFER', queue: 'escalations' }),
  stamp({ type: 'ADD_NOTE', noteId: 'n1', text: 'note' }),
  stamp({ type: 'SET_PRIORITY', priority: 'high' }, actors.supervisor),
  stamp({ type: 'LINK_CUSTOMER', customerId: '6650a1b2c3d4e5f6000000c2' }),
  stamp({ type: 'LINK_BOOKING', booking: { ...railBooking, bookingId: '6650a1b2c3d4e5f6000000b9' } }),
];

const ctx = (s: AnyMachineSnapshot) => s.context as ComplaintContext;
const initial = (i = input) => start(complaintMachine, i).snapshot;
const investigating = () => sendAll(complaintMachine, initial(), [acknowledge, investigate]).snapshot;
const resolvedWith = (kind: 'apology' | 'voucher' | 'points' | 'refund', amountFen: number) =>
  sendAll(complaintMachine, investigating(), [propose(kind, amountFen), accepted]);

describe('complaint machine: every state and event', () => {
  const last = (s: AnyMachineSnapshot) => ctx(s).compensations[ctx(s).compensations.length - 1];
  const exploration = explore(
    complaintMachine,
    input,
    () => samples,
    (s) => [
      ctx(s).proposal?.kind ?? null,
      last(s)?.status ?? null,
      ctx(s).timers.map((t) => t.key),
      ctx(s).assignee !== null,
    ],
  );

  it('reaches every state', () => {
    expect([...exploration.states].sort()).toEqual(leafStatePaths(complaintMachine).sort());
    expect(Object.keys(complaintStateLabels).sort()).toEqual(leafStatePaths(complaintMachine).sort());
  });

  it('takes every event somewhere', () => {
    expect([...exploration.takenEvents].sort()).toEqual(Object.keys(complaintEventRoles).sort());
  });

  const openCommon = [
    'ASSIGN',
    'UNASSIGN',
    'TRANSFER',
    'ADD_NOTE',
    'SET_PRIORITY',
    'LINK_CUSTOMER',
    'LINK_BOOKING',
    'FIRST_RESPONSE_DUE',
    'RESOLUTION_DUE',
  ];
  const own: Record<string, string[]> = {
    received: ['ACKNOWLEDGE', ...openCommon],
    acknowledged: ['START_INVESTIGATION', ...openCommon],
    investigating: ['ESCALATE', 'PROPOSE_RESOLUTION', ...openCommon],
    'escalated.handler': ['ESCALATE', 'PROPOSE_RESOLUTION', ...openCommon],
    'escalated.supervisor': ['PROPOSE_RESOLUTION', ...openCommon],
    resolution_proposed: ['CUSTOMER_ACCEPTED', 'CUSTOMER_REJECTED', ...openCommon],
    resolved: ['COMPENSATION_ISSUED', 'REFUND_SETTLED', 'REFUND_FAILED', 'RETRY_COMPENSATION', 'CLOSE', ...openCommon],
    // Closed but not final: only REOPEN.
    closed: ['REOPEN'],
  };
  it.each(Object.entries(own))('state %s accepts exactly its events', (state, events) => {
    const found = exploration.paths.find((p) => path(p.state) === state);
    expect(found, `no path to ${state}`).toBeDefined();
    expect(acceptedEvents(found!.state).sort()).toEqual([...events].sort());
  });
});

describe('complaint machine: SLA timers', () => {
  it('sets both timers from the creation time', () => {
    expect(ctx(initial()).timers).toEqual([
      { key: 'firstResponse', event: 'FIRST_RESPONSE_DUE', dueAt: at(30) },
      { key: 'resolution', event: 'RESOLUTION_DUE', dueAt: at(72 * 60) },
    ]);
  });

  it('clears the first-response timer on acknowledgement and tells the customer', () => {
    const acked = send(complaintMachine, initial(), acknowledge);
    expect(ctx(acked.snapshot).timers.map((t) => t.key)).toEqual(['resolution']);
    expect(acked.effects).toEqual([
      {
        name: 'notify.customer',
        params: {
          customerId: input.customerId,
          template: 'complaint_ack',
          params: { ref: input.ref, message: acknowledge.message },
        },
      },
    ]);
    expect(send(complaintMachine, acked.snapshot, firstResponseDue()).accepted).toBe(false);
  });

  it('records a breach and raises the priority without changing state', () => {
    expect(send(complaintMachine, initial(), firstResponseDue(at(29))).accepted).toBe(false);
    const late = send(complaintMachine, initial(), firstResponseDue()).snapshot;
    expect(path(late)).toBe('received');
    expect(ctx(late).priority).toBe('high');
    expect(ctx(late).breaches).toEqual([
      { key: 'firstResponse', event: 'FIRST_RESPONSE_DUE', dueAt: at(30), at: at(31) },
    ]);
    const veryLate = send(complaintMachine, late, resolutionDue()).snapshot;
    expect(path(veryLate)).toBe('received');
    expect(ctx(veryLate).priority).toBe('urgent');
    expect(ctx(veryLate).timers).toEqual([]);
  });

  it('clears the resolution timer when the customer accepts', () => {
    expect(ctx(resolvedWith('apology', 0).snapshot).timers).toEqual([]);
  });
});

describe('complaint machine: escalation and roles', () => {
  it('lets an agent escalate to a handler but not further', () => {
    const atHandler = send(complaintMachine, investigating(), escalate(actors.agent)).snapshot;
    expect(path(atHandler)).toBe('escalated.handler');
    expect(ctx(atHandler).queue).toBe('complaints');
    const agentAgain = escalate(actors.agent) as ComplaintEvent;
    expect(send(complaintMachine, atHandler, agentAgain).accepted).toBe(false);
    expect(explainComplaintRefusal(atHandler, agentAgain)?.en).toMatch(/for complaint handlers/);
    expect(allowedEvents('complaint', atHandler, 'agent')).not.toContain('ESCALATE');
    expect(allowedEvents('complaint', atHandler, 'complaint_handler')).toContain('ESCALATE');

    const atSupervisor = send(complaintMachine, atHandler, escalate(actors.handler)).snapshot;
    expect(path(atSupervisor)).toBe('escalated.supervisor');
    expect(ctx(atSupervisor)).toMatchObject({ queue: 'escalations', assignee: null, priority: 'high' });
    expect(ctx(atSupervisor).escalations.map((e) => e.level)).toEqual(['handler', 'supervisor']);
  });

  it("sends a handler's own escalation to the supervisors, and keeps whoever escalated watching", () => {
    const s = send(complaintMachine, investigating(), escalate(actors.handler)).snapshot;
    expect(path(s)).toBe('escalated.supervisor');
    expect(ctx(s)).toMatchObject({ queue: 'escalations', assignee: null, priority: 'high' });
    expect(ctx(s).watchers.map((w) => w.id)).toEqual([actors.handler.id]);
    const viaAgent = sendAll(complaintMachine, investigating(), [
      escalate(actors.agent),
      escalate(actors.handler),
    ]).snapshot;
    expect(ctx(viaAgent).watchers.map((w) => w.id)).toEqual([actors.agent.id, actors.handler.id]);
  });

  it('keeps proposing and closing for complaint handlers, supervisors and admins', () => {
    for (const event of ['PROPOSE_RESOLUTION', 'CUSTOMER_ACCEPTED', 'CUSTOMER_REJECTED', 'CLOSE', 'REOPEN'] as const) {
      expect(complaintEventRoles[event]).toEqual(['complaint_handler', 'supervisor', 'admin']);
    }
    expect(complaintEventRoles.ACKNOWLEDGE).toContain('agent');
    expect(complaintEventRoles.ACKNOWLEDGE).not.toContain('qa');
  });
});

describe('complaint machine: compensation limits', () => {
  it('reads the limit of the proposer’s role from the config', () => {
    expect(compensationLimitFor('agent', defaultCaseConfig)).toBe(0);
    expect(compensationLimitFor('complaint_handler', defaultCaseConfig)).toBe(20_000);
    expect(compensationLimitFor('supervisor', defaultCaseConfig)).toBe(200_000);
    expect(compensationLimitFor('system', defaultCaseConfig)).toBe(0);
  });

  it('accepts a proposal within the limit and refuses one above it with the reason', () => {
    const s = investigating();
    expect(send(complaintMachine, s, propose('voucher', 20_000, actors.handler)).accepted).toBe(true);
    const over = propose('voucher', 20_001, actors.handler) as ComplaintEvent;
    expect(send(complaintMachine, s, over).accepted).toBe(false);
    expect(explainComplaintRefusal(s, over)?.en).toBe(
      'Compensation of ¥200.01 is above your limit of ¥200.00; escalate to a supervisor',
    );
    expect(send(complaintMachine, s, propose('voucher', 20_001, actors.supervisor)).accepted).toBe(true);
    expect(send(complaintMachine, s, propose('refund', 200_001, actors.supervisor)).accepted).toBe(false);
  });

  it('always allows an apology, which carries no amount', () => {
    const s = investigating();
    expect(send(complaintMachine, s, propose('apology', 0, actors.handler)).accepted).toBe(true);
    const withAmount = propose('apology', 100, actors.handler) as ComplaintEvent;
    expect(send(complaintMachine, s, withAmount).accepted).toBe(false);
    expect(explainComplaintRefusal(s, withAmount)?.en).toBe('An apology carries no amount');
    expect(send(complaintMachine, s, propose('voucher', 0, actors.handler)).accepted).toBe(false);
  });

  it('needs a customer for any compensation with an amount (it counts against their total)', () => {
    const s = sendAll(complaintMachine, initial(caseInput('complaint', { customerId: null })), [
      acknowledge,
      investigate,
    ]).snapshot;
    const voucher = propose('voucher', 1_000) as ComplaintEvent;
    expect(send(complaintMachine, s, voucher).accepted).toBe(false);
    expect(explainComplaintRefusal(s, voucher)?.en).toMatch(/Link a customer/);
    expect(send(complaintMachine, s, propose('refund', 1_000)).accepted).toBe(false);
    expect(send(complaintMachine, s, propose('apology', 0)).accepted).toBe(true);
  });
});

describe('complaint machine: compensation running totals and four eyes', () => {
  const acceptAs = (who: Who) => stamp({ type: 'CUSTOMER_ACCEPTED' }, who, at(9)) as ComplaintEvent;

  it('does not let the proposer record the acceptance above ¥50, and does below', () => {
    const big = send(complaintMachine, investigating(), propose('voucher', 5_001, actors.handler)).snapshot;
    expect(send(complaintMachine, big, acceptAs(actors.handler)).accepted).toBe(false);
    expect(explainComplaintRefusal(big, acceptAs(actors.handler))?.en).toMatch(
      /The person who proposed a compensation above ¥50.00 cannot also record/,
    );
    expect(send(complaintMachine, big, acceptAs(actors.supervisor)).accepted).toBe(true);
    const refund = send(complaintMachine, investigating(), propose('refund', 10_000, actors.handler)).snapshot;
    expect(send(complaintMachine, refund, acceptAs(actors.handler)).accepted).toBe(false);
    const small = send(complaintMachine, investigating(), propose('voucher', 5_000, actors.handler)).snapshot;
    expect(send(complaintMachine, small, acceptAs(actors.handler)).accepted).toBe(true);
  });

  it('counts the case’s earlier compensation and the customer’s recent total against the limit', () => {
    const given = sendAll(complaintMachine, investigating(), [
      propose('voucher', 150_000),
      accepted,
      issued,
      close(),
      reopen(),
    ]).snapshot;
    const more = propose('voucher', 60_000, actors.supervisor) as ComplaintEvent;
    expect(send(complaintMachine, given, more).accepted).toBe(false);
    expect(explainComplaintRefusal(given, more)?.en).toBe(
      'This case already gave ¥1,500.00; another ¥600.00 is above your limit of ¥2,000.00; escalate to a supervisor',
    );
    expect(send(complaintMachine, given, propose('voucher', 50_000, actors.supervisor)).accepted).toBe(true);
    const recent = {
      ...propose('voucher', 10_000, actors.handler),
      customerRecentCompensationFen: 15_000,
    } as ComplaintEvent;
    expect(send(complaintMachine, investigating(), recent).accepted).toBe(false);
    expect(explainComplaintRefusal(investigating(), recent)?.en).toMatch(/got ¥150.00 in the last 30 days/);
  });

  it('needs a supervisor for new compensation once reopened; an apology stays free', () => {
    const reopened = sendAll(complaintMachine, investigating(), [
      propose('apology', 0),
      accepted,
      close(),
      reopen(),
    ]).snapshot;
    const byHandler = propose('voucher', 1_000, actors.handler) as ComplaintEvent;
    expect(send(complaintMachine, reopened, byHandler).accepted).toBe(false);
    expect(explainComplaintRefusal(reopened, byHandler)?.en).toMatch(/reopened complaint needs a supervisor/);
    expect(send(complaintMachine, reopened, propose('voucher', 1_000, actors.supervisor)).accepted).toBe(true);
    expect(send(complaintMachine, reopened, propose('apology', 0, actors.handler)).accepted).toBe(true);
  });
});

describe('complaint machine: resolving', () => {
  it('issues a voucher and closes once it is issued', () => {
    const resolved = resolvedWith('voucher', 5_000);
    expect(path(resolved.snapshot)).toBe('resolved');
    expect(resolved.effects).toEqual([
      { name: 'compensation.issue', params: { customerId: input.customerId, type: 'voucher', amountFen: 5_000 } },
      {
        name: 'notify.customer',
        params: {
          customerId: input.customerId,
          template: 'complaint_resolved',
          params: { ref: input.ref, kind: 'voucher', amountFen: 5_000, text: 'sorry for the delay' },
        },
      },
    ]);
    expect(send(complaintMachine, resolved.snapshot, close()).accepted).toBe(false);
    expect(explainComplaintRefusal(resolved.snapshot, close() as ComplaintEvent)?.en).toMatch(/not been issued yet/);
    const done = send(complaintMachine, resolved.snapshot, issued).snapshot;
    expect(ctx(done).compensations).toEqual([
      { kind: 'voucher', amountFen: 5_000, status: 'issued', reference: 'CMP-1', failures: [] },
    ]);
    const closed = send(complaintMachine, done, close()).snapshot;
    expect(path(closed)).toBe('closed');
    expect(ctx(closed).closedAt).toBe(at(12));
  });

  it('gives points through compensation.issue', () => {
    expect(resolvedWith('points', 1_000).effects[0]).toEqual({
      name: 'compensation.issue',
      params: { customerId: input.customerId, type: 'points', amountFen: 1_000 },
    });
  });

  it('pays a money refund through refund.submit and retries it after a failure', () => {
    const resolved = resolvedWith('refund', 10_000);
    expect(resolved.effects[0]).toEqual({
      name: 'refund.submit',
      params: { amountFen: 10_000, bookingId: null, passengerIds: [], reason: `complaint_compensation:${input.ref}` },
    });
    const failed = send(complaintMachine, resolved.snapshot, refundFailed).snapshot;
    expect(ctx(failed).priority).toBe('high');
    expect(send(complaintMachine, failed, close()).accepted).toBe(false);
    const retried = send(complaintMachine, failed, retryCompensation);
    expect(retried.effects).toEqual([
      { name: 'refund.submit', params: expect.objectContaining({ amountFen: 10_000 }) },
    ]);
    const settled = send(complaintMachine, retried.snapshot, refundSettled).snapshot;
    expect(ctx(settled).compensations[0]).toMatchObject({
      status: 'issued',
      reference: 'GW-3',
      failures: [{ reason: 'bank offline' }],
    });
    expect(send(complaintMachine, settled, close()).accepted).toBe(true);
  });

  it('closes an apology at once, with only a notification', () => {
    const resolved = resolvedWith('apology', 0);
    expect(resolved.effects.map((e) => e.name)).toEqual(['notify.customer']);
    expect(send(complaintMachine, resolved.snapshot, close()).accepted).toBe(true);
  });

  it('goes back to investigating when the customer rejects, keeping the rejected proposal', () => {
    const s = sendAll(complaintMachine, investigating(), [
      escalate(actors.agent),
      escalate(),
      propose('voucher', 5_000),
      rejected,
    ]).snapshot;
    expect(path(s)).toBe('investigating');
    expect(ctx(s)).toMatchObject({
      proposal: null,
      queue: 'complaints',
      rejectedProposals: [{ kind: 'voucher', amountFen: 5_000, reason: 'not enough' }],
    });
  });
});

describe('complaint machine: closed and reopened', () => {
  const closedAt12 = () => sendAll(complaintMachine, resolvedWith('apology', 0).snapshot, [close()]).snapshot;

  it('is closed but not final: only REOPEN is accepted', () => {
    const s = closedAt12();
    expect(s.status).toBe('active');
    expect(ctx(s).timers).toEqual([]);
    expect(send(complaintMachine, s, stamp({ type: 'ADD_NOTE', noteId: 'n9', text: 'late' })).accepted).toBe(false);
    expect(allowedEvents('complaint', s, 'complaint_handler')).toEqual(['REOPEN']);
    expect(allowedEvents('complaint', s, 'agent')).toEqual([]);
  });

  it('reopens within 7 days of closing, with a fresh resolution deadline', () => {
    const s = closedAt12();
    const lastMoment = reopen(at(12 + 7 * DAY));
    const reopened = send(complaintMachine, s, lastMoment).snapshot;
    expect(path(reopened)).toBe('investigating');
    expect(ctx(reopened)).toMatchObject({
      closedAt: null,
      queue: 'complaints',
      reopenings: [{ at: lastMoment.meta.at, reason: lastMoment.reason }],
    });
    expect(ctx(reopened).timers).toEqual([
      { key: 'resolution', event: 'RESOLUTION_DUE', dueAt: at(12 + 7 * DAY + 72 * 60) },
    ]);
    const tooLate = reopen(at(12 + 7 * DAY + 1)) as ComplaintEvent;
    expect(send(complaintMachine, s, tooLate).accepted).toBe(false);
    expect(explainComplaintRefusal(s, tooLate)?.en).toMatch(/more than 7 days ago/);
  });

  it('projects the reopen window and limits', () => {
    const data = projectComplaint(ctx(closedAt12()));
    expect(data.reopenUntil).toBe(at(12 + 7 * DAY));
    expect(data.compensationLimitsFen).toEqual(defaultCaseConfig.compensationLimitFen);
  });

  it('restores from JSON and continues exactly as before', () => {
    for (const s of [
      closedAt12(),
      resolvedWith('refund', 10_000).snapshot,
      send(complaintMachine, investigating(), escalate()).snapshot,
    ]) {
      const restored = persistAndRestore(complaintMachine, s);
      for (const event of samples) {
        const a = send(complaintMachine, s, event);
        const b = send(complaintMachine, restored, event);
        expect(b.accepted).toBe(a.accepted);
        expect(b.snapshot.value).toEqual(a.snapshot.value);
        expect(b.snapshot.context).toEqual(a.snapshot.context);
        expect(b.effects).toEqual(a.effects);
      }
    }
  });
});

describe('complaint machine: compensation already issued is not re-issued', () => {
  it('offers RETRY_COMPENSATION only after the compensation failed', () => {
    const pending = resolvedWith('refund', 10_000).snapshot;
    expect(allowedEvents('complaint', pending, 'complaint_handler')).not.toContain('RETRY_COMPENSATION');
    const issuedOnce = send(complaintMachine, pending, refundSettled).snapshot;
    expect(allowedEvents('complaint', issuedOnce, 'complaint_handler')).not.toContain('RETRY_COMPENSATION');
    expect(send(complaintMachine, issuedOnce, retryCompensation).accepted).toBe(false);
    const failedOnce = send(complaintMachine, pending, refundFailed).snapshot;
    expect(allowedEvents('complaint', failedOnce, 'complaint_handler')).toContain('RETRY_COMPENSATION');
  });
});
