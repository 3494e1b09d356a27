import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { caseWorkerRoles, type Role } from '../../../../../shared/roles';
import { useTRPC } from '../../../lib/trpc';
import { useSessionUser } from '../../../app/session';

/** Colleagues who work cases, grouped by role, the signed-in user first. */
export function UserSelect({
  id,
  value,
  onChange,
  allowNone,
  invalid,
}: {
  id: string;
  value: string | null | undefined;
  onChange: (value: string | undefined) => void;
  allowNone: boolean;
  invalid: boolean;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const me = useSessionUser();
  const users = useQuery({ ...trpc.users.list.queryOptions({}), staleTime: 5 * 60_000 });
  const byRole = new Map<Role, { id: string; name: string }[]>();
  for (const user of users.data ?? []) {
    if (!caseWorkerRoles.includes(user.role)) continue;
    byRole.set(user.role, [...(byRole.get(user.role) ?? []), user]);
  }
  return (
    <select
      id={id}
      value={value ?? ''}
      aria-invalid={invalid || undefined}
      data-testid="field-user"
      onChange={(event) => onChange(event.target.value === '' ? undefined : event.target.value)}
    >
      <option value="">{allowNone ? t('fields.noAssignee') : users.isPending ? t('common.loading') : t('fields.choose')}</option>
      <option value={me.id}>{t('fields.me', { name: me.name })}</option>
      {[...byRole.entries()].map(([role, list]) => (
        <optgroup key={role} label={t(`roles.${role}`)}>
          {list
            .filter((user) => user.id !== me.id)
            .map((user) => (
              <option key={user.id} value={user.id}>
                {user.name}
              </option>
            ))}
        </optgroup>
      ))}
    </select>
  );
}
