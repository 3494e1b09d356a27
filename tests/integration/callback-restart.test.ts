/**
 * A callback promise is a durable due time in MongoDB: one that comes due while no server runs is
 * fired by the next server process that starts, once.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { requestCallback } from '../../server/src/conversations/callbacks';
import { CallbackModel } from '../../server/src/db/models/callback';
import { ConversationModel } from '../../server/src/db/models/conversation';
import { testDatabase } from '../support/db';
import { testDeps } from '../support/deps';
import { startSecondServer, type SecondServer } from '../support/second-server';

const { uri, dbName } = testDatabase('callback_restart');
const env = { MONGODB_URI: uri, MONGODB_DB: dbName, TEST_JOBS: '1', JOB_INTERVAL_MS: '100' };
let running: SecondServer | null = null;

beforeAll(async () => {
  await mongoose.connect(uri, { dbName, serverSelectionTimeoutMS: 5000 });
  await mongoose.connection.syncIndexes();
});

afterAll(async () => {
  await running?.stop();
  await mongoose.connection.dropDatabase().catch(() => undefined);
  await mongoose.disconnect();
});

async function waitFor(what: string, done: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

it('a callback that came due while the server was down is queued once after the restart', async () => {
  // A server runs, then stops before the promised window opens.
  running = await startSecondServer(env);
  const from = new Date(Date.now() + 1_500);
  const callback = await requestCallback(testDeps(), {
    customerId: null,
    phone: '+86 139-1234-5678',
    window: { from: from.toISOString(), to: new Date(from.getTime() + 3_600_000).toISOString() },
    source: 'agent',
    idempotencyKey: 'restart-test-callback',
  });
  await running.stop();
  running = null;

  await new Promise((resolve) => setTimeout(resolve, from.getTime() - Date.now() + 300));
  expect((await CallbackModel.findById(callback.id).lean())?.status).toBe('scheduled');

  running = await startSecondServer(env);
  await waitFor(
    'the callback to be queued',
    async () => (await CallbackModel.findById(callback.id).lean())?.status === 'queued',
  );
  const after = await CallbackModel.findById(callback.id).lean();
  const attempts = await ConversationModel.find({ callbackId: callback.id }).lean();
  expect(after).toMatchObject({ attempts: 1, phone: '13912345678', conversationId: attempts[0]?._id.toHexString() });
  expect(attempts.map((c) => ({ channel: c.channel, status: c.status }))).toEqual([
    { channel: 'callback', status: 'queued' },
  ]);
  // Later runs of the job do not queue it again.
  await new Promise((resolve) => setTimeout(resolve, 400));
  expect(await ConversationModel.countDocuments({ callbackId: callback.id })).toBe(1);
}, 60_000);
