import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorMessage } from '../../app/ApiErrorMessage';
import { useSessionUser } from '../../app/session';
import { useTRPC, type RouterOutputs } from '../../lib/trpc';
import { queueNames } from '../../../../shared/case-vocabulary';

type Row = RouterOutputs['skills']['list'][number];
type Skills = Row['skills'];

const channelList = ['call', 'chat', 'callback'] as const;
const languageList = ['zh', 'en'] as const;

function toggle<T>(list: readonly T[], item: T, on: boolean): T[] {
  return on ? [...new Set([...list, item])] : list.filter((x) => x !== item);
}

/** Admins edit who serves what, in which languages, and how much at once; supervisors read. */
export function SkillsPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const user = useSessionUser();
  const list = useQuery(trpc.skills.list.queryOptions());
  return (
    <section className="skills-page" data-testid="skills-page">
      <h1>{t('skills.title')}</h1>
      <p className="muted">{t('skills.intro')}</p>
      {list.error && <ApiErrorMessage error={list.error} />}
      <table className="data-table framed">
        <thead>
          <tr>
            <th>{t('skills.user')}</th>
            <th>{t('skills.queues')}</th>
            <th>{t('skills.channels')}</th>
            <th>{t('skills.languages')}</th>
            <th>{t('skills.vip')}</th>
            <th>{t('skills.capacity')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(list.data ?? []).map((row) => (
            <SkillsRow key={row.userId} row={row} editable={user.role === 'admin'} />
          ))}
        </tbody>
      </table>
    </section>
  );
}

function SkillsRow({ row, editable }: { row: Row; editable: boolean }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [skills, setSkills] = useState<Skills>(row.skills);
  const save = useMutation(
    trpc.skills.set.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.skills.list.queryKey() }),
    }),
  );
  const priorityOf = (queue: string) => skills.queues.find((q) => q.queue === queue)?.priority ?? 0;
  const setQueue = (queue: Skills['queues'][number]['queue'], priority: number) =>
    setSkills((s) => ({
      ...s,
      queues:
        priority === 0
          ? s.queues.filter((q) => q.queue !== queue)
          : [...s.queues.filter((q) => q.queue !== queue), { queue, priority }].sort((a, b) => a.priority - b.priority),
    }));
  const capacity = (field: keyof Skills['capacity'], value: string) =>
    setSkills((s) => ({ ...s, capacity: { ...s.capacity, [field]: Math.max(0, Number(value) || 0) } }));
  const dirty = JSON.stringify(skills) !== JSON.stringify(row.skills);
  return (
    <tr data-testid={`skills-row-${row.userId}`}>
      <th scope="row">
        {row.name} <span className="muted">· {t(`roles.${row.role}`)}</span>
      </th>
      <td className="skills-queues">
        {queueNames.map((queue) => (
          <label key={queue} className="skills-queue">
            {t(`queueName.${queue}`)}
            <select
              value={priorityOf(queue)}
              disabled={!editable}
              onChange={(e) => setQueue(queue, Number(e.target.value))}
              aria-label={`${row.name} ${queue}`}
            >
              <option value={0}>–</option>
              {[1, 2, 3].map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </label>
        ))}
      </td>
      <td>
        {channelList.map((channel) => (
          <label key={channel} className="check">
            <input
              type="checkbox"
              checked={skills.channels.includes(channel)}
              disabled={!editable}
              onChange={(e) => setSkills((s) => ({ ...s, channels: toggle(s.channels, channel, e.target.checked) }))}
            />
            {t(`skills.channel.${channel}`)}
          </label>
        ))}
      </td>
      <td>
        {languageList.map((language) => (
          <label key={language} className="check">
            <input
              type="checkbox"
              checked={skills.languages.includes(language)}
              disabled={!editable}
              onChange={(e) => setSkills((s) => ({ ...s, languages: toggle(s.languages, language, e.target.checked) }))}
            />
            {t(`skills.language.${language}`)}
          </label>
        ))}
      </td>
      <td>
        <input
          type="checkbox"
          aria-label={`${row.name} ${t('skills.vip')}`}
          checked={skills.vip}
          disabled={!editable}
          onChange={(e) => setSkills((s) => ({ ...s, vip: e.target.checked }))}
        />
      </td>
      <td className="skills-capacity">
        {(['calls', 'chats', 'cases'] as const).map((field) => (
          <label key={field}>
            {t(`skills.${field}`)}
            <input
              type="number"
              min={0}
              max={field === 'calls' ? 1 : field === 'chats' ? 10 : 200}
              value={skills.capacity[field]}
              disabled={!editable}
              onChange={(e) => capacity(field, e.target.value)}
            />
          </label>
        ))}
      </td>
      <td>
        {editable && (
          <button
            type="button"
            disabled={!dirty || save.isPending}
            onClick={() => save.mutate({ userId: row.userId, skills })}
            data-testid={`skills-save-${row.userId}`}
          >
            {save.isSuccess && !dirty ? t('skills.saved') : t('skills.save')}
          </button>
        )}
        {save.error && <ApiErrorMessage error={save.error} />}
      </td>
    </tr>
  );
}
