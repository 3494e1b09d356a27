/**
 * The live router: offers waiting contacts (calls, chats, due callbacks) to one eligible available
 * agent at a time. Safe on several server processes: an agent's capacity is reserved with a
 * guarded update of their presence (room left checked in the filter), the offer itself is a
 * version-guarded write of the conversation, and whoever loses either race lets go of what it
 * reserved. Each offer is a routing decision whose outcome is written once.
 */
import type { AppDeps } from '../deps';
import type { Skills } from '../../../shared/skills';
import { bestAgent, compareContacts, takesWholeAgent, type Candidate } from '../../../workflows/routing/choice';
import { PresenceModel, type PresenceRecord } from '../db/models/presence';
import { RoutingDecisionModel, type RoutingDecisionRecord, type RoutingOutcome } from '../db/models/routing-decision';
import { UserModel } from '../db/models/user';
import { RoutingLeaseModel } from '../db/models/routing-lease';
import type { ConversationStore, StoredContact } from './conversation-store';
import { missedOfferBreak, showLiveWork } from './presence.service';
import { skillsByUser } from './skills.service';

/** Contacts looked at per run; the rest wait for the next run (a second, by default). */
const WAITING_BATCH = 500;
/** A hold younger than this may belong to an offer still being written: it is not tidied away. */
const HOLD_GRACE_MS = 10_000;

type RouterDeps = Pick<AppDeps, 'config' | 'logger' | 'now'> & Partial<Pick<AppDeps, 'presencePush'>>;

export type RouteResult = { offered: number; settled: number; released: number };

/** A router's lease on a queue lasts this long past each run (renewed every run). */
const LEASE_MS = 10_000;

/**
 * One router run: settle finished offers, tidy holds, then offer what waits in the queues this
 * router holds the lease of. `routerId` names this router (one per server process).
 */
export async function routeOnce(deps: RouterDeps, store: ConversationStore, routerId: string): Promise<RouteResult> {
  // Settling offers and tidying holds is one router's job at a time; the others only offer.
  let settled = 0;
  let released = 0;
  if ((await takeLeases(deps, routerId, ['housekeeping'])).size > 0) {
    await store.expireDue(deps.now());
    settled = await settleOffers(deps, store);
    released = await releaseFinishedHolds(deps, store);
  }
  const waiting = await store.waiting(WAITING_BATCH);
  const queues = await takeLeases(deps, routerId, [...new Set(waiting.map((c) => `queue:${c.queue}`))]);
  const offered = await offerWaiting(
    deps,
    store,
    waiting.filter((c) => queues.has(`queue:${c.queue}`)),
  );
  return { offered, settled, released };
}

/** Takes or renews each named lease ("queue:sales", "housekeeping"); the names this router holds now. */
async function takeLeases(deps: RouterDeps, routerId: string, names: string[]): Promise<Set<string>> {
  const now = deps.now();
  const held = new Set<string>();
  for (const name of names) {
    try {
      const lease = await RoutingLeaseModel.findOneAndUpdate(
        { _id: name, $or: [{ holder: routerId }, { until: { $lt: now } }] },
        { $set: { holder: routerId, until: new Date(now.getTime() + LEASE_MS) } },
        { upsert: true, returnDocument: 'after' },
      ).lean();
      if (lease?.holder === routerId) held.add(name);
    } catch (error) {
      // Another router created the lease at the same moment (duplicate key): it is theirs.
      if ((error as { code?: unknown }).code !== 11000) throw error;
    }
  }
  return held;
}

// ---------------------------------------------------------------------------------------------
// Offering

type LiveCandidate = Candidate & { name: string };

async function availableCandidates(deps: RouterDeps): Promise<LiveCandidate[]> {
  const presences = await PresenceModel.find({ status: 'available' }).limit(5000).lean<PresenceRecord[]>();
  if (presences.length === 0) return [];
  const users = await UserModel.find(
    { _id: { $in: presences.map((p) => p.userId) }, active: true },
    { queues: 1, name: 1 },
  ).lean();
  const skills = await skillsByUser(
    deps,
    users.map((u) => ({ id: u._id.toHexString(), queues: u.queues })),
  );
  return presences.flatMap((p) => {
    const s: Skills | undefined = skills.get(p.userId);
    if (!s) return [];
    return [
      {
        userId: p.userId,
        name: p.userName,
        status: p.status,
        idleSince: p.idleSince.getTime(),
        holds: holdCounts(p.holds ?? []),
        skills: s,
      },
    ];
  });
}

function holdCounts(holds: { channel: string }[]): Candidate['holds'] {
  const chats = holds.filter((h) => h.channel === 'chat').length;
  return { calls: holds.length - chats, chats };
}

/**
 * Reserves one slot of the agent's capacity for the contact: the filter checks the agent is still
 * available and has room (nothing held for a call; fewer chats than capacity and no call for a
 * chat), so concurrent routers never fill one slot twice.
 */
async function reserveHold(agent: LiveCandidate, contact: StoredContact, at: Date): Promise<boolean> {
  const room = takesWholeAgent(contact.channel)
    ? { holds: { $size: 0 } }
    : {
        'holds.channel': { $nin: ['call', 'callback'] },
        [`holds.${Math.max(0, agent.skills.capacity.chats - 1)}`]: { $exists: false },
      };
  const result = await PresenceModel.updateOne(
    { userId: agent.userId, status: 'available', 'holds.conversationId': { $ne: contact.id }, ...room },
    { $push: { holds: { conversationId: contact.id, channel: contact.channel, at } } },
  );
  return result.modifiedCount === 1;
}

async function releaseHold(agentId: string, conversationId: string): Promise<void> {
  await PresenceModel.updateOne({ userId: agentId }, { $pull: { holds: { conversationId } } });
}

async function offerWaiting(deps: RouterDeps, store: ConversationStore, waiting: StoredContact[]): Promise<number> {
  if (waiting.length === 0) return 0;
  const candidates = await availableCandidates(deps);
  if (candidates.length === 0) return 0;
  const ordered = [...waiting].sort((a, b) =>
    compareContacts(
      { id: a.id, queuedAt: a.queuedAt.getTime(), vip: a.vip },
      { id: b.id, queuedAt: b.queuedAt.getTime(), vip: b.vip },
    ),
  );
  // The offer's expiry (OFFER_SECONDS) is the conversation's durable timer; the raw store keeps its own.
  const offerMs = deps.config.conversations.offerSeconds * 1000;
  let offered = 0;
  for (const contact of ordered) {
    const needs = { channel: contact.channel, queue: contact.queue, language: contact.language, vip: contact.vip };
    // Not straight back to whoever just declined it or let it lapse, unless nobody else can take it.
    const before = new Set(contact.declines.map((d) => d.agentId));
    const agent = bestAgent(candidates, needs, before) ?? bestAgent(candidates, needs);
    if (!agent) continue;
    const at = deps.now();
    if (!(await reserveHold(agent, contact, at))) {
      // Another router filled the slot, or the agent changed status: drop them for this run.
      candidates.splice(candidates.indexOf(agent), 1);
      continue;
    }
    const ok = await store.offer(contact, { id: agent.userId, name: agent.name }, at, new Date(at.getTime() + offerMs));
    if (!ok) {
      // Another router offered this contact first (or it ended): give the slot back.
      await releaseHold(agent.userId, contact.id);
      continue;
    }
    if (takesWholeAgent(contact.channel)) agent.holds.calls++;
    else agent.holds.chats++;
    await RoutingDecisionModel.create({
      kind: 'offer',
      subjectId: contact.id,
      channel: contact.channel,
      queue: contact.queue,
      agentId: agent.userId,
      agentName: agent.name,
      at,
      waitingSince: contact.queuedAt,
      outcome: null,
      outcomeAt: null,
    });
    offered++;
  }
  return offered;
}

// ---------------------------------------------------------------------------------------------
// Settling offers: what became of each pending one

/** What an offer came to, judged from the contact now; null while it is still offered to that agent. */
export function offerOutcome(
  decision: Pick<RoutingDecisionRecord, 'agentId' | 'at'>,
  contact: StoredContact | undefined,
): RoutingOutcome | null {
  if (!contact) return 'gone';
  if (contact.agentId === decision.agentId) {
    if (contact.status === 'offered') return null;
    if (contact.status === 'active' || contact.status === 'wrap_up' || contact.status === 'ended') return 'accepted';
  }
  const answer = [...contact.declines]
    .reverse()
    .find((d) => d.agentId === decision.agentId && d.at.getTime() >= decision.at.getTime());
  if (answer) return answer.reason;
  return contact.status === 'queued' || contact.status === 'offered' ? 'taken_back' : 'gone';
}

async function settleOffers(deps: RouterDeps, store: ConversationStore): Promise<number> {
  const pending = await RoutingDecisionModel.find({ kind: 'offer', outcome: null })
    .sort({ at: 1 })
    .limit(2000)
    .lean<RoutingDecisionRecord[]>();
  if (pending.length === 0) return 0;
  const contacts = new Map((await store.byIds(pending.map((d) => d.subjectId))).map((c) => [c.id, c]));
  let settled = 0;
  for (const decision of pending) {
    const outcome = offerOutcome(decision, contacts.get(decision.subjectId));
    if (outcome === null) continue;
    const at = deps.now();
    const written = await RoutingDecisionModel.updateOne(
      { _id: decision._id, outcome: null },
      { $set: { outcome, outcomeAt: at } },
    );
    // Another process settled it first: it also did the rest.
    if (written.modifiedCount !== 1) continue;
    settled++;
    if (outcome !== 'accepted') await releaseHold(decision.agentId, decision.subjectId);
    if (outcome === 'expired') await missedOfferBreak(deps, decision.agentId);
  }
  return settled;
}

/**
 * Holds of contacts that are no longer live with the agent (the contact ended, or a hold whose
 * offer never got written) are let go; each agent's status follows their live work.
 */
async function releaseFinishedHolds(deps: RouterDeps, store: ConversationStore): Promise<number> {
  const holders = await PresenceModel.find({
    $or: [{ 'holds.0': { $exists: true } }, { status: { $in: ['on_contact', 'wrap_up'] } }],
  })
    .limit(5000)
    .lean<PresenceRecord[]>();
  if (holders.length === 0) return 0;
  const live = await store.liveWith(holders.map((h) => h.userId));
  const byAgent = new Map<string, StoredContact[]>();
  for (const c of live) if (c.agentId) byAgent.set(c.agentId, [...(byAgent.get(c.agentId) ?? []), c]);
  const cutoff = deps.now().getTime() - HOLD_GRACE_MS;
  let released = 0;
  for (const holder of holders) {
    const mine = byAgent.get(holder.userId) ?? [];
    const liveIds = new Set(mine.map((c) => c.id));
    for (const hold of holder.holds ?? []) {
      if (liveIds.has(hold.conversationId) || hold.at.getTime() > cutoff) continue;
      await releaseHold(holder.userId, hold.conversationId);
      released++;
    }
    const work = {
      active: mine.filter((c) => c.status === 'active').length,
      wrapUp: mine.filter((c) => c.status === 'wrap_up').length,
    };
    const shows = work.active > 0 ? 'on_contact' : work.wrapUp > 0 ? 'wrap_up' : null;
    const showsNow = holder.status === 'on_contact' || holder.status === 'wrap_up' ? holder.status : null;
    // A concurrent change wins; the next run looks again.
    if (shows !== showsNow) await showLiveWork(deps, holder, work);
  }
  return released;
}

/** An agent went offline: every contact offered to them goes back to the queue with its age. */
export async function takeBackOffers(deps: RouterDeps, store: ConversationStore, agentId: string): Promise<number> {
  const offered = (await store.liveWith([agentId])).filter((c) => c.status === 'offered');
  let taken = 0;
  for (const contact of offered) if (await store.takeBack(contact, deps.now())) taken++;
  if (taken > 0) await settleOffers(deps, store);
  return taken;
}
