/**
 * Every state a case can rest in, read from the machines themselves (not from a list kept by
 * hand), so the seed's coverage check follows the machines when they change.
 */
import type { AnyStateMachine } from 'xstate';
import { caseKinds, type CaseKind } from '../../shared/cases';
import { machines } from '../../workflows/machines/registry';

type StateNodeLike = { key: string; states?: Record<string, StateNodeLike> };

function leafPaths(node: StateNodeLike, prefix: string): string[] {
  const children = Object.values(node.states ?? {});
  if (children.length === 0) return [prefix];
  return children.flatMap((child) => leafPaths(child, prefix ? `${prefix}.${child.key}` : child.key));
}

/** Dotted paths of the leaf states ("escalated.handler"), in definition order. */
export function machineStatePaths(kind: CaseKind): string[] {
  const machine = machines[kind].machine as unknown as AnyStateMachine;
  return leafPaths(machine.root as unknown as StateNodeLike, '');
}

/** "kind/state" for every state of every machine. */
export function allCaseStates(): string[] {
  return caseKinds.flatMap((kind) => machineStatePaths(kind).map((state) => `${kind}/${state}`));
}
