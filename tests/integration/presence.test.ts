/**
 * Presence end to end: presence.set and what it records, the sign-in status when a console opens,
 * and the disconnect rule: when an agent's last console closes, 60 s later (on the server's fake
 * clock) they are offline, and the work offered to them is back in the queue.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { loadConfig } from '../../server/src/config';
import { createServer, type RunningServer } from '../../server/src/http/server';
import { createCaller } from '../../server/src/trpc/root';
import { PresenceChangeModel, PresenceModel } from '../../server/src/db/models/presence';
import { runPresenceSweep } from '../../server/src/routing/jobs';
import { markSeen } from '../../server/src/routing/presence.service';
import { routeOnce } from '../../server/src/routing/live-router';
import { engineConversationStore } from '../../server/src/routing/engine-conversation-store';
import { RoutingDecisionModel } from '../../server/src/db/models/routing-decision';
import { startConversation } from '../../server/src/conversations/contacts';
import { loadConversation } from '../../server/src/conversations/engine';
import { testDatabase } from '../support/db';
import { testClock } from '../support/deps';
import { connected, openTestSocket, type ClientSocket } from '../support/sockets';
import { contextFor, createPlatformFixtures, PASSWORD, type PlatformFixtures } from '../support/platform';

const clock = testClock('2026-05-10T08:00:00+08:00');
let server: RunningServer;
let fx: PlatformFixtures;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  const { uri, dbName } = testDatabase('presence');
  const config = loadConfig({
    MONGODB_URI: uri,
    MONGODB_DB: dbName,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
  });
  server = await createServer(config, { jobs: false, seed: false, staticDir: null, now: clock.now });
  fx = await createPlatformFixtures();
});

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await mongoose.connection.dropDatabase().catch(() => undefined);
  await server?.close();
});

async function cookieOf(username: string): Promise<string> {
  const res = await fetch(`${server.url}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  expect(res.status).toBe(200);
  return (res.headers.getSetCookie().find((c) => c.startsWith('td_session=')) ?? '').split(';')[0] ?? '';
}

async function waitFor(what: string, done: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const statusOf = async (userId: string) => (await PresenceModel.findOne({ userId }).lean())?.status ?? 'none';

describe('presence.set', () => {
  it('shows the chosen status and records each change in presence_changes', async () => {
    const caller = createCaller(contextFor(server.deps, fx.users.complaint_handler));
    expect((await caller.presence.mine()).status).toBe('offline');
    const onBreak = await caller.presence.set({ status: 'break', reason: 'meal' });
    expect(onBreak).toMatchObject({ status: 'break', reason: 'meal', since: clock.now().toISOString() });
    clock.advance(15 * 60_000);
    expect((await caller.presence.set({ status: 'available' })).status).toBe('available');
    const changes = await PresenceChangeModel.find({ userId: fx.users.complaint_handler.id }).sort({ at: 1 }).lean();
    expect(changes.map((c) => [c.status, c.reason, c.userName])).toEqual([
      ['break', 'meal', fx.users.complaint_handler.name],
      ['available', null, fx.users.complaint_handler.name],
    ]);
    expect(changes[1]!.at.getTime() - changes[0]!.at.getTime()).toBe(15 * 60_000);
  });

  it('refuses a break without a reason and the router-only missed_offer break', async () => {
    const caller = createCaller(contextFor(server.deps, fx.users.complaint_handler));
    await expect(caller.presence.set({ status: 'break' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(caller.presence.set({ status: 'break', reason: 'missed_offer' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(caller.presence.set({ status: 'on_contact' } as never)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});

describe('consoles and the 60-second rule', () => {
  it('opening the console signs in as available; 60 s after the last console closes the agent is offline', async () => {
    const cookie = await cookieOf('agent1');
    const userId = fx.users.agent.id;
    const first = openTestSocket(server.url, sockets, cookie);
    const second = openTestSocket(server.url, sockets, cookie);
    await Promise.all([connected(first), connected(second)]);
    await waitFor('sign-in status', async () => (await statusOf(userId)) === 'available');
    // A call comes in and is offered to the agent.
    const store = engineConversationStore(server.deps);
    const queuedAt = clock.now();
    const call = (
      await startConversation(server.deps, {
        channel: 'call',
        queue: 'sales',
        customerId: null,
        phone: '13800138000',
        externalId: 'presence-call',
        createKey: 'presence-call',
      })
    ).record._id.toHexString();
    await routeOnce(server.deps, store, 'node-a');
    expect(await loadConversation(call)).toMatchObject({ status: 'offered', agentId: userId });

    // One console of two closes: the other keeps the agent present, however long it stays.
    first.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Offers lapse after 30 s: the first console stays 25 s on its own here.
    clock.advance(25_000);
    // The heartbeat of the process the open console is connected to.
    await markSeen([userId], clock.now());
    expect(await runPresenceSweep(server.deps, store)).toBe(0);

    clock.advance(1_000);
    second.close();
    await waitFor('the last console gone', async () => {
      const seen = (await PresenceModel.findOne({ userId }).lean())?.lastSeenAt;
      return seen?.getTime() === clock.now().getTime();
    });
    clock.advance(59_000);
    expect(await runPresenceSweep(server.deps, store)).toBe(0);
    expect(await statusOf(userId)).toBe('available');
    clock.advance(2_000);
    expect(await runPresenceSweep(server.deps, store)).toBe(1);
    expect(await statusOf(userId)).toBe('offline');
    // The offered call is back in the queue with its original age, and the decision says why.
    expect(await loadConversation(call)).toMatchObject({ status: 'queued', agentId: null, queuedAt });
    expect(await RoutingDecisionModel.findOne({ subjectId: call }).lean()).toMatchObject({
      agentId: userId,
      outcome: 'taken_back',
    });
    expect((await PresenceModel.findOne({ userId }).lean())?.holds).toEqual([]);
    const last = await PresenceChangeModel.findOne({ userId }).sort({ at: -1 }).lean();
    expect(last).toMatchObject({ status: 'offline', at: clock.now() });
  });
});
