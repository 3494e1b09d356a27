/**
 * Many open cases at once, for queue windows (bench, browser and integration tests): one real
 * case per kind through the engine, then `count` copies of them with their own ids, refs,
 * subjects, priorities, channels, assignees and waiting times, inserted directly (creating 10,000
 * through the engine would take minutes on the dev emulator). The templates are removed afterwards.
 */
import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import { channels, priorityRank, type CreateCaseInput, type Priority } from '../../shared/cases';
import type { SessionUser } from '../../shared/auth';
import type { AppDeps } from '../../server/src/deps';
import { createCase } from '../../server/src/cases/cases.service';
import { CaseModel, type CaseRecord } from '../../server/src/db/models/case';
import type { PlatformFixtures } from './platform';

const templateKinds = ['booking', 'change', 'refund', 'complaint'] as const;
const subjects = [
  '改签到明天同一时段',
  '客户要求全额退票',
  '列车晚点两小时投诉',
  '帮老人预订下周车票',
  '航班取消要求退款',
  '座位与订单不符',
  '学生票资质核验',
  '儿童票改签',
];

/** Weighted so a queue looks like a queue: mostly normal, some high, few urgent. */
function priorityFor(i: number): Priority {
  const roll = (i * 7919) % 100;
  return roll < 3 ? 'urgent' : roll < 18 ? 'high' : roll < 90 ? 'normal' : 'low';
}

/** What a seeded case was given, for a test to work out the rows it expects. */
export type SeededCase = Pick<
  CaseRecord,
  | 'ref'
  | 'kind'
  | 'state'
  | 'queue'
  | 'priority'
  | 'priorityRank'
  | 'channel'
  | 'subject'
  | 'assigneeId'
  | 'customerName'
> & { id: string; waitingSince: Date };

export async function seedOpenCases(
  deps: AppDeps,
  fx: PlatformFixtures,
  count: number,
  options: { refPrefix?: string; now?: number } = {},
): Promise<SeededCase[]> {
  const users = { agent: fx.users.agent, handler: fx.users.complaint_handler };
  const inputs: Record<
    (typeof templateKinds)[number],
    { user: SessionUser; input: Omit<CreateCaseInput, 'idempotencyKey'> }
  > = {
    booking: {
      user: users.agent,
      input: { kind: 'booking', channel: 'phone', customerId: fx.customers.zhang, subject: '订票' },
    },
    change: {
      user: users.agent,
      input: {
        kind: 'change',
        channel: 'phone',
        customerId: fx.customers.zhang,
        bookingId: fx.bookings.zhangRail.id,
        subject: '改签',
      },
    },
    refund: {
      user: users.agent,
      input: {
        kind: 'refund',
        channel: 'chat',
        customerId: fx.customers.zhang,
        bookingId: fx.bookings.zhangRail.id,
        subject: '退票',
      },
    },
    complaint: {
      user: users.handler,
      input: { kind: 'complaint', channel: 'email', customerId: fx.customers.li, subject: '投诉' },
    },
  };
  const templates: CaseRecord[] = [];
  for (const kind of templateKinds) {
    const { user, input } = inputs[kind];
    const created = await createCase(deps, user, { ...input, idempotencyKey: `seed-${randomUUID()}` });
    const record = await CaseModel.findById(created.id).lean<CaseRecord>();
    if (!record) throw new Error(`template ${kind} case missing`);
    templates.push(record);
  }
  const now = options.now ?? Date.now();
  const prefix = options.refPrefix ?? 'B';
  const assignees = [null, null, null, { id: users.agent.id, name: users.agent.name }];
  const seeded: SeededCase[] = [];
  const batch: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const template = templates[i % templates.length];
    if (!template) throw new Error('no template');
    const id = new Types.ObjectId();
    const ref = `${template.ref.slice(0, 2)}-${prefix}${String(i + 1).padStart(6, '0')}`;
    const priority = priorityFor(i);
    const subject = `${subjects[i % subjects.length]} #${i + 1}`;
    const assignee = template.kind === 'complaint' ? null : (assignees[(i >> 3) % assignees.length] ?? null);
    const channel = channels[(i >> 2) % channels.length] ?? template.channel;
    // Waiting from a few seconds to about three days.
    const waitingSince = new Date(now - ((i * 2654435761) % (3 * 24 * 3600_000)));
    const { _id: _templateId, ...rest } = template;
    batch.push({
      ...rest,
      _id: id,
      ref,
      createKey: `seed-clone-${randomUUID()}`,
      subject,
      priority,
      priorityRank: priorityRank[priority],
      channel,
      assigneeId: assignee?.id ?? null,
      assigneeName: assignee?.name ?? null,
      waitingSince,
      createdAt: waitingSince,
      updatedAt: waitingSince,
      idempotencyKeys: [],
      snapshot: {
        ...template.snapshot,
        context: { ...template.snapshot.context, caseId: id.toHexString(), ref, subject, priority, assignee, channel },
      },
    });
    seeded.push({
      id: id.toHexString(),
      ref,
      kind: template.kind,
      state: template.state,
      queue: template.queue,
      priority,
      priorityRank: priorityRank[priority],
      channel,
      subject,
      assigneeId: assignee?.id ?? null,
      customerName: template.customerName,
      waitingSince,
    });
    if (batch.length === 1000) await CaseModel.collection.insertMany(batch.splice(0));
  }
  if (batch.length > 0) await CaseModel.collection.insertMany(batch);
  await CaseModel.deleteMany({ _id: { $in: templates.map((t) => t._id) } });
  return seeded;
}
