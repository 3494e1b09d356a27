import { useEffect, useRef } from 'react';

/** Keys typed into a field belong to the field, not to the shortcuts. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (target as HTMLInputElement).type;
    return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(type);
  }
  return false;
}

/** Enter on a focused button or link belongs to that control. */
function isActivatable(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    target.closest('button, a[href], summary, [role="button"], [role="tab"], [role="link"]') !== null
  );
}

/**
 * Calls the handler for a single-key shortcut (no Ctrl/Alt/Meta), except while the user types
 * in a field, the key activates a focused button or link, or a dialog is open.
 */
export function useHotkeys(bindings: Record<string, (event: KeyboardEvent) => void>, enabled = true): void {
  const latest = useRef(bindings);
  latest.current = bindings;
  useEffect(() => {
    if (!enabled) return;
    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTypingTarget(event.target)) return;
      if (event.key === 'Enter' && isActivatable(event.target)) return;
      // While a dialog is open the keys are its own.
      if (document.querySelector('dialog[open]')) return;
      const handler = latest.current[event.key];
      if (!handler) return;
      event.preventDefault();
      handler(event);
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [enabled]);
}
