/**
 * Walks a machine with @xstate/graph from its initial state, applying sample events everywhere, so
 * a test can show that every state is reachable, which events each state accepts, and that every
 * event is taken somewhere. States are told apart by value plus a small `shape` of the context
 * the branches depend on (the full context would never repeat, so the walk would not end).
 */
import { getShortestPaths, type StatePath } from '@xstate/graph';
import type { AnyMachineSnapshot, AnyStateMachine, EventObject } from 'xstate';
import { statePathOf } from '../registry';

export type Exploration = {
  /** One shortest path per (state path, shape) reached. */
  paths: StatePath<AnyMachineSnapshot, EventObject>[];
  /** State paths reached. */
  states: Set<string>;
  /** Event types some reached state took (`snapshot.can(event)`). */
  takenEvents: Set<string>;
};

export function explore<M extends AnyStateMachine>(
  machine: M,
  input: unknown,
  samples: (snapshot: AnyMachineSnapshot) => readonly EventObject[],
  shape: (snapshot: AnyMachineSnapshot) => unknown = () => null,
): Exploration {
  const paths = getShortestPaths(machine as AnyStateMachine, {
    input,
    events: (snapshot: AnyMachineSnapshot) => samples(snapshot),
    serializeState: (snapshot: AnyMachineSnapshot) => JSON.stringify([snapshot.value, shape(snapshot)]),
    limit: 5_000,
  }) as StatePath<AnyMachineSnapshot, EventObject>[];
  const states = new Set<string>();
  const takenEvents = new Set<string>();
  for (const path of paths) {
    states.add(statePathOf(path.state.value));
    for (const event of samples(path.state)) if (path.state.can(event)) takenEvents.add(event.type);
  }
  return { paths, states, takenEvents };
}

/** Every state path of a machine, nested ones dotted ("escalated.handler"); compound parents left out. */
export function leafStatePaths(machine: AnyStateMachine): string[] {
  const out: string[] = [];
  const walk = (node: { states: Record<string, unknown>; path: string[] }) => {
    const children = Object.values(node.states) as { states: Record<string, unknown>; path: string[] }[];
    if (children.length === 0 && node.path.length > 0) out.push(node.path.join('.'));
    children.forEach(walk);
  };
  walk(machine.root as unknown as { states: Record<string, unknown>; path: string[] });
  return out;
}
