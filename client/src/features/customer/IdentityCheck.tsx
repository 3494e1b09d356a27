import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { caseWorkerRoles } from '../../../../shared/roles';
import { describeApiError } from '../../lib/api-errors';
import { useTRPC } from '../../lib/trpc';
import { useSessionUser } from '../../app/session';

/** The agent types the ID number the caller reads out; the server only says whether it matches. */
export function IdentityCheck({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const user = useSessionUser();
  const [idNumber, setIdNumber] = useState('');
  const verify = useMutation(trpc.customers.verifyIdentity.mutationOptions());
  if (!caseWorkerRoles.includes(user.role)) return null;
  return (
    <form
      className="inline-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (idNumber.trim().length >= 4) verify.mutate({ customerId, idNumber: idNumber.trim().toUpperCase() });
      }}
    >
      <label>
        <span>{t('identity.label')}</span>
        <input
          value={idNumber}
          onChange={(event) => {
            setIdNumber(event.target.value);
            verify.reset();
          }}
          data-testid="verify-id-input"
          autoComplete="off"
        />
      </label>
      <button type="submit" disabled={verify.isPending} data-testid="verify-id-submit">
        {t('identity.check')}
      </button>
      {verify.data && (
        <span
          className={verify.data.match ? 'badge badge-ok' : 'badge badge-bad'}
          role="status"
          data-testid="verify-id-result"
        >
          {verify.data.match ? t('identity.match') : t('identity.noMatch')}
        </span>
      )}
      {verify.error && <span className="field-error">{describeApiError(t, verify.error)}</span>}
    </form>
  );
}
