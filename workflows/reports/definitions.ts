/**
 * What every report figure means: the one place the definitions live. The server's aggregation
 * pipelines compute the sums these name, `deriveFigures` turns sums into the figures shown, and
 * the console's definitions page prints `figureDefinitions`. Business days are Asia/Shanghai days.
 */
import type { CaseKind, QueueName } from '../../shared/case-vocabulary';

/** Seconds within which a contact must be answered to count towards the queue's service level. */
export const serviceLevelTargetSeconds: Record<QueueName, number> = {
  sales: 20,
  changes: 20,
  refunds: 30,
  complaints: 30,
  escalations: 60,
  approvals: 60,
};
export const DEFAULT_SERVICE_LEVEL_TARGET_SECONDS = 20;

export function serviceLevelTargetMs(queue: string): number {
  const seconds = (serviceLevelTargetSeconds as Record<string, number | undefined>)[queue];
  return (seconds ?? DEFAULT_SERVICE_LEVEL_TARGET_SECONDS) * 1000;
}

/** A case is resolved on first contact when no new case of the same customer on the same booking follows within this. */
export const FIRST_CONTACT_WINDOW_MS = 7 * 86_400_000;
/** Time worked on a case adds the gaps between a person's actions; a longer gap counts this much (the rest was waiting). */
export const WORK_GAP_CAP_MS = 30 * 60_000;

/** The case events a due-time timer fires when the time has passed: each is a breach. */
export const breachEvents = ['FIRST_RESPONSE_DUE', 'RESOLUTION_DUE', 'DEADLINE_BREACHED'] as const;
export type BreachEvent = (typeof breachEvents)[number];

/** Presence statuses that count as "on contact" for occupancy (handling a contact or wrapping it up). */
export const onContactStatuses = ['on_contact', 'wrap_up'] as const;

export type FigureId =
  | 'contacts.offered'
  | 'contacts.answered'
  | 'contacts.abandoned'
  | 'contacts.serviceLevel'
  | 'contacts.asa'
  | 'contacts.aht'
  | 'cases.created'
  | 'cases.closed'
  | 'cases.timeWorked'
  | 'cases.timeOpen'
  | 'cases.firstContactResolution'
  | 'refunds'
  | 'changes'
  | 'complaints'
  | 'breaches'
  | 'occupancy'
  | 'csat';

export type FigureDefinition = { id: FigureId; zh: string; en: string; zhText: string; enText: string };

export const figureDefinitions: readonly FigureDefinition[] = [
  {
    id: 'contacts.offered',
    zh: '进线量',
    en: 'Contacts offered',
    zhText: '范围内进入队列的电话、在线会话和回呼（按进入队列的时间计入当天）。',
    enText: 'Calls, chats and callbacks that entered a queue in the range (counted on the day they were queued).',
  },
  {
    id: 'contacts.answered',
    zh: '接通量',
    en: 'Contacts answered',
    zhText: '进线中有坐席接起的数量。',
    enText: 'Offered contacts an agent answered.',
  },
  {
    id: 'contacts.abandoned',
    zh: '放弃量',
    en: 'Contacts abandoned',
    zhText: '客户在接起前挂断或离开的进线（状态为 abandoned）。',
    enText: 'Offered contacts the customer left before anyone answered (status abandoned).',
  },
  {
    id: 'contacts.serviceLevel',
    zh: '服务水平',
    en: 'Service level',
    zhText: '在队列目标时间内接起的进线 ÷ 进线量。目标：售票、改签 20 秒，退票、投诉 30 秒，升级、审批 60 秒。',
    enText:
      "Contacts answered within the queue's target ÷ contacts offered. Targets: sales and changes 20 s, refunds and complaints 30 s, escalations and approvals 60 s.",
  },
  {
    id: 'contacts.asa',
    zh: '平均应答速度',
    en: 'Average speed of answer',
    zhText: '接通的进线从进入队列到接起的平均时长。',
    enText: 'Average time from entering the queue to being answered, over answered contacts.',
  },
  {
    id: 'contacts.aht',
    zh: '平均处理时长（通话/会话）',
    en: 'Average handle time (calls and chats)',
    zhText: '通话 + 保持 + 话后处理，按已完成话后处理的进线平均。通话 = 接起到结束减去保持。',
    enText: 'Talk + hold + wrap-up, averaged over contacts whose wrap-up ended. Talk = answer to end, less hold.',
  },
  {
    id: 'cases.created',
    zh: '新建工单',
    en: 'Cases created',
    zhText: '范围内新建的工单，按类型（订票、改签、退票、投诉）。',
    enText: 'Cases created in the range, per kind (booking, change, refund, complaint).',
  },
  {
    id: 'cases.closed',
    zh: '结案工单',
    en: 'Cases closed',
    zhText: '范围内进入“已结案”状态的工单，按类型。',
    enText: 'Cases that reached the closed state in the range, per kind.',
  },
  {
    id: 'cases.timeWorked',
    zh: '工单处理时长',
    en: 'Case time worked',
    zhText: '从建单起，人员相邻两次操作之间的时长相加（每段最多计 30 分钟，其余视为等待），按结案工单平均。',
    enText:
      "From creation, the gaps between a person's consecutive actions on the case added up (each counted up to 30 minutes; longer was waiting), averaged over closed cases.",
  },
  {
    id: 'cases.timeOpen',
    zh: '工单存续时长',
    en: 'Case time open',
    zhText: '从建单到结案的时长，按结案工单平均。',
    enText: 'Creation to close, averaged over closed cases.',
  },
  {
    id: 'cases.firstContactResolution',
    zh: '首次解决率',
    en: 'First contact resolution',
    zhText: '关联订单的新建工单中，7 天内同一客户同一订单没有再建新工单的比例。',
    enText:
      'Of cases created with a booking, the share after which the same customer opened no new case on the same booking within 7 days.',
  },
  {
    id: 'refunds',
    zh: '退票',
    en: 'Refunds',
    zhText: '范围内退款到账的退票工单：笔数、退款金额（已支付的退款）、留存手续费（报价中的退票费）。',
    enText:
      'Refund cases whose payout settled in the range: count, amount paid out, fees kept (the quoted refund fees).',
  },
  {
    id: 'changes',
    zh: '改签',
    en: 'Changes',
    zhText: '范围内完成改签出票的工单：笔数、改签费、收取的票价差额、退还的票价差额。',
    enText:
      'Change cases reissued in the range: count, change fees, fare differences collected, fare differences refunded.',
  },
  {
    id: 'complaints',
    zh: '投诉',
    en: 'Complaints',
    zhText: '范围内结案的投诉按结果（道歉、代金券、积分、退款、无结果）计数；补偿 = 范围内发放成功的补偿金额。',
    enText:
      'Complaints closed in the range by outcome (apology, voucher, points, refund, none); compensation = compensation issued in the range.',
  },
  {
    id: 'breaches',
    zh: '超时',
    en: 'Breaches',
    zhText: '范围内到期未完成的时限：首次响应、解决时限、退款时限。',
    enText: 'Due times that passed in the range: first response, resolution, refund deadline.',
  },
  {
    id: 'occupancy',
    zh: '占用率',
    en: 'Occupancy',
    zhText: '处理中（通话/会话中及话后处理）时长 ÷（空闲可接 + 处理中）时长，取自坐席状态变化。',
    enText: 'Time on contact (on a contact or in wrap-up) ÷ (available + on contact), from agents’ status changes.',
  },
  {
    id: 'csat',
    zh: '客户满意度',
    en: 'Customer satisfaction',
    zhText: '会话结束或工单结案后客户给出的 1–5 分的平均分，附评论。',
    enText: 'Average of the 1–5 ratings customers gave after a chat ended or a case closed, with their comments.',
  },
];

export const complaintOutcomes = ['apology', 'voucher', 'points', 'refund', 'none'] as const;
export type ComplaintOutcome = (typeof complaintOutcomes)[number];
export type KindCounts = Record<CaseKind, number>;
