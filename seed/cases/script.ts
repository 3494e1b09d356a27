/**
 * A case script: what people do to one case and when, written as a list of timed steps (create,
 * then events) that the simulation replays through the case engine. Times are minutes after the
 * previous step, so a script reads like the call it stands for.
 */
import type { SessionUser } from '../../shared/auth';
import type { CaseKind, CreateCaseInput } from '../../shared/cases';
import { MINUTE } from '../time';

/**
 * What runs after a step: 'drain' performs the effects it caused and their follow-ups (the
 * gateway answers within seconds); 'once' performs only the first round (the payment succeeds,
 * the ticketing that follows is still pending); 'none' leaves them pending (the gateway has not
 * answered yet). Only a script's last step may leave effects pending.
 */
export type OutboxRun = 'drain' | 'once' | 'none';

/** The payment gateway says no to this case's next call of the kind. */
export type Decline = { kind: 'collect' | 'refund'; reason: string };

export type ClientEvent = { type: string } & Record<string, unknown>;

export type ScriptAction =
  { type: 'create'; input: Omit<CreateCaseInput, 'idempotencyKey'> } | { type: 'send'; event: ClientEvent };

export type ScriptStep = {
  at: Date;
  by: SessionUser;
  action: ScriptAction;
  outbox: OutboxRun;
  declines: Decline[];
};

export type CaseScript = {
  id: number;
  /** "refund/awaiting_approval#2": the plan and variant, for failure reports. */
  label: string;
  kind: CaseKind;
  /** The state path the case must end in. */
  target: string;
  steps: ScriptStep[];
};

type StepOptions = { outbox?: OutboxRun; declines?: Decline[] };

export type ScriptBuilder = {
  /** The time the next step would happen at with no gap. */
  readonly cursor: Date;
  create(by: SessionUser, input: Omit<CreateCaseInput, 'idempotencyKey' | 'kind'>): ScriptBuilder;
  /** An event `minutes` after the previous step. */
  then(minutes: number, by: SessionUser, event: ClientEvent, options?: StepOptions): ScriptBuilder;
  /** An event at a given time (after the previous step). */
  thenAt(at: Date, by: SessionUser, event: ClientEvent, options?: StepOptions): ScriptBuilder;
  build(): CaseScript;
};

export function caseScript(id: number, kind: CaseKind, target: string, label: string, start: Date): ScriptBuilder {
  const steps: ScriptStep[] = [];
  let cursor = start.getTime();
  const builder: ScriptBuilder = {
    get cursor() {
      return new Date(cursor);
    },
    create(by, input) {
      if (steps.length > 0) throw new Error(`${label}: create must be the first step`);
      steps.push({
        at: new Date(cursor),
        by,
        action: { type: 'create', input: { ...input, kind } },
        outbox: 'drain',
        declines: [],
      });
      return builder;
    },
    then(minutes, by, event, options = {}) {
      if (steps.length === 0) throw new Error(`${label}: create the case first`);
      if (!(minutes > 0)) throw new Error(`${label}: steps must move forward in time (${minutes} min)`);
      cursor += Math.round(minutes * MINUTE);
      steps.push({
        at: new Date(cursor),
        by,
        action: { type: 'send', event },
        outbox: options.outbox ?? 'drain',
        declines: options.declines ?? [],
      });
      return builder;
    },
    thenAt(at, by, event, options = {}) {
      return builder.then((at.getTime() - cursor) / MINUTE, by, event, options);
    },
    build() {
      steps.forEach((step, i) => {
        if (step.outbox !== 'drain' && i !== steps.length - 1)
          throw new Error(`${label}: only the last step may leave effects pending`);
      });
      return { id, label, kind, target, steps: [...steps] };
    },
  };
  return builder;
}
