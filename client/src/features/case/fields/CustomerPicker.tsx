import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../../../lib/trpc';

/** Find a customer by name, phone, ID or booking reference and pick them. */
/** Customers found by search to link; the one already linked cannot be picked again. */
export function CustomerPicker({ value, onChange, linked = null }: { value: string | undefined; onChange: (id: string) => void; linked?: string | null }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  const search = useQuery({ ...trpc.customers.search.queryOptions({ query, limit: 10 }), enabled: query.length > 0 });
  return (
    <div className="picker" data-testid="field-customer">
      <div className="inline-form">
        <input
          value={text}
          onChange={(event) => setText(event.target.value)}
          placeholder={t('customers.searchPlaceholder')}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              setQuery(text.trim());
            }
          }}
        />
        <button type="button" onClick={() => setQuery(text.trim())}>
          {t('customers.search')}
        </button>
      </div>
      {search.data && (
        <ul className="pick-list">
          {search.data.length === 0 && <li className="muted">{t('customers.noResults', { query })}</li>}
          {search.data.map((customer) => (
            <li key={customer.id}>
              <label>
                <input type="radio" name="customer-pick" checked={value === customer.id} disabled={customer.id === linked} onChange={() => onChange(customer.id)} />
                {customer.name} <span className="mono muted">{customer.phone}</span>
                {customer.id === linked && <span className="badge">{t('fields.linked')}</span>}
              </label>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
