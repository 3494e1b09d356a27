import { describe, expect, it } from 'vitest';
import { clientEventSchemas } from '../../../../shared/case-events';
import { caseDetail, supervisor } from '../../test/fixtures';
import { diffCases } from './case-diff';
import { pathSteps } from '../../lib/case-paths';
import { defaultEventValues, describeEventFields, issueFieldName } from './event-form-spec';

describe('what changed under the agent', () => {
  it('lists state, assignee and priority changes and the history entries added since', () => {
    const seen = caseDetail({ state: 'quoted', version: 3 });
    const fresh = {
      ...seen,
      state: 'awaiting_approval',
      priority: 'high' as const,
      assignee: { id: supervisor.id, name: supervisor.name },
      version: 5,
    };
    // What cases.history gives after the version seen: entries 4 and 5 made versions 4 and 5.
    const since = [
      { ...seen.history[0]!, seq: 4, event: 'CUSTOMER_CONFIRMED' },
      { ...seen.history[0]!, seq: 5, event: 'SET_PRIORITY' },
    ];
    const diff = diffCases(seen, fresh, [...seen.history, ...since]);
    expect(diff.changes).toEqual([
      { field: 'state', from: 'quoted', to: 'awaiting_approval' },
      { field: 'assignee', from: null, to: supervisor.name },
      { field: 'priority', from: 'normal', to: 'high' },
    ]);
    expect(diff.newEntries.map((entry) => entry.event)).toEqual(['CUSTOMER_CONFIRMED', 'SET_PRIORITY']);
  });
});

describe('state diagram steps', () => {
  it('marks the steps the case passed through done', () => {
    const { steps, offPath } = pathSteps('refund', 'quoted', ['verifying', 'selecting', 'quoted']);
    expect(offPath).toBeNull();
    expect(steps.slice(0, 4).map((step) => step.status)).toEqual(['done', 'done', 'current', 'todo']);
  });

  it('does not tick a step the case skipped: a refund under the approval threshold never awaited approval', () => {
    const visited = ['verifying', 'selecting', 'quoted', 'submitting', 'settled'];
    const { steps } = pathSteps('refund', 'settled', visited);
    expect(Object.fromEntries(steps.map((step) => [step.state, step.status]))).toEqual({
      verifying: 'done',
      selecting: 'done',
      quoted: 'done',
      awaiting_approval: 'skipped',
      submitting: 'done',
      settled: 'current',
      closed: 'todo',
    });
  });

  it('puts a state off the main path beside the furthest step reached', () => {
    const { steps, offPath } = pathSteps('complaint', 'escalated.supervisor', [
      'received',
      'acknowledged',
      'investigating',
    ]);
    expect(offPath).toBe('escalated.supervisor');
    expect(steps.filter((step) => step.status === 'done').map((step) => step.state)).toEqual([
      'received',
      'acknowledged',
      'investigating',
    ]);
  });

  it('counts dotted states in the history as their top-level step', () => {
    const { steps } = pathSteps('complaint', 'resolved', [
      'received',
      'acknowledged',
      'investigating',
      'escalated.supervisor',
      'resolution_proposed.awaiting_customer',
    ]);
    expect(steps.find((step) => step.state === 'resolution_proposed')?.status).toBe('done');
  });
});

describe('event forms from the shared schemas', () => {
  it('picks a widget per field of every client event', () => {
    for (const [kind, events] of Object.entries(clientEventSchemas)) {
      for (const [type, schema] of Object.entries(events)) {
        const fields = describeEventFields(schema);
        expect(
          fields.every((field) => field.name !== 'type'),
          `${kind}.${type}`,
        ).toBe(true);
      }
    }
    const propose = describeEventFields(clientEventSchemas.complaint.PROPOSE_RESOLUTION!);
    expect(propose.map((field) => [field.name, field.widget])).toEqual([
      ['kind', 'enum'],
      ['amountFen', 'money'],
      ['text', 'textarea'],
    ]);
    const choose = describeEventFields(clientEventSchemas.change.CHOOSE_DEPARTURE!);
    expect(Object.fromEntries(choose.map((field) => [field.name, field.widget]))).toEqual({
      departureId: 'departure',
      classCode: 'hidden',
      passengerIds: 'passengerIds',
      involuntary: 'boolean',
      arrivalStationChange: 'boolean',
    });
    const transfer = describeEventFields(clientEventSchemas.refund.TRANSFER!);
    expect(transfer.find((field) => field.name === 'assigneeId')).toMatchObject({
      widget: 'user',
      optional: true,
      nullable: true,
    });
  });

  it('starts forms that the schema accepts once required fields are filled', () => {
    const schema = clientEventSchemas.refund.QUOTE_REFUND!;
    const values = defaultEventValues('QUOTE_REFUND', describeEventFields(schema));
    expect(schema.safeParse(values).success).toBe(false);
    expect(schema.safeParse({ ...values, passengerIds: ['p1'], reason: '行程取消' }).success).toBe(true);
    const confirm = clientEventSchemas.refund.CUSTOMER_CONFIRMED!;
    expect(confirm.safeParse(defaultEventValues('CUSTOMER_CONFIRMED', describeEventFields(confirm))).success).toBe(
      true,
    );
  });

  it('maps server issue paths to form field names', () => {
    expect(issueFieldName(['event', 'reason'])).toBe('reason');
    expect(issueFieldName(['event', 'passengers', '0', 'idNumber'])).toBe('passengers.0.idNumber');
    expect(issueFieldName(['event'])).toBeNull();
  });
});
