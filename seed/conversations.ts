/**
 * Demo contacts: 30 past calls and chats of seeded customers, linked to their cases, and a few
 * contacts waiting when the demo starts (chats in the queue, callbacks promised for the next
 * hour). Written through the conversation engine with the seeded world's clock; deterministic
 * for an anchor.
 */
import type { AppDeps } from '../server/src/deps';
import { CaseModel } from '../server/src/db/models/case';
import { CustomerModel } from '../server/src/db/models/customer';
import { UserModel } from '../server/src/db/models/user';
import { requestCallback } from '../server/src/conversations/callbacks';
import { sendSystemConversationEvent, startConversation } from '../server/src/conversations/contacts';
import { dispositions } from '../workflows/machines/conversation';
import type { Actor } from '../workflows/machines/contract';
import type { Random } from './random';

export const PAST_CONTACTS = 30;
const WAITING_CHATS = 3;
const WAITING_CALLBACKS = 2;
const MINUTE = 60_000;

export async function seedConversations(deps: AppDeps, random: Random, anchor: Date): Promise<void> {
  const customers = await CustomerModel.find({}, { phone: 1 }).sort({ phone: 1 }).limit(200).lean();
  const agents = await UserModel.find({ role: 'agent' }, { name: 1, username: 1 }).sort({ username: 1 }).lean();
  if (customers.length === 0 || agents.length === 0) return;
  let clock = anchor.getTime();
  const at = (ms: number) => {
    clock = ms;
  };
  const seedDeps: AppDeps = { ...deps, now: () => new Date(clock) };
  const send = (id: string, event: { type: string } & Record<string, unknown>, key: string, actor?: Actor) =>
    sendSystemConversationEvent(seedDeps, id, event, key, actor);

  for (let i = 0; i < PAST_CONTACTS; i++) {
    const customer = random.pick(customers);
    const agent = random.pick(agents);
    const actor: Actor = { id: agent._id.toHexString(), name: agent.name, role: 'agent' };
    const channel = random.chance(0.65) ? 'call' : 'chat';
    // Spread over the past three days, oldest first.
    const start = anchor.getTime() - (PAST_CONTACTS - i) * 140 * MINUTE - random.int(0, 60) * MINUTE;
    at(start);
    const { record } = await startConversation(seedDeps, {
      channel,
      queue: 'sales',
      customerId: customer._id.toHexString(),
      phone: channel === 'call' ? customer.phone : null,
      externalId: channel === 'call' ? `seed-call-${i}` : null,
      createKey: `seed:contact:${i}`,
    });
    const id = record._id.toHexString();
    at(start + random.int(5, 40) * 1000);
    await send(id, { type: 'OFFER', agent: { id: actor.id, name: actor.name } }, `seed:${i}:offer`);
    if (channel === 'call' && random.chance(0.1)) {
      at(clock + random.int(5, 20) * 1000);
      await send(id, { type: 'ABANDON' }, `seed:${i}:abandon`);
      continue;
    }
    at(clock + random.int(3, 15) * 1000);
    await send(id, { type: 'ACCEPT' }, `seed:${i}:accept`, actor);
    at(clock + random.int(60, 900) * 1000);
    await send(id, { type: 'END' }, `seed:${i}:end`, actor);
    const linked = await CaseModel.findOne({ customerId: customer._id.toHexString() }, { _id: 1 })
      .sort({ createdAt: 1 })
      .lean();
    if (linked) await send(id, { type: 'LINK_CASE', caseId: linked._id.toHexString() }, `seed:${i}:link`, actor);
    at(clock + random.int(10, 50) * 1000);
    const disposition = linked ? 'case_opened' : random.pick(dispositions.filter((d) => d !== 'case_opened'));
    await send(id, { type: 'WRAP_UP_DONE', disposition }, `seed:${i}:wrap`, actor);
  }

  // Waiting when the demo opens: chats in the queue for a few minutes, callbacks due within the hour.
  for (let i = 0; i < WAITING_CHATS; i++) {
    const customer = random.pick(customers);
    at(anchor.getTime() - random.int(1, 6) * MINUTE);
    await startConversation(seedDeps, {
      channel: 'chat',
      queue: 'sales',
      customerId: customer._id.toHexString(),
      phone: null,
      externalId: null,
      createKey: `seed:waiting-chat:${i}`,
    });
  }
  at(anchor.getTime());
  for (let i = 0; i < WAITING_CALLBACKS; i++) {
    const customer = random.pick(customers);
    const from = anchor.getTime() + (10 + i * 20) * MINUTE;
    await requestCallback(seedDeps, {
      customerId: customer._id.toHexString(),
      phone: customer.phone,
      window: { from: new Date(from).toISOString(), to: new Date(from + 60 * MINUTE).toISOString() },
      source: i === 0 ? 'telephony' : 'agent',
      idempotencyKey: `seed:callback:${i}`,
    });
  }
}
