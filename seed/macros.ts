/**
 * The 20 standard phrases the demo starts with. Drawn from the ticket-desk job descriptions in
 * ../shared/seeds (verify the customer's details against their ID before a change or refund, tell
 * them the fee and when the money arrives before they confirm, offer alternatives when trains are
 * full, listen first and record a complaint, follow up) and the cn-rail fee bands in
 * ../shared/domain/fare-rules.md.
 */
import type { MacroInput } from '../shared/macros';
import { MacroModel } from '../server/src/db/models/macro';

export const DEMO_MACROS: readonly MacroInput[] = [
  {
    shortcut: 'greet',
    category: 'greeting',
    title: { 'zh-CN': '问候', en: 'Greeting' },
    text: {
      'zh-CN': '{customer.name}您好，很高兴为您服务，请问有什么可以帮您？',
      en: 'Hello {customer.name}, thank you for contacting us. How can I help you today?',
    },
  },
  {
    shortcut: 'greet-back',
    category: 'greeting',
    title: { 'zh-CN': '久等问候', en: 'Sorry for the wait' },
    text: {
      'zh-CN': '{customer.name}您好，让您久等了，我是本次为您服务的客服，马上为您查看。',
      en: 'Hello {customer.name}, sorry to keep you waiting. I am looking into this for you now.',
    },
  },
  {
    shortcut: 'ask-booking',
    category: 'greeting',
    title: { 'zh-CN': '询问订单号', en: 'Ask for the booking reference' },
    text: {
      'zh-CN': '为了尽快帮您查询，请提供您的订单号（以 TD 开头）或购票时使用的手机号。',
      en: 'To find your booking quickly, please send me the booking reference (it starts with TD) or the phone number you booked with.',
    },
  },
  {
    shortcut: 'ask-id',
    category: 'verification',
    title: { 'zh-CN': '核验身份证号', en: 'Ask for the ID number' },
    text: {
      'zh-CN': '为保障您的账户安全，办理改签或退票前需要核验身份，请提供订单 {booking.ref} 乘车人的身份证号码。',
      en: 'To protect your account, I need to verify your identity before any change or refund. Please send the ID number of the passenger on booking {booking.ref}.',
    },
  },
  {
    shortcut: 'id-mismatch',
    category: 'verification',
    title: { 'zh-CN': '证件信息不一致', en: 'ID does not match' },
    text: {
      'zh-CN': '抱歉，您提供的证件信息与订单登记的信息不一致。请核对后重新提供，信息须与购票时使用的证件完全一致。',
      en: 'Sorry, the ID details you gave do not match the booking. Please check and send them again; they must match the document used to book.',
    },
  },
  {
    shortcut: 'id-ok',
    category: 'verification',
    title: { 'zh-CN': '身份核验通过', en: 'Identity verified' },
    text: {
      'zh-CN': '感谢您的配合，身份核验已通过，我现在为您办理。',
      en: 'Thank you, your identity is verified. I will take care of it now.',
    },
  },
  {
    shortcut: 'refund-fee',
    category: 'refund',
    title: { 'zh-CN': '说明退票手续费', en: 'Explain the refund fee' },
    text: {
      'zh-CN':
        '根据铁路退票规定：开车前 8 天以上退票不收手续费；48 小时以上不足 8 天收取票价 5%；24 小时以上不足 48 小时收取 10%；不足 24 小时收取 20%。订单 {booking.ref} 按此规则扣除手续费后，退款合计 {quote.total}，确认后为您提交。',
      en: 'Under the rail refund rules there is no fee 8 days or more before departure; 5% from 48 hours to under 8 days; 10% from 24 to under 48 hours; 20% under 24 hours. After the fee, booking {booking.ref} gets back {quote.total} in total; shall I submit it?',
    },
  },
  {
    shortcut: 'refund-arrival',
    category: 'refund',
    title: { 'zh-CN': '退款到账时间', en: 'When the refund arrives' },
    text: {
      'zh-CN': '退票已提交，退款将按原支付渠道退回，一般 1 至 7 个工作日到账，请留意账户变动。工单号 {case.ref}。',
      en: 'Your refund has been submitted and goes back to the original payment method, usually within 1 to 7 working days. Your case number is {case.ref}.',
    },
  },
  {
    shortcut: 'refund-confirm',
    category: 'refund',
    title: { 'zh-CN': '退票前确认', en: 'Confirm before refunding' },
    text: {
      'zh-CN': '退票后车票将作废且座位不予保留，请确认是否继续为订单 {booking.ref} 办理退票？',
      en: 'Once refunded the ticket is cancelled and the seat is released. Do you want me to go ahead with the refund for booking {booking.ref}?',
    },
  },
  {
    shortcut: 'change-options',
    category: 'change',
    title: { 'zh-CN': '提供改签方案', en: 'Offer change options' },
    text: {
      'zh-CN': '我为您查到以下可改签的车次，请告诉我您选择哪一趟，我将为您核算差价和手续费后再确认。',
      en: 'Here are the trains you can change to. Tell me which one you prefer and I will work out any fare difference and fee before you confirm.',
    },
  },
  {
    shortcut: 'change-rule',
    category: 'change',
    title: { 'zh-CN': '改签规则', en: 'Change rules' },
    text: {
      'zh-CN':
        '每张车票可改签一次。开车前 48 小时以上可改签预售期内任意车次，不收改签费；不足 48 小时改签至当日及以前车次免费，改签至以后日期的车次收取相应手续费。',
      en: 'Each ticket can be changed once. 48 hours or more before departure you can move to any train on sale at no fee; under 48 hours, a train on or before the ticket date is free and a later date carries a fee.',
    },
  },
  {
    shortcut: 'change-full',
    category: 'change',
    title: { 'zh-CN': '车次已满的替代方案', en: 'Train full: alternatives' },
    text: {
      'zh-CN': '很抱歉，您选择的车次余票已售完。我可以为您查看相邻时段的车次或其他座席，您看可以吗？',
      en: 'Sorry, the train you chose is sold out. I can look at trains around the same time or another class of seat for you. Would that work?',
    },
  },
  {
    shortcut: 'change-done',
    category: 'change',
    title: { 'zh-CN': '改签完成', en: 'Change done' },
    text: {
      'zh-CN': '改签已办理成功，新车票信息已发送至您的手机，请以新票信息乘车。工单号 {case.ref}。',
      en: 'Your change is done and the new ticket has been sent to your phone; please travel on the new ticket. Your case number is {case.ref}.',
    },
  },
  {
    shortcut: 'complaint-ack',
    category: 'complaint',
    title: { 'zh-CN': '受理投诉', en: 'Acknowledge a complaint' },
    text: {
      'zh-CN':
        '{customer.name}，非常抱歉给您带来不好的体验。您反映的问题我已详细记录，将由专人跟进处理，工单号 {case.ref}。',
      en: '{customer.name}, I am very sorry for the trouble this caused you. I have recorded everything you told me and a specialist will follow it up. Your case number is {case.ref}.',
    },
  },
  {
    shortcut: 'complaint-listen',
    category: 'complaint',
    title: { 'zh-CN': '倾听诉求', en: 'Ask for details' },
    text: {
      'zh-CN': '我非常理解您的心情，请您详细说说当时的情况（时间、车次或场次、经过），以便我们尽快核实处理。',
      en: 'I understand how you feel. Please tell me what happened (the time, the train or show, and what was said or done) so we can look into it quickly.',
    },
  },
  {
    shortcut: 'complaint-followup',
    category: 'complaint',
    title: { 'zh-CN': '投诉跟进时限', en: 'Complaint follow-up time' },
    text: {
      'zh-CN': '我们会在 2 个工作日内给您回复处理结果，届时将通过您留下的手机号联系您，请保持电话畅通。',
      en: 'We will come back to you with the outcome within 2 working days, on the phone number you gave us.',
    },
  },
  {
    shortcut: 'hold-on',
    category: 'other',
    title: { 'zh-CN': '请稍候', en: 'One moment' },
    text: {
      'zh-CN': '正在为您查询，请稍候片刻。',
      en: 'I am checking that for you, please bear with me a moment.',
    },
  },
  {
    shortcut: 'anything-else',
    category: 'closing',
    title: { 'zh-CN': '还有其他问题吗', en: 'Anything else?' },
    text: {
      'zh-CN': '请问还有其他可以帮您的吗？',
      en: 'Is there anything else I can help you with?',
    },
  },
  {
    shortcut: 'close',
    category: 'closing',
    title: { 'zh-CN': '结束语', en: 'Closing' },
    text: {
      'zh-CN': '感谢您的耐心，{customer.name}，祝您旅途愉快！本次对话结束后请为我们的服务评分。',
      en: 'Thank you for your patience, {customer.name}, and have a good trip! Please rate our service when the chat ends.',
    },
  },
  {
    shortcut: 'close-idle',
    category: 'closing',
    title: { 'zh-CN': '无回复结束', en: 'Closing: no reply' },
    text: {
      'zh-CN': '由于较长时间未收到您的回复，本次对话将结束。如还有问题，欢迎随时再次联系我们。',
      en: 'As we have not heard back from you for a while, this chat will now close. You are welcome to contact us again at any time.',
    },
  },
];

/** Adds the demo macros whose shortcut is not taken yet; an existing macro (perhaps edited) is kept. */
export async function seedMacros(): Promise<number> {
  let created = 0;
  for (const macro of DEMO_MACROS) {
    const result = await MacroModel.updateOne(
      { shortcut: macro.shortcut },
      { $setOnInsert: { ...macro, updatedBy: null } },
      { upsert: true },
    );
    created += result.upsertedCount;
  }
  return created;
}
