/**
 * QA score arithmetic (pure): a rubric's questions carry weights summing to 100; an answer is
 * "yes"/"no", a number on the question's 1–5 scale, or "na" where allowed (its weight is spread over
 * the other questions); a critical question answered "no" (or 1) fails the whole review (score 0).
 * Scores are whole numbers, rounded half up from the exact fraction.
 */
export type QuestionScale = 'yes_no' | 'one_to_five';

export type RubricQuestion = {
  id: string;
  weight: number;
  scale: QuestionScale;
  allowNa: boolean;
  critical: boolean;
};

export type RubricSection = { id: string; questions: readonly RubricQuestion[] };

export type AnswerValue = 'yes' | 'no' | 'na' | number;
export type Answer = { questionId: string; value: AnswerValue };

export type ScoreResult = {
  score: number;
  /** Critical questions that failed (the score is then 0). */
  criticalFailed: string[];
  /** Per question: its share of the score it earned, 0–1, or null for N/A. */
  perQuestion: Record<string, number | null>;
};

export type RubricProblem = { path: string; message: string };

/** What is wrong with a rubric (empty when it can be used): weights, ids, scales. */
export function rubricProblems(sections: readonly RubricSection[]): RubricProblem[] {
  const problems: RubricProblem[] = [];
  const ids = new Set<string>();
  let total = 0;
  if (sections.length === 0) problems.push({ path: 'sections', message: 'a scorecard needs at least one section' });
  sections.forEach((section, s) => {
    if (section.questions.length === 0)
      problems.push({ path: `sections.${s}.questions`, message: 'a section needs at least one question' });
    section.questions.forEach((q, i) => {
      if (ids.has(q.id))
        problems.push({ path: `sections.${s}.questions.${i}.id`, message: `question id ${q.id} is used twice` });
      ids.add(q.id);
      if (!Number.isInteger(q.weight) || q.weight < 0)
        problems.push({
          path: `sections.${s}.questions.${i}.weight`,
          message: 'a weight is a whole number, 0 or more',
        });
      if (q.critical && q.scale !== 'yes_no')
        problems.push({
          path: `sections.${s}.questions.${i}.critical`,
          message: 'a critical question is answered yes or no',
        });
      total += q.weight;
    });
  });
  if (total !== 100) problems.push({ path: 'sections', message: `the weights sum to ${total}, not 100` });
  return problems;
}

/** Points of an answer out of 4 (yes 4, no 0; 1–5 → 0–4), or null for N/A. Throws on a value the question does not take. */
function points(question: RubricQuestion, value: AnswerValue): number | null {
  if (value === 'na') {
    if (!question.allowNa) throw new ScoreInputError(`question ${question.id} cannot be answered N/A`);
    return null;
  }
  if (question.scale === 'yes_no') {
    if (value === 'yes') return 4;
    if (value === 'no') return 0;
    throw new ScoreInputError(`question ${question.id} is answered yes or no`);
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 5)
    throw new ScoreInputError(`question ${question.id} is answered with a whole number from 1 to 5`);
  return value - 1;
}

export class ScoreInputError extends Error {}

export function scoreReview(sections: readonly RubricSection[], answers: readonly Answer[]): ScoreResult {
  const questions = sections.flatMap((s) => s.questions);
  const byId = new Map(answers.map((a) => [a.questionId, a.value]));
  if (byId.size !== answers.length) throw new ScoreInputError('a question is answered twice');
  for (const a of answers)
    if (!questions.some((q) => q.id === a.questionId))
      throw new ScoreInputError(`no question ${a.questionId} on this scorecard`);
  let earned = 0;
  let possible = 0;
  const criticalFailed: string[] = [];
  const perQuestion: Record<string, number | null> = {};
  for (const q of questions) {
    const value = byId.get(q.id);
    if (value === undefined) throw new ScoreInputError(`question ${q.id} is not answered`);
    const p = points(q, value);
    perQuestion[q.id] = p === null ? null : p / 4;
    if (p === null) continue;
    if (q.critical && p === 0) criticalFailed.push(q.id);
    earned += q.weight * p;
    possible += q.weight * 4;
  }
  if (possible === 0) throw new ScoreInputError('every weighted question is N/A: there is nothing to score');
  // Half up from the exact fraction 100·earned/possible, in integers (no float rounding at .5).
  const score = criticalFailed.length > 0 ? 0 : Math.floor((200 * earned + possible) / (2 * possible));
  return { score, criticalFailed, perQuestion };
}

/** Spread of several reviewers' answers to one question (0–1 shares): lowest, highest and the gap. */
export function answerSpread(
  shares: readonly (number | null)[],
): { min: number; max: number; spread: number; n: number } | null {
  const values = shares.filter((s): s is number => s !== null);
  if (values.length === 0) return null;
  const min = Math.min(...values);
  const max = Math.max(...values);
  return { min, max, spread: max - min, n: values.length };
}
