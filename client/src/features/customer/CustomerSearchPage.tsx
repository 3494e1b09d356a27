import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Dialog } from '../../app/Dialog';
import { describeApiError } from '../../lib/api-errors';
import { formatDate } from '../../lib/format';
import { useTRPC } from '../../lib/trpc';
import { NewCustomerForm } from '../../lib/customers/NewCustomerForm';

/** Digits too short to be a whole phone number: the last four (or a start), which only go with a name. */
const partialDigits = (query: string) => /^\d{1,10}$/.test(query.replace(/[\s-]/g, ''));

/**
 * Find a caller by name, whole phone or ID number, booking reference, ticket number or a name with
 * the phone's last four digits; the query lives in the URL. A caller who is not on file is created here.
 */
export function CustomerSearchPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const query = (params.get('q') ?? '').trim();
  const [text, setText] = useState(query);
  useEffect(() => setText(query), [query]);

  const search = useQuery({ ...trpc.customers.search.queryOptions({ query, limit: 20 }), enabled: query.length > 0 });
  const results = search.data ?? [];
  const [creating, setCreating] = useState(false);
  const newCustomerButton = (
    <button type="button" data-testid="new-customer-open" onClick={() => setCreating(true)}>
      {t('customers.newCustomer')}
    </button>
  );

  return (
    <section className="page" aria-labelledby="customers-title">
      <header className="page-head">
        <h1 id="customers-title">{t('customers.title')}</h1>
        {newCustomerButton}
      </header>
      <Dialog
        open={creating}
        onClose={() => setCreating(false)}
        title={t('newCustomer.title')}
        testId="new-customer-dialog"
      >
        <NewCustomerForm
          initialName={query && !/\d/.test(query) ? query : ''}
          onCancel={() => setCreating(false)}
          onCreated={(customer) => {
            setCreating(false);
            void navigate(`/customers/${customer.id}`);
          }}
          renderExisting={(existing) => (
            <Link to={`/customers/${existing.id}`}>{t('newCustomer.openExisting', { name: existing.name })}</Link>
          )}
        />
      </Dialog>
      <form
        className="search-bar"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          const next = text.trim();
          setParams(next ? { q: next } : {});
        }}
      >
        <input
          type="search"
          value={text}
          onChange={(event) => setText(event.target.value)}
          placeholder={t('customers.searchPlaceholder')}
          aria-label={t('customers.searchLabel')}
          data-testid="customer-search-input"
          autoFocus
        />
        <button type="submit" className="primary" data-testid="customer-search-submit">
          {t('customers.search')}
        </button>
      </form>
      {!query ? (
        <p className="empty">{t('customers.searchHint')}</p>
      ) : search.isPending ? (
        <p className="empty" role="status">
          {t('common.loading')}
        </p>
      ) : search.isError ? (
        <p className="form-error" role="alert">
          {describeApiError(t, search.error)}
        </p>
      ) : results.length === 0 ? (
        <div className="empty" data-testid="customer-search-empty">
          <p>{t('customers.noResults', { query })}</p>
          {partialDigits(query) && (
            <p data-testid="customer-search-needs-name">
              {t('customers.lastFourNeedsName', { digits: query.replace(/\D/g, '').slice(-4) })}
            </p>
          )}
          {newCustomerButton}
        </div>
      ) : (
        <table className="data-table framed" data-testid="customer-results">
          <thead>
            <tr>
              <th>{t('customers.name')}</th>
              <th>{t('customers.phone')}</th>
              <th>{t('customers.idNumber')}</th>
              <th>{t('customers.vip')}</th>
              <th>{t('customers.since')}</th>
            </tr>
          </thead>
          <tbody>
            {results.map((customer) => (
              <tr
                key={customer.id}
                data-testid="customer-result"
                className="clickable"
                onClick={() => void navigate(`/customers/${customer.id}`)}
              >
                <td>
                  <Link to={`/customers/${customer.id}`} onClick={(event) => event.stopPropagation()}>
                    {customer.name}
                  </Link>
                </td>
                <td className="mono">{customer.phone}</td>
                <td className="mono">
                  {t(`idType.${customer.idType}`)} {customer.idNumber}
                </td>
                <td>
                  {customer.vipTier === 'none' ? (
                    '—'
                  ) : (
                    <span className={`vip vip-${customer.vipTier}`}>{t(`vip.${customer.vipTier}`)}</span>
                  )}
                </td>
                <td>{formatDate(customer.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
