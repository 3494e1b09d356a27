import type { CaseKind } from '../../../shared/cases';

/**
 * The usual road each kind of case travels, for the little diagram in the workspace. Only a
 * picture: which events are possible comes from the server (CaseDetail.allowedEvents).
 * States off this road (escalated, declined, refused...) are shown beside it.
 */
export const mainPaths: Record<CaseKind, readonly string[]> = {
  booking: [
    'draft',
    'quoted',
    'passengers_entered',
    'holding',
    'seats_held',
    'payment_pending',
    'paid',
    'ticketed',
    'closed',
  ],
  change: ['verifying', 'choosing', 'quoted', 'difference_pending', 'reissuing', 'reissued', 'closed'],
  refund: ['verifying', 'selecting', 'quoted', 'awaiting_approval', 'submitting', 'settled', 'closed'],
  complaint: ['received', 'acknowledged', 'investigating', 'resolution_proposed', 'resolved', 'closed'],
};

export type PathStep = { state: string; status: 'done' | 'current' | 'skipped' | 'todo' };

/**
 * The main path with each step marked by what the case really did: done where its history shows
 * it passed (a refund under the approval threshold never waits for a supervisor, so that step is
 * skipped, not done), current, or still to come. `visited` lists the states the history names
 * (from and to of every entry). A state off the path is shown beside it; the steps up to the
 * furthest one reached are then done or skipped the same way.
 */
export function pathSteps(
  kind: CaseKind,
  current: string,
  visited: readonly string[],
): { steps: PathStep[]; offPath: string | null } {
  const path = mainPaths[kind];
  const top = current.split('.')[0] ?? current;
  const seen = new Set(visited.flatMap((state) => [state, state.split('.')[0] ?? state]));
  const index = path.indexOf(current) >= 0 ? path.indexOf(current) : path.indexOf(top);
  const passed = (state: string): PathStep['status'] => (seen.has(state) ? 'done' : 'skipped');
  if (index >= 0) {
    return {
      steps: path.map((state, i) => ({ state, status: i < index ? passed(state) : i === index ? 'current' : 'todo' })),
      offPath: null,
    };
  }
  const reached = Math.max(-1, ...path.map((state, i) => (seen.has(state) ? i : -1)));
  return {
    steps: path.map((state, i) => ({ state, status: i <= reached ? passed(state) : 'todo' })),
    offPath: current,
  };
}
