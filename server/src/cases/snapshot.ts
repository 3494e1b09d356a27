/**
 * A case's machine and its stored snapshot: which machine a kind runs and how a stored snapshot
 * (migrated when written by an older schema) becomes a live one. Used by the engine and by the
 * projections, which therefore do not import each other.
 */
import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import { DomainError } from '../../../shared/errors';
import type { CaseKind } from '../../../shared/cases';
import { machines, migrateSnapshot, SCHEMA_VERSION, statePathOf } from '../../../workflows/machines/registry';
import type { CaseRecord, PersistedSnapshot } from '../db/models/case';
import { resolvePersisted } from '../engine/snapshot';

export function machineFor(kind: CaseKind): AnyStateMachine {
  return machines[kind].machine as unknown as AnyStateMachine;
}

/** The dotted path of a state value: "quoted", "escalated.supervisor". */
export function statePath(value: unknown): string {
  return statePathOf(value as Parameters<typeof statePathOf>[0]);
}

/**
 * The machine snapshot stored on a case. A document that cannot be restored (damaged, or written
 * by code this version does not know) is a clear CORRUPT_RECORD error: nothing is changed, and the
 * rest of the queue keeps working.
 */
export function restoreSnapshot(
  record: Pick<CaseRecord, '_id' | 'ref' | 'kind' | 'schemaVersion' | 'snapshot'>,
): AnyMachineSnapshot {
  try {
    if (!(record.kind in machines)) throw new Error(`unknown case kind ${String(record.kind)}`);
    const persisted =
      record.schemaVersion === SCHEMA_VERSION[record.kind]
        ? record.snapshot
        : (migrateSnapshot(record.kind, record.schemaVersion, record.snapshot) as PersistedSnapshot);
    return resolvePersisted(machineFor(record.kind), persisted);
  } catch (error) {
    throw new DomainError(
      'CORRUPT_RECORD',
      `Case ${record.ref ?? String(record._id)} cannot be read (${error instanceof Error ? error.message : String(error)}); it was left unchanged. Ask an administrator to repair it.`,
      { caseId: String(record._id) },
    );
  }
}
