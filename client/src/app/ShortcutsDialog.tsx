import { useTranslation } from 'react-i18next';
import { Dialog } from './Dialog';

const shortcutList = [
  { keys: ['J'], action: 'shortcuts.next' },
  { keys: ['K'], action: 'shortcuts.previous' },
  { keys: ['Enter'], action: 'shortcuts.open' },
  { keys: ['/'], action: 'shortcuts.search' },
  { keys: ['?'], action: 'shortcuts.help' },
  { keys: ['Esc'], action: 'shortcuts.close' },
  { keys: ['W'], action: 'presence.shortcut' },
] as const;

/** On a case page (client/src/features/case/CaseWorkspacePage.tsx). */
const caseShortcutList = [
  { keys: ['A'], action: 'shortcuts.assignToMe' },
  { keys: ['N'], action: 'shortcuts.note' },
  { keys: ['1', '…', '9'], action: 'shortcuts.action' },
] as const;

export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Dialog open={open} onClose={onClose} title={t('shortcuts.title')} testId="shortcuts-dialog">
      <table className="shortcut-table">
        <tbody>
          {[...shortcutList, ...caseShortcutList].map((shortcut) => (
            <tr
              key={shortcut.action}
              className={shortcut.action === caseShortcutList[0].action ? 'section-start' : undefined}
            >
              <td>
                {shortcut.keys.map((key) => (
                  <kbd key={key}>{key}</kbd>
                ))}
              </td>
              <td>
                {shortcut.action === caseShortcutList[0].action && (
                  <span className="muted">{t('shortcuts.caseSection')} · </span>
                )}
                {t(shortcut.action)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="dialog-actions">
        <button type="button" onClick={onClose} autoFocus>
          {t('common.close')}
        </button>
      </div>
    </Dialog>
  );
}
