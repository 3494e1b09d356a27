import { useRef } from 'react';

export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

/**
 * One idempotency key per submit attempt. Sending the same request again after a failure whose
 * outcome is unknown (network, timeout, 5xx) reuses the key, so the server applies it at most
 * once; a changed request, or one after a clear answer, gets a new key.
 */
export function useSubmitKey() {
  const current = useRef<{ fingerprint: string; key: string } | null>(null);
  return {
    keyFor(fingerprint: string): string {
      if (current.current && current.current.fingerprint === fingerprint) return current.current.key;
      const key = newIdempotencyKey();
      current.current = { fingerprint, key };
      return key;
    },
    /** The server answered (done or refused): the next submit is a new request. */
    settle(): void {
      current.current = null;
    },
  };
}
