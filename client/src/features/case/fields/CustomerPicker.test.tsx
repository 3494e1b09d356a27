import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { CustomerDTO } from '../../../../../shared/customers';
import { agent } from '../../../test/fixtures';
import { server, trpcMsw } from '../../../test/msw';
import { renderScreen } from '../../../test/render';
import { CustomerPicker } from './CustomerPicker';

const created: CustomerDTO = {
  id: 'b00000000000000000000009',
  name: '陈静',
  phone: '136****1234',
  email: null,
  idType: 'passport',
  idNumber: 'G9*****32',
  vipTier: 'none',
  createdAt: '2026-05-10T00:00:00.000Z',
  masked: true,
};

/** The picker as a case's event form holds it: inside a <form> of its own. */
function InCaseForm({ onSubmit, onPick }: { onSubmit: () => void; onPick: (id: string) => void }) {
  const [value, setValue] = useState<string | undefined>(undefined);
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit();
      }}
    >
      <CustomerPicker
        value={value}
        onChange={(id) => {
          setValue(id);
          onPick(id);
        }}
      />
    </form>
  );
}

describe('customer picker in a booking case', () => {
  it('creates a new customer and picks them, without submitting the case form', async () => {
    const inputs: unknown[] = [];
    server.use(
      trpcMsw.customers.search.query(() => []),
      trpcMsw.customers.create.mutation(({ input }) => {
        inputs.push(input);
        return created;
      }),
    );
    const onSubmit = vi.fn();
    const onPick = vi.fn();
    renderScreen(<InCaseForm onSubmit={onSubmit} onPick={onPick} />, {
      path: '/',
      url: '/',
      user: agent,
      language: 'en',
    });
    await userEvent.click(screen.getByTestId('picker-new-customer'));
    await userEvent.type(screen.getByTestId('new-customer-name'), '陈静');
    await userEvent.type(screen.getByTestId('new-customer-phone'), '13600001234');
    await userEvent.selectOptions(screen.getByTestId('new-customer-idType'), 'passport');
    await userEvent.type(screen.getByTestId('new-customer-idNumber'), 'g98765432{Enter}');
    await waitFor(() => expect(onPick).toHaveBeenCalledWith(created.id));
    expect(inputs).toEqual([
      { name: '陈静', phone: '13600001234', email: null, idType: 'passport', idNumber: 'G98765432' },
    ]);
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.queryByTestId('new-customer-form')).not.toBeInTheDocument();
    expect(screen.getByRole('radio', { name: /陈静/ })).toBeChecked();
  });
});
