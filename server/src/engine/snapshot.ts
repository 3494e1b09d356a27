/**
 * Machine snapshots as documents store them, for every kind the engine runs: what is written
 * (plain JSON) and how a stored one becomes a live snapshot again. The engine and the projections
 * both import this file, so neither imports the other.
 */
import type { AnyMachineSnapshot, AnyStateMachine, StateValue } from 'xstate';
import type { PersistedSnapshot } from '../db/models/case';

/** The stored form of a snapshot: its value and context, as plain JSON. */
export function persistedSnapshot(snapshot: AnyMachineSnapshot): PersistedSnapshot {
  // Context is plain JSON by contract; the round trip strips anything that is not.
  return JSON.parse(JSON.stringify({ value: snapshot.value, context: snapshot.context })) as PersistedSnapshot;
}

/** A live snapshot of `machine` from a stored one; throws when it has no context to restore. */
export function resolvePersisted(
  machine: AnyStateMachine,
  persisted: PersistedSnapshot | undefined,
): AnyMachineSnapshot {
  if (!persisted || typeof persisted.context !== 'object' || persisted.context === null)
    throw new Error('the snapshot has no context');
  return machine.resolveState({ value: persisted.value as StateValue, context: persisted.context });
}
