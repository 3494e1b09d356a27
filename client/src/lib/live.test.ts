import { describe, expect, it, vi } from 'vitest';
import type { CasePush } from '../../../shared/realtime';
import { FakeLiveSocket } from '../test/fake-socket';
import { queueItem } from '../test/fixtures';
import { createLiveHub } from './live';

const push = (room: string, seq: number): CasePush => ({ room, seq, type: 'case.upsert', item: queueItem() });
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('live hub', () => {
  it('joins retained rooms once connected, shares them, and leaves when the last holder lets go', async () => {
    const socket = new FakeLiveSocket();
    const hub = createLiveHub(socket);
    const releaseA = hub.retain(['queue:refunds', 'agent:me']);
    const releaseB = hub.retain(['queue:refunds']);
    expect(socket.subscribed.size).toBe(0);
    socket.connect();
    await flush();
    expect([...socket.subscribed].sort()).toEqual(['agent:me', 'queue:refunds']);
    releaseA();
    expect([...socket.subscribed]).toEqual(['queue:refunds']);
    releaseB();
    expect(socket.subscribed.size).toBe(0);
  });

  it('passes pushes in order, drops repeats and asks for a resync on a gap', async () => {
    const socket = new FakeLiveSocket();
    socket.roomSeqs.set('queue:refunds', 4);
    const hub = createLiveHub(socket);
    hub.retain(['queue:refunds']);
    socket.connect();
    await flush();
    const seen: number[] = [];
    const resyncs: string[][] = [];
    hub.onPush((message) => seen.push(message.seq));
    hub.onResync((rooms) => resyncs.push(rooms));
    socket.push(push('queue:refunds', 5));
    socket.push(push('queue:refunds', 5));
    socket.push(push('queue:refunds', 4));
    expect(seen).toEqual([5]);
    expect(resyncs).toEqual([]);
    socket.push(push('queue:refunds', 7));
    expect(seen).toEqual([5, 7]);
    expect(resyncs).toEqual([['queue:refunds']]);
  });

  it('reports offline and asks every room to resync after a reconnect', async () => {
    const socket = new FakeLiveSocket();
    const hub = createLiveHub(socket);
    const status = vi.fn();
    hub.onStatus(status);
    hub.retain(['queue:sales']);
    const resyncs: string[][] = [];
    hub.onResync((rooms) => resyncs.push(rooms));
    expect(hub.status()).toBe('connecting');
    socket.connect();
    expect(hub.status()).toBe('online');
    expect(resyncs).toEqual([]);
    socket.drop();
    expect(hub.status()).toBe('offline');
    socket.connect();
    await flush();
    expect(hub.status()).toBe('online');
    expect(resyncs).toEqual([['queue:sales']]);
    expect(socket.subscribed).toContain('queue:sales');
    expect(status).toHaveBeenCalledTimes(3);
  });

  it('after a reconnect the server recovered, keeps counting the replayed pushes and refetches nothing', async () => {
    const socket = new FakeLiveSocket();
    socket.roomSeqs.set('queue:sales', 3);
    const hub = createLiveHub(socket);
    hub.retain(['queue:sales']);
    const seen: number[] = [];
    const resyncs: string[][] = [];
    hub.onPush((message) => seen.push(message.seq));
    hub.onResync((rooms) => resyncs.push(rooms));
    socket.connect();
    await flush();
    socket.push(push('queue:sales', 4));
    socket.drop();
    hub.retain(['agent:me']);
    socket.connect({ recovered: true });
    // What the server kept for us while we were away arrives in order, then life goes on.
    socket.push(push('queue:sales', 5));
    socket.push(push('queue:sales', 6));
    await flush();
    expect(seen).toEqual([4, 5, 6]);
    expect(resyncs).toEqual([]);
    // Only the room taken while away is joined again.
    expect([...socket.subscribed]).toEqual(['agent:me']);
  });

  it('replays pushes newer than a late snapshot, or calls the snapshot stale when it cannot', async () => {
    const socket = new FakeLiveSocket();
    const hub = createLiveHub(socket);
    hub.retain(['queue:refunds']);
    socket.connect();
    await flush();
    expect(hub.reconcile([{ room: 'queue:refunds', seq: 0 }])).toEqual({ replay: [], stale: false });
    socket.push(push('queue:refunds', 1));
    socket.push(push('queue:refunds', 2));
    const late = hub.reconcile([{ room: 'queue:refunds', seq: 0 }]);
    expect(late.stale).toBe(false);
    expect(late.replay.map((message) => message.seq)).toEqual([1, 2]);
    expect(hub.reconcile([{ room: 'queue:refunds', seq: 2 }])).toEqual({ replay: [], stale: false });
    // Joined a room that was already at 9: pushes 1..9 were never seen, so a snapshot at 3 is stale.
    socket.roomSeqs.set('queue:sales', 9);
    hub.retain(['queue:sales']);
    await flush();
    expect(hub.reconcile([{ room: 'queue:sales', seq: 3 }]).stale).toBe(true);
  });
});
