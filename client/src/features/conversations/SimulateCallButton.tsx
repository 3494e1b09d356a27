/**
 * Demo only (supervisors and admins): rings a desk phone as the phone system would, so a screen
 * pop can be shown without a phone system (the server refuses outside the demo build).
 */
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorMessage } from '../../app/ApiErrorMessage';
import { useTRPC } from '../../lib/trpc';

const extensions = ['8001', '8002', '8003', '8004', '8005', '8006'];

export function SimulateCallButton() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const [from, setFrom] = useState('13800138000');
  const [extension, setExtension] = useState('8001');
  const simulate = useMutation(trpc.telephony.simulate.mutationOptions({ onSuccess: () => setOpen(false) }));
  return (
    <span className="simulate-call">
      <button type="button" className="link-button" onClick={() => setOpen(!open)} data-testid="simulate-call">
        {t('calls.simulate.button')}
      </button>
      {open && (
        <form
          className="panel simulate-call-form"
          onSubmit={(event) => {
            event.preventDefault();
            simulate.mutate({ from, extension });
          }}
        >
          <label>
            {t('calls.simulate.from')}{' '}
            <input value={from} onChange={(e) => setFrom(e.target.value)} data-testid="simulate-from" />
          </label>
          <label>
            {t('calls.simulate.extension')}{' '}
            <select value={extension} onChange={(e) => setExtension(e.target.value)}>
              {extensions.map((x) => (
                <option key={x} value={x}>
                  {x}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="primary" disabled={simulate.isPending}>
            {t('calls.simulate.ring')}
          </button>
          {simulate.error && <ApiErrorMessage error={simulate.error} />}
        </form>
      )}
    </span>
  );
}
