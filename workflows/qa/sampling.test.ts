import { describe, expect, it } from 'vitest';
import { defaultSamplingRules, drawSample, rulesHash, type SampleCandidate } from './sampling';

function candidate(n: number, over: Partial<SampleCandidate> = {}): SampleCandidate {
  return {
    caseId: `case${String(n).padStart(3, '0')}`,
    ref: `RF-${String(n).padStart(6, '0')}`,
    kind: 'refund',
    agentId: `agent${n % 4}`,
    refundFen: 0,
    compensationFen: 0,
    feeWaived: false,
    involuntary: false,
    supervisorEscalation: false,
    ...over,
  };
}

const cases = Array.from({ length: 200 }, (_, i) =>
  candidate(i, {
    refundFen: (i * 7919) % 300_000,
    compensationFen: i % 17 === 0 ? 5_000 : 0,
    involuntary: i % 23 === 0,
    supervisorEscalation: i % 29 === 0,
    agentId: i % 31 === 0 ? null : `agent${i % 4}`,
  }),
);

describe('QA sampling', () => {
  it('is deterministic for a day and rule set, and another day or rule set draws another share', () => {
    const a = drawSample('2026-05-10', defaultSamplingRules, cases, ['qa1', 'qa2']);
    const again = drawSample('2026-05-10', defaultSamplingRules, [...cases].reverse(), ['qa2', 'qa1']);
    expect(again).toEqual(a);
    const random = (s: typeof a) => s.filter((i) => i.reasons.includes('random_share')).map((i) => i.caseId);
    expect(random(drawSample('2026-05-11', defaultSamplingRules, cases, ['qa1', 'qa2']))).not.toEqual(random(a));
    const other = { ...defaultSamplingRules, sharePercent: 21 };
    expect(rulesHash(other)).not.toBe(rulesHash(defaultSamplingRules));
    expect(random(drawSample('2026-05-10', other, cases, ['qa1']))).not.toEqual(random(a));
  });

  it('is complete: every refund above the amount, every compensation, waiver, involuntary and supervisor escalation is in', () => {
    const sample = drawSample('2026-05-10', defaultSamplingRules, cases, ['qa1']);
    const ids = new Set(sample.map((i) => i.caseId));
    const must = cases.filter(
      (c) => c.refundFen > 100_000 || c.compensationFen > 0 || c.involuntary || c.feeWaived || c.supervisorEscalation,
    );
    expect(must.length).toBeGreaterThan(50);
    for (const c of must) expect(ids.has(c.caseId), c.ref).toBe(true);
    // A refund exactly at the amount is not above it.
    expect(
      drawSample('d', { ...defaultSamplingRules, sharePercent: 0 }, [candidate(1, { refundFen: 100_000 })], ['qa1']),
    ).toEqual([]);
  });

  it('draws the share per agent (rounded up) and nobody else at random', () => {
    const plain = Array.from({ length: 40 }, (_, i) => candidate(i, { agentId: i < 30 ? 'a' : 'b' }));
    const sample = drawSample('2026-05-10', { ...defaultSamplingRules, sharePercent: 10 }, plain, ['qa1']);
    expect(sample.filter((i) => i.agentId === 'a')).toHaveLength(3);
    expect(sample.filter((i) => i.agentId === 'b')).toHaveLength(1);
    expect(drawSample('2026-05-10', { ...defaultSamplingRules, sharePercent: 0 }, plain, ['qa1'])).toEqual([]);
  });

  it('splits the sample over the reviewers in turn, never giving one their own case', () => {
    const sample = drawSample('2026-05-10', defaultSamplingRules, cases, ['qa1', 'qa2', 'agent1']);
    const per = (r: string) => sample.filter((i) => i.reviewerId === r).length;
    expect(Math.abs(per('qa1') - per('qa2'))).toBeLessThanOrEqual(2);
    expect(sample.some((i) => i.agentId === 'agent1' && i.reviewerId === 'agent1')).toBe(false);
    expect(drawSample('2026-05-10', defaultSamplingRules, cases, []).every((i) => i.reviewerId === null)).toBe(true);
  });
});
