/**
 * What the console may send to a case, per kind and event, and the words it shows for events and
 * states. The server parses `SendEventInput.event` with `clientEventSchemas[kind][type]`; every
 * object is strict, so a client cannot smuggle engine-owned facts (prices, identity results,
 * quotas) into an event.
 *
 * Facts the machines need but the client must not supply are added by the case engine after
 * parsing, as listed in `eventEnrichment` (see `EventEnrichment` for exactly what each one means).
 */
import { z } from 'zod';
import type { CaseKind } from './cases';
import { objectIdSchema, prioritySchema, queueNameSchema } from './cases';
import { idTypes } from './identity';
import { passengerTypes } from './bookings';
import { fenSchema } from './money';

export type LocalizedText = { 'zh-CN': string; en: string };

const text = (max: number) => z.string().trim().min(1).max(max);
const reason = text(500);
const passengerIdSchema = z.string().trim().min(1).max(40);
/** At most 9 passengers per booking or request, as on 12306; duplicates make no sense. */
const passengerIdsSchema = z
  .array(passengerIdSchema)
  .min(1)
  .max(9)
  .refine((ids) => new Set(ids).size === ids.length, 'each passenger at most once');
const classCodeSchema = z.string().trim().min(1).max(8);
const isoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

const event = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.strictObject({ type: z.literal(type), ...shape });

// ---------------------------------------------------------------------------------------------
// Events every kind accepts (assignment, notes, priority, links)

export const commonClientEvents = {
  /** Engine: looks the user up and passes `assignee: UserRef`. */
  ASSIGN: event('ASSIGN', { assigneeId: objectIdSchema }),
  UNASSIGN: event('UNASSIGN', {}),
  /** Engine: `assigneeId` (when given) becomes `assignee: UserRef | null`. */
  TRANSFER: event('TRANSFER', { queue: queueNameSchema, assigneeId: objectIdSchema.nullable().optional() }),
  /** Engine: adds `noteId`. */
  ADD_NOTE: event('ADD_NOTE', { text: text(2000) }),
  SET_PRIORITY: event('SET_PRIORITY', { priority: prioritySchema }),
  /** Engine: checks the customer exists. */
  LINK_CUSTOMER: event('LINK_CUSTOMER', { customerId: objectIdSchema }),
  /** Engine: loads the booking and passes `booking: BookingFacts`. */
  LINK_BOOKING: event('LINK_BOOKING', { bookingId: objectIdSchema }),
};

// ---------------------------------------------------------------------------------------------
// booking (订票)

export const passengerInputSchema = z.strictObject({
  name: text(40),
  idType: z.enum(idTypes),
  idNumber: z.string().trim().toUpperCase().min(4).max(32),
  passengerType: z.enum(passengerTypes),
  /** Needed for children and infants whose ID is not a resident ID (the date is read from those). */
  birthDate: isoDateSchema.optional(),
});
export type PassengerInput = z.infer<typeof passengerInputSchema>;

export const bookingClientEvents = {
  ...commonClientEvents,
  /** Engine: loads the departure's class and passes `departure: DepartureFacts`. */
  QUOTE: event('QUOTE', { departureId: objectIdSchema, classCode: classCodeSchema, passengerCount: z.number().int().min(1).max(9) }),
  /** Engine: sets `passengers[i].studentQuotaLeft` for every student passenger. */
  ENTER_PASSENGERS: event('ENTER_PASSENGERS', { passengers: z.array(passengerInputSchema).min(1).max(9) }),
  HOLD_SEATS: event('HOLD_SEATS', {}),
  REQUEST_PAYMENT: event('REQUEST_PAYMENT', {}),
  CANCEL: event('CANCEL', { reason }),
  CLOSE: event('CLOSE', {}),
};

// ---------------------------------------------------------------------------------------------
// change (改签)

/** The agent types the ID number the caller reads out; it never reaches the machine. */
const verify = event('VERIFY', { idNumber: z.string().trim().toUpperCase().min(4).max(32) });
const chooseDepartureShape = {
  departureId: objectIdSchema,
  classCode: classCodeSchema,
  passengerIds: passengerIdsSchema,
  /** The carrier caused the change (cancelled or delayed train/flight): no change fee. */
  involuntary: z.boolean().optional(),
};

export const changeClientEvents = {
  ...commonClientEvents,
  /** Engine: compares idNumber with the customer's and passes `identityVerified: boolean` instead. */
  VERIFY: verify,
  /** Engine: loads the departure's class and passes `departure: DepartureFacts`. */
  CHOOSE_DEPARTURE: event('CHOOSE_DEPARTURE', chooseDepartureShape),
  /** Engine: as CHOOSE_DEPARTURE. */
  REQUOTE: event('REQUOTE', chooseDepartureShape),
  CUSTOMER_CONFIRMED: event('CUSTOMER_CONFIRMED', {}),
  CUSTOMER_DECLINED: event('CUSTOMER_DECLINED', { reason: reason.optional() }),
  /** Pay out a difference refund again after the gateway refused it. */
  RETRY_REFUND: event('RETRY_REFUND', {}),
  CLOSE: event('CLOSE', {}),
};

// ---------------------------------------------------------------------------------------------
// refund (退票)

const quoteRefundShape = {
  passengerIds: passengerIdsSchema,
  /** The customer says the carrier is at fault: free refund, but a supervisor must approve. */
  involuntary: z.boolean().optional(),
  reason,
};

export const refundClientEvents = {
  ...commonClientEvents,
  VERIFY: verify,
  QUOTE_REFUND: event('QUOTE_REFUND', quoteRefundShape),
  REQUOTE: event('REQUOTE', quoteRefundShape),
  CUSTOMER_CONFIRMED: event('CUSTOMER_CONFIRMED', {}),
  CUSTOMER_DECLINED: event('CUSTOMER_DECLINED', { reason: reason.optional() }),
  APPROVE: event('APPROVE', { note: text(500).optional() }),
  REJECT: event('REJECT', { reason }),
  RETRY: event('RETRY', {}),
  ESCALATE: event('ESCALATE', { reason }),
  CLOSE: event('CLOSE', {}),
};

// ---------------------------------------------------------------------------------------------
// complaint (投诉)

export const resolutionKinds = ['apology', 'voucher', 'points', 'refund'] as const;
export type ResolutionKind = (typeof resolutionKinds)[number];

export const complaintClientEvents = {
  ...commonClientEvents,
  ACKNOWLEDGE: event('ACKNOWLEDGE', { message: text(1000) }),
  START_INVESTIGATION: event('START_INVESTIGATION', {}),
  ESCALATE: event('ESCALATE', { reason }),
  /** An apology carries amountFen 0; the machine checks the amount against the sender's limit. */
  PROPOSE_RESOLUTION: event('PROPOSE_RESOLUTION', { kind: z.enum(resolutionKinds), amountFen: fenSchema, text: text(1000) }),
  CUSTOMER_ACCEPTED: event('CUSTOMER_ACCEPTED', {}),
  CUSTOMER_REJECTED: event('CUSTOMER_REJECTED', { reason: reason.optional() }),
  /** Issue the accepted compensation again after the refund gateway refused it. */
  RETRY_COMPENSATION: event('RETRY_COMPENSATION', {}),
  CLOSE: event('CLOSE', {}),
  REOPEN: event('REOPEN', { reason }),
};

export type ClientEventSchema = z.ZodObject<z.ZodRawShape, z.core.$strict>;

export const clientEventSchemas: Record<CaseKind, Record<string, ClientEventSchema>> = {
  booking: bookingClientEvents,
  change: changeClientEvents,
  refund: refundClientEvents,
  complaint: complaintClientEvents,
};

// ---------------------------------------------------------------------------------------------
// Facts the engine adds before an event reaches a machine

/**
 * - `departure`: the client sent `departureId` + `classCode`; load that departure's class and pass
 *   `departure: DepartureFacts` (unknown id or class: NOT_FOUND before the machine runs).
 * - `identity`: the client sent `idNumber`; compare it with the case customer's ID number and pass
 *   `identityVerified: boolean`; drop `idNumber` (it must not land in history).
 * - `booking`: the client sent `bookingId`; load it and pass `booking: BookingFacts`.
 * - `studentQuota`: for each passenger with passengerType 'student', set
 *   `passengers[i].studentQuotaLeft` (rail trips left this academic year, Oct 1 - Sep 30).
 * - `noteId`: add a fresh `noteId: string`.
 * - `mistakenPurchase`: pass `mistakenPurchaseUsedToday: string[]`, the selected passengers who already
 *   had a free mistaken-purchase refund today (cn-rail: once per passenger per calendar day).
 * - `assignee`: the client sent `assigneeId` (TRANSFER: optional, may be null); pass
 *   `assignee: UserRef` (TRANSFER: `UserRef | null`, absent when assigneeId was absent).
 */
export type EventEnrichment = 'departure' | 'identity' | 'booking' | 'studentQuota' | 'noteId' | 'assignee' | 'mistakenPurchase';

const commonEnrichment = {
  ASSIGN: 'assignee',
  TRANSFER: 'assignee',
  ADD_NOTE: 'noteId',
  LINK_BOOKING: 'booking',
} as const satisfies Partial<Record<keyof typeof commonClientEvents, EventEnrichment>>;

export const eventEnrichment: Record<CaseKind, Partial<Record<string, EventEnrichment>>> = {
  booking: { ...commonEnrichment, QUOTE: 'departure', ENTER_PASSENGERS: 'studentQuota' },
  change: { ...commonEnrichment, VERIFY: 'identity', CHOOSE_DEPARTURE: 'departure', REQUOTE: 'departure' },
  refund: { ...commonEnrichment, VERIFY: 'identity', QUOTE_REFUND: 'mistakenPurchase', REQUOTE: 'mistakenPurchase' },
  complaint: { ...commonEnrichment },
};

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
