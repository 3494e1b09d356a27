import { useState } from 'react';
import { formatFen, parseYuanToFen } from '../../../lib/format';

/** Amounts are typed in yuan ("12.5") and kept as integer fen; the fen value is echoed as ¥. */
export function MoneyInput({
  id,
  value,
  onChange,
  invalid,
}: {
  id: string;
  value: number | undefined;
  onChange: (fen: number | undefined) => void;
  invalid: boolean;
}) {
  const [text, setText] = useState(value === undefined ? '' : (value / 100).toFixed(2));
  return (
    <span className="money-input">
      <span aria-hidden="true">¥</span>
      <input
        id={id}
        inputMode="decimal"
        value={text}
        aria-invalid={invalid || undefined}
        data-testid="field-money"
        onChange={(event) => {
          setText(event.target.value);
          const fen = parseYuanToFen(event.target.value);
          // Not an amount: NaN fails the schema with a message, rather than silently sending nothing.
          onChange(event.target.value.trim() === '' ? undefined : (fen ?? Number.NaN));
        }}
      />
      {value !== undefined && Number.isFinite(value) && <span className="muted">= {formatFen(value)}</span>}
    </span>
  );
}
