import { useQuery } from '@tanstack/react-query';
import { useId, useRef, useState, type TextareaHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { matchMacros, renderMacro, slashQuery, type MacroDTO, type MacroValues } from '../../../../shared/macros';
import { isLanguage, type Language } from '../i18n';
import { useTRPC } from '../trpc';
import '../chat/chat.css';

const MAX_SUGGESTIONS = 8;

type Props = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'value' | 'onChange'> & {
  value: string;
  onChange: (text: string) => void;
  /** What the variables stand for here (the chat's customer, the case's booking...). */
  values: MacroValues;
  /** The macro text's language; default the console's. A chat uses the customer's. */
  language?: Language;
  testId: string;
};

/**
 * A textarea with standard phrases: typing "/" then part of a shortcut or title suggests macros
 * (arrows and Enter or a click insert one, Escape closes), and the "phrases" button lists them all.
 * The macro's variables are filled from `values` as it is inserted.
 */
export function MacroTextarea({ value, onChange, values, language, testId, ...textarea }: Props) {
  const { t, i18n } = useTranslation();
  const trpc = useTRPC();
  const macros = useQuery({ ...trpc.macros.list.queryOptions(), staleTime: 5 * 60_000 });
  const ref = useRef<HTMLTextAreaElement>(null);
  const listId = useId();
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState<number | null>(null);
  const [browsing, setBrowsing] = useState(false);
  const [filter, setFilter] = useState('');
  const lang: Language = language ?? (isLanguage(i18n.language) ? i18n.language : 'zh-CN');

  const slash = slashQuery(value.slice(0, caret));
  const open = slash !== null && dismissed !== slash.start && (macros.data?.length ?? 0) > 0;
  const suggestions = open ? matchMacros(macros.data ?? [], slash.query).slice(0, MAX_SUGGESTIONS) : [];

  function insert(macro: MacroDTO, from: number, to: number) {
    const text = renderMacro(macro.text[lang], values);
    const next = value.slice(0, from) + text + value.slice(to);
    onChange(next);
    const at = from + text.length;
    setCaret(at);
    setBrowsing(false);
    setFilter('');
    requestAnimationFrame(() => {
      ref.current?.focus();
      ref.current?.setSelectionRange(at, at);
    });
  }

  return (
    <div className="macro-box" data-testid={`${testId}-box`}>
      <textarea
        {...textarea}
        ref={ref}
        value={value}
        data-testid={testId}
        aria-autocomplete="list"
        aria-controls={open ? listId : undefined}
        onChange={(event) => {
          onChange(event.target.value);
          setCaret(event.target.selectionStart);
          setActive(0);
          setDismissed(null);
        }}
        onSelect={(event) => setCaret(event.currentTarget.selectionStart)}
        onKeyDown={(event) => {
          if (open && suggestions.length > 0) {
            if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
              event.preventDefault();
              const step = event.key === 'ArrowDown' ? 1 : -1;
              setActive((i) => (i + step + suggestions.length) % suggestions.length);
              return;
            }
            if (event.key === 'Enter' || event.key === 'Tab') {
              event.preventDefault();
              const chosen = suggestions[Math.min(active, suggestions.length - 1)];
              if (chosen && slash) insert(chosen, slash.start, caret);
              return;
            }
            if (event.key === 'Escape') {
              event.preventDefault();
              setDismissed(slash?.start ?? null);
              return;
            }
          }
          textarea.onKeyDown?.(event);
        }}
      />
      {open && suggestions.length > 0 && (
        <ul className="macro-suggestions" role="listbox" id={listId} data-testid={`${testId}-suggestions`}>
          {suggestions.map((macro, index) => (
            <li
              key={macro.id}
              role="option"
              aria-selected={index === active}
              data-testid="macro-option"
              data-shortcut={macro.shortcut}
              onMouseDown={(event) => {
                event.preventDefault();
                if (slash) insert(macro, slash.start, caret);
              }}
            >
              <strong>/{macro.shortcut}</strong> {macro.title[lang]}
              <span className="macro-preview">{renderMacro(macro.text[lang], values)}</span>
            </li>
          ))}
        </ul>
      )}
      <div className="macro-actions">
        <button
          type="button"
          className="link-button"
          aria-expanded={browsing}
          data-testid={`${testId}-phrases`}
          onClick={() => setBrowsing((b) => !b)}
        >
          {t('chat.macros.picker')}
        </button>
        <span className="hint">{t('chat.macros.slashHint')}</span>
      </div>
      {browsing && (
        <div className="macro-picker" data-testid={`${testId}-picker`}>
          <input
            value={filter}
            placeholder={t('chat.macros.filter')}
            aria-label={t('chat.macros.filter')}
            onChange={(event) => setFilter(event.target.value)}
          />
          {macros.isPending && <p className="hint">{t('common.loading')}</p>}
          <ul>
            {matchMacros(macros.data ?? [], filter.trim()).map((macro) => (
              <li key={macro.id}>
                <button
                  type="button"
                  data-testid="macro-pick"
                  data-shortcut={macro.shortcut}
                  onClick={() => insert(macro, caret, caret)}
                >
                  <strong>/{macro.shortcut}</strong> {macro.title[lang]}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
