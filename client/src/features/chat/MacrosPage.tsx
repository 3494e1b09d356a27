import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { macroCategories, type MacroCategory, type MacroDTO, type MacroInput } from '../../../../shared/macros';
import { ApiErrorMessage } from '../../app/ApiErrorMessage';
import { useTRPC } from '../../lib/trpc';
import './inbox.css';

const blank: MacroInput = {
  shortcut: '',
  category: 'other',
  title: { 'zh-CN': '', en: '' },
  text: { 'zh-CN': '', en: '' },
};

/** Supervisors and admins manage the standard phrases: add, edit (both languages) and remove. */
export function MacrosPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const macros = useQuery(trpc.macros.list.queryOptions());
  const [editing, setEditing] = useState<{ id: string | null; draft: MacroInput } | null>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.macros.list.queryKey() });
  const create = useMutation(trpc.macros.create.mutationOptions({ onSuccess: () => (refresh(), setEditing(null)) }));
  const update = useMutation(trpc.macros.update.mutationOptions({ onSuccess: () => (refresh(), setEditing(null)) }));
  const remove = useMutation(trpc.macros.remove.mutationOptions({ onSuccess: refresh }));
  const error = create.error ?? update.error ?? remove.error;

  const edit = (macro: MacroDTO) =>
    setEditing({
      id: macro.id,
      draft: { shortcut: macro.shortcut, category: macro.category, title: macro.title, text: macro.text },
    });
  const set = (patch: (d: MacroInput) => MacroInput) => setEditing((e) => (e ? { ...e, draft: patch(e.draft) } : e));

  return (
    <section className="page macros-admin" data-testid="macros-admin">
      <h1>{t('chat.macros.manage')}</h1>
      {error && <ApiErrorMessage error={error} />}
      <button
        type="button"
        className="primary"
        data-testid="macro-new"
        onClick={() => setEditing({ id: null, draft: blank })}
      >
        {t('chat.macros.add')}
      </button>
      {editing && (
        <form
          className="stack macro-form"
          data-testid="macro-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (editing.id) update.mutate({ id: editing.id, macro: editing.draft });
            else create.mutate(editing.draft);
          }}
        >
          <label>
            {t('chat.macros.shortcut')}
            <input
              value={editing.draft.shortcut}
              data-testid="macro-shortcut"
              onChange={(e) => set((d) => ({ ...d, shortcut: e.target.value }))}
            />
          </label>
          <label>
            {t('chat.macros.category')}
            <select
              value={editing.draft.category}
              onChange={(e) => set((d) => ({ ...d, category: e.target.value as MacroCategory }))}
            >
              {macroCategories.map((c) => (
                <option key={c} value={c}>
                  {t(`chat.macros.categories.${c}`)}
                </option>
              ))}
            </select>
          </label>
          {(['zh-CN', 'en'] as const).map((lang) => (
            <fieldset key={lang}>
              <legend>{lang}</legend>
              <label>
                {t('chat.macros.title')}
                <input
                  value={editing.draft.title[lang]}
                  data-testid={`macro-title-${lang}`}
                  onChange={(e) => set((d) => ({ ...d, title: { ...d.title, [lang]: e.target.value } }))}
                />
              </label>
              <label>
                {t('chat.macros.text')}
                <textarea
                  rows={3}
                  value={editing.draft.text[lang]}
                  data-testid={`macro-text-${lang}`}
                  onChange={(e) => set((d) => ({ ...d, text: { ...d.text, [lang]: e.target.value } }))}
                />
              </label>
            </fieldset>
          ))}
          <p className="hint">{t('chat.macros.variables')}</p>
          <div className="form-actions">
            <button type="button" onClick={() => setEditing(null)}>
              {t('common.cancel')}
            </button>
            <button
              type="submit"
              className="primary"
              data-testid="macro-save"
              disabled={create.isPending || update.isPending}
            >
              {t('chat.macros.save')}
            </button>
          </div>
        </form>
      )}
      <table className="macro-table">
        <thead>
          <tr>
            <th>{t('chat.macros.shortcut')}</th>
            <th>{t('chat.macros.category')}</th>
            <th>{t('chat.macros.title')}</th>
            <th>{t('chat.macros.text')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {macros.data?.map((macro) => (
            <tr key={macro.id} data-testid="macro-row" data-shortcut={macro.shortcut}>
              <td>/{macro.shortcut}</td>
              <td>{t(`chat.macros.categories.${macro.category}`)}</td>
              <td>
                {macro.title['zh-CN']}
                <br />
                {macro.title.en}
              </td>
              <td>
                {macro.text['zh-CN']}
                <br />
                {macro.text.en}
              </td>
              <td>
                <button type="button" onClick={() => edit(macro)}>
                  {t('chat.macros.edit')}
                </button>{' '}
                <button type="button" className="danger" onClick={() => remove.mutate({ id: macro.id })}>
                  {t('common.remove')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
