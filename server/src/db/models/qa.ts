import mongoose, { Schema, type Types } from 'mongoose';
import { caseKinds, type CaseKind } from '../../../../shared/cases';
import type { LocalizedText } from '../../../../shared/case-vocabulary';
import type { AnswerValue, QuestionScale } from '../../../../workflows/qa/score';
import type { SamplingRules } from '../../../../workflows/qa/sampling';

/** One version of a QA rubric; a new version is a new document with the same `family` (reviews keep theirs). */
const scorecardSchema = new Schema(
  {
    family: { type: String, required: true },
    version: { type: Number, required: true },
    name: { type: Schema.Types.Mixed, required: true },
    /** Case kinds it fits (the review form offers it for those). */
    kinds: { type: [{ type: String, enum: caseKinds }], default: [] },
    sections: { type: Schema.Types.Mixed, required: true },
    createdBy: { id: String, name: String },
    createdAt: { type: Date, required: true },
  },
  { collection: 'qa_scorecards', versionKey: false },
);
scorecardSchema.index({ family: 1, version: 1 }, { unique: true });

export type ScorecardQuestionRecord = {
  id: string;
  text: LocalizedText;
  weight: number;
  scale: QuestionScale;
  allowNa: boolean;
  critical: boolean;
};
export type ScorecardRecord = {
  _id: Types.ObjectId;
  family: string;
  version: number;
  name: LocalizedText;
  kinds: CaseKind[];
  sections: { id: string; title: LocalizedText; questions: ScorecardQuestionRecord[] }[];
  createdBy: { id: string; name: string };
  createdAt: Date;
};
export const ScorecardModel = mongoose.model('Scorecard', scorecardSchema);

const reviewSchema = new Schema(
  {
    caseId: { type: String, required: true },
    caseRef: { type: String, required: true },
    caseKind: { type: String, enum: caseKinds, required: true },
    agentId: { type: String, default: null },
    agentName: { type: String, default: null },
    reviewer: { id: String, name: String, role: String },
    scorecardId: { type: String, required: true },
    scorecardFamily: { type: String, required: true },
    scorecardVersion: { type: Number, required: true },
    answers: { type: Schema.Types.Mixed, required: true },
    comment: { type: String, default: '' },
    score: { type: Number, required: true },
    /** The score as the reviewer gave it; `score` differs only after a dispute was upheld. */
    originalScore: { type: Number, required: true },
    criticalFailed: { type: [String], default: [] },
    /** `${reviewerId}:${client key}`: creating twice with one key gives one review. */
    createKey: { type: String, required: true, unique: true },
    createdAt: { type: Date, required: true },
    dispute: { type: Schema.Types.Mixed, default: null },
  },
  { collection: 'qa_reviews', versionKey: false },
);
reviewSchema.index({ caseId: 1, 'reviewer.id': 1 }, { unique: true });
reviewSchema.index({ agentId: 1, createdAt: -1 });
reviewSchema.index({ 'dispute.status': 1 });

export type ReviewAnswerRecord = { questionId: string; value: AnswerValue; comment: string | null };
export type DisputeOutcome = 'accepted' | 'partly' | 'rejected';
export type DisputeRecord = {
  status: 'open' | DisputeOutcome;
  comment: string;
  openedAt: Date;
  resolvedAt: Date | null;
  resolvedBy: { id: string; name: string } | null;
  resolution: string | null;
  /** The score before the resolution changed it. */
  previousScore: number | null;
};
export type ReviewRecord = {
  _id: Types.ObjectId;
  caseId: string;
  caseRef: string;
  caseKind: CaseKind;
  agentId: string | null;
  agentName: string | null;
  reviewer: { id: string; name: string; role: string };
  scorecardId: string;
  scorecardFamily: string;
  scorecardVersion: number;
  answers: ReviewAnswerRecord[];
  comment: string;
  score: number;
  originalScore: number;
  criticalFailed: string[];
  createKey: string;
  createdAt: Date;
  dispute: DisputeRecord | null;
};
export const ReviewModel = mongoose.model('Review', reviewSchema);

/** The sampling rules QA leads set: one document, replaced as a whole. */
const samplingRulesSchema = new Schema(
  {
    _id: { type: String, required: true },
    rules: { type: Schema.Types.Mixed, required: true },
    updatedBy: { id: String, name: String },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'qa_sampling_rules', versionKey: false },
);
export type SamplingRulesRecord = {
  _id: string;
  rules: SamplingRules;
  updatedBy: { id: string; name: string } | null;
  updatedAt: Date;
};
export const SamplingRulesModel = mongoose.model('SamplingRules', samplingRulesSchema);
