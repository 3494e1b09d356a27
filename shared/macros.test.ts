import { describe, expect, it } from 'vitest';
import { matchMacros, renderMacro, slashQuery } from './macros';

describe('renderMacro', () => {
  it('fills the variables that have values and keeps the others as placeholders', () => {
    expect(
      renderMacro('{customer.name}您好，订单 {booking.ref} 的退票手续费为 {quote.total}，工单 {case.ref}。', {
        'customer.name': '张伟',
        'booking.ref': 'TD0000001',
        'quote.total': '¥27.65',
        'case.ref': null,
      }),
    ).toBe('张伟您好，订单 TD0000001 的退票手续费为 ¥27.65，工单 {case.ref}。');
  });
  it('leaves unknown braces alone and does not re-expand inserted values', () => {
    expect(renderMacro('{customer.id} {customer.name}', { 'customer.name': '{booking.ref}', 'booking.ref': 'X' })).toBe(
      '{customer.id} {booking.ref}',
    );
  });
});

describe('slashQuery', () => {
  it('finds "/word" at the start or after a space', () => {
    expect(slashQuery('/gre')).toEqual({ query: 'gre', start: 0 });
    expect(slashQuery('您好 /')).toEqual({ query: '', start: 3 });
    expect(slashQuery('see http://x/y')).toBeNull();
    expect(slashQuery('a/b')).toBeNull();
  });
});

describe('matchMacros', () => {
  const macros = [
    { shortcut: 'refund-fee', title: { 'zh-CN': '退票手续费', en: 'Refund fee' } },
    { shortcut: 'greet', title: { 'zh-CN': '问候', en: 'Greeting' } },
    { shortcut: 'fee-waived', title: { 'zh-CN': '免收手续费', en: 'Fee waived' } },
  ];
  it('puts shortcut-prefix matches first and matches titles in both languages', () => {
    expect(matchMacros(macros, 'fee').map((m) => m.shortcut)).toEqual(['fee-waived', 'refund-fee']);
    expect(matchMacros(macros, '问候').map((m) => m.shortcut)).toEqual(['greet']);
    expect(matchMacros(macros, '').length).toBe(3);
  });
});
