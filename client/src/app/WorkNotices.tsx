import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WorkNotice } from '../../../shared/wallboard';
import { useLiveHub } from './live';

const SOUND_KEY = 'ticket-desk.work-sound';
const TOAST_MS = 12_000;

function soundOn(): boolean {
  try {
    return localStorage.getItem(SOUND_KEY) !== 'off';
  } catch {
    return true;
  }
}

/** A short two-tone chime (Web Audio, no file to load); silent where audio is not allowed yet. */
function chime() {
  try {
    const audio = new AudioContext();
    const gain = audio.createGain();
    gain.gain.value = 0.08;
    gain.connect(audio.destination);
    [880, 1320].forEach((frequency, i) => {
      const tone = audio.createOscillator();
      tone.frequency.value = frequency;
      tone.connect(gain);
      tone.start(audio.currentTime + i * 0.12);
      tone.stop(audio.currentTime + i * 0.12 + 0.1);
    });
    setTimeout(() => void audio.close(), 600);
  } catch {
    // No audio (tests, a browser that blocks it before any click): the toast still tells.
  }
}

type Toast = WorkNotice & { id: number };

/**
 * Tells the signed-in agent when a supervisor gives them work or moves theirs away: a toast, and
 * for new work a short sound they can turn off (remembered in this browser).
 */
export function WorkNotices() {
  const { t } = useTranslation();
  const hub = useLiveHub();
  const [toasts, setToasts] = useState<Toast[]>([]);
  const [sound, setSound] = useState(soundOn);
  useEffect(() => {
    if (!hub) return;
    let seq = 0;
    return hub.onNotice((notice) => {
      const id = ++seq;
      setToasts((old) => [...old, { ...notice, id }]);
      if (notice.type === 'cases.received' && soundOn()) chime();
      setTimeout(() => setToasts((old) => old.filter((toast) => toast.id !== id)), TOAST_MS);
    });
  }, [hub]);
  if (toasts.length === 0) return null;
  const toggleSound = () => {
    const next = !sound;
    setSound(next);
    try {
      localStorage.setItem(SOUND_KEY, next ? 'on' : 'off');
    } catch {
      // Private mode: the choice lasts for this page only.
    }
  };
  return (
    <div className="toasts" role="status" aria-live="polite" data-testid="work-toasts">
      {toasts.map((toast) => (
        <div
          key={toast.id}
          className={`toast toast-${toast.type === 'cases.received' ? 'in' : 'out'}`}
          data-testid="work-toast"
        >
          <p>
            {t(toast.type === 'cases.received' ? 'wallboard.notice.received' : 'wallboard.notice.removed', {
              by: toast.by,
              count: toast.refs.length,
              refs: toast.refs.slice(0, 10).join(', ') + (toast.refs.length > 10 ? '…' : ''),
            })}
          </p>
          <button
            type="button"
            className="link-button"
            onClick={() => setToasts((old) => old.filter((x) => x.id !== toast.id))}
          >
            {t('wallboard.notice.dismiss')}
          </button>
          <button
            type="button"
            className="link-button"
            onClick={toggleSound}
            aria-pressed={sound}
            data-testid="work-sound"
          >
            {sound ? t('wallboard.notice.soundOn') : t('wallboard.notice.soundOff')}
          </button>
        </div>
      ))}
    </div>
  );
}
