/**
 * Fixtures for the platform tests (auth, customers, departures, bookings, users): one user per
 * role, a few customers with valid resident IDs, departures and bookings, and a tRPC context built
 * the way the HTTP adapter builds it.
 */
import { Types } from 'mongoose';
import type { SessionUser } from '../../shared/auth';
import type { Role } from '../../shared/roles';
import type { AppDeps } from '../../server/src/deps';
import type { Context } from '../../server/src/trpc/context';
import { UserModel } from '../../server/src/db/models/user';
import { CustomerModel } from '../../server/src/db/models/customer';
import { DepartureModel } from '../../server/src/db/models/departure';
import { BookingModel } from '../../server/src/db/models/booking';
import { hashPassword } from '../../server/src/auth/passwords';
import { toSessionUser } from '../../server/src/auth/sessions';

export const PASSWORD = 'demo1234';

export type PlatformFixtures = {
  users: Record<Role, SessionUser> & { otherAgent: SessionUser; inactive: SessionUser };
  customers: { zhang: string; li: string; smith: string };
  departures: { g1: string; g7: string; mu: string };
  bookings: { zhangRail: { id: string; ref: string }; smithAir: { id: string; ref: string } };
};

/** Valid under GB 11643 (checked in shared/identity tests): 11010519491231002X. */
export const ZHANG_ID = '11010519491231002X';
export const ZHANG_PHONE = '13800138000';
export const LI_ID = '44030519900101123X';
export const LI_PHONE = '13912345678';

export async function createPlatformFixtures(): Promise<PlatformFixtures> {
  const passwordHash = await hashPassword(PASSWORD);
  const makeUser = async (username: string, name: string, role: Role, active = true) =>
    toSessionUser(
      (
        await UserModel.create({
          username,
          name,
          role,
          passwordHash,
          active,
          queues: role === 'agent' ? ['sales', 'refunds'] : [],
        })
      ).toObject(),
    );
  const users = {
    agent: await makeUser('agent1', '王芳', 'agent'),
    otherAgent: await makeUser('agent2', '李强', 'agent'),
    complaint_handler: await makeUser('handler1', '赵敏', 'complaint_handler'),
    supervisor: await makeUser('super1', '刘洋', 'supervisor'),
    qa: await makeUser('qa1', '孙丽', 'qa'),
    admin: await makeUser('admin1', '周杰', 'admin'),
    inactive: await makeUser('gone1', '离职', 'agent', false),
  };

  const [zhang, li, smith] = await CustomerModel.create([
    {
      name: '张伟',
      phone: ZHANG_PHONE,
      email: 'zhang.wei@example.com',
      idType: 'resident_id',
      idNumber: ZHANG_ID,
      vipTier: 'gold',
    },
    { name: '李娜', phone: LI_PHONE, email: null, idType: 'resident_id', idNumber: LI_ID, vipTier: 'none' },
    {
      name: 'John Smith',
      phone: '13700001111',
      email: 'john@example.com',
      idType: 'passport',
      idNumber: 'E12345678',
      vipTier: 'silver',
    },
  ]);

  const [g1, g7, mu] = await DepartureModel.create([
    {
      mode: 'rail',
      code: 'G1',
      origin: 'BJP',
      destination: 'SHH',
      departureAt: new Date('2026-05-12T07:00:00+08:00'),
      arrivalAt: new Date('2026-05-12T11:30:00+08:00'),
      ruleSet: 'cn-rail',
      classes: [
        { code: 'O', name: '二等座', priceFen: 55_300, seatsLeft: 120 },
        { code: 'M', name: '一等座', priceFen: 93_000, seatsLeft: 20 },
      ],
    },
    {
      mode: 'rail',
      code: 'G7',
      origin: 'BJP',
      destination: 'SHH',
      departureAt: new Date('2026-05-13T23:30:00+08:00'),
      ruleSet: 'cn-rail',
      classes: [{ code: 'O', name: '二等座', priceFen: 55_300, seatsLeft: 3 }],
    },
    {
      mode: 'air',
      code: 'MU5101',
      origin: 'PEK',
      destination: 'SHA',
      departureAt: new Date('2026-05-12T08:00:00+08:00'),
      ruleSet: 'cn-air',
      organizer: 'MU',
      classes: [{ code: 'Y', name: '经济舱', priceFen: 128_000, seatsLeft: 40 }],
    },
  ]);

  const [zhangRail, smithAir] = await BookingModel.create([
    {
      ref: 'TD0000001',
      customerId: zhang!._id,
      departureId: g1!._id,
      ruleSet: 'cn-rail',
      status: 'ticketed',
      purchasedAt: new Date('2026-05-01T10:00:00+08:00'),
      paidAt: new Date('2026-05-01T10:01:00+08:00'),
      totalFen: 82_950,
      passengers: [
        {
          passengerId: 'p1',
          name: '张伟',
          idType: 'resident_id',
          idNumber: ZHANG_ID,
          passengerType: 'adult',
          ticketNumber: 'E000000001',
          classCode: 'O',
          seat: '05车12F',
          fareFen: 55_300,
        },
        {
          passengerId: 'p2',
          name: '张小明',
          idType: 'resident_id',
          idNumber: LI_ID,
          passengerType: 'child',
          ticketNumber: 'E000000002',
          classCode: 'O',
          seat: '05车12D',
          fareFen: 27_650,
          changed: true,
        },
      ],
    },
    {
      ref: 'TD0000002',
      customerId: smith!._id,
      departureId: mu!._id,
      ruleSet: 'cn-air',
      status: 'paid',
      purchasedAt: new Date('2026-05-02T10:00:00+08:00'),
      paidAt: null,
      totalFen: 128_000,
      passengers: [
        {
          passengerId: 'p1',
          name: 'John Smith',
          idType: 'passport',
          idNumber: 'E12345678',
          passengerType: 'adult',
          classCode: 'Y',
          fareFen: 128_000,
        },
      ],
    },
  ]);

  const hex = (doc: { _id: Types.ObjectId } | undefined) => {
    if (!doc) throw new Error('fixture not created');
    return doc._id.toHexString();
  };
  return {
    users,
    customers: { zhang: hex(zhang), li: hex(li), smith: hex(smith) },
    departures: { g1: hex(g1), g7: hex(g7), mu: hex(mu) },
    bookings: {
      zhangRail: { id: hex(zhangRail), ref: 'TD0000001' },
      smithAir: { id: hex(smithAir), ref: 'TD0000002' },
    },
  };
}

export type RecordingJar = Context['cookies'] & { token: string | null; expires: Date | null; cleared: number };

export function recordingJar(): RecordingJar {
  const jar: RecordingJar = {
    token: null,
    expires: null,
    cleared: 0,
    set(token, expires) {
      jar.token = token;
      jar.expires = expires;
    },
    clear() {
      jar.token = null;
      jar.cleared++;
    },
  };
  return jar;
}

export function contextFor(
  deps: AppDeps,
  user: SessionUser | null,
  extra: { sessionId?: string | null; ip?: string; jar?: RecordingJar } = {},
): Context & { cookies: RecordingJar } {
  return {
    deps,
    user,
    sessionId: extra.sessionId ?? null,
    ip: extra.ip ?? '203.0.113.7',
    cookies: extra.jar ?? recordingJar(),
  };
}
