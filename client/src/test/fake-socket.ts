import type { CasePush } from '../../../shared/realtime';
import type { LiveSocket, SubscribeResult } from '../lib/socket';

/** A LiveSocket driven by the test: connect, drop, push, and see what was subscribed. */
export class FakeLiveSocket implements LiveSocket {
  connected = false;
  readonly subscribed = new Set<string>();
  /** The seq each room reports on subscribe. */
  readonly roomSeqs = new Map<string, number>();
  refuse = new Set<string>();
  private pushListeners = new Set<(message: CasePush) => void>();
  private connectListeners = new Set<(info?: { recovered: boolean }) => void>();
  private disconnectListeners = new Set<() => void>();
  private unauthorizedListeners = new Set<() => void>();

  onPush(listener: (message: CasePush) => void) {
    this.pushListeners.add(listener);
    return () => void this.pushListeners.delete(listener);
  }
  onConnect(listener: (info?: { recovered: boolean }) => void) {
    this.connectListeners.add(listener);
    return () => void this.connectListeners.delete(listener);
  }
  onDisconnect(listener: () => void) {
    this.disconnectListeners.add(listener);
    return () => void this.disconnectListeners.delete(listener);
  }
  onUnauthorized(listener: () => void) {
    this.unauthorizedListeners.add(listener);
    return () => void this.unauthorizedListeners.delete(listener);
  }
  subscribe(rooms: string[]): Promise<SubscribeResult> {
    const joined = rooms.filter((room) => !this.refuse.has(room));
    for (const room of joined) this.subscribed.add(room);
    return Promise.resolve({
      joined: joined.map((room) => ({ room, seq: this.roomSeqs.get(room) ?? 0 })),
      refused: rooms.filter((room) => this.refuse.has(room)),
    });
  }
  unsubscribe(rooms: string[]) {
    for (const room of rooms) this.subscribed.delete(room);
  }
  close() {
    this.connected = false;
  }

  /** `recovered`: the server restored the connection (its rooms kept, missed pushes replayed). */
  connect(options: { recovered?: boolean } = {}) {
    this.connected = true;
    for (const listener of this.connectListeners) listener({ recovered: options.recovered ?? false });
  }
  drop() {
    this.connected = false;
    this.subscribed.clear();
    for (const listener of this.disconnectListeners) listener();
  }
  /** The server refuses the handshake: the session is gone. */
  refuseSession() {
    this.drop();
    for (const listener of this.unauthorizedListeners) listener();
  }
  push(message: CasePush) {
    this.roomSeqs.set(message.room, message.seq);
    for (const listener of this.pushListeners) listener(message);
  }
}
