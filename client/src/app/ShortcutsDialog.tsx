import { useTranslation } from 'react-i18next';
import { Dialog } from './Dialog';

const shortcutList = [
  { keys: ['J'], action: 'shortcuts.next' },
  { keys: ['K'], action: 'shortcuts.previous' },
  { keys: ['Enter'], action: 'shortcuts.open' },
  { keys: ['/'], action: 'shortcuts.search' },
  { keys: ['?'], action: 'shortcuts.help' },
  { keys: ['Esc'], action: 'shortcuts.close' },
] as const;

export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Dialog open={open} onClose={onClose} title={t('shortcuts.title')} testId="shortcuts-dialog">
      <table className="shortcut-table">
        <tbody>
          {shortcutList.map((shortcut) => (
            <tr key={shortcut.action}>
              <td>
                {shortcut.keys.map((key) => (
                  <kbd key={key}>{key}</kbd>
                ))}
              </td>
              <td>{t(shortcut.action)}</td>
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
