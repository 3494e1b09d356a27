/**
 * What each history entry records for replay (DESIGN.md "QA and reports"): the case as `cases.get`
 * projects it after the step, in full on the first recorded step and as its changes after that,
 * written by the engine in the same update as the transition.
 */
import type { HistoryReplay, LoadedCase } from '../db/models/case';
import { toCaseData } from '../cases/projection';
import { asJson, jsonChanges } from './json-changes';

export type CaseData = ReturnType<typeof toCaseData>;

export function replayData(record: LoadedCase): CaseData {
  return asJson(toCaseData(record));
}

/**
 * The replay part of the step from `before` to `after` (history entry `seq`), and what to set on the
 * case: a case recorded before replay existed gets its full data here and replays from this step on.
 */
export function recordReplay(
  before: LoadedCase | null,
  after: LoadedCase,
  seq: number,
): { replay: HistoryReplay; set: { replaySince?: number } } {
  const data = replayData(after);
  if (!before || before.replaySince == null) return { replay: { data }, set: { replaySince: seq } };
  return { replay: { changes: jsonChanges(replayData(before), data) }, set: {} };
}
