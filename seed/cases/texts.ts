/**
 * What people write in the seeded cases: subjects, notes, reasons and messages, in the words a
 * Chinese contact centre uses.
 */
export const BOOKING_NOTES = [
  '客户询问周末出行的车次和余票，稍后回电确认日期',
  '客户希望靠窗座位，已告知系统随机分配',
  '客户要求开具报销凭证，已告知出票后可在订单中下载',
  '客户为老人代订，已提醒携带身份证原件乘车',
] as const;

export const CANCEL_REASONS = [
  '客户改乘飞机',
  '客户行程取消',
  '重复来电，已在其他工单处理',
  '客户嫌票价高，暂不预订',
] as const;

export const CHANGE_NOTES = [
  '客户会议时间调整，希望改到更早的车次',
  '客户在比较明天上午的几个车次，稍后回电确认',
  '已向客户说明改签只能办理一次',
  '客户询问改签后能否再退票，已按规定解释',
] as const;

export const DECLINE_REASONS = [
  '差价太高，客户决定不改了',
  '客户决定直接退票',
  '手续费太高，客户决定不退了',
  '客户行程又恢复了，不需要办理',
] as const;

export const REFUND_REASONS = [
  '行程取消',
  '临时出差计划变更',
  '家中有事无法出行',
  '购票时选错日期',
  '身体不适无法出行',
] as const;
export const INVOLUNTARY_REASONS = {
  air: '航班取消，客户要求全额退款',
  rail: '列车停运，客户要求全额退款',
  event: '演出延期，客户要求全额退款',
} as const;

export const REFUND_NOTES = [
  '客户询问退款到账时间，已告知原路退回约 3-7 个工作日',
  '已提醒客户退票后座位将释放，无法恢复',
  '客户对手续费有疑问，已逐项解释退票规则',
] as const;

export const APPROVAL_NOTES = [
  '金额较大，已核对订单与支付记录',
  '已联系航司核实航班状态',
  '已核对客户身份与支付账户一致',
] as const;
export const REJECT_REASONS = [
  '经核实列车正常运行，不属于铁路责任，请按自愿退票办理',
  '经核实航班正常起飞，不属于非自愿退票',
] as const;
export const GATEWAY_DECLINES = ['收款银行卡已注销', '银行系统维护，退款被拒', '原支付账户已冻结'] as const;
export const ESCALATE_REFUND_REASONS = [
  '原支付卡已注销，需财务线下退款',
  '银行多次拒绝退款，请主管协调财务处理',
] as const;

export const COMPLAINTS = {
  rail: [
    '列车晚点两小时，未收到任何通知',
    '座位被他人占用，乘务员未及时处理',
    '车厢空调故障，要求补偿',
    '改签后座位等级与承诺不符',
  ],
  air: ['航班取消后改签安排不合理', '行李延误两天未送达', '值机柜台态度恶劣', '航班延误四小时无餐食安排'],
  event: ['演出现场座位与票面不符', '演出临时改期未提前通知', '入场排队两小时错过开场', '实名核验系统故障无法入场'],
  service: ['客服电话等待时间过长', '退款超过七个工作日仍未到账', '在线客服答复前后矛盾', '短信通知发送错误的车次信息'],
} as const;

export const ACK_MESSAGES = [
  '您好，我们已收到您的投诉，正在核实情况，将在 72 小时内给您答复。',
  '非常抱歉给您带来不便，您的问题已登记，专员会尽快与您联系。',
  '感谢您的反馈，我们已转交相关部门调查，请保持电话畅通。',
] as const;

export const COMPLAINT_NOTES = [
  '已调取列车运行记录，确认晚点 127 分钟',
  '已联系现场工作人员了解情况，等待书面说明',
  '客户情绪激动，要求主管回电',
  '已核实短信发送记录，确认系统模板错误',
  '客户同意等待调查结果，约定明天下午回电',
] as const;

export const ESCALATE_COMPLAINT_REASONS = {
  handler: ['客户要求经济补偿，超出坐席权限', '客户要求投诉专员处理'],
  supervisor: ['客户要求全额退款并赔偿，超出专员权限', '客户表示将向监管部门投诉，请主管介入'],
} as const;

export const REJECTION_REASONS = ['客户认为补偿金额太低', '客户不接受代金券，希望退款'] as const;
export const REOPEN_REASONS = ['客户反映代金券无法使用', '客户表示问题再次发生'] as const;
