import { describe, expect, it } from 'vitest';
import type { Skills } from '../../shared/skills';
import {
  bestAgent,
  compareContacts,
  departureUrgency,
  ineligibility,
  mayTakeCase,
  rankCases,
  spareFor,
  type Candidate,
  type ContactNeeds,
  type RankableCase,
} from './choice';

const skills = (over: Partial<Skills> = {}): Skills => ({
  queues: [{ queue: 'refunds', priority: 1 }],
  channels: ['call', 'chat', 'callback'],
  languages: ['zh'],
  vip: false,
  capacity: { calls: 1, chats: 3, cases: 5 },
  ...over,
});
const agent = (userId: string, over: Partial<Candidate> = {}): Candidate => ({
  userId,
  status: 'available',
  idleSince: 1_000,
  holds: { calls: 0, chats: 0 },
  skills: skills(),
  ...over,
});
const chat: ContactNeeds = { channel: 'chat', queue: 'refunds', language: null, vip: false };
const call: ContactNeeds = { ...chat, channel: 'call' };

describe('eligibility', () => {
  it('needs available, the channel, the queue, the language and VIP handling', () => {
    expect(ineligibility(agent('a'), chat)).toBeNull();
    expect(ineligibility(agent('a', { status: 'break' }), chat)).toBe('status break');
    expect(ineligibility(agent('a', { skills: skills({ channels: ['call'] }) }), chat)).toBe('no chat channel');
    expect(ineligibility(agent('a'), { ...chat, queue: 'sales' })).toBe('does not serve sales');
    expect(ineligibility(agent('a'), { ...chat, language: 'en' })).toBe('no en');
    expect(ineligibility(agent('a'), { ...chat, vip: true })).toBe('no VIP handling');
    expect(ineligibility(agent('a', { skills: skills({ vip: true }) }), { ...chat, vip: true })).toBeNull();
  });

  it('a call takes the whole agent; chats share up to capacity', () => {
    expect(spareFor(agent('a', { holds: { calls: 0, chats: 1 } }), 'call')).toBe(0);
    expect(spareFor(agent('a', { holds: { calls: 1, chats: 0 } }), 'chat')).toBe(0);
    expect(spareFor(agent('a', { holds: { calls: 0, chats: 2 } }), 'chat')).toBe(1);
    expect(ineligibility(agent('a', { holds: { calls: 0, chats: 3 } }), chat)).toBe('at capacity');
    expect(spareFor(agent('a', { skills: skills({ capacity: { calls: 0, chats: 3, cases: 5 } }) }), 'callback')).toBe(
      0,
    );
  });
});

describe('bestAgent', () => {
  it('most spare capacity first, then longest idle', () => {
    const busy = agent('busy', { holds: { calls: 0, chats: 2 }, idleSince: 0 });
    const free = agent('free', { idleSince: 5_000 });
    const freeLonger = agent('free-longer', { idleSince: 2_000 });
    expect(bestAgent([busy, free, freeLonger], chat)?.userId).toBe('free-longer');
    expect(bestAgent([busy, free], chat)?.userId).toBe('free');
    expect(bestAgent([busy], call)).toBeNull();
  });
  it('skips agents who already had the contact', () => {
    expect(bestAgent([agent('a'), agent('b', { idleSince: 9_000 })], chat, new Set(['a']))?.userId).toBe('b');
  });
});

describe('contact order', () => {
  it('VIP first, then the oldest', () => {
    const list = [
      { id: 'new', queuedAt: 300, vip: false },
      { id: 'old', queuedAt: 100, vip: false },
      { id: 'vip', queuedAt: 200, vip: true },
    ];
    expect([...list].sort(compareContacts).map((c) => c.id)).toEqual(['vip', 'old', 'new']);
  });
});

describe('case ranking', () => {
  const now = Date.parse('2026-05-10T08:00:00Z');
  const hour = 3_600_000;
  const base = (id: string, over: Partial<RankableCase> = {}): RankableCase => ({
    id,
    queue: 'refunds',
    priority: 'normal',
    departureAt: null,
    vipTier: 'none',
    dueAt: null,
    waitingSince: now - hour,
    ...over,
  });

  it('urgency: within 2 h beats within 24 h beats later; gone is not urgent', () => {
    expect(departureUrgency(now + hour, now)).toBe(2);
    expect(departureUrgency(now + 2 * hour, now)).toBe(2);
    expect(departureUrgency(now + 3 * hour, now)).toBe(1);
    expect(departureUrgency(now + 25 * hour, now)).toBe(0);
    expect(departureUrgency(now - hour, now)).toBe(0);
  });

  it('priority, then urgency, VIP tier, due time, then age', () => {
    const cases = [
      base('oldest', { waitingSince: now - 10 * hour }),
      base('due-soon', { dueAt: now + hour }),
      base('gold', { vipTier: 'gold' }),
      base('leaves-in-5h', { departureAt: now + 5 * hour }),
      base('leaves-in-1h', { departureAt: now + hour }),
      base('high', { priority: 'high' }),
      base('younger', { waitingSince: now - 60_000 }),
    ];
    expect(rankCases(cases, now).map((c) => c.id)).toEqual([
      'high',
      'leaves-in-1h',
      'leaves-in-5h',
      'gold',
      'due-soon',
      'oldest',
      'younger',
    ]);
  });

  it('an agent takes a case only in a queue they serve, with VIP handling for gold and up, and room left', () => {
    expect(mayTakeCase(skills(), 0, { queue: 'refunds', vipTier: 'silver' })).toBe(true);
    expect(mayTakeCase(skills(), 0, { queue: 'sales', vipTier: 'none' })).toBe(false);
    expect(mayTakeCase(skills(), 0, { queue: 'refunds', vipTier: 'platinum' })).toBe(false);
    expect(mayTakeCase(skills({ vip: true }), 0, { queue: 'refunds', vipTier: 'platinum' })).toBe(true);
    expect(mayTakeCase(skills(), 5, { queue: 'refunds', vipTier: 'none' })).toBe(false);
  });
});
