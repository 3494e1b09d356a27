/**
 * The router's pure choices: who may take a contact, who is best, which contact goes first, and
 * which back-office case an agent should work next. No I/O and no clock: time comes in as input.
 */
import type { PresenceStatus } from '../../shared/presence';
import type { ConversationChannel } from '../../shared/conversations';
import type { Skills } from '../../shared/skills';
import type { Priority, QueueName } from '../../shared/case-vocabulary';
import { priorityRank } from '../../shared/case-vocabulary';

/** Live contacts an agent holds (offered or in progress), by channel. */
export type Holds = { calls: number; chats: number };

export type Candidate = {
  userId: string;
  status: PresenceStatus;
  /** Epoch ms since which the agent has had no live contact. */
  idleSince: number;
  holds: Holds;
  skills: Skills;
};

export type ContactNeeds = {
  channel: ConversationChannel;
  queue: string;
  /** The customer's language when known. */
  language: 'zh' | 'en' | null;
  /** A VIP customer needs an agent with VIP handling. */
  vip: boolean;
};

/** Whether a channel takes the whole agent (a call, a callback) or shares them (a chat). */
export function takesWholeAgent(channel: ConversationChannel): boolean {
  return channel !== 'chat';
}

/** Free slots for this channel, 0 when none (a call needs an agent with nothing; chats share up to capacity). */
export function spareFor(candidate: Pick<Candidate, 'holds' | 'skills'>, channel: ConversationChannel): number {
  const { holds, skills } = candidate;
  if (holds.calls > 0) return 0;
  if (takesWholeAgent(channel)) return holds.chats === 0 && skills.capacity.calls > 0 ? 1 : 0;
  return Math.max(0, skills.capacity.chats - holds.chats);
}

/** Why an agent may not take a contact, or null when they may. */
export function ineligibility(candidate: Candidate, contact: ContactNeeds): string | null {
  if (candidate.status !== 'available') return `status ${candidate.status}`;
  const { skills } = candidate;
  if (!skills.channels.includes(contact.channel)) return `no ${contact.channel} channel`;
  if (!skills.queues.some((q) => q.queue === contact.queue)) return `does not serve ${contact.queue}`;
  if (contact.language && !skills.languages.includes(contact.language)) return `no ${contact.language}`;
  if (contact.vip && !skills.vip) return 'no VIP handling';
  if (spareFor(candidate, contact.channel) === 0) return 'at capacity';
  return null;
}

/**
 * The best eligible agent: most spare capacity first (as a share of what they can hold), then
 * longest idle, then the queue they rank highest, then id (the same answer on every node).
 */
export function bestAgent<C extends Candidate>(
  candidates: readonly C[],
  contact: ContactNeeds,
  excluded: ReadonlySet<string> = new Set(),
): C | null {
  const scored = candidates
    .filter((c) => !excluded.has(c.userId) && ineligibility(c, contact) === null)
    .map((c) => ({
      c,
      spare: spareShare(c),
      queuePriority: c.skills.queues.find((q) => q.queue === contact.queue)?.priority ?? 99,
    }));
  scored.sort(
    (a, b) =>
      b.spare - a.spare ||
      a.c.idleSince - b.c.idleSince ||
      a.queuePriority - b.queuePriority ||
      a.c.userId.localeCompare(b.c.userId),
  );
  return scored[0]?.c ?? null;
}

/** 1 for an agent holding nothing, down to 0 for one who is full. */
function spareShare(c: Pick<Candidate, 'holds' | 'skills'>): number {
  if (c.holds.calls > 0) return 0;
  const chats = Math.max(1, c.skills.capacity.chats);
  return 1 - Math.min(c.holds.chats, chats) / chats;
}

export type WaitingContact = { id: string; queuedAt: number; vip: boolean };

/** The order in which waiting contacts are offered: VIP customers first, then the longest waiting (original age). */
export function compareContacts(a: WaitingContact, b: WaitingContact): number {
  return Number(b.vip) - Number(a.vip) || a.queuedAt - b.queuedAt || a.id.localeCompare(b.id);
}

// ---------------------------------------------------------------------------------------------
// Back-office cases (routing.next)

export const vipTierRank: Record<string, number> = { none: 0, silver: 1, gold: 2, platinum: 3 };

export type RankableCase = {
  id: string;
  queue: QueueName;
  priority: Priority;
  /** The departure the case is about (epoch ms), when there is one. */
  departureAt: number | null;
  vipTier: string;
  /** The earliest due time (epoch ms), when there is one. */
  dueAt: number | null;
  /** Since when the case has waited (epoch ms). */
  waitingSince: number;
};

/** 2 when the departure is within 2 h, 1 within 24 h, 0 otherwise (a departure already gone is not urgent). */
export function departureUrgency(departureAt: number | null, now: number): 0 | 1 | 2 {
  if (departureAt === null || departureAt < now) return 0;
  const left = departureAt - now;
  if (left <= 2 * 3_600_000) return 2;
  if (left <= 24 * 3_600_000) return 1;
  return 0;
}

/** Best first: priority, then urgency (departure within 2 h, within 24 h), VIP tier, due time, then age. */
export function compareCases(a: RankableCase, b: RankableCase, now: number): number {
  return (
    priorityRank[b.priority] - priorityRank[a.priority] ||
    departureUrgency(b.departureAt, now) - departureUrgency(a.departureAt, now) ||
    (vipTierRank[b.vipTier] ?? 0) - (vipTierRank[a.vipTier] ?? 0) ||
    (a.dueAt ?? Infinity) - (b.dueAt ?? Infinity) ||
    a.waitingSince - b.waitingSince ||
    a.id.localeCompare(b.id)
  );
}

export function rankCases<T extends RankableCase>(cases: readonly T[], now: number): T[] {
  return [...cases].sort((a, b) => compareCases(a, b, now));
}

/** Whether an agent may be given a case: a queue they serve, VIP handling for gold and platinum, room for one more. */
export function mayTakeCase(skills: Skills, openCases: number, c: Pick<RankableCase, 'queue' | 'vipTier'>): boolean {
  if (openCases >= skills.capacity.cases) return false;
  if (!skills.queues.some((q) => q.queue === c.queue)) return false;
  return (vipTierRank[c.vipTier] ?? 0) < 2 || skills.vip;
}
