import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../lib/case-detail';
import { ApiErrorMessage } from '../../app/ApiErrorMessage';
import { formatDateTime } from '../../lib/format';
import { MacroTextarea } from '../../lib/macros/MacroTextarea';
import { caseMacroValues } from '../../lib/macros/macro-values';
import { ConflictNotice } from './ConflictNotice';
import { useCaseSender } from './use-case-sender';

const draftKey = (caseId: string) => `td.noteDraft.${caseId}`;

function readDraft(caseId: string): string {
  try {
    return sessionStorage.getItem(draftKey(caseId)) ?? '';
  } catch {
    return '';
  }
}

function writeDraft(caseId: string, text: string) {
  try {
    if (text) sessionStorage.setItem(draftKey(caseId), text);
    else sessionStorage.removeItem(draftKey(caseId));
  } catch {
    // Storage refused: the draft still lives in the field.
  }
}

/** Internal notes; what the agent types is kept per case in sessionStorage until it is saved. */
export function NotesPanel({
  viewed,
  canAdd,
  onAdopt,
}: {
  viewed: CaseDetail;
  canAdd: boolean;
  onAdopt: (fresh: CaseDetail) => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState(() => readDraft(viewed.id));
  useEffect(() => setText(readDraft(viewed.id)), [viewed.id]);
  const sender = useCaseSender({
    viewed,
    onAdopt,
    onSent: (detail, base) => {
      setText('');
      writeDraft(viewed.id, '');
      // Our own note on top of what we saw: take it, or an open action form (which holds the
      // viewed case fixed) would hide the note and call our own write an update by someone else.
      if (detail.version === base.version + 1) onAdopt(detail);
    },
  });
  const notes = [...viewed.notes].sort((a, b) => b.at.localeCompare(a.at));
  const apiError = sender.error && !sender.conflict ? sender.error : null;

  return (
    <section className="notes" aria-labelledby="notes-title" data-testid="notes">
      <h2 id="notes-title">{t('notes.title')}</h2>
      {canAdd && (
        <form
          className="stack"
          onSubmit={(event) => {
            event.preventDefault();
            if (text.trim()) void sender.submit({ type: 'ADD_NOTE', text: text.trim() });
          }}
        >
          <MacroTextarea
            rows={3}
            value={text}
            maxLength={2000}
            placeholder={t('notes.placeholder')}
            aria-label={t('notes.placeholder')}
            testId="note-text"
            values={caseMacroValues(viewed)}
            onChange={(next) => {
              setText(next);
              writeDraft(viewed.id, next);
            }}
          />
          {sender.conflict && (
            <ConflictNotice
              conflict={sender.conflict}
              eventType="ADD_NOTE"
              pending={sender.pending}
              onRetry={() => void sender.retryOnLatest()}
              onReview={sender.adoptLatest}
            />
          )}
          {apiError && <ApiErrorMessage error={apiError} />}
          <div className="form-actions">
            <button
              type="submit"
              className="primary"
              disabled={sender.pending || !text.trim()}
              data-testid="note-submit"
            >
              {sender.pending ? t('common.saving') : t('notes.add')}
            </button>
          </div>
        </form>
      )}
      {notes.length === 0 ? (
        <p className="empty">{t('notes.none')}</p>
      ) : (
        <ul className="note-list">
          {notes.map((note) => (
            <li key={note.id} data-testid="note">
              <div className="timeline-meta">
                {note.author.name} · {formatDateTime(note.at)}
              </div>
              <p className="note-text">{note.text}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
