/**
 * Drives a machine the way the case engine does: `initialTransition` to create, `snapshot.can` to
 * refuse, pure `transition` to move, effects read from the returned action list.
 */
import { initialTransition, transition, type AnyMachineSnapshot, type AnyStateMachine, type EventObject } from 'xstate';
import { EFFECT_PREFIX } from '../effects';
import { statePathOf } from '../registry';

export type Effect = { name: string; params: unknown };
export type Step = { snapshot: AnyMachineSnapshot; effects: Effect[]; accepted: boolean };

export function effectsOf(actions: readonly { type: string; params?: unknown }[]): Effect[] {
  return actions
    .filter((a) => a.type.startsWith(EFFECT_PREFIX))
    .map((a) => ({ name: a.type.slice(EFFECT_PREFIX.length), params: a.params }));
}

export function start(machine: AnyStateMachine, input: unknown): Step {
  const [snapshot, actions] = initialTransition(machine, input);
  return { snapshot, effects: effectsOf(actions), accepted: true };
}

/** One event; a refused one leaves the snapshot as it was (`accepted: false`), as the engine would. */
export function send(machine: AnyStateMachine, snapshot: AnyMachineSnapshot, event: EventObject): Step {
  if (!snapshot.can(event)) return { snapshot, effects: [], accepted: false };
  const [next, actions] = transition(machine, snapshot, event);
  return { snapshot: next, effects: effectsOf(actions), accepted: true };
}

/** Sends events in order; throws naming the first refused one, so a test's setup cannot silently stall. */
export function sendAll(machine: AnyStateMachine, snapshot: AnyMachineSnapshot, events: readonly EventObject[]): Step {
  let step: Step = { snapshot, effects: [], accepted: true };
  for (const event of events) {
    step = send(machine, step.snapshot, event);
    if (!step.accepted) throw new Error(`${event.type} was refused in state ${statePathOf(step.snapshot.value)}`);
  }
  return step;
}

export function path(snapshot: AnyMachineSnapshot): string {
  return statePathOf(snapshot.value);
}

/** What the engine stores, through JSON, and restores with `machine.resolveState`. */
export function persistAndRestore(machine: AnyStateMachine, snapshot: AnyMachineSnapshot): AnyMachineSnapshot {
  const stored = JSON.parse(JSON.stringify({ value: snapshot.value, context: snapshot.context })) as {
    value: never;
    context: unknown;
  };
  return machine.resolveState(stored);
}
