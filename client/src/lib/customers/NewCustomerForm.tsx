import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useForm, type Resolver } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { createCustomerInputSchema, type CreateCustomerInput, type CustomerDTO } from '../../../../shared/customers';
import { checkResidentId, idTypes } from '../../../../shared/identity';
import { ApiErrorMessage } from '../../app/ApiErrorMessage';
import { readApiError } from '../api-errors';
import { useTRPC } from '../trpc';
import { useZodLanguage } from '../zod-language';

type NewCustomerValues = {
  name: string;
  phone: string;
  email: string;
  idType: CreateCustomerInput['idType'];
  idNumber: string;
};
type FieldName = keyof NewCustomerValues;
const fieldNames: readonly FieldName[] = ['name', 'phone', 'email', 'idType', 'idNumber'];

/** The customer who already holds a typed ID number (a CONFLICT from customers.create). */
export type ExistingCustomer = { id: string; name: string };

/**
 * Takes a new customer down (name, phone, document) and creates them. No <form> element: it also
 * sits inside a case's event form (the customer picker), and forms do not nest; Enter submits it.
 */
export function NewCustomerForm({
  initialName = '',
  onCreated,
  onCancel,
  renderExisting,
}: {
  initialName?: string;
  onCreated: (customer: CustomerDTO) => void;
  onCancel: () => void;
  /** What to offer when the ID number is already on file: open or pick that customer. */
  renderExisting: (existing: ExistingCustomer) => ReactNode;
}) {
  const { t } = useTranslation();
  useZodLanguage();
  const trpc = useTRPC();
  const schemaResolver = zodResolver(createCustomerInputSchema) as unknown as Resolver<NewCustomerValues>;
  // GB 11643 problems in the agent's language, next to the field (the server checks the same).
  const resolver: Resolver<NewCustomerValues> = async (values, context, options) => {
    const result = await schemaResolver(values, context, options);
    const idNumber = values.idNumber.replace(/\s+/g, '').toUpperCase();
    const check = values.idType === 'resident_id' && idNumber !== '' ? checkResidentId(idNumber) : null;
    if (!check || check.ok) return result;
    return {
      values: {},
      errors: {
        ...result.errors,
        idNumber: { type: 'residentId', message: t(`identity.residentId.${check.problem}`) },
      },
    };
  };
  const form = useForm<NewCustomerValues>({
    resolver,
    defaultValues: { name: initialName, phone: '', email: '', idType: 'resident_id', idNumber: '' },
  });
  const create = useMutation(
    trpc.customers.create.mutationOptions({
      onSuccess: (customer) => onCreated(customer),
      onError: (error) => {
        for (const issue of readApiError(error).issues) {
          const field = issue.path[issue.path.length - 1] as FieldName | undefined;
          if (field && fieldNames.includes(field)) form.setError(field, { message: issue.message });
        }
      },
    }),
  );
  const submit = form.handleSubmit((values) => create.mutate(values));
  const errors = form.formState.errors;
  const existing = create.error ? readApiError(create.error).domain?.details : undefined;
  const duplicate =
    existing && typeof existing.customerId === 'string' && typeof existing.name === 'string'
      ? { id: existing.customerId, name: existing.name }
      : null;

  const field = (
    name: Exclude<FieldName, 'idType'>,
    label: string,
    extra: { type?: string; autoFocus?: boolean } = {},
  ) => (
    <label className="field">
      <span>{label}</span>
      <input
        data-testid={`new-customer-${name}`}
        type={extra.type ?? 'text'}
        autoFocus={extra.autoFocus}
        aria-invalid={errors[name] ? true : undefined}
        {...form.register(name)}
      />
      {errors[name] && <span className="field-error">{errors[name]?.message}</span>}
    </label>
  );

  return (
    <div
      className="stack"
      role="group"
      aria-label={t('newCustomer.title')}
      data-testid="new-customer-form"
      onKeyDown={(event) => {
        if (event.key === 'Enter' && event.target instanceof HTMLInputElement) {
          event.preventDefault();
          event.stopPropagation();
          void submit();
        }
      }}
    >
      {field('name', t('customers.name'), { autoFocus: true })}
      {field('phone', t('customers.phone'), { type: 'tel' })}
      <label className="field">
        <span>{t('newCustomer.idType')}</span>
        <select data-testid="new-customer-idType" {...form.register('idType')}>
          {idTypes.map((option) => (
            <option key={option} value={option}>
              {t(`idType.${option}`)}
            </option>
          ))}
        </select>
      </label>
      {field('idNumber', t('customers.idNumber'))}
      {field('email', t('newCustomer.emailOptional'), { type: 'email' })}
      {/* A duplicate is not the generic CONFLICT ("a colleague changed this case"): say whose ID it is. */}
      {duplicate ? (
        <div className="form-error" role="alert" data-testid="new-customer-error" data-error-code="CONFLICT">
          <p>{t('newCustomer.existing', { name: duplicate.name })}</p>
          <p data-testid="new-customer-existing">{renderExisting(duplicate)}</p>
        </div>
      ) : (
        create.error && <ApiErrorMessage error={create.error} testId="new-customer-error" />
      )}
      <div className="dialog-actions">
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button
          type="button"
          className="primary"
          disabled={create.isPending}
          data-testid="new-customer-submit"
          onClick={() => void submit()}
        >
          {create.isPending ? t('common.saving') : t('newCustomer.create')}
        </button>
      </div>
    </div>
  );
}
