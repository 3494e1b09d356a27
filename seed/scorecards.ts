/**
 * The three demo scorecards, drawn from the service norms in ../shared/seeds (主动问候、核实身份信息、
 * 退改签前说明费用与规则、耐心倾听、致歉与合理补偿、及时反馈上级): phone change/refund, chat, complaint.
 */
import type { ScorecardInput } from '../shared/qa';

type Q = ScorecardInput['sections'][number]['questions'][number];
const q = (id: string, zh: string, en: string, weight: number, over: Partial<Q> = {}): Q => ({
  id,
  text: { 'zh-CN': zh, en },
  weight,
  scale: 'yes_no',
  allowNa: false,
  critical: false,
  ...over,
});

export const DEMO_SCORECARDS: readonly ScorecardInput[] = [
  {
    family: 'phone-change-refund',
    name: { 'zh-CN': '电话改签/退票', en: 'Phone change / refund' },
    kinds: ['change', 'refund'],
    sections: [
      {
        id: 'opening',
        title: { 'zh-CN': '开场', en: 'Opening' },
        questions: [
          q('greeting', '主动问候，报出工号与姓名', 'Greeted the customer and gave their name', 10),
          q('identity', '任何变更前先核实身份', 'Checked identity before any change', 20, { critical: true }),
        ],
      },
      {
        id: 'handling',
        title: { 'zh-CN': '办理', en: 'Handling' },
        questions: [
          q(
            'fee_explained',
            '客户确认前说明费用和适用规则',
            'Explained the fee and the rule before the customer confirmed',
            25,
            {
              critical: true,
            },
          ),
          q('rule_applied', '适用规则正确', 'Applied the correct rule', 25),
          q('read_back', '复述确认内容（车次/航班、金额）', 'Read the confirmation back (journey, amount)', 10, {
            allowNa: true,
          }),
        ],
      },
      {
        id: 'closing',
        title: { 'zh-CN': '结束', en: 'Closing' },
        questions: [
          q('closing', '礼貌结束，询问是否还有其他需要', 'Closed politely, asked if anything else was needed', 10, {
            scale: 'one_to_five',
          }),
        ],
      },
    ],
  },
  {
    family: 'chat',
    name: { 'zh-CN': '在线客服', en: 'Chat' },
    kinds: ['booking', 'change', 'refund'],
    sections: [
      {
        id: 'chat',
        title: { 'zh-CN': '在线沟通', en: 'Chat conduct' },
        questions: [
          q('first_reply', '及时首次回复并问候', 'Replied promptly with a greeting', 15),
          q('identity', '涉及订单变更前核实身份', 'Checked identity before changing an order', 20, {
            critical: true,
            allowNa: true,
          }),
          q('clarity', '文字清楚、规范用语，无错别字', 'Clear, courteous wording', 25, { scale: 'one_to_five' }),
          q('accuracy', '信息准确（票价、规则、时间）', 'Accurate information (fares, rules, times)', 30, {
            scale: 'one_to_five',
          }),
          q('closing', '结束前确认问题已解决', 'Confirmed the issue was solved before closing', 10),
        ],
      },
    ],
  },
  {
    family: 'complaint',
    name: { 'zh-CN': '投诉处理', en: 'Complaint' },
    kinds: ['complaint'],
    sections: [
      {
        id: 'response',
        title: { 'zh-CN': '响应', en: 'Response' },
        questions: [
          q('acknowledged', '在时限内受理并回应', 'Acknowledged in time', 20, { critical: true }),
          q('empathy', '耐心倾听、表达歉意与共情', 'Listened, apologised, showed empathy', 25, {
            scale: 'one_to_five',
          }),
        ],
      },
      {
        id: 'resolution',
        title: { 'zh-CN': '解决', en: 'Resolution' },
        questions: [
          q('escalation', '升级时机与对象正确', 'Escalated at the right time to the right level', 20, {
            allowNa: true,
          }),
          q('compensation', '补偿在权限和规定范围内', 'Compensation within limits', 25, {
            critical: true,
            allowNa: true,
          }),
          q('follow_up', '及时向客户反馈处理结果', 'Told the customer the outcome in time', 10),
        ],
      },
    ],
  },
];
