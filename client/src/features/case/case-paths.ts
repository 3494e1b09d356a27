import type { CaseKind } from '../../../../shared/cases';

/**
 * The usual road each kind of case travels, for the little diagram in the workspace. Only a
 * picture: which events are possible comes from the server (CaseDetail.allowedEvents).
 * States off this road (escalated, declined, refused...) are shown beside it.
 */
export const mainPaths: Record<CaseKind, readonly string[]> = {
  booking: ['draft', 'quoted', 'passengers_entered', 'holding', 'seats_held', 'payment_pending', 'paid', 'ticketed', 'closed'],
  change: ['verifying', 'choosing', 'quoted', 'difference_pending', 'reissuing', 'reissued', 'closed'],
  refund: ['verifying', 'selecting', 'quoted', 'awaiting_approval', 'submitting', 'settled', 'closed'],
  complaint: ['received', 'acknowledged', 'investigating', 'resolution_proposed', 'resolved', 'closed'],
};

export type PathStep = { state: string; status: 'done' | 'current' | 'todo' };

/**
 * The main path with each step marked done, current or still to come. A state off the path is
 * placed after the furthest step the history shows the case reached.
 */
export function pathSteps(kind: CaseKind, current: string, visited: readonly string[]): { steps: PathStep[]; offPath: string | null } {
  const path = mainPaths[kind];
  const top = current.split('.')[0] ?? current;
  const index = path.indexOf(current) >= 0 ? path.indexOf(current) : path.indexOf(top);
  if (index >= 0) {
    return { steps: path.map((state, i) => ({ state, status: i < index ? 'done' : i === index ? 'current' : 'todo' })), offPath: null };
  }
  const reached = Math.max(-1, ...visited.map((state) => path.indexOf(state)));
  return { steps: path.map((state, i) => ({ state, status: i <= reached ? 'done' : 'todo' })), offPath: current };
}
