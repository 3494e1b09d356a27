/**
 * Deterministic demo data: users of every role, customers with valid IDs, trains, flights and
 * shows with inventory, bookings, and 120 cases in every state of every case machine, driven
 * through the case engine so their histories are ones the engine itself wrote.
 *
 * Everything is placed relative to one anchor instant (default: the start of today in
 * Asia/Shanghai), which is "now" in the seeded world; the same anchor gives the same customers,
 * departures and bookings, and the same case scripts.
 */
import type { Role } from '../shared/roles';
import { queuesByRole, type QueueName } from '../shared/cases';
import type { SessionUser } from '../shared/auth';
import type { AppDeps, CasePublisher, ChatChannel } from '../server/src/deps';
import { UserModel } from '../server/src/db/models/user';
import { CustomerModel } from '../server/src/db/models/customer';
import { DepartureModel } from '../server/src/db/models/departure';
import { BookingModel } from '../server/src/db/models/booking';
import { CaseModel, CounterModel } from '../server/src/db/models/case';
import { PaymentModel } from '../server/src/db/models/payment';
import { CompensationModel, NotificationModel } from '../server/src/db/models/effect-records';
import { SessionModel } from '../server/src/db/models/session';
import { AuditModel } from '../server/src/db/models/audit';
import { MacroModel } from '../server/src/db/models/macro';
import { ReviewModel, SamplingRulesModel, ScorecardModel } from '../server/src/db/models/qa';
import { DEMO_SCORECARDS } from './scorecards';
import { hashPassword } from '../server/src/auth/passwords';
import { toSessionUser } from '../server/src/auth/sessions';
import { createFakePaymentGateway } from '../server/src/payments/fake-gateway';
import { SkillsModel } from '../server/src/db/models/skills';
import { routedRoles, seedSkills } from '../server/src/routing/skills.service';
import { demoSkills } from './skills';
import { createRandom } from './random';
import { seedClock, startOfShanghaiDay } from './time';
import { customerDocument, generateCustomers } from './customers';
import { generateDepartures } from './departures';
import { departureDocuments, generateBookings } from './bookings';
import { planCaseScripts } from './cases/plans';
import { simulateCases, type SeedFailure } from './cases/simulation';
import { allCaseStates } from './cases/machine-states';
import type { Decline } from './cases/script';
import { seedMacros } from './macros';
import { ConversationModel } from '../server/src/db/models/conversation';
import { CallbackModel } from '../server/src/db/models/callback';
import { seedConversations } from './conversations';

export type SeedDeps = Pick<AppDeps, 'config' | 'logger' | 'now'>;

export const DEMO_PASSWORD = 'demo1234';

/** `extension`: the desk phone that rings for them (telephony webhook `agentExtension`). */
export type DemoUser = {
  username: string;
  name: string;
  role: Role;
  queues: readonly QueueName[];
  extension?: string;
  qaLead?: boolean;
};

export const DEMO_USERS: readonly DemoUser[] = [
  { username: 'agent1', extension: '8001', name: '王芳', role: 'agent', queues: ['sales', 'changes'] },
  { username: 'agent2', extension: '8002', name: '李强', role: 'agent', queues: ['refunds', 'changes'] },
  { username: 'agent3', extension: '8003', name: '陈静', role: 'agent', queues: ['sales'] },
  { username: 'agent4', extension: '8004', name: '黄磊', role: 'agent', queues: ['refunds'] },
  { username: 'agent5', extension: '8005', name: '林晓燕', role: 'agent', queues: ['changes', 'refunds'] },
  { username: 'agent6', extension: '8006', name: '郭涛', role: 'agent', queues: ['sales', 'refunds'] },
  { username: 'handler1', name: '赵敏', role: 'complaint_handler', queues: queuesByRole.complaint_handler },
  { username: 'handler2', name: '何婷', role: 'complaint_handler', queues: queuesByRole.complaint_handler },
  { username: 'super1', name: '刘洋', role: 'supervisor', queues: queuesByRole.supervisor },
  { username: 'qa1', name: '孙丽', role: 'qa', queues: [], qaLead: true },
  { username: 'qa2', name: '钱进', role: 'qa', queues: [] },
  { username: 'admin1', name: '周杰', role: 'admin', queues: [] },
];

export type SeedOptions = {
  /** "Now" in the seeded world; default the start of today in Asia/Shanghai (from deps.now()). */
  anchor?: Date;
};

export type SeedSummary = {
  anchor: string;
  usersCreated: number;
  /** False when demo data was already there (or other data was): nothing but missing users was added. */
  dataSeeded: boolean;
  customers: number;
  departures: number;
  bookings: number;
  cases: number;
  openCases: number;
  /** Cases per "kind/state". */
  casesByState: Record<string, number>;
  /** Open cases per queue. */
  openByQueue: Record<string, number>;
  /** "kind/state" of machine states no case is in (empty when every state has one). */
  statesWithoutCases: string[];
  /** Scripts the engine refused or that ended elsewhere than planned (empty when all went to plan). */
  failures: SeedFailure[];
  /** Scripts the planner found no fitting booking or departure for. */
  unplanned: string[];
  ms: number;
};

/** Seeds when the database has no users yet (config.seed 'auto'); 'always' adds whatever demo users are missing, and the demo data to an empty database. */
export async function seedIfEmpty(deps: SeedDeps, options: SeedOptions = {}): Promise<{ seeded: boolean }> {
  if (deps.config.seed === 'never') return { seeded: false };
  const existing = await UserModel.countDocuments();
  if (existing > 0 && deps.config.seed !== 'always') return { seeded: false };
  const summary = await seedDemoData(deps, options);
  deps.logger.info(
    {
      users: summary.usersCreated,
      customers: summary.customers,
      bookings: summary.bookings,
      cases: summary.cases,
      failures: summary.failures.length,
      ms: summary.ms,
    },
    summary.dataSeeded ? 'seeded demo data' : 'seeded demo users',
  );
  for (const failure of summary.failures) deps.logger.warn({ failure }, 'a demo case did not go to plan');
  return { seeded: summary.usersCreated > 0 || summary.dataSeeded };
}

/** What the demo owns: `npm run seed -- --reset` empties these (indexes stay). */
const DEMO_MODELS = [
  UserModel,
  SessionModel,
  CustomerModel,
  DepartureModel,
  BookingModel,
  CaseModel,
  CounterModel,
  PaymentModel,
  CompensationModel,
  NotificationModel,
  AuditModel,
  SkillsModel,
  MacroModel,
  ConversationModel,
  CallbackModel,
  ScorecardModel,
  ReviewModel,
  SamplingRulesModel,
] as const;

export async function resetDemoData(): Promise<void> {
  for (const model of DEMO_MODELS) await model.collection.deleteMany({});
}

/** Documents in the collections the demo data fills, for "is this database empty?". */
export async function demoDataCounts(): Promise<
  Record<'users' | 'customers' | 'departures' | 'bookings' | 'cases', number>
> {
  const [users, customers, departures, bookings, cases] = await Promise.all([
    UserModel.countDocuments(),
    CustomerModel.countDocuments(),
    DepartureModel.countDocuments(),
    BookingModel.countDocuments(),
    CaseModel.countDocuments(),
  ]);
  return { users, customers, departures, bookings, cases };
}

/**
 * Adds the demo users that are missing, then, if there are no customers, departures, bookings or
 * cases yet, the demo data. Never duplicates: a second run finds the data and adds nothing.
 */
export async function seedDemoData(deps: SeedDeps, options: SeedOptions = {}): Promise<SeedSummary> {
  const started = Date.now();
  const anchor = options.anchor ?? startOfShanghaiDay(deps.now());
  const usersCreated = await seedDemoUsers();
  await seedDemoSkills();
  await seedMacros();
  await seedScorecards(anchor);
  const before = await demoDataCounts();
  const empty = before.customers + before.departures + before.bookings + before.cases === 0;

  let failures: SeedFailure[] = [];
  let unplanned: string[] = [];
  if (empty) {
    const result = await seedWorld(deps, anchor);
    failures = result.failures;
    unplanned = result.unplanned;
  }
  const counts = await demoDataCounts();
  const [byState, byQueue, openCases] = await Promise.all([
    CaseModel.aggregate<{ _id: { kind: string; state: string }; n: number }>([
      { $group: { _id: { kind: '$kind', state: '$state' }, n: { $sum: 1 } } },
    ]),
    CaseModel.aggregate<{ _id: string; n: number }>([
      { $match: { status: 'open' } },
      { $group: { _id: '$queue', n: { $sum: 1 } } },
    ]),
    CaseModel.countDocuments({ status: 'open' }),
  ]);
  return {
    anchor: anchor.toISOString(),
    usersCreated,
    dataSeeded: empty,
    customers: counts.customers,
    departures: counts.departures,
    bookings: counts.bookings,
    cases: counts.cases,
    openCases,
    casesByState: Object.fromEntries(
      byState.map((g) => [`${g._id.kind}/${g._id.state}`, g.n]).sort(([a], [b]) => String(a).localeCompare(String(b))),
    ),
    statesWithoutCases: allCaseStates().filter((key) => !byState.some((g) => `${g._id.kind}/${g._id.state}` === key)),
    openByQueue: Object.fromEntries(
      byQueue.map((g) => [g._id, g.n]).sort(([a], [b]) => String(a).localeCompare(String(b))),
    ),
    failures,
    unplanned,
    ms: Date.now() - started,
  };
}

async function seedDemoUsers(): Promise<number> {
  const missing: DemoUser[] = [];
  for (const user of DEMO_USERS) {
    if (!(await UserModel.exists({ username: user.username }))) missing.push(user);
  }
  if (missing.length === 0) return 0;
  // argon2 is slow on purpose: one hash for all demo users (they share the password).
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  let created = 0;
  for (const user of missing) {
    // Upsert by username: running the seed again never duplicates or overwrites a user.
    const result = await UserModel.updateOne(
      { username: user.username },
      {
        $setOnInsert: {
          username: user.username,
          name: user.name,
          role: user.role,
          queues: [...user.queues],
          passwordHash,
          active: true,
          extension: user.extension ?? null,
          qaLead: user.qaLead ?? false,
        },
      },
      { upsert: true },
    );
    created += result.upsertedCount;
  }
  return created;
}

/** Skills for every demo user the router serves and who has none yet. */
async function seedDemoSkills(): Promise<void> {
  const routed = DEMO_USERS.filter((u) => routedRoles.includes(u.role));
  const users = await UserModel.find({ username: { $in: routed.map((u) => u.username) } }, { username: 1 }).lean();
  const idOf = new Map(users.map((u) => [u.username, u._id.toHexString()]));
  await seedSkills(
    routed.flatMap((u) => {
      const userId = idOf.get(u.username);
      return userId ? [{ userId, skills: demoSkills(u) }] : [];
    }),
  );
}

/** The demo scorecards, once (a database with any scorecard keeps its own). */
async function seedScorecards(anchor: Date): Promise<void> {
  if ((await ScorecardModel.estimatedDocumentCount()) > 0) return;
  await ScorecardModel.insertMany(
    DEMO_SCORECARDS.map((card) => ({
      ...card,
      version: 1,
      createdBy: { id: 'seed', name: 'seed' },
      createdAt: anchor,
    })),
  );
}

/** The demo users as the sessions they would sign in with, by username. */
async function demoSessionUsers(): Promise<Record<string, SessionUser>> {
  const users = await UserModel.find({ username: { $in: DEMO_USERS.map((u) => u.username) }, active: true }).lean();
  return Object.fromEntries(users.map((u) => [u.username, toSessionUser(u)]));
}

/** Nobody is connected while the seed runs. */
const silentChatChannel: ChatChannel = {
  toCustomer: () => undefined,
  deliverToCustomer: async () => false,
  toAgents: () => undefined,
  deliverToAgent: async () => false,
  agentsListening: async () => 0,
};

/** Nobody listens while the seed runs; clients load a snapshot when they connect. */
const silentPublisher: CasePublisher = {
  publishCase() {},
  publishConversation() {},
  async currentSeq() {
    return 0;
  },
};

async function seedWorld(deps: SeedDeps, anchor: Date): Promise<{ failures: SeedFailure[]; unplanned: string[] }> {
  // One stream per part, so a change in one part does not reshuffle the others.
  const stream = (part: string) => createRandom(`ticket-desk:${anchor.toISOString()}:${part}`);
  const customers = generateCustomers(stream('customers'), anchor);
  const departures = generateDepartures(stream('departures'), anchor);
  const { bookings, seatsLeft } = generateBookings(stream('bookings'), anchor, customers, departures);

  // Timestamps are the seeded world's, not the wall clock's.
  await CustomerModel.insertMany(customers.map(customerDocument), { timestamps: false });
  await DepartureModel.insertMany(departureDocuments(departures, seatsLeft, anchor), { timestamps: false });
  await BookingModel.insertMany(bookings, { timestamps: false });

  const clock = seedClock(anchor);
  const declines = new Map<string, Decline[]>();
  const engineDeps: AppDeps = {
    config: deps.config,
    logger: deps.logger,
    now: clock.now,
    publisher: silentPublisher,
    liveSessions: { end: () => undefined },
    chat: silentChatChannel,
    paymentGateway: createFakePaymentGateway({
      now: clock.now,
      // Effect keys start with the case id: a script arms a decline for its own case only.
      decline: (kind, call) => {
        const caseId = call.idempotencyKey.split(':')[0] ?? '';
        const queue = declines.get(caseId);
        const index = queue?.findIndex((d) => d.kind === kind) ?? -1;
        if (!queue || index < 0) return null;
        const [decline] = queue.splice(index, 1);
        return decline?.reason ?? null;
      },
    }),
  };
  const plan = planCaseScripts({
    random: stream('cases'),
    present: anchor,
    users: await demoSessionUsers(),
    customers,
    departures,
    bookings,
    caseConfig: deps.config.cases,
  });
  const result = await simulateCases(
    { deps: engineDeps, clock, declines, random: stream('simulation') },
    plan.scripts,
    anchor,
  );
  await seedConversations(engineDeps, stream('conversations'), anchor);
  return { failures: result.failures, unplanned: plan.unplanned };
}
