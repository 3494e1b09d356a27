/**
 * Web chat in two kinds of browser context: customers on the public /chat page at phone size
 * (390×844) and an agent in the console's inbox. No agent signed in: the customer is told and
 * leaves a message and a number. Then messages both ways (a phrase inserted with "/"), markup
 * shown as text, a reload that resumes the same conversation, a retried client id that stays one
 * message, two chats in tabs, closing and the rating.
 */
import { describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { io as connectIo } from 'socket.io-client';
import type { ChatAck, ChatMessageDTO } from '../../shared/chat';
import { seedMacros } from '../../seed/macros';
import { login, screenshot, UNTIL, useConsoleTest, type Session } from './harness';

const t = useConsoleTest(import.meta.url, 'web_chat');

const XSS = '<img src=x onerror="window.__xss=1"><b>bold?</b>';

async function openPhone(name: string, locale: 'zh-CN' | 'en'): Promise<Session> {
  const context = await t.browser.newContext({
    baseURL: t.env.url,
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale,
    timezoneId: 'Asia/Shanghai',
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[${name}] page error: ${error.message}`));
  return { context, page, name };
}

async function startChat(session: Session, form: { name: string; phone?: string; bookingRef?: string }, en = false) {
  const { page } = session;
  await page.goto('/chat');
  if (en) await page.getByTestId('chat-language').click();
  await page.getByTestId('chat-name').fill(form.name);
  if (form.phone) await page.getByTestId('chat-phone').fill(form.phone);
  if (form.bookingRef) await page.getByTestId('chat-booking').fill(form.bookingRef);
  await page.getByTestId('chat-start-submit').click();
  await page.getByTestId('chat-status').waitFor();
}

const lines = (session: Session) => session.page.getByTestId('chat-line');

describe('web chat', () => {
  let waitingCustomer: Session;
  let customer: Session;
  let agent: Session;

  it('tells the customer when no agent is available and takes a message and a callback number', async () => {
    await seedMacros();
    waitingCustomer = await openPhone('customer-zh', 'zh-CN');
    await startChat(waitingCustomer, { name: '李娜' });
    const page = waitingCustomer.page;
    await page.getByTestId('chat-no-agent').waitFor();
    expect(await page.getByTestId('chat-no-agent').textContent()).toContain('当前暂无客服在线');
    await screenshot(page, '01-customer-no-agent-zh');
    await page.screenshot({ path: '/tmp/wt-chat-01-customer-no-agent-zh.png' });
    await page.getByTestId('chat-callback-phone').fill('139 1234 5678');
    await page.getByTestId('chat-callback-message').fill('想改签明天的车票，请回电');
    await page.getByTestId('chat-callback-submit').click();
    await expect.poll(() => page.getByTestId('chat-callback-done').textContent(), UNTIL).toContain('139****5678');
    await expect.poll(() => lines(waitingCustomer).count(), UNTIL).toBe(2);
  });

  it('carries messages both ways, shows markup as text and resumes after a reload', async () => {
    agent = await t.open('agent1');
    await login(agent.page, 'agent1');
    await agent.page.getByTestId('nav-inbox').click();
    await agent.page.getByTestId('inbox').waitFor();
    // The waiting chat with its callback request is in the list.
    await expect.poll(() => agent.page.getByTestId('waiting-callback').count(), UNTIL).toBe(1);

    customer = await openPhone('customer-en', 'en');
    await startChat(customer, { name: 'Zhang Wei', bookingRef: t.scenario.bookingRef }, true);
    await expect
      .poll(() => customer.page.getByTestId('chat-status').textContent(), UNTIL)
      .toMatch(/Connecting you|you are next/);
    expect(await customer.page.getByTestId('chat-no-agent').count()).toBe(0);

    await customer.page.getByTestId('chat-input').fill(XSS);
    await customer.page.getByTestId('chat-send').click();
    await expect.poll(() => customer.page.locator('[data-sender="customer"]').count(), UNTIL).toBe(1);
    await screenshot(customer.page, '02-customer-waiting-en');
    await customer.page.screenshot({ path: '/tmp/wt-chat-02-customer-waiting-en.png' });

    const row = agent.page.locator('[data-testid="waiting-chat"]', { hasText: 'Zhang Wei' });
    await row.getByTestId('take-chat').click();
    const pane = agent.page.getByTestId('chat-pane');
    await pane.waitFor();
    const agentTexts = pane.getByTestId('chat-text');
    await expect.poll(() => agentTexts.allTextContents(), UNTIL).toContain(XSS);
    // Shown as text, never run, in both windows.
    expect(await pane.locator('.chat-transcript img').count()).toBe(0);
    expect(await customer.page.locator('.chat-log img').count()).toBe(0);
    expect(await agent.page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
    expect(await customer.page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
    await expect.poll(() => customer.page.getByTestId('chat-status').textContent(), UNTIL).toContain('王芳');

    // A standard phrase by typing "/": the customer's name filled in, in the customer's language.
    const reply = agent.page.getByTestId('chat-reply');
    await reply.fill('/greet');
    await agent.page.locator('[data-testid="macro-option"][data-shortcut="greet"]').waitFor();
    await reply.press('Enter');
    await expect
      .poll(() => reply.inputValue(), UNTIL)
      .toBe('Hello Zhang Wei, thank you for contacting us. How can I help you today?');
    await reply.press('Enter');
    await expect
      .poll(
        () => customer.page.locator('[data-sender="agent"] [data-testid="chat-line-text"]').allTextContents(),
        UNTIL,
      )
      .toContain('Hello Zhang Wei, thank you for contacting us. How can I help you today?');
    // The customer read it: the agent's mark says so.
    await expect
      .poll(() => pane.locator('[data-sender="agent"] [data-testid="chat-mark"]').last().textContent(), UNTIL)
      .toContain('已读');

    await customer.page.getByTestId('chat-input').fill('I need to change my train');
    await customer.page.getByTestId('chat-input').press('Enter');
    await expect.poll(() => agentTexts.allTextContents(), UNTIL).toContain('I need to change my train');

    // A reload resumes the same conversation with its transcript.
    // (Texts only: a line's delivered/read mark may move on meanwhile.)
    const lineTexts = () => customer.page.getByTestId('chat-line-text').allTextContents();
    const before = await lineTexts();
    await customer.page.reload();
    await expect.poll(lineTexts, UNTIL).toEqual(before);
    expect(await customer.page.getByTestId('chat-start').count()).toBe(0);
    await screenshot(customer.page, '03-customer-chat-en');
    await customer.page.screenshot({ path: '/tmp/wt-chat-03-customer-chat-en.png' });
  });

  it('answers a retried client id with the first message, never a second one', async () => {
    const token = await customer.page.evaluate(
      () => JSON.parse(localStorage.getItem('td.chat.session') ?? '{}').token as string,
    );
    const sent = customer.page.locator('[data-sender="customer"]', { hasText: 'I need to change my train' });
    const clientId = await sent.getAttribute('data-client-id');
    const seq = Number(await sent.getAttribute('data-seq'));
    const socket = connectIo(`${t.env.url}/customer`, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      auth: { token },
    });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      const answer = (await socket
        .timeout(5000)
        .emitWithAck('send', { clientId, text: 'I need to change my train' })) as ChatAck<ChatMessageDTO>;
      expect(answer.ok && answer.value.seq).toBe(seq);
    } finally {
      socket.close();
    }
    await customer.page.reload();
    await expect.poll(() => lines(customer).count(), UNTIL).toBeGreaterThan(0);
    const texts = await lines(customer).allTextContents();
    expect(texts.filter((x) => x.includes('I need to change my train'))).toHaveLength(1);
    const agentTexts = await agent.page.getByTestId('chat-pane').getByTestId('chat-text').allTextContents();
    expect(agentTexts.filter((x) => x === 'I need to change my train')).toHaveLength(1);
  });

  it('holds two chats in tabs with unread counts, opens a case in one click, closes a chat and takes the rating', async () => {
    const page = agent.page;
    const first = page.locator('[data-testid="waiting-chat"]', { hasText: '李娜' });
    await first.getByTestId('take-chat').click();
    await expect.poll(() => page.getByTestId('chat-tab').count(), UNTIL).toBe(2);
    // 李娜's tab is open now; Zhang Wei writes: his tab counts it as unread.
    await customer.page.getByTestId('chat-input').fill('Are you still there?');
    await customer.page.getByTestId('chat-input').press('Enter');
    const zhangTab = page.locator('[data-testid="chat-tab"]', { hasText: 'Zhang Wei' });
    await expect.poll(() => zhangTab.getByTestId('chat-unread').textContent(), UNTIL).toBe('1');
    await expect.poll(() => waitingCustomer.page.getByTestId('chat-status').textContent(), UNTIL).toContain('王芳');
    await screenshot(page, '04-console-two-chats-zh');
    await page.screenshot({ path: '/tmp/wt-chat-04-console-two-chats-zh.png' });

    await zhangTab.click();
    await expect.poll(() => zhangTab.getByTestId('chat-unread').count(), UNTIL).toBe(0);
    await page.getByTestId('language-switch').selectOption('en');
    await expect.poll(() => page.getByTestId('chat-close').textContent(), UNTIL).toBe('End chat');
    await screenshot(page, '05-console-two-chats-en');
    await page.screenshot({ path: '/tmp/wt-chat-05-console-two-chats-en.png' });

    // One click: a refund case for the matched customer and booking, linked both ways.
    await page.getByTestId('chat-case-kind').selectOption('refund');
    await page.getByTestId('chat-create-case').click();
    await page.waitForURL(/\/cases\/[0-9a-f]{24}/);
    await page.getByTestId('case-chats').waitFor();
    await expect
      .poll(() => page.getByTestId('case-chat-transcript').getByTestId('chat-text').allTextContents(), UNTIL)
      .toContain('I need to change my train');
    await page.goBack();
    await page.locator('[data-testid="chat-tab"]', { hasText: 'Zhang Wei' }).click();
    await page.getByTestId('chat-case-link').waitFor();

    await page.getByTestId('chat-close').click();
    await customer.page.getByTestId('chat-rating').waitFor();
    await customer.page.getByTestId('chat-star-5').click();
    await customer.page.getByTestId('chat-rate-comment').fill('Quick and kind');
    await customer.page.getByTestId('chat-rate-submit').click();
    await customer.page.getByTestId('chat-rated').waitFor();
    await customer.page.screenshot({ path: '/tmp/wt-chat-06-customer-rated-en.png' });
    const session = await mongoose.connection.collection('chat_sessions').findOne({ name: 'Zhang Wei' });
    const stored = await mongoose.connection
      .collection('conversations')
      .findOne({ _id: session?._id, channel: 'chat' });
    expect(stored).toMatchObject({ status: 'ended', csat: { score: 5, comment: 'Quick and kind' } });
    for (const session of [customer, waitingCustomer]) await session.context.close();
  });

  it('lets a supervisor add a standard phrase that agents then find with "/"', async () => {
    const supervisor = await t.open('super1');
    await login(supervisor.page, 'super1');
    await supervisor.page.getByTestId('nav-macros').click();
    await expect.poll(() => supervisor.page.getByTestId('macro-row').count(), UNTIL).toBe(20);
    await supervisor.page.getByTestId('macro-new').click();
    await supervisor.page.getByTestId('macro-shortcut').fill('late-train');
    await supervisor.page.getByTestId('macro-title-zh-CN').fill('列车晚点');
    await supervisor.page.getByTestId('macro-text-zh-CN').fill('{customer.name}您好，列车晚点的情况我已了解。');
    await supervisor.page.getByTestId('macro-title-en').fill('Train late');
    await supervisor.page.getByTestId('macro-text-en').fill('Hello {customer.name}, I see your train is late.');
    await supervisor.page.getByTestId('macro-save').click();
    await supervisor.page.locator('[data-testid="macro-row"][data-shortcut="late-train"]').waitFor();
    await supervisor.page.screenshot({ path: '/tmp/wt-chat-07-macros-admin-zh.png' });

    await agent.page.goto('/inbox');
    const reply = agent.page.getByTestId('chat-reply');
    await reply.fill('/late');
    await agent.page.locator('[data-testid="macro-option"][data-shortcut="late-train"]').waitFor();
    await reply.press('Enter');
    await expect.poll(() => reply.inputValue(), UNTIL).toBe('李娜您好，列车晚点的情况我已了解。');
  });
});
