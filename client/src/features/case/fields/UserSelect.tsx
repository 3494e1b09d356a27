import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { caseWorkerRoles, type Role } from '../../../../../shared/roles';
import { queuesByRole, type QueueName } from '../../../../../shared/case-vocabulary';
import { useTRPC } from '../../../lib/trpc';
import { useSessionUser } from '../../../app/session';

/**
 * Colleagues who work cases, grouped by role, the signed-in user first. With `queue`, only those
 * whose role works that queue (the server refuses anyone else); a role with nobody left is not shown.
 */
export function UserSelect({
  id,
  value,
  onChange,
  allowNone,
  invalid,
  queue,
}: {
  id: string;
  value: string | null | undefined;
  onChange: (value: string | undefined) => void;
  allowNone: boolean;
  invalid: boolean;
  queue?: QueueName;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const me = useSessionUser();
  const users = useQuery({ ...trpc.users.list.queryOptions({}), staleTime: 5 * 60_000 });
  const works = (role: Role) =>
    caseWorkerRoles.includes(role) && (queue === undefined || queuesByRole[role].includes(queue));
  const byRole = new Map<Role, { id: string; name: string }[]>();
  for (const user of users.data ?? []) {
    if (!works(user.role) || user.id === me.id) continue;
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
      <option value="">
        {allowNone ? t('fields.noAssignee') : users.isPending ? t('common.loading') : t('fields.choose')}
      </option>
      {works(me.role) && <option value={me.id}>{t('fields.me', { name: me.name })}</option>}
      {[...byRole.entries()].map(([role, list]) => (
        <optgroup key={role} label={t(`roles.${role}`)}>
          {list.map((user) => (
            <option key={user.id} value={user.id}>
              {user.name}
            </option>
          ))}
        </optgroup>
      ))}
    </select>
  );
}
