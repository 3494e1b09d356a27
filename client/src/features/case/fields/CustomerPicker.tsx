import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerDTO } from '../../../../../shared/customers';
import { useTRPC } from '../../../lib/trpc';
import { NewCustomerForm } from '../../../lib/customers/NewCustomerForm';

/**
 * Find a customer (name, whole phone or ID, booking or ticket number, name + last four) and pick
 * them, or create one; the one already linked cannot be picked again.
 */
export function CustomerPicker({
  value,
  onChange,
  linked = null,
}: {
  value: string | undefined;
  onChange: (id: string) => void;
  linked?: string | null;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  const [creating, setCreating] = useState(false);
  const search = useQuery({ ...trpc.customers.search.queryOptions({ query, limit: 10 }), enabled: query.length > 0 });
  /** Shows the picked customer in the list (as the only match) and picks them. */
  const pick = (customer: Pick<CustomerDTO, 'id' | 'name'> & Partial<CustomerDTO>, asQuery: string) => {
    if (customer.phone !== undefined)
      queryClient.setQueryData(trpc.customers.search.queryKey({ query: asQuery, limit: 10 }), [
        customer as CustomerDTO,
      ]);
    setText(asQuery);
    setQuery(asQuery);
    setCreating(false);
    onChange(customer.id);
  };
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
        <button type="button" data-testid="picker-new-customer" onClick={() => setCreating(true)}>
          {t('customers.newCustomer')}
        </button>
      </div>
      {creating && (
        // Set apart from the case form around it: its buttons create the customer, not send the event.
        <section className="panel" aria-labelledby="picker-new-customer-title">
          <h3 id="picker-new-customer-title">{t('newCustomer.title')}</h3>
          <NewCustomerForm
            initialName={/\d/.test(text) ? '' : text.trim()}
            onCancel={() => setCreating(false)}
            onCreated={(customer) => pick(customer, customer.name)}
            renderExisting={(existing) => (
              <button type="button" data-testid="picker-pick-existing" onClick={() => pick(existing, existing.name)}>
                {t('newCustomer.pickExisting', { name: existing.name })}
              </button>
            )}
          />
        </section>
      )}
      {search.data && (
        <ul className="pick-list">
          {search.data.length === 0 && <li className="muted">{t('customers.noResults', { query })}</li>}
          {search.data.map((customer) => (
            <li key={customer.id}>
              <label>
                <input
                  type="radio"
                  name="customer-pick"
                  checked={value === customer.id}
                  disabled={customer.id === linked}
                  onChange={() => onChange(customer.id)}
                />
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
