/**
 * The day's QA sample (pure): a random share of each agent's closed cases plus every money
 * decision the rules name, split over the reviewers. Deterministic: the "random" draw is a hash of
 * the day, the rule set and the case id, so the same day and rules give the same sample anywhere.
 */
export type SamplingRules = {
  /** Percent of each agent's closed cases of the day drawn at random (0–100). */
  sharePercent: number;
  /** Every refund paying back more than this (fen). */
  refundAboveFen: number;
  /** Every complaint that gave compensation. */
  everyCompensation: boolean;
  /** Every fee waiver (a quote without fee on a paid fare) or involuntary refund/change. */
  everyWaiverOrInvoluntary: boolean;
  /** Every complaint escalated to a supervisor. */
  everySupervisorEscalation: boolean;
};

export const defaultSamplingRules: SamplingRules = {
  sharePercent: 20,
  refundAboveFen: 100_000,
  everyCompensation: true,
  everyWaiverOrInvoluntary: true,
  everySupervisorEscalation: true,
};

/** What sampling needs of a closed case. */
export type SampleCandidate = {
  caseId: string;
  ref: string;
  kind: string;
  /** The agent whose work it was (null: nobody took it). */
  agentId: string | null;
  refundFen: number;
  compensationFen: number;
  feeWaived: boolean;
  involuntary: boolean;
  supervisorEscalation: boolean;
};

export const sampleReasons = [
  'random_share',
  'refund_above',
  'compensation',
  'waiver_or_involuntary',
  'supervisor_escalation',
] as const;
export type SampleReason = (typeof sampleReasons)[number];

export type SampleItem = {
  caseId: string;
  ref: string;
  kind: string;
  agentId: string | null;
  reasons: SampleReason[];
  reviewerId: string | null;
};

/** FNV-1a, 32 bits: a stable hash with no I/O. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export function rulesHash(rules: SamplingRules): string {
  const canonical = JSON.stringify([
    rules.sharePercent,
    rules.refundAboveFen,
    rules.everyCompensation,
    rules.everyWaiverOrInvoluntary,
    rules.everySupervisorEscalation,
  ]);
  return hash32(canonical).toString(16).padStart(8, '0');
}

/** Why a case is in the sample by the rules alone (the random share aside). */
export function ruleReasons(rules: SamplingRules, c: SampleCandidate): SampleReason[] {
  const reasons: SampleReason[] = [];
  if (c.refundFen > rules.refundAboveFen) reasons.push('refund_above');
  if (rules.everyCompensation && c.compensationFen > 0) reasons.push('compensation');
  if (rules.everyWaiverOrInvoluntary && (c.feeWaived || c.involuntary)) reasons.push('waiver_or_involuntary');
  if (rules.everySupervisorEscalation && c.supervisorEscalation) reasons.push('supervisor_escalation');
  return reasons;
}

/**
 * The sample of `day` (a Shanghai date, "2026-05-10") over its closed cases, each given to one of
 * `reviewerIds` (evenly, in draw order; null when there are none).
 */
export function drawSample(
  day: string,
  rules: SamplingRules,
  candidates: readonly SampleCandidate[],
  reviewerIds: readonly string[],
): SampleItem[] {
  const seed = `${day}|${rulesHash(rules)}`;
  const draw = (c: SampleCandidate) => hash32(`${seed}|${c.caseId}`);
  const drawn = new Set<string>();
  const byAgent = new Map<string, SampleCandidate[]>();
  for (const c of candidates) {
    if (!c.agentId) continue;
    byAgent.set(c.agentId, [...(byAgent.get(c.agentId) ?? []), c]);
  }
  for (const cases of byAgent.values()) {
    const take = Math.ceil((cases.length * Math.max(0, Math.min(100, rules.sharePercent))) / 100);
    const order = [...cases].sort((a, b) => draw(a) - draw(b) || a.caseId.localeCompare(b.caseId));
    for (const c of order.slice(0, take)) drawn.add(c.caseId);
  }
  const items = candidates
    .map((c) => {
      const reasons: SampleReason[] = [
        ...(drawn.has(c.caseId) ? (['random_share'] as const) : []),
        ...ruleReasons(rules, c),
      ];
      return { c, reasons };
    })
    .filter((x) => x.reasons.length > 0)
    .sort((a, b) => draw(a.c) - draw(b.c) || a.c.caseId.localeCompare(b.c.caseId));
  const load = new Map([...reviewerIds].sort().map((r) => [r, 0]));
  return items.map(({ c, reasons }) => {
    // The least loaded reviewer so far takes it (first in id order on a tie); never one's own case.
    let reviewerId: string | null = null;
    let least = Infinity;
    for (const [r, n] of load)
      if (r !== c.agentId && n < least) {
        reviewerId = r;
        least = n;
      }
    if (reviewerId !== null) load.set(reviewerId, least + 1);
    return { caseId: c.caseId, ref: c.ref, kind: c.kind, agentId: c.agentId, reasons, reviewerId };
  });
}
