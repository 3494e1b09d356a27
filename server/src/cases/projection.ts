import type { AnyMachineSnapshot } from 'xstate';
import type { CaseKind, HistoryEntry, Note, QueueItem } from '../../../shared/cases';
import type { CaseDataByKind, TypedCaseDetail } from '../../../shared/case-detail';
import type { Role } from '../../../shared/roles';
import { allowedEvents, machines } from '../../../workflows/machines/registry';
import type { Logger } from 'pino';
import type { HistoryRecord, LoadedCase } from '../db/models/case';
import { restoreSnapshot } from './snapshot';

/**
 * Queue items for many records, leaving out (and logging) any document too damaged to show, so one
 * bad document never empties an agent's queue.
 */
export function toQueueItems(records: LoadedCase[], logger: Logger): QueueItem[] {
  const items: QueueItem[] = [];
  for (const record of records) {
    try {
      items.push(toQueueItem(record));
    } catch (error) {
      logger.error({ err: error, caseId: String(record._id) }, 'left a damaged case out of a list');
    }
  }
  return items;
}

export function toQueueItem(record: LoadedCase): QueueItem {
  return {
    id: record._id.toHexString(),
    ref: record.ref,
    kind: record.kind,
    state: record.state,
    status: record.status,
    queue: record.queue,
    priority: record.priority,
    channel: record.channel,
    subject: record.subject,
    assignee: record.assigneeId ? { id: record.assigneeId, name: record.assigneeName ?? '' } : null,
    customer: record.customerId ? { id: record.customerId, name: record.customerName ?? '' } : null,
    bookingRef: record.bookingRef,
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
    waitingSince: record.waitingSince.toISOString(),
    nextDueAt: record.nextDueAt ? record.nextDueAt.toISOString() : null,
    nextDueEvent: record.nextDueEvent,
    watchers: (record.watchers ?? []).map((w) => ({ id: w.id, name: w.name })),
    breach:
      record.breachDueAt && record.breachEvent
        ? { event: record.breachEvent, dueAt: record.breachDueAt.toISOString() }
        : null,
    version: record.version,
  };
}

export function toHistoryEntries(history: readonly HistoryRecord[]): HistoryEntry[] {
  return history.map((entry) => ({
    seq: entry.seq,
    at: entry.at.toISOString(),
    actor: { id: entry.actor.id, name: entry.actor.name, role: entry.actor.role as HistoryEntry['actor']['role'] },
    event: entry.event,
    payload: entry.payload ?? {},
    from: entry.from,
    to: entry.to,
  }));
}

/**
 * The events this role may send now: accepted by the current state and permitted for the role
 * there. `snapshot` is the one the request already has (restored or just computed), when it has one.
 */
export function allowedEventsFor(record: LoadedCase, role: Role, snapshot?: AnyMachineSnapshot): string[] {
  return allowedEvents(record.kind, snapshot ?? restoreSnapshot(record), role);
}

/** A kind with its data, as its own machine projects it. */
type KindData = { [K in CaseKind]: { kind: K; data: CaseDataByKind[K] } }[CaseKind];

function kindData(record: Pick<LoadedCase, 'kind' | 'snapshot'>): KindData {
  // The stored context is this kind's machine context (restoreSnapshot reads it with the same machine).
  const context = record.snapshot.context as never;
  switch (record.kind) {
    case 'booking':
      return { kind: 'booking', data: machines.booking.project(context) };
    case 'change':
      return { kind: 'change', data: machines.change.project(context) };
    case 'refund':
      return { kind: 'refund', data: machines.refund.project(context) };
    case 'complaint':
      return { kind: 'complaint', data: machines.complaint.project(context) };
  }
}

/** The case as the console shows it, whoever looks: everything of `cases.get` but the viewer's events (QA replay records it). */
export function toCaseData(record: LoadedCase) {
  const context = record.snapshot.context;
  return {
    ...toQueueItem(record),
    ...kindData(record),
    notes: ((context.notes ?? []) as Note[]).map((n) => ({ id: n.id, at: n.at, author: n.author, text: n.text })),
    customerId: record.customerId,
    bookingId: record.bookingId,
  };
}

/** The case for its workspace, without the history (paged through `cases.history`). */
export function toCaseDetail(record: LoadedCase, role: Role, snapshot?: AnyMachineSnapshot): TypedCaseDetail {
  return {
    ...toCaseData(record),
    allowedEvents: allowedEventsFor(record, role, snapshot),
  };
}
