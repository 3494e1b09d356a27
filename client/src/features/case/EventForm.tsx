import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useMemo, useRef } from 'react';
import { Controller, get, useForm, type FieldErrors, type FieldValues, type Resolver } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { ZodType } from 'zod';
import { clientEventSchemas } from '../../../../shared/case-events';
import { queuesByKind, type QueueName } from '../../../../shared/case-vocabulary';
import { ApiErrorMessage } from '../../app/ApiErrorMessage';
import { readApiError } from '../../lib/api-errors';
import type { CaseDetail } from '../../lib/case-detail';
import { useZodLanguage } from '../../lib/zod-language';
import { useCaseLabels } from '../../lib/case-labels';
import { ConflictNotice } from './ConflictNotice';
import { defaultEventValues, describeEventFields, issueFieldName, type FieldSpec } from './event-form-spec';
import { BookingPicker } from './fields/BookingPicker';
import { CustomerPicker } from './fields/CustomerPicker';
import { DeparturePicker } from './fields/DeparturePicker';
import { MoneyInput } from './fields/MoneyInput';
import { PassengerChecklist } from './fields/PassengerChecklist';
import { emptyPassenger, PassengersEditor } from './fields/PassengersEditor';
import { UserSelect } from './fields/UserSelect';
import { QuotePanel } from './QuotePanel';
import { withResidentIdCheck } from './resident-id-check';
import { useCaseSender } from './use-case-sender';

/** Events whose consequences are hard to undo get a red button. */
const dangerousEvents = new Set(['CANCEL', 'REJECT', 'CUSTOMER_DECLINED', 'CUSTOMER_REJECTED', 'ESCALATE', 'CLOSE']);

function errorMessage(errors: FieldErrors, name: string): string | undefined {
  // A list's own problem (none entered) sits on its root.
  const message: unknown = get(errors, `${name}.message`) ?? get(errors, `${name}.root.message`);
  return typeof message === 'string' ? message : undefined;
}

/**
 * An empty passenger list is the one mistake these pickers allow; zod would word it as "array
 * too small", so the catalogue says what to do instead.
 */
const emptyListMessages: Partial<Record<FieldSpec['widget'], string>> = {
  passengerIds: 'fields.pickPassengers',
  passengers: 'fields.enterPassengers',
};

function isTooSmall(errors: FieldErrors, name: string): boolean {
  return get(errors, `${name}.type`) === 'too_small' || get(errors, `${name}.root.type`) === 'too_small';
}

/** One empty row per passenger the booking's quote is for, so the agent types instead of adding rows. */
function quotedPassengerRows(detail: CaseDetail): (typeof emptyPassenger)[] | null {
  const count = detail.kind === 'booking' ? detail.data.quote?.passengerCount : undefined;
  return count !== undefined && Number.isInteger(count) && count > 0 && count <= 9
    ? Array.from({ length: count }, () => ({ ...emptyPassenger }))
    : null;
}

/**
 * The form for one event the case allows now, built from the event's shared zod schema (the same
 * one the server parses with) and sent with the version the agent is looking at.
 */
export function EventForm({
  viewed,
  type,
  preset,
  onAdopt,
  onSent,
  onCancel,
}: {
  viewed: CaseDetail;
  type: string;
  preset?: Record<string, unknown>;
  onAdopt: (fresh: CaseDetail) => void;
  onSent: (detail: CaseDetail) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  useZodLanguage();
  const labels = useCaseLabels();
  const schema = clientEventSchemas[viewed.kind][type];
  // A case moves only between the queues its kind is worked in (the server refuses the others).
  const fields = useMemo(
    () =>
      (schema ? describeEventFields(schema) : []).map((field) =>
        field.name === 'queue'
          ? {
              ...field,
              options: field.options.filter((option) => queuesByKind[viewed.kind].some((queue) => queue === option)),
            }
          : field,
      ),
    [schema, viewed.kind],
  );
  // The schema is picked at run time, so the form's values are any object the schema accepts.
  const formSchema: ZodType<FieldValues, FieldValues> | undefined = schema;
  const schemaResolver: Resolver<FieldValues> | undefined = formSchema ? zodResolver(formSchema) : undefined;
  const form = useForm<FieldValues>({
    resolver:
      schemaResolver && schema && 'passengers' in schema.shape
        ? withResidentIdCheck(schemaResolver, (problem) => t(`identity.residentId.${problem}`))
        : schemaResolver,
    defaultValues: defaultEventValues(type, fields, {
      ...(type === 'ENTER_PASSENGERS' && quotedPassengerRows(viewed)
        ? { passengers: quotedPassengerRows(viewed) }
        : {}),
      ...preset,
    }),
  });
  const sender = useCaseSender({ viewed, onAdopt, onSent });
  const errors = form.formState.errors;
  const title = labels.event(viewed.kind, type);
  const formRef = useRef<HTMLFormElement>(null);
  // Opening a form puts the cursor in its first field (or on its button when there is nothing to fill in).
  useEffect(() => {
    const formElement = formRef.current;
    if (!formElement) return;
    const first = formElement.querySelector<HTMLElement>(
      'input:not([type="hidden"]):not([disabled]), select:not([disabled]), textarea:not([disabled])',
    );
    (first ?? formElement.querySelector<HTMLElement>('[data-testid="event-submit"]'))?.focus();
  }, []);

  if (!schema) {
    return (
      <p className="form-error" role="alert">
        {t('case.unknownEvent', { type })}
      </p>
    );
  }

  async function submit(values: FieldValues) {
    const result = await sender.submit({ ...values, type });
    if (result.ok) return;
    // Server-side field problems go next to their fields, like the client-side ones.
    for (const issue of readApiError(result.error).issues) {
      const name = issueFieldName(issue.path);
      if (name) form.setError(name, { type: 'server', message: issue.message });
    }
  }

  function renderField(field: FieldSpec) {
    const id = `event-${type}-${field.name}`;
    const emptyList = emptyListMessages[field.widget];
    const message = emptyList && isTooSmall(errors, field.name) ? t(emptyList) : errorMessage(errors, field.name);
    const invalid = message !== undefined;
    // A booking chooses its departure; a change chooses a new one.
    const labelKey = field.name === 'departureId' && viewed.kind === 'booking' ? 'bookingDeparture' : field.name;
    const label = t(`fields.${labelKey}`, { defaultValue: field.name });
    const control = (() => {
      switch (field.widget) {
        case 'hidden':
          return null;
        case 'text':
          return (
            <input
              id={id}
              aria-invalid={invalid || undefined}
              data-testid={`field-${field.name}`}
              autoComplete="off"
              {...form.register(
                field.name,
                field.optional ? { setValueAs: (v: string) => (v === '' ? undefined : v) } : {},
              )}
            />
          );
        case 'textarea':
          return (
            <textarea
              id={id}
              rows={3}
              aria-invalid={invalid || undefined}
              data-testid={`field-${field.name}`}
              {...form.register(
                field.name,
                field.optional ? { setValueAs: (v: string) => (v === '' ? undefined : v) } : {},
              )}
            />
          );
        case 'number':
          return (
            <input
              id={id}
              type="number"
              aria-invalid={invalid || undefined}
              data-testid={`field-${field.name}`}
              {...form.register(field.name, { setValueAs: (v: string) => (v === '' ? undefined : Number(v)) })}
            />
          );
        case 'boolean':
          return <input id={id} type="checkbox" data-testid={`field-${field.name}`} {...form.register(field.name)} />;
        case 'enum':
          return (
            <select
              id={id}
              data-testid={`field-${field.name}`}
              {...form.register(
                field.name,
                field.optional ? { setValueAs: (v: string) => (v === '' ? undefined : v) } : {},
              )}
            >
              {field.optional && <option value="">—</option>}
              {field.options.map((option) => (
                <option key={option} value={option}>
                  {field.optionLabels ? t(`${field.optionLabels}${option}`, { defaultValue: option }) : option}
                </option>
              ))}
            </select>
          );
        case 'money':
          return (
            <Controller
              control={form.control}
              name={field.name}
              render={({ field: f }) => (
                <MoneyInput id={id} value={f.value as number | undefined} onChange={f.onChange} invalid={invalid} />
              )}
            />
          );
        case 'user':
          return (
            <Controller
              control={form.control}
              name={field.name}
              render={({ field: f }) => (
                <UserSelect
                  id={id}
                  value={f.value as string | undefined}
                  onChange={f.onChange}
                  allowNone={field.optional || field.nullable}
                  invalid={invalid}
                  queue={
                    schema && 'queue' in schema.shape ? (form.watch('queue') as QueueName | undefined) : viewed.queue
                  }
                />
              )}
            />
          );
        case 'customer':
          return (
            <Controller
              control={form.control}
              name={field.name}
              render={({ field: f }) => (
                <CustomerPicker
                  value={f.value as string | undefined}
                  onChange={f.onChange}
                  linked={viewed.customerId}
                />
              )}
            />
          );
        case 'booking':
          return (
            <Controller
              control={form.control}
              name={field.name}
              render={({ field: f }) => (
                <BookingPicker
                  customerId={viewed.customerId}
                  value={f.value as string | undefined}
                  onChange={f.onChange}
                  linked={viewed.bookingId}
                />
              )}
            />
          );
        case 'departure':
          return (
            <Controller
              control={form.control}
              name={field.name}
              render={({ field: f }) => (
                <DeparturePicker
                  departureId={f.value as string | undefined}
                  classCode={form.watch('classCode') as string | undefined}
                  bookingId={viewed.bookingId}
                  onChange={(departureId, classCode) => {
                    f.onChange(departureId);
                    form.setValue('classCode', classCode, { shouldValidate: form.formState.isSubmitted });
                  }}
                />
              )}
            />
          );
        case 'passengerIds':
          return (
            <Controller
              control={form.control}
              name={field.name}
              render={({ field: f }) => (
                <PassengerChecklist
                  bookingId={viewed.bookingId}
                  value={(f.value as string[] | undefined) ?? []}
                  onChange={f.onChange}
                  unchangedOnly={viewed.kind === 'change'}
                  startWithAll
                />
              )}
            />
          );
        case 'passengers':
          return <PassengersEditor control={form.control} register={form.register} errors={errors} />;
        default: {
          const unreachable: never = field.widget;
          return unreachable;
        }
      }
    })();
    if (control === null) return null;
    const classMessage = field.name === 'departureId' ? errorMessage(errors, 'classCode') : undefined;
    return (
      <div key={field.name} className={field.widget === 'boolean' ? 'field field-check' : 'field'}>
        <label htmlFor={id}>
          {label}
          {field.optional && <span className="muted"> {t('fields.optional')}</span>}
        </label>
        {control}
        {(message ?? classMessage) && <span className="field-error">{message ?? classMessage}</span>}
      </div>
    );
  }

  const apiError = sender.error && !sender.conflict ? sender.error : null;
  return (
    <form
      ref={formRef}
      className="event-form panel"
      data-testid="event-form"
      data-event={type}
      onSubmit={form.handleSubmit(submit)}
      noValidate
      aria-label={title}
    >
      <h3>{title}</h3>
      {type === 'CUSTOMER_CONFIRMED' && (
        <div className="confirm-quote">
          <p className="muted">{t('quote.readOut')}</p>
          <QuotePanel detail={viewed} />
        </div>
      )}
      {fields.length === 0 && type !== 'CUSTOMER_CONFIRMED' && (
        <p className="muted">{t('case.confirmEvent', { action: title })}</p>
      )}
      {fields.map(renderField)}
      {sender.conflict && (
        <ConflictNotice
          conflict={sender.conflict}
          eventType={type}
          pending={sender.pending}
          onRetry={() => void sender.retryOnLatest()}
          onReview={sender.adoptLatest}
        />
      )}
      {apiError && <ApiErrorMessage error={apiError} testId="event-error" />}
      <div className="form-actions">
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button
          type="submit"
          className={dangerousEvents.has(type) ? 'danger' : 'primary'}
          disabled={sender.pending}
          data-testid="event-submit"
        >
          {sender.pending ? t('common.saving') : title}
        </button>
      </div>
    </form>
  );
}
