import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import type { MacroDTO } from '../../../../shared/macros';
import { server, trpcMsw } from '../../test/msw';
import { renderScreen } from '../../test/render';
import { agent as agentUser } from '../../test/fixtures';
import { MacroTextarea } from './MacroTextarea';

const macros: MacroDTO[] = [
  {
    id: 'a'.repeat(24),
    shortcut: 'ask-id',
    category: 'verification',
    title: { 'zh-CN': '核验身份证号', en: 'Ask for the ID number' },
    text: {
      'zh-CN': '请提供订单 {booking.ref} 乘车人的身份证号码。',
      en: 'Please send the ID number for {booking.ref}.',
    },
    updatedAt: '2026-05-10T00:00:00.000Z',
  },
  {
    id: 'b'.repeat(24),
    shortcut: 'greet',
    category: 'greeting',
    title: { 'zh-CN': '问候', en: 'Greeting' },
    text: { 'zh-CN': '{customer.name}您好！', en: 'Hello {customer.name}!' },
    updatedAt: '2026-05-10T00:00:00.000Z',
  },
];

function Box({ language }: { language?: 'zh-CN' | 'en' }) {
  const [text, setText] = useState('');
  return (
    <MacroTextarea
      testId="box"
      aria-label="box"
      value={text}
      onChange={setText}
      language={language}
      values={{ 'customer.name': '张伟', 'booking.ref': 'TD0000001' }}
    />
  );
}

describe('MacroTextarea', () => {
  it('suggests phrases after "/" and inserts the chosen one with its variables filled', async () => {
    server.use(trpcMsw.macros.list.query(() => macros));
    const user = userEvent.setup();
    renderScreen(<Box />, { path: '/', url: '/', user: agentUser });
    const box = screen.getByTestId('box');
    await user.type(box, '您好 /ask');
    const options = await screen.findAllByTestId('macro-option');
    expect(options.map((o) => o.getAttribute('data-shortcut'))).toEqual(['ask-id']);
    await user.keyboard('{Enter}');
    expect(box).toHaveValue('您好 请提供订单 TD0000001 乘车人的身份证号码。');
    expect(screen.queryByTestId('macro-option')).toBeNull();
  });

  it('inserts from the picker in the language asked for, and Escape closes the suggestions', async () => {
    server.use(trpcMsw.macros.list.query(() => macros));
    const user = userEvent.setup();
    renderScreen(<Box language="en" />, { path: '/', url: '/', user: agentUser });
    const box = screen.getByTestId('box');
    await user.type(box, '/');
    await screen.findAllByTestId('macro-option');
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByTestId('macro-option')).toBeNull());
    await user.clear(box);
    await user.click(screen.getByTestId('box-phrases'));
    await user.click(
      (await screen.findAllByTestId('macro-pick')).find((b) => b.getAttribute('data-shortcut') === 'greet')!,
    );
    expect(box).toHaveValue('Hello 张伟!');
  });
});
