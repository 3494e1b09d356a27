/**
 * Presence: one document per user (status now, what they chose, live work held) and one
 * presence_changes document per status change. Every write is guarded (version, or the state it
 * expects), so several processes and the router can change presence at once without losing one.
 */
import type { SessionUser } from '../../../shared/auth';
import type {
  BreakReason,
  PresenceLoad,
  PresenceStatus,
  PresenceView,
  SetPresenceInput,
} from '../../../shared/presence';
import { DomainError } from '../../../shared/errors';
import { effectivePresence, type ChosenPresence, type LiveWork } from '../../../workflows/routing/presence';
import type { AppDeps } from '../deps';
import { PresenceChangeModel, PresenceModel, type PresenceRecord } from '../db/models/presence';

type PresenceDeps = Pick<AppDeps, 'now' | 'logger'> & Partial<Pick<AppDeps, 'presencePush'>>;
type UserRef = Pick<SessionUser, 'id' | 'name' | 'role'>;

export function toPresenceView(record: PresenceRecord): PresenceView {
  return {
    userId: record.userId,
    userName: record.userName,
    status: record.status,
    reason: record.reason ?? null,
    since: record.since.toISOString(),
    lastSeenAt: record.lastSeenAt ? record.lastSeenAt.toISOString() : null,
    idleSince: record.idleSince.toISOString(),
    load: loadOf(record),
  };
}

export function loadOf(record: Pick<PresenceRecord, 'holds' | 'openCases'>): PresenceLoad {
  const holds = record.holds ?? [];
  const chats = holds.filter((h) => h.channel === 'chat').length;
  return { calls: holds.length - chats, chats, cases: record.openCases ?? 0 };
}

/** The user's presence document, created offline the first time it is asked for. */
export async function ensurePresence(deps: Pick<AppDeps, 'now'>, user: UserRef): Promise<PresenceRecord> {
  const at = deps.now();
  const record = await PresenceModel.findOneAndUpdate(
    { userId: user.id },
    {
      $setOnInsert: {
        userId: user.id,
        userName: user.name,
        role: user.role,
        status: 'offline',
        reason: null,
        since: at,
        chosen: 'offline',
        chosenReason: null,
        lastSeenAt: null,
        idleSince: at,
        holds: [],
        openCases: 0,
        version: 0,
      },
    },
    { upsert: true, returnDocument: 'after' },
  ).lean<PresenceRecord>();
  if (!record) throw new DomainError('UNAVAILABLE', 'Presence could not be read; try again.');
  return record;
}

export async function getPresence(deps: Pick<AppDeps, 'now'>, user: UserRef): Promise<PresenceView> {
  return toPresenceView(await ensurePresence(deps, user));
}

/** Presences of many users at once (the wallboard, the router); users never seen are left out. */
export async function listPresences(
  filter: { userIds?: string[]; statuses?: PresenceStatus[] } = {},
): Promise<PresenceView[]> {
  const query: Record<string, unknown> = {};
  if (filter.userIds) query.userId = { $in: filter.userIds };
  if (filter.statuses) query.status = { $in: filter.statuses };
  const records = await PresenceModel.find(query).sort({ userName: 1 }).limit(5000).lean<PresenceRecord[]>();
  return records.map(toPresenceView);
}

/** What an agent picks in the top bar (`presence.set`). on_contact and wrap_up follow from live work. */
export async function setPresence(deps: PresenceDeps, user: UserRef, input: SetPresenceInput): Promise<PresenceView> {
  if (input.reason === 'missed_offer') {
    throw new DomainError('INVALID_INPUT', 'The "missed offer" break is set by the router, not chosen.');
  }
  return choosePresence(deps, user, { status: input.status, reason: input.reason ?? null });
}

/**
 * Records a chosen status and shows it, unless live work decides the status for now (it takes
 * effect when the work ends). Retries on a concurrent change; writes a presence change when the
 * shown status or reason changed.
 */
export async function choosePresence(deps: PresenceDeps, user: UserRef, chosen: ChosenPresence): Promise<PresenceView> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const record = await ensurePresence(deps, user);
    const updated = await writePresence(deps, record, { chosen, work: workOf(record) });
    if (updated) return toPresenceView(updated);
  }
  throw new DomainError('CONFLICT', 'Your status changed at the same moment elsewhere; try again.');
}

/** Live work the presence document knows of. The router keeps `load`; active/wrap-up come from it too. */
function workOf(record: PresenceRecord): LiveWork {
  return { active: record.status === 'on_contact' ? 1 : 0, wrapUp: record.status === 'wrap_up' ? 1 : 0 };
}

/**
 * Shows the status that follows from the agent's live work now (the conversation engine calls this
 * when a contact is accepted, goes to wrap-up or ends).
 */
export async function syncPresenceWithWork(deps: PresenceDeps, user: UserRef, work: LiveWork): Promise<PresenceView> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const record = await ensurePresence(deps, user);
    const chosen: ChosenPresence = { status: record.chosen, reason: record.chosenReason };
    const updated = await writePresence(deps, record, { chosen, work });
    if (updated) return toPresenceView(updated);
  }
  throw new DomainError('CONFLICT', 'The presence changed concurrently too often; try again.');
}

/** Shows the status that follows from live work, in one guarded write on the record as read; null on a concurrent change. */
export async function showLiveWork(
  deps: PresenceDeps,
  record: PresenceRecord,
  work: LiveWork,
): Promise<PresenceRecord | null> {
  return writePresence(deps, record, { chosen: { status: record.chosen, reason: record.chosenReason }, work });
}

/** One guarded write; null when another write got there first. */
async function writePresence(
  deps: PresenceDeps,
  record: PresenceRecord,
  next: { chosen: ChosenPresence; work: LiveWork; extra?: Record<string, unknown> },
): Promise<PresenceRecord | null> {
  const at = deps.now();
  const shown = effectivePresence(next.chosen, next.work);
  const changed = shown.status !== record.status || shown.reason !== (record.reason ?? null);
  const wasBusy = record.status === 'on_contact' || record.status === 'wrap_up';
  const busy = shown.status === 'on_contact' || shown.status === 'wrap_up';
  const updated = await PresenceModel.findOneAndUpdate(
    { _id: record._id, version: record.version },
    {
      $set: {
        chosen: next.chosen.status,
        chosenReason: next.chosen.status === 'break' ? next.chosen.reason : null,
        status: shown.status,
        reason: shown.reason,
        ...(changed ? { since: at } : {}),
        // Idle time counts from the end of the last contact, or from becoming available.
        ...((wasBusy && !busy) || (changed && shown.status === 'available') ? { idleSince: at } : {}),
        ...next.extra,
      },
      $inc: { version: 1 },
    },
    { returnDocument: 'after' },
  ).lean<PresenceRecord>();
  if (updated && changed) await recordChange(deps, updated, at);
  return updated;
}

async function recordChange(deps: PresenceDeps, record: PresenceRecord, at: Date): Promise<void> {
  await PresenceChangeModel.create({
    userId: record.userId,
    userName: record.userName,
    status: record.status,
    reason: record.reason ?? null,
    at,
  });
  deps.presencePush?.(toPresenceView(record));
}

/**
 * Signing in (the console opened): an offline user gets the configured sign-in status; anyone else
 * keeps theirs (a second tab does not end a break).
 */
export async function signInPresence(
  deps: PresenceDeps & Pick<AppDeps, 'config'>,
  user: UserRef,
): Promise<PresenceView> {
  const at = deps.now();
  await PresenceModel.updateOne({ userId: user.id }, { $set: { lastSeenAt: at } });
  const record = await ensurePresence(deps, user);
  if (record.status !== 'offline') return toPresenceView(record);
  const status = deps.config.presence.signInStatus;
  return choosePresence(deps, user, { status, reason: status === 'break' ? 'meeting' : null });
}

/** Heartbeat: these users have a console connected to this process now. */
export async function markSeen(userIds: string[], at: Date): Promise<void> {
  if (userIds.length === 0) return;
  await PresenceModel.updateMany({ userId: { $in: userIds } }, { $set: { lastSeenAt: at } });
}

/**
 * Users whose every console has been gone for `goneAfterMs` go offline (guarded per document, so
 * several processes sweeping at once change each user once). Returns the users it took offline.
 */
export async function sweepGonePresences(deps: PresenceDeps & Pick<AppDeps, 'config'>): Promise<PresenceRecord[]> {
  const cutoff = new Date(deps.now().getTime() - deps.config.presence.goneAfterMs);
  const gone = await PresenceModel.find({ status: { $ne: 'offline' }, lastSeenAt: { $lt: cutoff } })
    .limit(500)
    .lean<PresenceRecord[]>();
  const taken: PresenceRecord[] = [];
  for (const record of gone) {
    const updated = await PresenceModel.findOneAndUpdate(
      { _id: record._id, version: record.version, lastSeenAt: { $lt: cutoff } },
      {
        $set: { status: 'offline', reason: null, chosen: 'offline', chosenReason: null, since: deps.now() },
        $inc: { version: 1 },
      },
      { returnDocument: 'after' },
    ).lean<PresenceRecord>();
    if (!updated) continue;
    await recordChange(deps, updated, deps.now());
    taken.push(updated);
  }
  return taken;
}

/** The router's "you let an offer lapse": a missed-offer break until the agent picks a status again. */
export async function missedOfferBreak(deps: PresenceDeps, userId: string): Promise<void> {
  const record = await PresenceModel.findOne({ userId }).lean<PresenceRecord>();
  if (!record || record.status === 'offline') return;
  await choosePresence(
    deps,
    { id: record.userId, name: record.userName, role: record.role as SessionUser['role'] },
    {
      status: 'break',
      reason: 'missed_offer' satisfies BreakReason,
    },
  );
}
