import type { CasePush, ConversationPush } from '../../../shared/realtime';
import type { BoardPush, WorkNotice } from '../../../shared/wallboard';
import type { LiveSocket, SubscribeResult } from '../lib/socket';

/** A LiveSocket driven by the test: connect, drop, push, and see what was subscribed. */
export class FakeLiveSocket implements LiveSocket {
  connected = false;
  readonly subscribed = new Set<string>();
  /** The seq each room reports on subscribe. */
  readonly roomSeqs = new Map<string, number>();
  refuse = new Set<string>();
  private pushListeners = new Set<(message: CasePush) => void>();
  private conversationListeners = new Set<(message: ConversationPush) => void>();
  private connectListeners = new Set<(info?: { recovered: boolean }) => void>();
  private disconnectListeners = new Set<() => void>();
  private unauthorizedListeners = new Set<() => void>();
  private boardListeners = new Set<(message: BoardPush) => void>();
  private noticeListeners = new Set<(notice: WorkNotice) => void>();

  onBoard(listener: (message: BoardPush) => void) {
    this.boardListeners.add(listener);
    return () => void this.boardListeners.delete(listener);
  }
  onNotice(listener: (notice: WorkNotice) => void) {
    this.noticeListeners.add(listener);
    return () => void this.noticeListeners.delete(listener);
  }
  pushBoard(message: BoardPush) {
    for (const listener of this.boardListeners) listener(message);
  }
  pushNotice(notice: WorkNotice) {
    for (const listener of this.noticeListeners) listener(notice);
  }

  onPush(listener: (message: CasePush) => void) {
    this.pushListeners.add(listener);
    return () => void this.pushListeners.delete(listener);
  }
  onConversation(listener: (message: ConversationPush) => void) {
    this.conversationListeners.add(listener);
    return () => void this.conversationListeners.delete(listener);
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
  pushConversation(message: ConversationPush) {
    for (const listener of this.conversationListeners) listener(message);
  }
}
