/**
 * The CTI webhook end to end: the whole server on a real port, the phone system signing events
 * the Standard Webhooks way, agents signed in with Socket.IO clients. Refused deliveries store
 * nothing; a redelivered id does nothing twice; events out of order or for unknown calls are
 * handled; the screen pop reaches the ringing agent's sockets and nobody else's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../server/src/config';
import { createServer, type RunningServer } from '../../server/src/http/server';
import { ConversationModel } from '../../server/src/db/models/conversation';
import { TelephonyReceiptModel } from '../../server/src/db/models/telephony-receipt';
import { UserModel } from '../../server/src/db/models/user';
import { DepartureModel } from '../../server/src/db/models/departure';
import type { ConversationPush } from '../../shared/realtime';
import type { ScreenPop } from '../../shared/conversations';
import { testDatabase } from '../support/db';
import { createPlatformFixtures, PASSWORD, ZHANG_PHONE, type PlatformFixtures } from '../support/platform';
import { callEvent, phoneSystem, type PhoneSystem } from '../support/phone-system';
import { connected, openTestSocket, subscribe, type ClientSocket } from '../support/sockets';

const SECRET = `whsec_${Buffer.from('telephony-test-secret-0123456789').toString('base64')}`;
const WRONG = `whsec_${Buffer.from('another-secret-entirely-98765432').toString('base64')}`;

let server: RunningServer;
let fx: PlatformFixtures;
let phone: PhoneSystem;
const sockets: ClientSocket[] = [];

type Listener = { cookie: string; userId: string; heard: ConversationPush[] };
let ringing: Listener;
let ringingSecondTab: Listener;
let otherAgent: Listener;

beforeAll(async () => {
  const { uri, dbName } = testDatabase('telephony');
  const config = loadConfig({
    MONGODB_URI: uri,
    MONGODB_DB: dbName,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    TELEPHONY_WEBHOOK_SECRET: SECRET,
  });
  server = await createServer(config, { jobs: false, seed: false, staticDir: null });
  fx = await createPlatformFixtures();
  await UserModel.updateOne({ _id: fx.users.agent.id }, { $set: { extension: '8001' } });
  await UserModel.updateOne({ _id: fx.users.otherAgent.id }, { $set: { extension: '8002' } });
  // The card lists departures still to come: move the fixture train to next week.
  await DepartureModel.updateOne(
    { _id: fx.departures.g1 },
    { $set: { departureAt: new Date(Date.now() + 7 * 86_400_000) } },
  );
  phone = phoneSystem(server.url, SECRET);
  ringing = await listen('agent1');
  ringingSecondTab = await listen('agent1');
  otherAgent = await listen('agent2');
});

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await mongoose.connection.dropDatabase().catch(() => undefined);
  await server?.close();
});

async function signIn(username: string): Promise<{ cookie: string; userId: string }> {
  const res = await fetch(`${server.url}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  const cookie = (res.headers.getSetCookie().find((c) => c.startsWith('td_session=')) ?? '').split(';')[0] ?? '';
  const body = (await res.json()) as { result: { data: { id: string } } };
  return { cookie, userId: body.result.data.id };
}

async function listen(username: string): Promise<Listener> {
  const { cookie, userId } = await signIn(username);
  const socket = openTestSocket(server.url, sockets, cookie);
  const heard: ConversationPush[] = [];
  socket.on('conversation', (m) => heard.push(m));
  await connected(socket);
  const ack = await subscribe(socket, [`agent:${userId}`, 'queue:sales']);
  expect(ack.refused).toEqual([]);
  return { cookie, userId, heard };
}

async function query<T>(path: string, cookie: string, input: unknown): Promise<T> {
  const res = await fetch(`${server.url}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, {
    headers: { cookie },
  });
  const body = (await res.json()) as { result?: { data: T }; error?: { message: string } };
  if (!body.result) throw new Error(`${path}: ${body.error?.message ?? res.status}`);
  return body.result.data;
}

async function waitFor(what: string, done: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
const settle = () => new Promise((resolve) => setTimeout(resolve, 200));
const callId = () => `call-${randomUUID()}`;
const stored = async () => ({
  conversations: await ConversationModel.countDocuments(),
  receipts: await TelephonyReceiptModel.countDocuments(),
});

describe('POST /api/telephony/events', () => {
  it('a valid ringing event opens the call, matches the caller through +86, spaces and dashes, and rings at the extension', async () => {
    const id = callId();
    const res = await phone.send(callEvent('call.ringing', id, '+86 138-0013-8000', { agentExtension: '8001' }));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ duplicate: false, outcome: 'applied' });
    const record = await ConversationModel.findOne({ externalId: id }).lean();
    expect(record).toMatchObject({
      channel: 'call',
      status: 'offered',
      phone: ZHANG_PHONE,
      customerId: fx.customers.zhang,
      agentId: fx.users.agent.id,
    });
  });

  it('refuses unsigned, wrongly signed, tampered and stale deliveries with 401 and stores nothing', async () => {
    const before = await stored();
    const body = JSON.stringify(callEvent('call.ringing', callId(), ZHANG_PHONE, { agentExtension: '8001' }));
    const unsigned = await phone.sendRaw(body, {});
    const wrongKey = await phoneSystem(server.url, WRONG).send(JSON.parse(body));
    const headers = phone.sign(`msg_${randomUUID()}`, new Date(), body);
    const tampered = await phone.sendRaw(body.replace('8001', '8002'), headers);
    const stale = await phone.send(JSON.parse(body), { timestamp: new Date(Date.now() - 6 * 60_000) });
    expect([unsigned.status, wrongKey.status, tampered.status, stale.status]).toEqual([401, 401, 401, 401]);
    expect(await stored()).toEqual(before);
    await settle();
  });

  it('a redelivered webhook-id is answered 2xx and does nothing twice', async () => {
    const id = callId();
    await phone.send(callEvent('call.ringing', id, ZHANG_PHONE));
    const answer = callEvent('call.answered', id, ZHANG_PHONE, { agentExtension: '8002' });
    const first = await phone.send(answer, { id: 'msg_replayed-answer' });
    const again = await phone.send(answer, { id: 'msg_replayed-answer' });
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ duplicate: true });
    const record = await ConversationModel.findOne({ externalId: id }).lean();
    expect(record?.history?.filter((e) => e.event === 'ANSWER')).toHaveLength(1);
    expect(record?.status).toBe('active');
  });

  it('handles events out of order and for unknown calls without a 500', async () => {
    const id = callId();
    // Answered arrives before ringing: the call starts active; the late ringing is ignored.
    const answered = await phone.send(callEvent('call.answered', id, '13912345678', { agentExtension: '8002' }));
    const lateRing = await phone.send(callEvent('call.ringing', id, '13912345678', { agentExtension: '8001' }));
    const heldUnknown = await phone.send(callEvent('call.held', callId(), ZHANG_PHONE));
    const endedUnknown = await phone.send(callEvent('call.ended', callId(), ZHANG_PHONE));
    const resumedNotHeld = await phone.send(callEvent('call.resumed', id, '13912345678'));
    expect([answered, lateRing, heldUnknown, endedUnknown, resumedNotHeld].map((r) => r.status)).toEqual([
      200, 200, 200, 200, 200,
    ]);
    expect(heldUnknown.body).toMatchObject({ outcome: 'ignored', conversationId: null });
    expect(resumedNotHeld.body).toMatchObject({ outcome: 'ignored' });
    const record = await ConversationModel.findOne({ externalId: id }).lean();
    expect(record).toMatchObject({ status: 'active', agentId: fx.users.otherAgent.id, customerId: fx.customers.li });
    // Hold, resume and hang-up in order still work on it: wrap-up with its countdown.
    await phone.send(callEvent('call.held', id, '13912345678'));
    await phone.send(callEvent('call.resumed', id, '13912345678'));
    const ended = await phone.send(callEvent('call.ended', id, '13912345678'));
    expect(ended.body).toMatchObject({ outcome: 'applied' });
    const after = await ConversationModel.findOne({ externalId: id }).lean();
    expect(after?.status).toBe('wrap_up');
    expect(after?.wrapUpEndAt?.getTime()).toBe((after?.endedAt?.getTime() ?? 0) + 60_000);
    // A caller who hangs up while it still rings abandoned the call.
    const abandonedId = callId();
    await phone.send(callEvent('call.ringing', abandonedId, ZHANG_PHONE));
    await phone.send(callEvent('call.ended', abandonedId, ZHANG_PHONE));
    expect((await ConversationModel.findOne({ externalId: abandonedId }).lean())?.status).toBe('abandoned');
  });

  it('the screen pop reaches the ringing agent’s sockets and no one else’s, with the card’s facts', async () => {
    for (const l of [ringing, ringingSecondTab, otherAgent]) l.heard.length = 0;
    const id = callId();
    await phone.send(callEvent('call.ringing', id, '138 0013 8000', { agentExtension: '8001' }));
    const record = await ConversationModel.findOne({ externalId: id }).lean();
    const conversationId = record?._id.toHexString() ?? '';
    const ringsFor = (l: Listener) => l.heard.filter((m) => m.conversation.id === conversationId);
    await waitFor('the pop on both tabs', () => ringsFor(ringing).length > 0 && ringsFor(ringingSecondTab).length > 0);
    await settle();
    expect(ringsFor(otherAgent)).toEqual([]);
    const pop = ringsFor(ringing)[0];
    expect(pop).toMatchObject({
      room: `agent:${ringing.userId}`,
      type: 'conversation.upsert',
      conversation: {
        status: 'offered',
        phone: '138****8000',
        customer: { id: fx.customers.zhang, name: '张伟', vipTier: 'gold' },
        agent: { id: fx.users.agent.id },
      },
    });
    const card = await query<ScreenPop>('conversations.screenPop', ringing.cookie, { id: conversationId });
    expect(card.conversation.customer?.name).toBe('张伟');
    expect(card.nextDepartures.map((d) => d.bookingRef)).toContain(fx.bookings.zhangRail.ref);
  });
});
