/**
 * Calls, chats and callbacks of a customer or a case, newest first, each with its duration,
 * agent and disposition (customer page and case workspace).
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { ConversationView } from '../../../../shared/conversations';
import { useTRPC } from '../trpc';
import { formatCountdown, formatDateTime } from '../format';

export function ContactHistory({ customerId, caseId }: { customerId?: string; caseId?: string }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const byCustomer = useQuery({
    ...trpc.conversations.byCustomer.queryOptions({ customerId: customerId ?? '' }),
    enabled: customerId !== undefined,
  });
  const byCase = useQuery({
    ...trpc.conversations.byCase.queryOptions({ caseId: caseId ?? '' }),
    enabled: caseId !== undefined,
  });
  const list: ConversationView[] = (customerId ? byCustomer.data : byCase.data) ?? [];
  return (
    <section className="contact-history" data-testid="contact-history">
      <h2>{t('calls.history')}</h2>
      {list.length === 0 ? (
        <p className="empty">{t('calls.noHistory')}</p>
      ) : (
        <table className="data-table framed">
          <thead>
            <tr>
              <th>{t('calls.when')}</th>
              <th>{t('calls.channelLabel')}</th>
              <th>{t('calls.statusLabel')}</th>
              <th>{t('calls.duration')}</th>
              <th>{t('calls.agent')}</th>
              <th>{t('calls.disposition')}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((c) => (
              <tr key={c.id} data-testid="contact-row" data-channel={c.channel}>
                <td>{formatDateTime(c.queuedAt)}</td>
                <td>{t(`calls.channel.${c.channel}`)}</td>
                <td>{t(`calls.status.${c.status}`)}</td>
                <td data-testid="contact-duration">
                  {c.durationSeconds === null ? '—' : formatCountdown(t, c.durationSeconds * 1000)}
                </td>
                <td>{c.agent?.name ?? '—'}</td>
                <td>
                  {c.disposition ? t(`calls.dispositions.${c.disposition}`, { defaultValue: c.disposition }) : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
