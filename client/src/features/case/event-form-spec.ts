import { z } from 'zod';

/** How a field of an event's payload is entered. */
export type FieldWidget =
  | 'text'
  | 'textarea'
  | 'number'
  | 'money'
  | 'boolean'
  | 'enum'
  | 'user'
  | 'customer'
  | 'booking'
  | 'departure'
  | 'passengerIds'
  | 'passengers'
  | 'hidden';

export type FieldSpec = {
  name: string;
  widget: FieldWidget;
  optional: boolean;
  nullable: boolean;
  /** Enum values, for 'enum'. */
  options: readonly string[];
  /** Catalogue prefix for enum labels ("priority." → "priority.urgent"). */
  optionLabels: string | null;
};

type AnySchema = z.core.$ZodType;

type Unwrapped = { inner: AnySchema; optional: boolean; nullable: boolean };

function unwrap(schema: AnySchema): Unwrapped {
  let inner = schema;
  let optional = false;
  let nullable = false;
  for (;;) {
    if (
      inner instanceof z.core.$ZodOptional ||
      inner instanceof z.core.$ZodDefault ||
      inner instanceof z.core.$ZodPrefault
    ) {
      optional = true;
      inner = inner._zod.def.innerType;
    } else if (inner instanceof z.core.$ZodNullable) {
      nullable = true;
      inner = inner._zod.def.innerType;
    } else {
      return { inner, optional, nullable };
    }
  }
}

function enumValues(schema: AnySchema): string[] {
  return schema instanceof z.core.$ZodEnum ? Object.values(schema._zod.def.entries).map(String) : [];
}

const optionLabelsByField: Record<string, string> = {
  queue: 'queueName.',
  priority: 'priority.',
  kind: 'resolutionKind.',
  idType: 'idType.',
  passengerType: 'passengerType.',
};

/** Free text longer than a line gets a text area. */
const LONG_TEXT = 200;

/**
 * The fields of an event schema (shared/case-events.ts) and how each is entered: by name for
 * the ones that need a picker (people, departures, passengers, money), else by type.
 */
export function describeEventFields(schema: z.ZodObject): FieldSpec[] {
  return Object.entries(schema.shape)
    .filter(([name]) => name !== 'type')
    .map(([name, field]): FieldSpec => {
      const { inner, optional, nullable } = unwrap(field);
      const type = inner._zod.def.type;
      const base = { name, optional, nullable, options: [], optionLabels: null };
      if (name === 'assigneeId') return { ...base, widget: 'user' };
      if (name === 'customerId') return { ...base, widget: 'customer' };
      if (name === 'bookingId') return { ...base, widget: 'booking' };
      if (name === 'departureId') return { ...base, widget: 'departure' };
      // Chosen together with the departure.
      if (name === 'classCode' && 'departureId' in schema.shape) return { ...base, widget: 'hidden' };
      if (name === 'passengerIds') return { ...base, widget: 'passengerIds' };
      if (name === 'passengers') return { ...base, widget: 'passengers' };
      if (name.endsWith('Fen') && type === 'number') return { ...base, widget: 'money' };
      if (type === 'enum')
        return { ...base, widget: 'enum', options: enumValues(inner), optionLabels: optionLabelsByField[name] ?? null };
      if (type === 'boolean') return { ...base, widget: 'boolean' };
      if (type === 'number') return { ...base, widget: 'number' };
      if (type === 'string') {
        const max = inner instanceof z.ZodString ? inner.maxLength : null;
        return { ...base, widget: max !== null && max > LONG_TEXT ? 'textarea' : 'text' };
      }
      return { ...base, widget: 'text' };
    });
}

/** Starting values: nothing chosen, empty lists, unticked boxes. */
export function defaultEventValues(
  type: string,
  fields: readonly FieldSpec[],
  preset: Record<string, unknown> = {},
): Record<string, unknown> {
  const values: Record<string, unknown> = { type };
  for (const field of fields) {
    if (field.widget === 'passengerIds') values[field.name] = [];
    else if (field.widget === 'passengers') values[field.name] = [];
    else if (field.widget === 'boolean') values[field.name] = false;
    else if (field.widget === 'money' || field.widget === 'number') values[field.name] = undefined;
    else if (field.widget === 'enum') values[field.name] = field.optional ? undefined : field.options[0];
    else values[field.name] = field.optional || field.nullable ? undefined : '';
  }
  return { ...values, ...preset };
}

/** A server issue path (["event", "passengers", 0, "idNumber"]) as a form field name. */
export function issueFieldName(path: readonly string[]): string | null {
  const rest = path[0] === 'event' ? path.slice(1) : path;
  return rest.length > 0 ? rest.join('.') : null;
}
