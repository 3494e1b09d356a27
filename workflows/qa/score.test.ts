import { describe, expect, it } from 'vitest';
import { answerSpread, rubricProblems, scoreReview, ScoreInputError, type RubricSection } from './score';

const rubric: RubricSection[] = [
  {
    id: 'open',
    questions: [
      { id: 'greet', weight: 10, scale: 'yes_no', allowNa: false, critical: false },
      { id: 'identity', weight: 30, scale: 'yes_no', allowNa: false, critical: true },
    ],
  },
  {
    id: 'work',
    questions: [
      { id: 'fee', weight: 40, scale: 'one_to_five', allowNa: true, critical: false },
      { id: 'close', weight: 20, scale: 'yes_no', allowNa: true, critical: false },
    ],
  },
];

describe('QA score arithmetic', () => {
  it('weights the answers: all best is 100, a 3 of 5 earns half its weight', () => {
    const all = scoreReview(rubric, [
      { questionId: 'greet', value: 'yes' },
      { questionId: 'identity', value: 'yes' },
      { questionId: 'fee', value: 5 },
      { questionId: 'close', value: 'yes' },
    ]);
    expect(all.score).toBe(100);
    const mid = scoreReview(rubric, [
      { questionId: 'greet', value: 'no' },
      { questionId: 'identity', value: 'yes' },
      { questionId: 'fee', value: 3 },
      { questionId: 'close', value: 'yes' },
    ]);
    // 0·10 + 30 + 40·0.5 + 20 = 70
    expect(mid).toEqual({ score: 70, criticalFailed: [], perQuestion: { greet: 0, identity: 1, fee: 0.5, close: 1 } });
  });

  it('spreads an N/A question’s weight over the rest', () => {
    // fee N/A: greet no (0 of 10), identity 30, close 20 → 50 of 60 = 83.33 → 83
    const r = scoreReview(rubric, [
      { questionId: 'greet', value: 'no' },
      { questionId: 'identity', value: 'yes' },
      { questionId: 'fee', value: 'na' },
      { questionId: 'close', value: 'yes' },
    ]);
    expect(r.score).toBe(83);
    expect(r.perQuestion.fee).toBeNull();
  });

  it('rounds half up from the exact fraction', () => {
    // fee 2 of 5 → 40·0.25 = 10; greet no; close N/A → 40 of 80 → 50; fee 4 → 30+30 = 60 of 80 = 75
    const base = [
      { questionId: 'greet', value: 'no' as const },
      { questionId: 'identity', value: 'yes' as const },
      { questionId: 'close', value: 'na' as const },
    ];
    expect(scoreReview(rubric, [...base, { questionId: 'fee', value: 2 }]).score).toBe(50);
    // greet yes, fee 1, close N/A: 10 + 30 + 0 = 40 of 80 → 50; with close no: 40 of 100 → 40
    // 62.5 exactly: greet yes(10) + identity(30) + fee 2 (10) = 50 of 80 = 62.5 → 63
    expect(
      scoreReview(rubric, [
        { questionId: 'greet', value: 'yes' },
        { questionId: 'identity', value: 'yes' },
        { questionId: 'fee', value: 2 },
        { questionId: 'close', value: 'na' },
      ]).score,
    ).toBe(63);
  });

  it('fails the whole review on a critical item, whatever else was earned', () => {
    const r = scoreReview(rubric, [
      { questionId: 'greet', value: 'yes' },
      { questionId: 'identity', value: 'no' },
      { questionId: 'fee', value: 5 },
      { questionId: 'close', value: 'yes' },
    ]);
    expect(r.score).toBe(0);
    expect(r.criticalFailed).toEqual(['identity']);
  });

  it('refuses missing, unknown, repeated and out-of-scale answers, and N/A where not allowed', () => {
    const ok = [
      { questionId: 'greet', value: 'yes' as const },
      { questionId: 'identity', value: 'yes' as const },
      { questionId: 'fee', value: 5 },
    ];
    expect(() => scoreReview(rubric, ok)).toThrow(/close is not answered/);
    expect(() => scoreReview(rubric, [...ok, { questionId: 'x', value: 'yes' }])).toThrow(ScoreInputError);
    expect(() => scoreReview(rubric, [...ok, { questionId: 'fee', value: 4 }])).toThrow(/twice/);
    expect(() =>
      scoreReview(rubric, [...ok.slice(0, 2), { questionId: 'fee', value: 6 }, { questionId: 'close', value: 'yes' }]),
    ).toThrow(/1 to 5/);
    expect(() =>
      scoreReview(rubric, [
        { questionId: 'greet', value: 'na' },
        ...ok.slice(1),
        { questionId: 'close', value: 'yes' },
      ]),
    ).toThrow(/cannot be answered N\/A/);
  });

  it('keeps the version a review was made with: the same answers score by their own rubric', () => {
    const v2: RubricSection[] = rubric.map((s) => ({
      ...s,
      questions: s.questions.map((q) =>
        q.id === 'greet' ? { ...q, weight: 30 } : q.id === 'fee' ? { ...q, weight: 20 } : q,
      ),
    }));
    const answers = [
      { questionId: 'greet', value: 'no' as const },
      { questionId: 'identity', value: 'yes' as const },
      { questionId: 'fee', value: 5 },
      { questionId: 'close', value: 'yes' as const },
    ];
    expect(scoreReview(rubric, answers).score).toBe(90);
    expect(scoreReview(v2, answers).score).toBe(70);
  });

  it('checks a rubric: weights sum to 100, unique ids, critical questions are yes/no', () => {
    expect(rubricProblems(rubric)).toEqual([]);
    const bad: RubricSection[] = [
      {
        id: 's',
        questions: [
          { id: 'a', weight: 50, scale: 'one_to_five', allowNa: false, critical: true },
          { id: 'a', weight: 40, scale: 'yes_no', allowNa: false, critical: false },
        ],
      },
    ];
    expect(rubricProblems(bad).map((p) => p.message)).toEqual([
      'a critical question is answered yes or no',
      'question id a is used twice',
      'the weights sum to 90, not 100',
    ]);
  });

  it('measures the spread of reviewers’ answers, leaving N/A out', () => {
    expect(answerSpread([1, 0.5, null, 0.75])).toEqual({ min: 0.5, max: 1, spread: 0.5, n: 3 });
    expect(answerSpread([null])).toBeNull();
  });
});
