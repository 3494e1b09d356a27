import { describe, expect, it } from 'vitest';
import type { Role } from '../../../shared/roles';
import { mayJoin, parseRoom } from './room-access';

const ME = 'aaaaaaaaaaaaaaaaaaaaaaaa';
const OTHER = 'bbbbbbbbbbbbbbbbbbbbbbbb';
const user = (role: Role) => ({ id: ME, role });
const may = (role: Role, room: string) => {
  const ref = parseRoom(room);
  return ref !== null && mayJoin(user(role), ref);
};

describe('parseRoom', () => {
  it('knows the four room shapes and nothing else', () => {
    expect(parseRoom('queue:refunds')).toEqual({ kind: 'queue', queue: 'refunds' });
    expect(parseRoom(`agent:${ME}`)).toEqual({ kind: 'agent', userId: ME });
    expect(parseRoom('supervisors')).toEqual({ kind: 'supervisors' });
    expect(parseRoom(`case:${OTHER}`)).toEqual({ kind: 'case', caseId: OTHER });
    for (const bad of [
      'queue:nope',
      'queue:',
      'agent:me',
      'case:123',
      'supervisors:x',
      'lobby',
      '',
      'queue:refunds ',
      '__proto__',
    ]) {
      expect(parseRoom(bad)).toBeNull();
    }
  });
});

describe('mayJoin', () => {
  it('lets agents watch the sales, changes and refunds queues only', () => {
    expect(['sales', 'changes', 'refunds'].every((q) => may('agent', `queue:${q}`))).toBe(true);
    expect(['complaints', 'escalations', 'approvals'].some((q) => may('agent', `queue:${q}`))).toBe(false);
  });

  it('lets complaint handlers watch complaints and escalations only', () => {
    expect(may('complaint_handler', 'queue:complaints') && may('complaint_handler', 'queue:escalations')).toBe(true);
    expect(may('complaint_handler', 'queue:sales')).toBe(false);
  });

  it('lets supervisors, admins and QA watch every queue', () => {
    for (const role of ['supervisor', 'admin', 'qa'] as const) expect(may(role, 'queue:approvals')).toBe(true);
  });

  it('keeps agent rooms private except to supervisors and admins', () => {
    expect(may('agent', `agent:${ME}`)).toBe(true);
    expect(may('agent', `agent:${OTHER}`)).toBe(false);
    expect(may('qa', `agent:${OTHER}`)).toBe(false);
    expect(may('supervisor', `agent:${OTHER}`)).toBe(true);
    expect(may('admin', `agent:${OTHER}`)).toBe(true);
  });

  it('keeps the supervisors room to supervisors and admins', () => {
    expect(may('supervisor', 'supervisors') && may('admin', 'supervisors')).toBe(true);
    for (const role of ['agent', 'complaint_handler', 'qa'] as const) expect(may(role, 'supervisors')).toBe(false);
  });

  it('opens case rooms to every role', () => {
    for (const role of ['agent', 'complaint_handler', 'supervisor', 'qa', 'admin'] as const)
      expect(may(role, `case:${OTHER}`)).toBe(true);
  });
});
