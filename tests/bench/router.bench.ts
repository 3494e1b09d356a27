/**
 * The live router against MongoDB: 200 available agents and 2,000 waiting contacts (calls, chats,
 * callbacks) in the conversation engine; two routers run side by side (two server processes) until
 * every agent is full, the agents decline everything, and again, for a few rounds. Figures:
 * decisions per second (offers written per second of router time) and offer latency (from the
 * start of a router run to the offer's write, per offer).
 */
import mongoose from 'mongoose';
import type { ConversationChannel } from '../../shared/conversations';
import { UserModel } from '../../server/src/db/models/user';
import { SkillsModel } from '../../server/src/db/models/skills';
import { RoutingDecisionModel } from '../../server/src/db/models/routing-decision';
import { choosePresence } from '../../server/src/routing/presence.service';
import { routeOnce } from '../../server/src/routing/live-router';
import { engineConversationStore } from '../../server/src/routing/engine-conversation-store';
import { startConversation } from '../../server/src/conversations/contacts';
import { applyConversationEvent } from '../../server/src/conversations/engine';
import { ConversationModel } from '../../server/src/db/models/conversation';
import { testDeps } from '../support/deps';
import { log } from './bench-env';
import { latencyStats, type LatencyStats } from './latency';

export type RouterBenchResult = {
  agents: number;
  contacts: number;
  rounds: number;
  decisions: number;
  routerSeconds: number;
  decisionsPerSec: number;
  offerLatencyMs: LatencyStats;
};

const CHANNELS: ConversationChannel[] = ['call', 'chat', 'chat', 'callback'];

export async function routerBench(options: {
  uri: string;
  dbName: string;
  agents: number;
  contacts: number;
  rounds: number;
}): Promise<RouterBenchResult> {
  await mongoose.connect(options.uri, { dbName: options.dbName, serverSelectionTimeoutMS: 5000, retryWrites: false });
  try {
    await mongoose.connection.syncIndexes();
    const deps = testDeps();
    const store = engineConversationStore(deps);
    log(`router: ${options.agents} agents`);
    for (let i = 0; i < options.agents; i++) {
      const user = await UserModel.create({
        username: `bench-agent-${i}`,
        name: `Bench ${i}`,
        role: 'agent',
        passwordHash: 'not-used',
        queues: ['sales', 'refunds'],
      });
      const id = user._id.toHexString();
      await SkillsModel.create({
        userId: id,
        queues: [
          { queue: 'sales', priority: 1 + (i % 2) },
          { queue: 'refunds', priority: 2 - (i % 2) },
        ],
        channels: ['call', 'chat', 'callback'],
        languages: ['zh'],
        vip: false,
        capacity: { calls: 1, chats: 3, cases: 10 },
      });
      await choosePresence(deps, { id, name: user.name, role: 'agent' }, { status: 'available', reason: null });
    }
    log(`router: ${options.contacts} waiting contacts`);
    for (let start = 0; start < options.contacts; start += 8) {
      await Promise.all(
        Array.from({ length: Math.min(8, options.contacts - start) }, (_, j) => {
          const i = start + j;
          return startConversation(deps, {
            channel: CHANNELS[i % CHANNELS.length]!,
            queue: i % 2 === 0 ? 'sales' : 'refunds',
            customerId: null,
            phone: `1380000${String(i).padStart(4, '0')}`,
            externalId: `bench-${i}`,
            createKey: `bench-contact-${i}`,
          });
        }),
      );
    }

    const latencies: number[] = [];
    let routerMs = 0;
    let decisions = 0;
    for (let round = 0; round < options.rounds; round++) {
      const runStart = Date.now();
      const results = await Promise.all(['bench-a', 'bench-b'].map((node) => routeOnce(deps, store, node)));
      routerMs += Date.now() - runStart;
      const offered = results.reduce((n, r) => n + r.offered, 0);
      decisions += offered;
      const made = await RoutingDecisionModel.find(
        { kind: 'offer', at: { $gte: new Date(runStart) } },
        { at: 1 },
      ).lean();
      for (const d of made) latencies.push(d.at.getTime() - runStart);
      log(`router: round ${round + 1}: ${offered} offers`);
      // Every agent declines what they were offered: capacity frees, the contacts wait on.
      const offers = await ConversationModel.find({ status: 'offered' }, { agentId: 1, agentName: 1 }).lean();
      for (const c of offers) {
        await applyConversationEvent(deps, {
          conversationId: c._id.toHexString(),
          expectedVersion: 'current',
          key: `bench-decline-${c._id.toHexString()}-${round}`,
          actor: { id: c.agentId ?? '', name: c.agentName ?? '', role: 'agent' },
          event: { type: 'DECLINE' },
        });
      }
    }
    const seconds = routerMs / 1000;
    return {
      agents: options.agents,
      contacts: options.contacts,
      rounds: options.rounds,
      decisions,
      routerSeconds: Math.round(seconds * 100) / 100,
      decisionsPerSec: Math.round((decisions / Math.max(seconds, 0.001)) * 10) / 10,
      offerLatencyMs: latencyStats(latencies),
    };
  } finally {
    await mongoose.connection.dropDatabase().catch(() => undefined);
    await mongoose.disconnect();
  }
}
