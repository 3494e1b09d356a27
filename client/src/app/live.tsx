import { useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import { createLiveHub, type LiveHub, type LiveStatus } from '../lib/live';
import type { LiveSocket } from '../lib/socket';
import { SESSION_QUERY_KEY } from '../lib/trpc';

/** How the app opens its push connection; tests pass a fake. */
export const LiveSocketFactoryContext = createContext<() => LiveSocket>(() => {
  throw new Error('No LiveSocket factory: wrap the app in AppProviders.');
});

const LiveHubContext = createContext<LiveHub | null>(null);

/**
 * Opens the push connection for a signed-in session (the handshake needs the session cookie, so
 * it must not start before login) and closes it on sign-out.
 */
export function LiveProvider({ children }: { children: ReactNode }) {
  const createSocket = useContext(LiveSocketFactoryContext);
  const queryClient = useQueryClient();
  const [hub, setHub] = useState<LiveHub | null>(null);
  useEffect(() => {
    const socket = createSocket();
    // A refused handshake means the session ended: asking auth.me again sends the agent to login.
    const offUnauthorized = socket.onUnauthorized?.(
      () => void queryClient.invalidateQueries({ queryKey: SESSION_QUERY_KEY }),
    );
    const created = createLiveHub(socket);
    setHub(created);
    return () => {
      offUnauthorized?.();
      created.close();
      setHub(null);
    };
  }, [createSocket, queryClient]);
  return <LiveHubContext.Provider value={hub}>{children}</LiveHubContext.Provider>;
}

/** The hub, or null for the moment before it is created. */
export function useLiveHub(): LiveHub | null {
  return useContext(LiveHubContext);
}

const noHub = () => () => {};

export function useLiveStatus(): LiveStatus {
  const hub = useLiveHub();
  return useSyncExternalStore(hub ? hub.onStatus : noHub, () => (hub ? hub.status() : 'connecting'));
}

/** Keeps the socket in these rooms while the calling component is mounted. */
export function useLiveRooms(rooms: readonly string[]): void {
  const hub = useLiveHub();
  const key = [...rooms].sort().join('|');
  useEffect(() => {
    if (!hub || key === '') return;
    return hub.retain(key.split('|'));
  }, [hub, key]);
}
