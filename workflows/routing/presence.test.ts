import { describe, expect, it } from 'vitest';
import { effectivePresence } from './presence';

describe('effectivePresence', () => {
  it('shows the choice when there is no live work', () => {
    expect(effectivePresence({ status: 'available', reason: null }, { active: 0, wrapUp: 0 })).toEqual({
      status: 'available',
      reason: null,
    });
    expect(effectivePresence({ status: 'break', reason: 'meal' }, { active: 0, wrapUp: 0 })).toEqual({
      status: 'break',
      reason: 'meal',
    });
  });
  it('is on_contact while a contact is in progress, whatever was chosen', () => {
    expect(effectivePresence({ status: 'break', reason: 'meal' }, { active: 1, wrapUp: 1 }).status).toBe('on_contact');
  });
  it('is wrap_up after the contact until wrap-up ends', () => {
    expect(effectivePresence({ status: 'available', reason: null }, { active: 0, wrapUp: 1 }).status).toBe('wrap_up');
  });
  it('drops a reason that only a break has', () => {
    expect(effectivePresence({ status: 'available', reason: 'meal' }, { active: 0, wrapUp: 0 }).reason).toBeNull();
  });
});
