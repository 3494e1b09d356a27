/**
 * Demo skills: every demo user the router serves gets skills, so routing works from the first
 * start. Agents differ (languages, VIP handling, chat capacity) so the demo shows the choice.
 */
import type { QueueName } from '../shared/cases';
import type { Skills } from '../shared/skills';

const extra: Record<string, Partial<Skills>> = {
  agent1: { languages: ['zh', 'en'], vip: true },
  agent2: { languages: ['zh', 'en'] },
  agent3: { capacity: { calls: 1, chats: 2, cases: 25 } },
  agent4: { channels: ['call', 'callback'] },
  agent5: { vip: true },
  agent6: { languages: ['zh', 'en'], channels: ['chat'], capacity: { calls: 0, chats: 4, cases: 25 } },
  super1: { languages: ['zh', 'en'], vip: true, capacity: { calls: 1, chats: 2, cases: 30 } },
};

export function demoSkills(user: { username: string; role: string; queues: readonly QueueName[] }): Skills {
  return {
    queues: user.queues.map((queue, i) => ({ queue, priority: i + 1 })),
    channels: ['call', 'chat', 'callback'],
    languages: ['zh'],
    vip: user.role === 'complaint_handler',
    // The demo's agents already hold up to 20 open cases each.
    capacity: { calls: 1, chats: 3, cases: 25 },
    ...extra[user.username],
  };
}
