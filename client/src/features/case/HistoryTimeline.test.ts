import { describe, expect, it } from 'vitest';
import i18n from 'i18next';
import { formatValue } from './HistoryTimeline';
import zh from '../../locales/zh-CN.json';
import en from '../../locales/en.json';

describe('history values', () => {
  const t = i18n.t.bind(i18n);
  const none = new Map<string, string>();

  it('shows instants the engine recorded (due times) in Beijing time, not as ISO strings', () => {
    expect(formatValue('dueAt', '2026-11-20T22:42:59.850Z', t, none, none)).toBe('2026-11-21 06:42');
  });

  it('leaves ordinary text alone', () => {
    expect(formatValue('reason', '行程取消', t, none, none)).toBe('行程取消');
  });

  it('says where an identity check counted from in words, in both catalogues', () => {
    const byKey = ((key: string) => key) as unknown as typeof t;
    expect(formatValue('checkedOn', 'customer_page', byKey, none, none)).toBe('checkedOn.customer_page');
    expect(zh.checkedOn.customer_page).toBe('客户页面');
    expect(en.checkedOn.customer_page).toBe('the customer page');
  });
});
