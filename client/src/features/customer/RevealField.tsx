import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { revealInputSchema } from '../../../../shared/customers';
import { revealRoles } from '../../../../shared/roles';
import { Dialog } from '../../app/Dialog';
import { describeApiError } from '../../lib/api-errors';
import { useTRPC } from '../../lib/trpc';
import { useSessionUser } from '../../app/session';

/**
 * A masked phone or ID number. Roles allowed to see it clear may reveal it after giving a
 * reason (the server audits each reveal); the clear value stays only in this component.
 */
export function RevealField({
  customerId,
  field,
  masked,
}: {
  customerId: string;
  field: 'phone' | 'idNumber';
  masked: string;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const user = useSessionUser();
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const reveal = useMutation(trpc.customers.reveal.mutationOptions({ onSuccess: () => setAsking(false) }));
  const value = reveal.data?.value;
  const mayReveal = revealRoles.includes(user.role);

  function submit() {
    const parsed = revealInputSchema.safeParse({ customerId, field, reason });
    if (!parsed.success) {
      setProblem(t('reveal.reasonRequired'));
      return;
    }
    setProblem(null);
    reveal.mutate(parsed.data);
  }

  return (
    <span className="reveal-field">
      <span className="mono" data-testid={`customer-${field}`}>
        {value ?? masked}
      </span>
      {value ? (
        <span className="badge badge-audit">{t('reveal.audited')}</span>
      ) : (
        mayReveal && (
          <button type="button" className="link-button" data-testid={`reveal-${field}`} onClick={() => setAsking(true)}>
            {t('reveal.show')}
          </button>
        )
      )}
      <Dialog
        open={asking}
        onClose={() => setAsking(false)}
        title={t(field === 'phone' ? 'reveal.titlePhone' : 'reveal.titleIdNumber')}
        testId="reveal-dialog"
      >
        <form
          className="stack"
          onSubmit={(event) => {
            event.preventDefault();
            submit();
          }}
        >
          <p className="muted">{t('reveal.explain')}</p>
          <label className="field">
            <span>{t('reveal.reason')}</span>
            <input
              data-testid="reveal-reason"
              value={reason}
              onChange={(event) => setReason(event.target.value)}
              autoFocus
            />
          </label>
          {problem && <span className="field-error">{problem}</span>}
          {reveal.error && (
            <p className="form-error" role="alert">
              {describeApiError(t, reveal.error)}
            </p>
          )}
          <div className="dialog-actions">
            <button type="button" onClick={() => setAsking(false)}>
              {t('common.cancel')}
            </button>
            <button type="submit" className="primary" disabled={reveal.isPending} data-testid="reveal-submit">
              {t('reveal.confirm')}
            </button>
          </div>
        </form>
      </Dialog>
    </span>
  );
}
