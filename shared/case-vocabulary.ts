/**
 * The case vocabulary: kinds, priorities, channels, queues and the words for states and events.
 * Plain constants, no zod: the console's first load (shell and queue) needs only these, and
 * building schemas at module load would pull zod into it. shared/cases.ts and
 * shared/case-events.ts build their schemas from these lists and re-export them.
 */
import type { Role } from './roles';

export const caseKinds = ['booking', 'change', 'refund', 'complaint'] as const;
export type CaseKind = (typeof caseKinds)[number];

export const priorities = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof priorities)[number];
/** Higher sorts first in a queue. */
export const priorityRank: Record<Priority, number> = { low: 0, normal: 1, high: 2, urgent: 3 };

export const channels = ['phone', 'chat', 'email', 'walk_in'] as const;
export type Channel = (typeof channels)[number];

export const queueNames = ['sales', 'changes', 'refunds', 'complaints', 'escalations', 'approvals'] as const;
export type QueueName = (typeof queueNames)[number];

/** Which queues each role works and may watch (socket rooms and queue.snapshot check this). */
export const queuesByRole: Record<Role, readonly QueueName[]> = {
  agent: ['sales', 'changes', 'refunds'],
  complaint_handler: ['complaints', 'escalations'],
  supervisor: queueNames,
  qa: queueNames,
  admin: queueNames,
};

/** The queues a case of each kind can be worked in (its desk, and where it goes for approval or escalation). */
export const queuesByKind: Record<CaseKind, readonly QueueName[]> = {
  booking: ['sales'],
  change: ['changes'],
  refund: ['refunds', 'approvals', 'escalations'],
  complaint: ['complaints', 'escalations'],
};

export type LocalizedText = { 'zh-CN': string; en: string };

// ---------------------------------------------------------------------------------------------
// Words for the console: event buttons/history and state names

const commonEventLabels = {
  ASSIGN: { 'zh-CN': '分配', en: 'Assign' },
  UNASSIGN: { 'zh-CN': '取消分配', en: 'Unassign' },
  TRANSFER: { 'zh-CN': '转交', en: 'Transfer' },
  ADD_NOTE: { 'zh-CN': '添加备注', en: 'Add note' },
  SET_PRIORITY: { 'zh-CN': '设置优先级', en: 'Set priority' },
  LINK_CUSTOMER: { 'zh-CN': '关联客户', en: 'Link customer' },
  LINK_BOOKING: { 'zh-CN': '关联订单', en: 'Link booking' },
} satisfies Record<string, LocalizedText>;

const label = (zh: string, en: string): LocalizedText => ({ 'zh-CN': zh, en });

/** Labels for every event of each kind, system events included (history shows them). */
export const caseEventLabels: Record<CaseKind, Record<string, LocalizedText>> = {
  booking: {
    ...commonEventLabels,
    QUOTE: label('报价', 'Quote'),
    ENTER_PASSENGERS: label('录入乘客', 'Enter passengers'),
    HOLD_SEATS: label('占座', 'Hold seats'),
    SEATS_HELD: label('占座成功', 'Seats held'),
    HOLD_FAILED: label('占座失败', 'Hold failed'),
    HOLD_EXPIRED: label('占座超时', 'Hold expired'),
    REQUEST_PAYMENT: label('发起支付', 'Request payment'),
    PAYMENT_SUCCEEDED: label('支付成功', 'Payment succeeded'),
    PAYMENT_FAILED: label('支付失败', 'Payment failed'),
    TICKETS_ISSUED: label('已出票', 'Tickets issued'),
    CANCEL: label('取消订票', 'Cancel booking'),
    CLOSE: label('结案', 'Close'),
  },
  change: {
    ...commonEventLabels,
    VERIFY: label('核验身份', 'Verify identity'),
    CHOOSE_DEPARTURE: label('选择新车次/航班', 'Choose new departure'),
    REQUOTE: label('重新报价', 'Re-quote'),
    CUSTOMER_CONFIRMED: label('客户确认', 'Customer confirmed'),
    CUSTOMER_DECLINED: label('客户放弃', 'Customer declined'),
    PAYMENT_SUCCEEDED: label('补差价成功', 'Difference paid'),
    PAYMENT_FAILED: label('补差价失败', 'Difference payment failed'),
    REISSUED: label('已改签出票', 'Reissued'),
    REFUND_SETTLED: label('差价退款到账', 'Difference refunded'),
    REFUND_FAILED: label('差价退款失败', 'Difference refund failed'),
    RETRY_REFUND: label('重新退差价', 'Retry difference refund'),
    CLOSE: label('结案', 'Close'),
  },
  refund: {
    ...commonEventLabels,
    VERIFY: label('核验身份', 'Verify identity'),
    QUOTE_REFUND: label('计算退票费', 'Quote refund'),
    REQUOTE: label('重新报价', 'Re-quote'),
    CUSTOMER_CONFIRMED: label('客户确认', 'Customer confirmed'),
    CUSTOMER_DECLINED: label('客户放弃', 'Customer declined'),
    APPROVE: label('批准', 'Approve'),
    REJECT: label('驳回', 'Reject'),
    REFUND_SETTLED: label('退款到账', 'Refund settled'),
    REFUND_FAILED: label('退款失败', 'Refund failed'),
    RETRY: label('重新提交退款', 'Retry refund'),
    ESCALATE: label('升级', 'Escalate'),
    DEADLINE_BREACHED: label('超过退款时限', 'Refund deadline breached'),
    CLOSE: label('结案', 'Close'),
  },
  complaint: {
    ...commonEventLabels,
    ACKNOWLEDGE: label('首次回复', 'Acknowledge'),
    START_INVESTIGATION: label('开始调查', 'Start investigation'),
    ESCALATE: label('升级', 'Escalate'),
    PROPOSE_RESOLUTION: label('提出解决方案', 'Propose resolution'),
    CUSTOMER_ACCEPTED: label('客户接受', 'Customer accepted'),
    CUSTOMER_REJECTED: label('客户拒绝', 'Customer rejected'),
    COMPENSATION_ISSUED: label('补偿已发放', 'Compensation issued'),
    REFUND_SETTLED: label('补偿退款到账', 'Compensation refund settled'),
    REFUND_FAILED: label('补偿退款失败', 'Compensation refund failed'),
    RETRY_COMPENSATION: label('重新发放补偿', 'Retry compensation'),
    FIRST_RESPONSE_DUE: label('首次回复超时', 'First response overdue'),
    RESOLUTION_DUE: label('处理超时', 'Resolution overdue'),
    CLOSE: label('结案', 'Close'),
    REOPEN: label('重新打开', 'Reopen'),
  },
};

/** Labels for every state path of each machine ("escalated.handler" for nested states). */
export const caseStateLabels: Record<CaseKind, Record<string, LocalizedText>> = {
  booking: {
    draft: label('草稿', 'Draft'),
    quoted: label('已报价', 'Quoted'),
    passengers_entered: label('已录入乘客', 'Passengers entered'),
    holding: label('占座中', 'Holding seats'),
    seats_held: label('已占座', 'Seats held'),
    payment_pending: label('待支付', 'Payment pending'),
    paid: label('已支付', 'Paid'),
    ticketed: label('已出票', 'Ticketed'),
    closed: label('已结案', 'Closed'),
    cancelled: label('已取消', 'Cancelled'),
  },
  change: {
    verifying: label('身份核验', 'Verifying'),
    choosing: label('选择新车次/航班', 'Choosing departure'),
    quoted: label('已报价', 'Quoted'),
    difference_pending: label('待补差价', 'Difference pending'),
    reissuing: label('改签出票中', 'Reissuing'),
    reissued: label('已改签', 'Reissued'),
    closed: label('已结案', 'Closed'),
    declined: label('客户放弃', 'Declined'),
    refused: label('不可改签', 'Refused'),
  },
  refund: {
    verifying: label('身份核验', 'Verifying'),
    selecting: label('选择退票乘客', 'Selecting tickets'),
    quoted: label('已报价', 'Quoted'),
    awaiting_approval: label('待主管审批', 'Awaiting approval'),
    submitting: label('退款提交中', 'Submitting'),
    settled: label('退款已到账', 'Settled'),
    failed: label('退款失败', 'Failed'),
    escalated: label('已升级', 'Escalated'),
    closed: label('已结案', 'Closed'),
    declined: label('客户放弃', 'Declined'),
    refused: label('不可退票', 'Refused'),
    rejected: label('已驳回', 'Rejected'),
  },
  complaint: {
    received: label('已受理', 'Received'),
    acknowledged: label('已首次回复', 'Acknowledged'),
    investigating: label('调查中', 'Investigating'),
    'escalated.handler': label('已升级（投诉专员）', 'Escalated (handler)'),
    'escalated.supervisor': label('已升级（主管）', 'Escalated (supervisor)'),
    resolution_proposed: label('已提出方案', 'Resolution proposed'),
    resolved: label('已解决', 'Resolved'),
    closed: label('已结案', 'Closed'),
  },
};
