import {
  get,
  useFieldArray,
  type Control,
  type FieldErrors,
  type FieldValues,
  type UseFormRegister,
} from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { passengerTypes } from '../../../../../shared/bookings';
import { idTypes } from '../../../../../shared/identity';

export const emptyPassenger = {
  name: '',
  idType: 'resident_id',
  idNumber: '',
  passengerType: 'adult',
  birthDate: undefined,
};

function errorAt(errors: FieldErrors, index: number, field: string): string | undefined {
  const message: unknown = get(errors, `passengers.${index}.${field}.message`);
  return typeof message === 'string' ? message : undefined;
}

/** One row per passenger: name, ID, type and (for children without a resident ID) birth date. */
export function PassengersEditor({
  control,
  register,
  errors,
}: {
  control: Control<FieldValues>;
  register: UseFormRegister<FieldValues>;
  errors: FieldErrors;
}) {
  const { t } = useTranslation();
  const { fields, append, remove } = useFieldArray({ control, name: 'passengers' });
  return (
    <div className="passengers-editor" data-testid="field-passenger-list">
      {fields.length === 0 && <p className="muted">{t('fields.noPassengers')}</p>}
      {fields.map((field, index) => (
        <div key={field.id} className="passenger-row">
          <label>
            <span>{t('fields.name')}</span>
            <input
              {...register(`passengers.${index}.name`)}
              aria-invalid={errorAt(errors, index, 'name') ? true : undefined}
              data-testid="passenger-name"
            />
            {errorAt(errors, index, 'name') && <span className="field-error">{errorAt(errors, index, 'name')}</span>}
          </label>
          <label>
            <span>{t('fields.idType')}</span>
            <select {...register(`passengers.${index}.idType`)}>
              {idTypes.map((idType) => (
                <option key={idType} value={idType}>
                  {t(`idType.${idType}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>{t('fields.idNumber')}</span>
            <input
              {...register(`passengers.${index}.idNumber`)}
              autoComplete="off"
              aria-invalid={errorAt(errors, index, 'idNumber') ? true : undefined}
              data-testid="passenger-id"
            />
            {errorAt(errors, index, 'idNumber') && (
              <span className="field-error">{errorAt(errors, index, 'idNumber')}</span>
            )}
          </label>
          <label>
            <span>{t('fields.passengerType')}</span>
            <select {...register(`passengers.${index}.passengerType`)}>
              {passengerTypes.map((type) => (
                <option key={type} value={type}>
                  {t(`passengerType.${type}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>{t('fields.birthDate')}</span>
            <input
              type="date"
              {...register(`passengers.${index}.birthDate`, { setValueAs: (v: string) => (v === '' ? undefined : v) })}
            />
          </label>
          <button type="button" className="link-button" onClick={() => remove(index)}>
            {t('common.remove')}
          </button>
        </div>
      ))}
      {fields.length < 9 && (
        <button type="button" onClick={() => append({ ...emptyPassenger })} data-testid="passenger-add">
          {t('fields.addPassenger')}
        </button>
      )}
    </div>
  );
}
