import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { readApiError } from '../../lib/api-errors';
import { useTRPC } from '../../lib/trpc';
import { LanguageSwitch } from '../../app/LanguageSwitch';

export const DEMO_USERNAMES = ['agent1', 'agent2', 'handler1', 'super1', 'qa1', 'admin1'] as const;
export const DEMO_PASSWORD = 'demo1234';

/** The demo accounts are shown only in development or a build made for demos. */
export const showDemoHint = import.meta.env.DEV || import.meta.env.VITE_DEMO === 'true';

/** Only paths inside the console: never send someone to another site after login. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/';
}

export function LoginPage({ demoHint = showDemoHint }: { demoHint?: boolean }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  // Two fields need no form library: keeping react-hook-form out of the first load keeps it small.
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [incomplete, setIncomplete] = useState(false);
  const login = useMutation(
    trpc.auth.login.mutationOptions({
      onSuccess: (user) => {
        // A new person may be at the desk: nothing from a previous session stays in the cache.
        queryClient.clear();
        queryClient.setQueryData(trpc.auth.me.queryKey(), user);
        void navigate(safeNext(params.get('next')), { replace: true });
      },
    }),
  );
  const error = login.error ? readApiError(login.error) : null;

  return (
    <main className="login-page">
      <form
        className="login-card"
        aria-labelledby="login-title"
        data-testid="login-form"
        onSubmit={(event) => {
          event.preventDefault();
          // Only "both fields filled" is checked here: the shared zod schema would bring zod into the
          // first load, and the server parses the input with it anyway (too long: login.failed).
          const input = { username: username.trim(), password };
          const complete = input.username !== '' && input.password !== '';
          setIncomplete(!complete);
          if (complete) login.mutate(input);
        }}
        noValidate
      >
        <div className="login-head">
          <h1 id="login-title">{t('app.name')}</h1>
          <LanguageSwitch />
        </div>
        <p className="muted">{t('login.subtitle')}</p>
        <label className="field">
          <span>{t('login.username')}</span>
          <input
            name="username"
            autoComplete="username"
            autoFocus
            data-testid="login-username"
            value={username}
            aria-invalid={incomplete && !username.trim() ? true : undefined}
            onChange={(event) => setUsername(event.target.value)}
          />
        </label>
        <label className="field">
          <span>{t('login.password')}</span>
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            data-testid="login-password"
            value={password}
            aria-invalid={incomplete && !password ? true : undefined}
            onChange={(event) => setPassword(event.target.value)}
          />
        </label>
        {incomplete && (
          <p className="field-error" data-testid="login-required">
            {t('login.required')}
          </p>
        )}
        {error && (
          <p className="form-error" role="alert" data-testid="login-error">
            {error.code === 'UNAUTHORIZED' || error.code === 'BAD_REQUEST'
              ? t('login.failed')
              : t(`errors.${error.code}`)}
          </p>
        )}
        <button type="submit" className="primary" disabled={login.isPending} data-testid="login-submit">
          {login.isPending ? t('login.signingIn') : t('login.signIn')}
        </button>
        {demoHint && (
          <aside className="demo-hint" data-testid="demo-hint">
            <strong>{t('login.demoTitle')}</strong>
            <p>
              {t('login.demoUsers')}: {DEMO_USERNAMES.join(', ')}
            </p>
            <p>
              {t('login.demoPassword')}: <code>{DEMO_PASSWORD}</code>
            </p>
          </aside>
        )}
      </form>
    </main>
  );
}
