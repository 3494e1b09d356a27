import { describe, expect, it } from 'vitest';
import { findCasesInputSchema, sampleInputSchema } from './qa';

describe('QA date inputs', () => {
  it('takes real calendar days and refuses impossible ones with a clear message', () => {
    expect(sampleInputSchema.safeParse({ day: '2026-12-01' }).success).toBe(true);
    expect(findCasesInputSchema.safeParse({ from: '2024-02-29', to: '2026-12-01' }).success).toBe(true);
    for (const day of ['2026-13-45', '2026-02-30', '2025-02-29', '2026-00-10']) {
      const parsed = sampleInputSchema.safeParse({ day });
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]?.message).toBe('must be a real calendar date');
    }
  });
});
