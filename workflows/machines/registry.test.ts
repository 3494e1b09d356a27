import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { caseKinds } from '../../shared/cases';
import {
  machines,
  migrateSnapshot,
  SCHEMA_VERSION,
  allowedEvents,
  explainRefusal,
  rolesFor,
  statePathOf,
  type MachineModule,
} from './registry';
import { actors, caseInput, railBooking, stamp } from './testing/fixtures';
import { leafStatePaths } from './testing/coverage';
import { send, start } from './testing/drive';

describe.each(caseKinds)('registry: %s', (kind) => {
  const entry: MachineModule = machines[kind];
  const types = Object.keys(entry.eventRoles).sort();
  const systemTypes = types.filter((t) => entry.eventRoles[t]!.length === 0);
  const peopleTypes = types.filter((t) => entry.eventRoles[t]!.length > 0);

  it('labels every event and every state', () => {
    expect(Object.keys(entry.eventLabels).sort()).toEqual(types);
    expect(Object.keys(entry.stateLabels).sort()).toEqual(leafStatePaths(entry.machine).sort());
    for (const label of [...Object.values(entry.eventLabels), ...Object.values(entry.stateLabels)]) {
      expect(label['zh-CN'].length).toBeGreaterThan(0);
      expect(label.en.length).toBeGreaterThan(0);
    }
  });

  it('has a client schema for exactly the events people send, named by its type', () => {
    expect(Object.keys(entry.eventSchemas).sort()).toEqual(peopleTypes);
    for (const [type, schema] of Object.entries(entry.eventSchemas)) {
      expect(schema.safeParse({ type: `${type}X` }).success).toBe(false);
      expect(z.safeParse(schema.shape.type!, type).success).toBe(true);
    }
    expect(systemTypes.every((t) => !(t in entry.eventSchemas))).toBe(true);
  });

  it('never lets QA send events and only narrows roles per state', () => {
    for (const roles of Object.values(entry.eventRoles)) expect(roles).not.toContain('qa');
    for (const byEvent of Object.values(entry.stateEventRoles)) {
      for (const [type, roles] of Object.entries(byEvent)) {
        for (const role of roles ?? []) expect(entry.eventRoles[type]).toContain(role);
      }
    }
  });

  it('enriches only events the client sends', () => {
    for (const type of Object.keys(entry.enrichment)) expect(peopleTypes).toContain(type);
  });

  it('migrates a current-version snapshot as the identity and refuses unknown versions', () => {
    const snapshot = start(entry.machine, caseInput(kind, { booking: railBooking })).snapshot;
    const persisted = JSON.parse(JSON.stringify({ value: snapshot.value, context: snapshot.context })) as {
      value: unknown;
      context: Record<string, unknown>;
    };
    expect(SCHEMA_VERSION[kind]).toBe(1);
    expect(migrateSnapshot(kind, SCHEMA_VERSION[kind], persisted)).toBe(persisted);
    expect(() => migrateSnapshot(kind, 0, persisted)).toThrow(/schema version 0/);
    expect(() => migrateSnapshot(kind, SCHEMA_VERSION[kind] + 1, persisted)).toThrow(/knows versions 1 to 1/);
  });

  it('offers QA nothing to send', () => {
    const snapshot = start(entry.machine, caseInput(kind, { booking: railBooking })).snapshot;
    expect(allowedEvents(kind, snapshot, 'qa')).toEqual([]);
    expect(allowedEvents(kind, snapshot, 'agent').length).toBeGreaterThan(0);
  });
});

describe('registry helpers', () => {
  it('writes nested state values as dotted paths', () => {
    expect(statePathOf('quoted')).toBe('quoted');
    expect(statePathOf({ escalated: 'supervisor' })).toBe('escalated.supervisor');
  });

  it('narrows roles by state', () => {
    expect(rolesFor('refund', 'failed', 'RETRY')).toContain('agent');
    expect(rolesFor('refund', 'escalated', 'RETRY')).toEqual(['supervisor', 'admin']);
    expect(rolesFor('complaint', 'escalated.handler', 'ESCALATE')).not.toContain('agent');
    expect(rolesFor('booking', 'draft', 'NO_SUCH_EVENT')).toEqual([]);
  });

  it('explains a guard’s refusal for any kind', () => {
    const { machine } = machines.refund;
    const verifying = start(machine, caseInput('refund', { booking: null })).snapshot;
    const event = stamp({ type: 'VERIFY', identityVerified: true });
    expect(send(machine, verifying, event).accepted).toBe(false);
    expect(explainRefusal('refund', verifying, event)).toEqual({
      'zh-CN': '案件未关联订单',
      en: 'No booking is linked to the case',
    });
    expect(
      explainRefusal(
        'booking',
        start(machines.booking.machine, caseInput('booking')).snapshot,
        stamp({ type: 'CANCEL', reason: 'x' }, actors.agent),
      ),
    ).toBeNull();
  });
});

describe('actions that can do nothing are not offered, and are refused with a reason', () => {
  const { machine } = machines.refund;
  const agent2 = { id: actors.agent2.id, name: actors.agent2.name };

  it('offers unassign only on an assigned case', () => {
    const unassigned = start(machine, caseInput('refund', { booking: railBooking })).snapshot;
    expect(allowedEvents('refund', unassigned, 'agent')).not.toContain('UNASSIGN');
    const unassign = stamp({ type: 'UNASSIGN' });
    expect(send(machine, unassigned, unassign).accepted).toBe(false);
    expect(explainRefusal('refund', unassigned, unassign)?.en).toBe('The case is not assigned to anyone');
    const assigned = send(machine, unassigned, stamp({ type: 'ASSIGN', assignee: agent2 })).snapshot;
    expect(allowedEvents('refund', assigned, 'agent')).toContain('UNASSIGN');
  });

  it('refuses assigning to the current assignee and linking what is already linked', () => {
    const s = start(machine, caseInput('refund', { booking: railBooking, assignee: agent2 })).snapshot;
    const again = stamp({ type: 'ASSIGN', assignee: agent2 });
    expect(send(machine, s, again).accepted).toBe(false);
    expect(explainRefusal('refund', s, again)?.['zh-CN']).toBe(`案件已分配给 ${agent2.name}`);
    const sameCustomer = stamp({ type: 'LINK_CUSTOMER', customerId: caseInput('refund').customerId! });
    expect(send(machine, s, sameCustomer).accepted).toBe(false);
    expect(explainRefusal('refund', s, sameCustomer)?.en).toBe('The case is already linked to this customer');
    const sameBooking = stamp({ type: 'LINK_BOOKING', booking: railBooking });
    expect(send(machine, s, sameBooking).accepted).toBe(false);
    expect(explainRefusal('refund', s, sameBooking)?.en).toBe(
      `The case is already linked to booking ${railBooking.ref}`,
    );
    expect(send(machine, s, stamp({ type: 'LINK_CUSTOMER', customerId: '6650a1b2c3d4e5f6000000c2' })).accepted).toBe(
      true,
    );
  });

  it('refuses a transfer into a queue the case cannot be worked in', () => {
    const change = start(machines.change.machine, caseInput('change', { booking: railBooking })).snapshot;
    const intoRefunds = stamp({ type: 'TRANSFER', queue: 'refunds' });
    expect(send(machines.change.machine, change, intoRefunds).accepted).toBe(false);
    expect(explainRefusal('change', change, intoRefunds)?.en).toBe(
      'A change case cannot be worked in the refunds queue',
    );
    const refund = start(machine, caseInput('refund', { booking: railBooking })).snapshot;
    expect(send(machine, refund, stamp({ type: 'TRANSFER', queue: 'approvals' })).accepted).toBe(true);
  });

  it('does not offer retrying a ¥0 difference refund', () => {
    const { machine: change } = machines.change;
    const base = start(change, caseInput('change', { booking: railBooking })).snapshot;
    const failedWith = (amountFen: number) =>
      change.resolveState({
        value: 'reissued',
        context: {
          ...base.context,
          differenceRefund: {
            amountFen,
            status: 'failed',
            gatewayRef: null,
            failures: [{ at: base.context.createdAt, reason: 'bank offline' }],
          },
        },
      });
    expect(allowedEvents('change', failedWith(0), 'agent')).not.toContain('RETRY_REFUND');
    expect(explainRefusal('change', failedWith(0), stamp({ type: 'RETRY_REFUND' }))?.en).toBe(
      'The difference is ¥0: there is nothing to refund',
    );
    expect(allowedEvents('change', failedWith(2_750), 'agent')).toContain('RETRY_REFUND');
  });
});
