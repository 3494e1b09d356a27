import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { z } from 'zod';
import {
  caseKinds,
  channels,
  createCaseInputSchema,
  priorities,
  prioritySchema,
  type CaseKind,
} from '../../../../shared/cases';
import { Dialog } from '../../app/Dialog';
import { ApiErrorMessage } from '../../app/ApiErrorMessage';
import { isAmbiguousFailure, readApiError } from '../../lib/api-errors';
import { useSubmitKey } from '../../lib/idempotency';
import { useTRPC } from '../../lib/trpc';
import { useZodLanguage } from '../../lib/zod-language';

const newCaseFormSchema = createCaseInputSchema
  .omit({ idempotencyKey: true, customerId: true, bookingId: true })
  .extend({
    priority: prioritySchema,
  });
type NewCaseForm = z.infer<typeof newCaseFormSchema>;

export type NewCaseTarget = {
  customerId: string | null;
  bookingId: string | null;
  bookingRef?: string | null;
  /** The kinds offered; a booking offers change, refund and complaint. */
  kinds?: readonly CaseKind[];
  kind?: CaseKind;
};

/** Opens a case for a customer or one of their bookings, then goes to its workspace. */
export function NewCaseDialog({ target, onClose }: { target: NewCaseTarget | null; onClose: () => void }) {
  const { t } = useTranslation();
  useZodLanguage();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const submitKey = useSubmitKey();
  const kinds = target?.kinds ?? caseKinds;
  const form = useForm<NewCaseForm>({
    resolver: zodResolver(newCaseFormSchema),
    defaultValues: { kind: target?.kind ?? kinds[0] ?? 'booking', channel: 'phone', subject: '', priority: 'normal' },
  });
  const kind = form.watch('kind');

  useEffect(() => {
    if (!target) return;
    const initialKind = target.kind ?? kinds[0] ?? 'booking';
    form.reset({ kind: initialKind, channel: 'phone', priority: 'normal', subject: '' });
    submitKey.settle();
    // A new target is a new form (the kinds list follows the target).
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only a new target resets the form; form and submitKey are stable, kinds follows target.
  }, [target]);

  // Until the agent types their own subject, it follows the kind and booking.
  useEffect(() => {
    if (!target || form.getFieldState('subject').isDirty) return;
    form.setValue(
      'subject',
      t('newCase.defaultSubject', { kind: t(`kind.${kind}`), ref: target.bookingRef ?? '' }).trim(),
    );
  }, [kind, target, form, t]);

  const create = useMutation(
    trpc.cases.create.mutationOptions({
      onSuccess: (created) => {
        submitKey.settle();
        if (target?.customerId)
          void queryClient.invalidateQueries({ queryKey: trpc.customers.get.queryKey({ id: target.customerId }) });
        queryClient.setQueryData(trpc.cases.get.queryKey({ id: created.id }), created);
        onClose();
        void navigate(`/cases/${created.id}`);
      },
      onError: (error) => {
        if (!isAmbiguousFailure(error)) submitKey.settle();
        for (const issue of readApiError(error).issues) {
          const field = issue.path[issue.path.length - 1];
          if (field === 'subject' || field === 'kind' || field === 'channel' || field === 'priority')
            form.setError(field, { message: issue.message });
        }
      },
    }),
  );

  function submit(values: NewCaseForm) {
    if (!target) return;
    const request = { ...values, customerId: target.customerId, bookingId: target.bookingId };
    create.mutate({ ...request, idempotencyKey: submitKey.keyFor(JSON.stringify(request)) });
  }

  const errors = form.formState.errors;
  return (
    <Dialog open={target !== null} onClose={onClose} title={t('newCase.title')} testId="new-case-dialog">
      <form className="stack" onSubmit={form.handleSubmit(submit)} noValidate>
        {target?.bookingRef && (
          <p className="muted">
            {t('newCase.forBooking')} <span className="mono">{target.bookingRef}</span>
          </p>
        )}
        <label className="field">
          <span>{t('newCase.kind')}</span>
          <select data-testid="new-case-kind" {...form.register('kind')}>
            {kinds.map((option) => (
              <option key={option} value={option}>
                {t(`kind.${option}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('newCase.channel')}</span>
          <select data-testid="new-case-channel" {...form.register('channel')}>
            {channels.map((option) => (
              <option key={option} value={option}>
                {t(`channel.${option}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('newCase.priority')}</span>
          <select data-testid="new-case-priority" {...form.register('priority')}>
            {priorities.map((option) => (
              <option key={option} value={option}>
                {t(`priority.${option}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('newCase.subject')}</span>
          <input
            data-testid="new-case-subject"
            aria-invalid={errors.subject ? true : undefined}
            {...form.register('subject')}
          />
          {errors.subject && <span className="field-error">{errors.subject.message}</span>}
        </label>
        {create.error && <ApiErrorMessage error={create.error} />}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="primary" disabled={create.isPending} data-testid="new-case-submit">
            {create.isPending ? t('common.saving') : t('newCase.create')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
